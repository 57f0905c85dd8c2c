// The fault matrix for the other token-bearing operations: ClaimPhoneNumber and
// UpdatePhoneNumber over real sockets against the emulator's faults. The promise is the
// release path's (fault_harness.hpp): every call ends with exactly one result; a failure
// carries its code and the token it used; made again with that token once the faults are
// gone, it succeeds, as the service's replay when the failed try had committed. In the end
// every number was claimed (moved) exactly once: the emulator's commits equal the number of
// calls, claimed_twice is 0, and the inventory shows each number once, where it was asked
// to be.
//
// Faults: each emulator fault kind that can fail or cut a call (5xx with JSON, HTML and
// empty bodies, 429, resets before and after the commit, truncated and garbage answers, a
// delay) on 30 % of the requests, and every kind mixed; 40 concurrent calls per run.
#include "integration/client/socket_client.hpp"

#include <awsconnect/awsconnect.hpp>
#include <awsconnect/emulator.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace awsconnect;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

const std::string other_instance = "22222222-2222-4222-8222-222222222222";

// One call of a batch; T is the operation's response.
template <class T>
struct slot {
    std::string key;                   ///< the number claimed, or the id moved
    std::optional<std::string> token;  ///< the caller's token (settle passes the reported one)
    int completions = 0;
    std::optional<result<T>> out;

    bool ok() const { return out && out->has_value(); }
    std::string reported_token() const { return ok() ? (*out)->client_token : out->error().client_token; }
};

template <class T>
using batch = std::vector<std::unique_ptr<slot<T>>>;

// Starts every call at once (`start(key, token)` makes the call) and runs until each one has
// completed, bounded; then until the io_context is out of work, so a second completion would
// be counted.
template <class T, class Start>
void run_all(asio::io_context& ioc, batch<T>& b, Start start) {
    std::size_t done = 0;
    for (auto& s : b) {
        slot<T>* p = s.get();
        asio::co_spawn(ioc, start(p->key, p->token), [p, &done](std::exception_ptr e, result<T> r) {
            CHECK_FALSE(e);
            if (++p->completions == 1) ++done;
            p->out.emplace(std::move(r));
        });
    }
    ioc.restart();
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (done < b.size() && std::chrono::steady_clock::now() < deadline) ioc.run_for(20ms);
    REQUIRE_MESSAGE(done == b.size(), "calls still running after the limit: " << (b.size() - done));
    ioc.restart();
    ioc.run_for(10s);
    CHECK(ioc.stopped());
}

// Checks each call: one completion; a failure has an allowed code and a UUID v4 token of its
// own; a success reports its token. Returns how many failed.
template <class T>
std::size_t check_each(const batch<T>& b, const std::set<errc>& allowed) {
    std::set<std::string> tokens;
    std::size_t failed = 0;
    for (const auto& s : b) {
        CAPTURE(s->key);
        CHECK(s->completions == 1);
        REQUIRE(s->out.has_value());
        const std::string token = s->reported_token();
        if (s->token)
            CHECK(token == *s->token);
        else
            CHECK(token.size() == 36);
        CHECK_MESSAGE(tokens.insert(token).second, "token reported by two calls: " << token);
        if (s->ok()) {
            CHECK_FALSE((*s->out)->phone_number_id.empty());
            CHECK((*s->out)->attempts >= 1);
        } else {
            ++failed;
            const error& e = s->out->error();
            const auto code = static_cast<errc>(e.code.value());
            CHECK_MESSAGE(allowed.count(code) == 1, "unexpected " << to_string(code) << ": " << e.message);
            CHECK(e.attempts >= 1);
        }
    }
    return failed;
}

// Every failed call of `b` again, with the token it reported, on a fresh client and no
// faults: each must succeed. Returns the settle batch.
template <class T, class Start>
batch<T> settle(asio::io_context& ioc, const batch<T>& b, Start start) {
    batch<T> again;
    for (const auto& s : b) {
        if (s->ok()) continue;
        auto r = std::make_unique<slot<T>>();
        r->key = s->key;
        r->token = s->reported_token();
        again.push_back(std::move(r));
    }
    if (!again.empty()) {
        run_all(ioc, again, start);
        CHECK(check_each(again, {}) == 0);
    }
    return again;
}

struct fault_case {
    std::string spec;
    std::set<errc> allowed;
};

const std::vector<fault_case>& fault_cases() {
    static const std::vector<fault_case> cases = {
        {"500:0.3", {errc::internal_service_error}},
        {"502-html:0.3", {errc::service_unavailable}},
        {"503-empty:0.3", {errc::service_unavailable}},
        {"429:0.3", {errc::throttled}},
        {"delay=30ms:0.3", {}},
        {"reset-before:0.3", {errc::connection_reset}},
        {"reset-after-commit:0.3", {errc::connection_reset}},
        {"truncate:0.3", {errc::connection_closed}},
        {"garbage:0.3", {errc::malformed_response}},
        {"500:0.05,503-html:0.05,429:0.05,reset-before:0.05,reset-after-commit:0.05,truncate:0.05,garbage:0.05",
         {errc::internal_service_error, errc::service_unavailable, errc::throttled, errc::connection_reset,
          errc::connection_closed, errc::malformed_response}},
    };
    return cases;
}

std::unique_ptr<emulator::server> start_emulator(const std::string& faults, std::uint64_t claims) {
    emulator::server_config cfg;
    cfg.claim_count = claims;
    cfg.instance_ids = {emulator::default_instance_id(), other_instance};
    cfg.seed = 11;
    auto spec = emulator::parse_fault_spec(faults);
    REQUIRE_MESSAGE(spec.has_value(), (spec ? "" : spec.error().message));
    cfg.faults = std::move(*spec);
    auto s = emulator::server::start(std::move(cfg));
    REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message));
    return std::move(*s);
}

client make_client(asio::io_context& ioc, const emulator::server& emu) {
    auto c = test::local_config(emu.url(), emu.ca_file());
    c.pool.max_connections = 16;
    c.pool.max_pending = 1024;
    c.timeouts.attempt = 2s;
    // Retries wait 5 % of the SDK's backoff: 50 ms, 100 ms, ...
    return test::make_socket_client(ioc.get_executor(), c, 0.05);
}

// The numbers claimed to `instance`, walked page by page through the client.
std::multiset<std::string> numbers_of(asio::io_context& ioc, client& c, const std::string& instance) {
    std::multiset<std::string> numbers;
    std::optional<std::string> next;
    for (int page = 0; page < 100; ++page) {
        list_phone_numbers_v2_request req;
        req.instance_id = instance;
        req.max_results = 10;
        req.next_token = next;
        std::optional<result<list_phone_numbers_v2_response>> r;
        asio::co_spawn(ioc, c.list_phone_numbers_v2(std::move(req)),
                       [&r](std::exception_ptr, result<list_phone_numbers_v2_response> x) { r.emplace(std::move(x)); });
        ioc.restart();
        ioc.run_for(10s);
        REQUIRE(r.has_value());
        REQUIRE_MESSAGE(r->has_value(), r->error().message);
        for (const auto& n : (*r)->list_phone_numbers_summary_list) numbers.insert(n.phone_number);
        if (!(*r)->next_token) return numbers;
        next = (*r)->next_token;
    }
    FAIL("more than 100 pages");
    return numbers;
}

}  // namespace

TEST_SUITE("fault matrix") {

TEST_CASE("claims under each fault: one result each; settled with their tokens, every number claimed exactly once") {
    const auto pool = emulator::default_number_pools().at(0);
    for (const auto& fc : fault_cases()) {
        CAPTURE(fc.spec);
        auto emu = start_emulator(fc.spec, 0);
        asio::io_context ioc;
        client c = make_client(ioc, *emu);
        auto claim = [&c](const std::string& number, std::optional<std::string> token) {
            claim_phone_number_request r{number, std::move(token)};
            r.instance_id = emulator::default_instance_id();
            return c.claim_phone_number(std::move(r));
        };

        batch<claim_phone_number_response> b;
        std::multiset<std::string> asked;
        for (std::uint64_t i = 0; i < 40; ++i) {
            auto s = std::make_unique<slot<claim_phone_number_response>>();
            s->key = emulator::pool_phone_number(pool, i);
            asked.insert(s->key);
            b.push_back(std::move(s));
        }
        run_all(ioc, b, claim);
        const std::size_t failed = check_each(b, fc.allowed);
        const auto run = emu->get_counters();
        CHECK(run.claim_phone_number.commits <= 40);
        CHECK(run.claimed_twice == 0);
        if (!fc.allowed.empty()) CHECK(run.requests_total > 40);  // the faults made the client retry
        if (fc.allowed.empty()) CHECK(failed == 0);

        emu->set_faults({});
        emu->reset_counters();
        client c2 = make_client(ioc, *emu);
        auto claim2 = [&c2](const std::string& number, std::optional<std::string> token) {
            claim_phone_number_request r{number, std::move(token)};
            r.instance_id = emulator::default_instance_id();
            return c2.claim_phone_number(std::move(r));
        };
        const auto again = settle(ioc, b, claim2);
        CHECK(again.size() == failed);
        const auto k = emu->get_counters();
        // A failed try that had committed comes back as the replay of its first answer.
        CHECK(run.claim_phone_number.commits + k.claim_phone_number.commits == 40);
        CHECK(k.claim_phone_number.replays == run.claim_phone_number.commits - (40 - failed));
        CHECK(k.claimed_twice == 0);

        std::set<std::string> ids;
        const batch<claim_phone_number_response>* both[] = {&b, &again};
        for (const auto* set : both)
            for (const auto& s : *set)
                if (s->ok()) ids.insert((*s->out)->phone_number_id);
        CHECK(ids.size() == 40);  // one PhoneNumberId per number, replays included
        CHECK(numbers_of(ioc, c2, emulator::default_instance_id()) == asked);
    }
}

TEST_CASE("moves under each fault: one result each; settled with their tokens, every number moved exactly once") {
    for (const auto& fc : fault_cases()) {
        CAPTURE(fc.spec);
        auto emu = start_emulator(fc.spec, 40);
        asio::io_context ioc;
        client c = make_client(ioc, *emu);
        auto move = [&c](const std::string& id, std::optional<std::string> token) {
            update_phone_number_request r{id, std::move(token)};
            r.instance_id = other_instance;
            return c.update_phone_number(std::move(r));
        };

        batch<update_phone_number_response> b;
        std::multiset<std::string> numbers;
        for (std::uint64_t i = 0; i < 40; ++i) {
            auto s = std::make_unique<slot<update_phone_number_response>>();
            s->key = emulator::claimed_phone_number_id(i);
            numbers.insert(emulator::claimed_phone_number(i));
            b.push_back(std::move(s));
        }
        run_all(ioc, b, move);
        const std::size_t failed = check_each(b, fc.allowed);
        const auto run = emu->get_counters();
        CHECK(run.update_phone_number.commits <= 40);
        if (!fc.allowed.empty()) CHECK(run.requests_total > 40);
        if (fc.allowed.empty()) CHECK(failed == 0);
        for (const auto& s : b)
            if (s->ok()) CHECK((*s->out)->phone_number_id == s->key);

        emu->set_faults({});
        emu->reset_counters();
        client c2 = make_client(ioc, *emu);
        auto move2 = [&c2](const std::string& id, std::optional<std::string> token) {
            update_phone_number_request r{id, std::move(token)};
            r.instance_id = other_instance;
            return c2.update_phone_number(std::move(r));
        };
        const auto again = settle(ioc, b, move2);
        CHECK(again.size() == failed);
        const auto k = emu->get_counters();
        CHECK(run.update_phone_number.commits + k.update_phone_number.commits == 40);
        CHECK(k.update_phone_number.replays == run.update_phone_number.commits - (40 - failed));
        CHECK(k.claimed_twice == 0);
        CHECK(k.released_twice == 0);
        CHECK(numbers_of(ioc, c2, other_instance) == numbers);
        CHECK(numbers_of(ioc, c2, emulator::default_instance_id()).empty());
    }
}

}  // TEST_SUITE
