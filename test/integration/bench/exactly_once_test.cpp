// The bench's exactly-once verdict (bench/exactly_once.hpp) can fail, and fails for the
// defect it exists to catch.
//
// Strategy: the rule over counts first (each rule broken alone reads FAIL, naming it). Then
// the whole check as the bench runs it, after a run against the emulator with faults that
// commit before failing (reset-after-commit, the first three requests scripted so the first
// call always meets them on fresh connections): a deliberately broken client, the real one
// held to one attempt and retried by a loop that mints a new token for each attempt, reads
// FAIL (its retry after the lost answer gets 404 under a new token, and the re-send with the
// token it reported gets that 404 again), although the equation the bench used to check
// (successes + failed-but-released == commits, released twice == 0) holds for it; the real
// client reads PASS, a failed call whose number was released included (its re-send is the
// replay). Only the public client and emulator APIs are used.
#include "exactly_once.hpp"

#include <awsconnect/awsconnect.hpp>
#include <awsconnect/emulator.hpp>

#include "support/run_coro.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

using namespace awsconnect;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using bench::exactly_once_counts;

namespace {

// Faults that commit before failing, and others that do not; the first call's three
// attempts are all reset after the commit.
constexpr const char* fault_mix =
    "script:1=reset-after-commit,2=reset-after-commit,3=reset-after-commit,"
    "reset-after-commit:0.1,reset-before:0.05,503:0.05";
constexpr std::uint64_t call_count = 30;

std::unique_ptr<emulator::server> start_emulator() {
    emulator::server_config cfg;
    cfg.tls = false;
    cfg.claim_count = call_count;
    cfg.seed = 7;
    cfg.faults = emulator::parse_fault_spec(fault_mix).value();
    auto s = emulator::server::start(cfg);
    REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message));
    return std::move(*s);
}

client make_client(asio::io_context& ioc, const emulator::server& emu, int max_attempts) {
    client_config c;  // everything explicit: nothing from the environment
    c.region = "us-east-1";
    c.endpoint_url = emu.url();
    c.credentials = make_static_credentials_provider(
        {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "static"});
    c.retry.mode = retry_mode::standard;
    c.retry.max_attempts = max_attempts;
    auto made = client::create(ioc.get_executor(), std::move(c));
    REQUIRE_MESSAGE(made.has_value(), (made ? "" : made.error().message));
    return std::move(*made);
}

using outcome = result<release_phone_number_response>;
using caller = std::function<asio::awaitable<outcome>(std::string id)>;

// The broken client: each attempt with a token of its own. The real client makes one
// attempt per call; this loop retries what the real client would retry, minting a new
// token every time, and reports the outcome (and token) of its last attempt.
asio::awaitable<outcome> new_token_per_attempt(client& one_attempt, std::string id) {
    std::optional<outcome> r;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        r.emplace(co_await one_attempt.release_phone_number({id, make_client_token()}));
        if (*r) break;
        const error_kind k = (*r).error().kind();
        if (k != error_kind::connection_error && k != error_kind::timeout && k != error_kind::service_error &&
            k != error_kind::throttled)
            break;
    }
    co_return std::move(*r);
}

// Makes `call_count` calls one after another (claimed numbers 0..), as the bench's workers
// do, and records them for the check.
bench::run_record run_calls(asio::io_context& ioc, const caller& call) {
    bench::run_record run;
    run.calls = call_count;
    run.phone_number_id_of = [](std::uint64_t i) { return emulator::claimed_phone_number_id(i); };
    test::run_coro(
        ioc,
        [&]() -> asio::awaitable<void> {
            for (std::uint64_t i = 0; i < call_count; ++i) {
                const std::string id = emulator::claimed_phone_number_id(i);
                auto r = co_await call(id);
                if (!r) run.failed.push_back({id, r.error().client_token});
            }
        }(),
        120s);
    return run;
}

// The equation the bench checked before: it cannot tell the broken client from the real one.
bool old_equation_holds(const bench::exactly_once_counts& k, std::uint64_t run_commits) {
    return k.released_twice == 0 && run_commits == k.successes + k.failed_already_released;
}

exactly_once_counts all_good() {
    exactly_once_counts c;
    c.calls = 100;
    c.successes = 90;
    c.failed = 10;
    c.failed_already_released = 4;
    c.resent_ok = 10;
    c.replays = 4;
    c.commits = 100;
    return c;
}

}  // namespace

TEST_SUITE("bench exactly-once") {

TEST_CASE("the rule over counts: each broken rule alone reads FAIL, naming it") {
    const auto ok = bench::judge_exactly_once(all_good());
    CHECK(ok.pass);
    CHECK(ok.failures.empty());
    CHECK(ok.reason().empty());

    struct row {
        const char* what;
        std::function<void(exactly_once_counts&)> breaks;
        const char* reason;
    };
    const std::vector<row> rows = {
        {"a re-send failed", [](auto& c) { c.resent_ok = 8; },
         "2 of 10 failed calls did not succeed when re-sent with the token they reported"},
        {"a re-send released instead of replaying", [](auto& c) { c.replays = 3; },
         "re-sends replayed 3 releases, but 4 failed calls had released their number"},
        {"a replay where nothing was released", [](auto& c) { c.replays = 5; },
         "re-sends replayed 5 releases, but 4 failed calls had released their number"},
        {"a number never released", [](auto& c) { c.commits = 99; }, "commits 99 != calls 100"},
        {"more commits than calls", [](auto& c) { c.commits = 101; }, "commits 101 != calls 100"},
        {"released twice", [](auto& c) { c.released_twice = 1; }, "1 numbers released twice"},
        {"not released", [](auto& c) { c.not_released = 2; }, "2 numbers of the run not released"},
        {"failures not recorded", [](auto& c) { c.failed_unrecorded = 3; },
         "3 failed calls were not recorded, so not re-sent"},
    };
    for (const auto& r : rows) {
        CAPTURE(r.what);
        auto c = all_good();
        r.breaks(c);
        const auto v = bench::judge_exactly_once(c);
        CHECK_FALSE(v.pass);
        REQUIRE(v.failures.size() == 1);
        CHECK(v.failures[0] == r.reason);
        CHECK(v.reason() == r.reason);
    }
}

TEST_CASE("a client that mints a new token per attempt reads FAIL (the old equation read PASS)") {
    auto emu = start_emulator();
    asio::io_context ioc;
    client one_attempt = make_client(ioc, *emu, 1);
    const bench::run_record run =
        run_calls(ioc, [&](std::string id) { return new_token_per_attempt(one_attempt, std::move(id)); });
    const auto run_counters = emu->get_counters();
    REQUIRE(run_counters.faults.reset_after_commit >= 3);
    CHECK(run_counters.released_twice == 0);  // the emulator's state machine keeps this, whatever the client does

    client checker = make_client(ioc, *emu, 3);
    const auto v = test::run_coro(ioc, bench::check_exactly_once(checker, *emu, run), 120s);
    INFO(v.reason());
    CHECK_FALSE(v.pass);
    // The first call: its first token released the number, the answer was lost, and the
    // token it reported is another one, whose re-send is not found.
    CHECK(v.counts.failed >= 1);
    CHECK(v.counts.failed_already_released >= 1);
    CHECK(v.counts.resent_ok < v.counts.failed);
    CHECK(v.reason().find("failed calls did not succeed when re-sent with the token they reported") !=
          std::string::npos);
    // What the bench checked before could not see it.
    CHECK(old_equation_holds(v.counts, run_counters.commits));
    one_attempt.shutdown();
    checker.shutdown();
}

TEST_CASE("the real client reads PASS; a failed call that had released its number re-sends as the replay") {
    auto emu = start_emulator();
    asio::io_context ioc;
    client c = make_client(ioc, *emu, 3);
    const bench::run_record run = run_calls(ioc, [&](std::string id) { return c.release_phone_number({std::move(id)}); });
    REQUIRE(emu->get_counters().faults.reset_after_commit >= 3);
    // The first call met a reset after the commit on each of its three attempts.
    REQUIRE_FALSE(run.failed.empty());
    CHECK(run.failed.front().phone_number_id == emulator::claimed_phone_number_id(0));

    const auto v = test::run_coro(ioc, bench::check_exactly_once(c, *emu, run), 120s);
    INFO(v.reason());
    CHECK(v.pass);
    CHECK(v.failures.empty());
    CHECK(v.counts.calls == call_count);
    CHECK(v.counts.failed == run.failed.size());
    CHECK(v.counts.resent_ok == v.counts.failed);
    CHECK(v.counts.failed_already_released >= 1);
    CHECK(v.counts.replays == v.counts.failed_already_released);
    CHECK(v.counts.commits == call_count);
    CHECK(v.counts.released_twice == 0);
    CHECK(v.counts.not_released == 0);
    c.shutdown();
}

}  // TEST_SUITE
