// The fault matrix: the whole client (credentials, signing, retries, pool, TLS) over real
// sockets on 127.0.0.1 against the emulator and against hostile local servers, one scenario
// per fault. Every scenario holds every call to the same promise (fault_harness.hpp):
// exactly one result; on failure the right code and the token it used; and, against the
// emulator, after the faults are gone and the failed calls are made again with their
// tokens, every number released exactly once (commits == calls, released_twice == 0).
//
// Scenarios: each emulator fault kind once, exactly (attempts and counters), and at 30 % over
// 40 concurrent calls; every attempt faulted; mixed faults; a delay longer than the attempt
// timeout; the token bucket; clock skew both ways; TLS failures (wrong host, expired,
// untrusted: distinct codes, never retried); a name that does not resolve; a refused port;
// temporary credentials expiring, on a wall clock the test moves (refreshed in time; a
// refresh that fails; a service that expires them early); cancellation at random points; a
// shutdown in the middle; hostile servers (closing after every response, Connection: close,
// oversized, endless, truncated and garbage responses).
// The pool's own requirements R1-R20 are tested one by one at the transport level in
// test/integration/transport; the retry spec's socket cases in test/integration/client.
//
// Clients come from the production factory with a fixed backoff jitter (socket_client.hpp),
// so retries wait tens of milliseconds; every run is bounded; waits are on observed
// counters, never on a guessed delay; no assertion is about elapsed time.
#include "fault_harness.hpp"

#include "credentials/cached_provider.hpp"
#include "fakes/scripted_server.hpp"
#include "fakes/test_certs.hpp"
#include "integration/client/socket_client.hpp"
#include "support/run_coro.hpp"

#include <awsconnect/emulator.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <random>

using namespace awsconnect;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using test::batch;
using test::check_results;
using test::make_batch;
using test::run_batch;
using test::settle_exactly_once;
using test::tally;

namespace {

using std::chrono::system_clock;

test::test_certs& certs() {
    static test::test_certs c;
    return c;
}

std::unique_ptr<emulator::server> start_emulator(emulator::server_config cfg) {
    auto s = emulator::server::start(std::move(cfg));
    REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message));
    return std::move(*s);
}

emulator::server_config emulator_config(std::string_view faults, std::uint64_t claims = 64, bool tls = true) {
    emulator::server_config cfg;
    cfg.tls = tls;
    cfg.claim_count = claims;
    cfg.seed = 7;
    auto spec = emulator::parse_fault_spec(faults);
    REQUIRE_MESSAGE(spec.has_value(), (spec ? "" : spec.error().message));
    cfg.faults = std::move(*spec);
    return cfg;
}

client_config config_for(const emulator::server& emu) {
    auto c = test::local_config(emu.url(), emu.ca_file());
    c.pool.max_connections = 16;
    c.pool.max_pending = 1024;  // batches start every call at once
    return c;
}

// Retries wait 5 % of the SDK's backoff (b = 0.05): 50 ms, 100 ms, ...
constexpr double jitter_b = 0.05;

client make_client(asio::io_context& ioc, const client_config& cfg) {
    return test::make_socket_client(ioc.get_executor(), cfg, jitter_b);
}

std::uint64_t fault_count(const emulator::fault_counters& f, emulator::fault_kind k, int status) {
    using emulator::fault_kind;
    switch (k) {
        case fault_kind::delay: return f.delay;
        case fault_kind::http_error:
            return status == 500 ? f.http_500 : status == 502 ? f.http_502 : status == 503 ? f.http_503 : f.http_504;
        case fault_kind::throttle: return f.throttle;
        case fault_kind::reset_before: return f.reset_before;
        case fault_kind::reset_after_commit: return f.reset_after_commit;
        case fault_kind::idle_close: return f.idle_close;
        case fault_kind::truncate: return f.truncate;
        case fault_kind::garbage: return f.garbage;
        case fault_kind::stall: return f.stall;
        case fault_kind::none: return 0;
    }
    return 0;
}

// One fault kind of the emulator: its spec, the code a call fails with when every attempt
// meets it, and whether the service handled (committed) the request before the fault.
struct fault_row {
    std::string_view spec;
    std::optional<errc> failure;  ///< none: the fault never fails a call
    bool commits_first = false;   ///< the number is released by the faulted request
};

const fault_row fault_rows[] = {
    {"500", errc::internal_service_error},
    {"502", errc::service_unavailable},
    {"502-html", errc::service_unavailable},
    {"503-empty", errc::service_unavailable},
    {"504", errc::service_unavailable},
    {"429", errc::throttled},
    {"delay=30ms", std::nullopt},
    {"reset-before", errc::connection_reset},
    {"reset-after-commit", errc::connection_reset, true},
    {"idle-close=20ms", std::nullopt},
    {"truncate", errc::connection_closed, true},
    {"garbage", errc::malformed_response},
    {"stall", errc::attempt_timeout},
};

// A credentials provider that hands out a scripted sequence (the last one repeats).
class sequence_provider final : public credentials_provider {
public:
    explicit sequence_provider(std::vector<result<credentials_ptr>> s) : seq_(std::move(s)) {}
    asio::awaitable<result<credentials_ptr>> get_credentials() override {
        const std::size_t n = calls_.fetch_add(1);
        co_return seq_[std::min(n, seq_.size() - 1)];
    }
    std::string_view name() const noexcept override { return "sequence"; }
    std::size_t calls() const { return calls_.load(); }

private:
    std::vector<result<credentials_ptr>> seq_;
    std::atomic<std::size_t> calls_{0};
};

credentials_ptr temporary(std::string akid, std::string secret, std::string token, system_clock::time_point exp) {
    return std::make_shared<const credentials>(
        credentials{std::move(akid), std::move(secret), std::move(token), exp, "sequence"});
}

// Requests the emulator has answered (every outcome counter).
std::uint64_t answered(const emulator::counters& k) {
    return k.ok + k.invalid_parameter + k.bad_request + k.missing_authentication_token + k.incomplete_signature +
           k.unrecognized_client + k.expired_token + k.invalid_signature + k.signature_expired + k.not_found +
           k.unknown_operation + k.in_use + k.idempotency_conflict + k.throttled + k.injected_5xx + k.injected_429;
}

}  // namespace

TEST_SUITE("fault matrix") {

TEST_CASE("each emulator fault, once on the first request: exact attempts and counters") {
    for (const auto& row : fault_rows) {
        CAPTURE(row.spec);
        auto spec = emulator::parse_fault_spec("script:1=" + std::string(row.spec));
        REQUIRE(spec.has_value());
        const emulator::fault f = spec->script.at(0).what;
        auto emu = start_emulator(emulator_config("script:1=" + std::string(row.spec)));
        asio::io_context ioc;
        auto cfg = config_for(*emu);
        cfg.timeouts.attempt = 1s;  // the stalled request
        client c = make_client(ioc, cfg);

        batch b = make_batch(0, 1);
        run_batch(ioc, c, b);
        const tally t = check_results(b, {});
        REQUIRE(t.ok == 1);
        const int expected_attempts = row.failure ? 2 : 1;
        CHECK((*b[0]->out)->attempts == expected_attempts);
        const auto k = emu->get_counters();
        CHECK(fault_count(k.faults, f.kind, f.status) == 1);
        CHECK(k.faults.total() == 1);
        CHECK(k.requests_total == static_cast<std::uint64_t>(expected_attempts));
        CHECK(k.commits == 1);
        CHECK(k.idempotent_replays == (row.commits_first ? 1u : 0u));
        CHECK(k.released_twice == 0);
        const auto s = c.stats();
        CHECK(s.calls == 1);
        CHECK(s.succeeded == 1);
        CHECK(s.retries == static_cast<std::uint64_t>(expected_attempts - 1));

        if (f.kind == emulator::fault_kind::idle_close) {
            // The emulator closes the connection once idle (observed: its gauge drops to 0);
            // the next call finds it dead and replays its request once on a new connection
            // (R1/R2), or sees the close first: either way one success, and the service saw
            // the request once.
            CHECK(test::run_until(ioc, [&] { return emu->get_counters().connections_open == 0; }, 5s));
            batch next = make_batch(1, 1);
            run_batch(ioc, c, next);
            const tally t2 = check_results(next, {});
            CHECK(t2.ok == 1);
            CHECK(emu->get_counters().requests_total == 2);
            CHECK(emu->get_counters().commits == 2);
        }
    }
}

TEST_CASE("each emulator fault on every attempt: the call fails with its code and token, and retrying with the token settles it") {
    for (const auto& row : fault_rows) {
        if (!row.failure) continue;
        CAPTURE(row.spec);
        const std::string s(row.spec);
        auto emu = start_emulator(emulator_config("script:1=" + s + ",2=" + s + ",3=" + s));
        asio::io_context ioc;
        auto cfg = config_for(*emu);
        cfg.timeouts.attempt = 1s;
        client c = make_client(ioc, cfg);

        batch b = make_batch(0, 1);
        run_batch(ioc, c, b);
        const tally t = check_results(b, {*row.failure});
        REQUIRE(t.failed == 1);
        const error& e = b[0]->out->error();
        CHECK(e.attempts == 3);
        CHECK(e.max_attempts_reached);
        CHECK(emu->get_counters().requests_total == 3);
        CHECK(emu->get_counters().commits == (row.commits_first ? 1u : 0u));

        client c2 = make_client(ioc, config_for(*emu));
        CHECK(settle_exactly_once(ioc, c2, *emu, b) == (row.commits_first ? 1u : 0u));
    }
}

TEST_CASE("each emulator fault at 30 % over 40 concurrent calls: one result each, every number released once") {
    for (const bool tls : {true, false}) {
        for (const auto& row : fault_rows) {
            CAPTURE(tls);
            CAPTURE(row.spec);
            auto spec = emulator::parse_fault_spec(std::string(row.spec) + ":0.3");
            REQUIRE(spec.has_value());
            const emulator::fault f = spec->random.at(0).what;
            auto emu = start_emulator(emulator_config(std::string(row.spec) + ":0.3", 64, tls));
            asio::io_context ioc;
            auto cfg = config_for(*emu);
            cfg.timeouts.attempt = 1s;
            client c = make_client(ioc, cfg);

            batch b = make_batch(0, 40);
            run_batch(ioc, c, b);
            std::set<errc> allowed;
            if (row.failure) allowed.insert(*row.failure);
            const tally t = check_results(b, allowed);
            CAPTURE(t.describe());
            CHECK(t.ok + t.failed == 40);
            const auto k = emu->get_counters();
            CHECK(fault_count(k.faults, f.kind, f.status) > 0);
            const auto s = c.stats();
            CHECK(s.calls == 40);
            CHECK(s.succeeded == t.ok);
            CHECK(s.failed == t.failed);
            if (!row.failure) CHECK(t.ok == 40);

            client c2 = make_client(ioc, config_for(*emu));
            settle_exactly_once(ioc, c2, *emu, b);
        }
    }
}

TEST_CASE("mixed faults on 5 % of 300 concurrent calls, and a delay longer than the attempt timeout") {
    SUBCASE("mixed") {
        auto emu = start_emulator(emulator_config(
            "500:0.005,503-html:0.005,429:0.005,reset-before:0.005,reset-after-commit:0.005,"
            "truncate:0.005,garbage:0.005,stall:0.005,delay=20ms:0.005,idle-close=10ms:0.005",
            300));
        asio::io_context ioc;
        auto cfg = config_for(*emu);
        cfg.timeouts.attempt = 1s;
        client c = make_client(ioc, cfg);
        batch b = make_batch(0, 300);
        run_batch(ioc, c, b);
        const tally t = check_results(b, {errc::internal_service_error, errc::service_unavailable, errc::throttled,
                                          errc::connection_reset, errc::connection_closed,
                                          errc::malformed_response, errc::attempt_timeout});
        CAPTURE(t.describe());
        CHECK(emu->get_counters().faults.total() > 0);
        client c2 = make_client(ioc, config_for(*emu));
        settle_exactly_once(ioc, c2, *emu, b);
    }
    SUBCASE("the service handles a request after the client gave up on it") {
        // Half the requests take 400 ms; the attempt timeout is 150 ms. The retry (same
        // token) races the first request, which is still being handled: whichever comes
        // second is a replay, never a second release.
        auto emu = start_emulator(emulator_config("delay=400ms:0.5", 64));
        asio::io_context ioc;
        auto cfg = config_for(*emu);
        cfg.timeouts.attempt = 150ms;
        client c = make_client(ioc, cfg);
        batch b = make_batch(0, 24);
        run_batch(ioc, c, b);
        // 24 calls on 16 connections: on a slow machine (sanitizers) a call may also wait
        // longer than its attempt timeout for a connection, local back-pressure that fails it
        // with its token like any other; the settle below still proves one release each.
        const tally t = check_results(b, {errc::attempt_timeout, errc::pool_wait_timeout});
        CAPTURE(t.describe());
        CHECK(c.stats().retries_transient > 0);
        // The late requests finish at the service: wait until it has answered every request
        // it received (the delay is the only fault here, and every delayed request is
        // handled).
        CHECK(test::run_until(ioc, [&] { return answered(emu->get_counters()) == emu->get_counters().requests_total; },
                              10s));
        const auto k = emu->get_counters();
        CHECK(k.released_twice == 0);
        CHECK(k.idempotent_replays > 0);
        client c2 = make_client(ioc, config_for(*emu));
        settle_exactly_once(ioc, c2, *emu, b);
    }
}

TEST_CASE("the service's token bucket throttles a burst: retried as throttling, every number released once") {
    for (const auto mode : {retry_mode::standard, retry_mode::adaptive}) {
        CAPTURE(static_cast<int>(mode));
        auto cfg_e = emulator_config("", 64);
        cfg_e.throttle = emulator::throttle_config{40, 8};
        auto emu = start_emulator(cfg_e);
        asio::io_context ioc;
        auto cfg = config_for(*emu);
        cfg.retry.mode = mode;
        client c = make_client(ioc, cfg);
        batch b = make_batch(0, 40);
        run_batch(ioc, c, b);
        const tally t = check_results(b, {errc::throttled});
        CAPTURE(t.describe());
        CHECK(emu->get_counters().throttled > 0);
        CHECK(c.stats().retries_throttling > 0);
        client c2 = make_client(ioc, config_for(*emu));
        settle_exactly_once(ioc, c2, *emu, b);
    }
}

TEST_CASE("clock skew: a service 10 minutes ahead or behind; each call corrects once and succeeds") {
    for (const auto offset : {std::chrono::minutes(10), std::chrono::minutes(-10)}) {
        CAPTURE(offset.count());
        auto cfg_e = emulator_config("", 32);
        cfg_e.clock_offset = offset;
        auto emu = start_emulator(cfg_e);
        asio::io_context ioc;
        client c = make_client(ioc, config_for(*emu));
        batch b = make_batch(0, 16);
        run_batch(ioc, c, b);
        const tally t = check_results(b, {});
        CHECK(t.ok == 16);
        const auto k = emu->get_counters();
        CHECK(k.signature_expired >= 1);
        CHECK(k.signature_expired <= 16);
        CHECK(c.stats().retries_clock_skew == k.signature_expired);
        CHECK(k.commits == 16);
        CHECK(k.released_twice == 0);
        CHECK(std::chrono::round<std::chrono::minutes>(c.stats().clock_skew) == offset);
        // Later calls are signed with the corrected clock from the start.
        batch later = make_batch(16, 4);
        run_batch(ioc, c, later);
        CHECK(check_results(later, {}).ok == 4);
        CHECK(emu->get_counters().signature_expired == k.signature_expired);
    }
}

TEST_CASE("TLS failures: wrong host, expired, untrusted: distinct codes, one attempt, nothing reaches the service") {
    for (const auto& bc : certs().bad_certificates()) {
        CAPTURE(to_string(bc.expected));
        auto cfg_e = emulator_config("", 8);
        cfg_e.cert_file = bc.cert->cert;
        cfg_e.key_file = bc.cert->key;
        auto emu = start_emulator(cfg_e);
        asio::io_context ioc;
        auto cfg = test::local_config(emu->url(), certs().ca_file());
        std::vector<attempt_event> seen;
        std::mutex m;
        cfg.observer = [&](const attempt_event& e) {
            std::lock_guard lk(m);
            seen.push_back(e);
        };
        client c = make_client(ioc, cfg);
        batch b = make_batch(0, 4);
        run_batch(ioc, c, b);
        const tally t = check_results(b, {bc.expected});
        CHECK(t.failed == 4);
        for (const auto& s : b) {
            CHECK(s->out->error().kind() == error_kind::tls_error);
            CHECK_FALSE(s->out->error().max_attempts_reached);
        }
        REQUIRE(seen.size() == 4);  // one attempt per call
        for (const auto& e : seen) CHECK_FALSE(e.will_retry);
        CHECK(c.stats().retries == 0);
        const auto k = emu->get_counters();
        CHECK(k.requests_total == 0);
        CHECK(k.tls_handshakes == 0);
        for (const auto& s : b) CHECK(emu->state_of(s->id) == emulator::number_state::claimed);
    }
}

TEST_CASE("a name that does not resolve and a refused port: connection errors with the token, nothing released") {
    SUBCASE("DNS failure") {
        // RFC 6761: .invalid never resolves. Without a network the resolver fails at once;
        // with one it answers NXDOMAIN, or (dropped packets) the resolve timeout ends it.
        asio::io_context ioc;
        auto cfg = test::local_config("https://awsconnect-fault-matrix.invalid");
        cfg.timeouts.resolve = 1s;
        client c = make_client(ioc, cfg);
        batch b = make_batch(0, 3);
        run_batch(ioc, c, b);
        const tally t = check_results(b, {errc::resolve_failed, errc::resolve_timeout});
        CHECK(t.failed == 3);
        for (const auto& s : b) {
            const error& e = s->out->error();
            CHECK(e.message.find("awsconnect-fault-matrix.invalid") != std::string::npos);
            CHECK(e.http_status == 0);
        }
        CHECK(c.stats().pool.connections_opened == 0);
        CHECK(c.stats().pool.connect_failures > 0);
    }
    SUBCASE("refused port") {
        std::uint16_t port;
        {
            auto emu = start_emulator(emulator_config("", 1, false));
            port = emu->port();
        }  // nothing listens there now
        asio::io_context ioc;
        auto cfg = test::local_config("http://127.0.0.1:" + std::to_string(port));
        client c = make_client(ioc, cfg);
        batch b = make_batch(0, 3);
        run_batch(ioc, c, b);
        const tally t = check_results(b, {errc::connection_refused});
        CHECK(t.failed == 3);
        for (const auto& s : b) {
            CHECK(s->out->error().kind() == error_kind::connection_error);
            CHECK(s->out->error().message.find("refused") != std::string::npos);
        }
    }
}

TEST_CASE("temporary credentials expiring mid-run") {
    // One wall clock, moved by the test, for the client (signing), its credentials cache and
    // the emulator: every boundary is exact. The cache works as in production (refresh 5 min
    // before the expiration, no jitter here; stale credentials never used within 10 s of
    // it); the emulator answers ExpiredTokenException from the expiration on.
    const system_clock::time_point t0 = std::chrono::sys_days{std::chrono::year{2024} / 5 / 6} + 7h + 8min + 9s;
    const auto expires = t0 + 1h;
    const auto a = temporary("AKIDTEMPA", "secret-a", "session-a", expires);
    const auto b2 = temporary("AKIDTEMPB", "secret-b", "session-b", expires + 1h);
    auto cfg_e = emulator_config("", 64);
    cfg_e.fixed_time = t0;
    cfg_e.credentials = {{"AKIDTEMPA", "secret-a", "session-a", expires},
                         {"AKIDTEMPB", "secret-b", "session-b", expires + 1h},
                         {"AKIDTEMPC", "secret-c", "session-c", t0 + 2s}};
    auto emu = start_emulator(cfg_e);

    auto ticks = std::make_shared<std::atomic<system_clock::rep>>(t0.time_since_epoch().count());
    auto wall_now = [ticks] { return system_clock::time_point(system_clock::duration(ticks->load())); };
    auto set_clock = [&](system_clock::time_point t) {
        ticks->store(t.time_since_epoch().count());
        emu->set_clock(t);
    };
    auto cached = [&](std::shared_ptr<sequence_provider> inner) {
        creds::cached_options o;
        o.max_jitter = 0ms;
        o.jitter = [](std::chrono::milliseconds) { return 0ms; };
        o.now = wall_now;
        return creds::make_cached_provider(std::move(inner), std::move(o));
    };
    auto make = [&](asio::io_context& ioc, credentials_provider_ptr provider) {
        auto cfg = config_for(*emu);
        cfg.credentials = std::move(provider);
        auto services = detail::real_client_services();
        services.jitter = [] { return jitter_b; };
        services.wall_now = wall_now;
        return test::make_test_client(ioc.get_executor(), cfg, std::move(services));
    };
    std::uint64_t next_number = 0;
    // Four concurrent calls at the clock's current time.
    auto four_calls = [&](asio::io_context& ioc, client& c) {
        batch b = make_batch(next_number, 4);
        next_number += 4;
        run_batch(ioc, c, b);
        return b;
    };

    SUBCASE("refreshed before they expire: no call fails, no call uses them after") {
        auto inner = std::make_shared<sequence_provider>(std::vector<result<credentials_ptr>>{a, b2});
        asio::io_context ioc;
        client c = make(ioc, cached(inner));
        CHECK(check_results(four_calls(ioc, c), {}).ok == 4);
        set_clock(expires - 5min - 1s);  // still fresh
        CHECK(check_results(four_calls(ioc, c), {}).ok == 4);
        CHECK(inner->calls() == 1);
        set_clock(expires - 5min);  // the refresh point: B
        CHECK(check_results(four_calls(ioc, c), {}).ok == 4);
        CHECK(inner->calls() == 2);
        set_clock(expires + 1s);  // A has expired at the service; B is used
        CHECK(check_results(four_calls(ioc, c), {}).ok == 4);
        CHECK(inner->calls() == 2);
        const auto k = emu->get_counters();
        CHECK(k.expired_token == 0);
        CHECK(k.unrecognized_client == 0);
        CHECK(k.commits == 16);
        CHECK(k.released_twice == 0);
    }
    SUBCASE("a refresh that fails: the old ones are used until 10 s before they expire, then calls fail with nothing sent") {
        auto inner = std::make_shared<sequence_provider>(std::vector<result<credentials_ptr>>{
            a, make_error(errc::credentials_unavailable, "the test's credential source is down")});
        asio::io_context ioc;
        client c = make(ioc, cached(inner));
        CHECK(check_results(four_calls(ioc, c), {}).ok == 4);
        set_clock(expires - 5min);  // the refresh fails: A is kept
        CHECK(check_results(four_calls(ioc, c), {}).ok == 4);
        CHECK(inner->calls() >= 2);
        set_clock(expires - 10s - 1ms);  // the last moment A is handed out
        CHECK(check_results(four_calls(ioc, c), {}).ok == 4);
        const auto before = emu->get_counters();
        CHECK(before.requests_total == 12);
        set_clock(expires - 10s);  // within the buffer: no credentials
        const batch failed = four_calls(ioc, c);
        CHECK(check_results(failed, {errc::credentials_unavailable}).failed == 4);
        for (const auto& s : failed) {
            const error& e = s->out->error();
            CHECK(e.attempts == 0);
            CHECK(test::is_uuid_v4(e.client_token));
            CHECK(emu->state_of(s->id) == emulator::number_state::claimed);
        }
        const auto k = emu->get_counters();
        CHECK(k.requests_total == 12);  // no failed call sent anything
        CHECK(k.expired_token == 0);    // and nothing was sent with expired credentials
        CHECK(k.commits == 12);
    }
    SUBCASE("a service that expires them early: ExpiredTokenException, not retried") {
        auto inner = std::make_shared<sequence_provider>(std::vector<result<credentials_ptr>>{
            temporary("AKIDTEMPC", "secret-c", "session-c", t0 + 1h)});  // the client thinks 1 h
        asio::io_context ioc;
        client c = make(ioc, cached(inner));
        emu->set_clock(t0 + 3s);  // the service: past the 2 s it gave them
        const batch b = four_calls(ioc, c);
        const tally t = check_results(b, {errc::expired_token});
        CHECK(t.failed == 4);
        for (const auto& s : b) {
            const error& e = s->out->error();
            CHECK(e.attempts == 1);
            CHECK(e.http_status == 403);
            CHECK(e.service_code == "ExpiredTokenException");
            CHECK(e.kind() == error_kind::auth_error);
        }
        CHECK(emu->get_counters().expired_token == 4);
        CHECK(emu->get_counters().commits == 0);
    }
}

TEST_CASE("cancellation at random points: each call ends once, succeeded or cancelled, and settles exactly once") {
    for (const bool tls : {true, false}) {
        CAPTURE(tls);
        auto emu = start_emulator(emulator_config("delay=15ms:0.3,reset-after-commit:0.1,503:0.1,stall:0.05", 160, tls));
        asio::io_context ioc;
        auto cfg = config_for(*emu);
        cfg.timeouts.attempt = 2s;  // long enough for the queue to drain under TSan too
        client c = make_client(ioc, cfg);
        batch b = make_batch(0, 160);
        std::mt19937 gen(tls ? 11 : 12);
        std::vector<std::chrono::milliseconds> when(b.size());
        for (auto& w : when) w = std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 120)(gen));
        run_batch(ioc, c, b, [&](std::size_t i) -> std::optional<std::chrono::milliseconds> {
            if (i % 4 == 3) return std::nullopt;  // a quarter is never cancelled
            return when[i];
        });
        const tally t = check_results(b, {errc::cancelled, errc::service_unavailable, errc::connection_reset,
                                          errc::attempt_timeout});
        CAPTURE(t.describe());
        const std::size_t cancelled = t.by_code.count("cancelled") ? t.by_code.at("cancelled") : 0;
        CHECK(cancelled > 0);
        CHECK(t.ok > 0);
        for (std::size_t i = 3; i < b.size(); i += 4)
            if (!b[i]->ok()) CHECK(b[i]->out->error().code != errc::cancelled);
        CHECK(c.stats().cancelled == cancelled);
        client c2 = make_client(ioc, config_for(*emu));
        const auto replayed = settle_exactly_once(ioc, c2, *emu, b);
        MESSAGE("cancelled calls whose number was already released: " << replayed);
    }
}

TEST_CASE("a shutdown in the middle of 100 calls: each ends once; the rest settle with their tokens") {
    auto emu = start_emulator(emulator_config("delay=20ms:0.5", 100));
    asio::io_context ioc;
    auto cfg = config_for(*emu);
    cfg.pool.max_connections = 4;
    cfg.pool.max_pending = 200;
    // The shutdown is posted once 10 calls have succeeded (not after a guessed delay).
    std::optional<client> c;
    int successes = 0;
    cfg.observer = [&](const attempt_event& e) {
        if (!e.error && ++successes == 10) asio::post(ioc, [&c] { c->shutdown(); });
    };
    c.emplace(make_client(ioc, cfg));
    batch b = make_batch(0, 100);
    run_batch(ioc, *c, b);
    const tally t = check_results(b, {errc::client_shut_down});
    CAPTURE(t.describe());
    CHECK(t.ok >= 10);
    CHECK(t.failed > 0);
    CHECK(t.ok + t.failed == 100);
    client c2 = make_client(ioc, config_for(*emu));
    settle_exactly_once(ioc, c2, *emu, b);
}

TEST_CASE("hostile servers: each call ends once with the right code; the server saw only the calls' tokens") {
    using test::server_action;
    using test::server_request;
    const std::string big(2 * 1024 * 1024, 'x');
    struct hostile {
        std::string_view name;
        server_action action;         ///< the answer to every request
        std::optional<errc> failure;  ///< none: every call succeeds
        int requests_per_call;        ///< what the server sees per call (0: not checked)
    };
    const hostile cases[] = {
        {"closes after every response without saying so", {.close_after = true}, std::nullopt, 0},
        {"Connection: close on every response", {.connection_close = true}, std::nullopt, 1},
        {"a 2 MiB body", {.body = big}, errc::response_too_large, 1},
        {"64 KiB of headers",
         {.raw = "HTTP/1.1 200 OK\r\nX-Big: " + std::string(64 * 1024, 'h') + "\r\nContent-Length: 0\r\n\r\n"},
         errc::response_too_large, 1},
        {"a body cut short", {.raw = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\":"},
         errc::connection_closed, 3},
        {"not HTTP", {.raw = "\x16\x03\x01 this is not HTTP\r\n\r\n"}, errc::malformed_response, 3},
        {"reset after reading every request", {.kind = test::server_action_kind::reset_after_read},
         errc::connection_reset, 0},
    };
    for (const auto& h : cases) {
        CAPTURE(h.name);
        test::server_options o;
        o.handler = [&h](const server_request&) { return h.action; };
        test::scripted_server srv(o);
        asio::io_context ioc;
        auto cfg = test::local_config(srv.url());
        cfg.pool.max_connections = 4;
        cfg.pool.max_pending = 64;
        client c = make_client(ioc, cfg);
        batch b = make_batch(0, 8);
        run_batch(ioc, c, b);
        std::set<errc> allowed;
        if (h.failure) allowed.insert(*h.failure);
        const tally t = check_results(b, allowed);
        CAPTURE(t.describe());
        if (!h.failure) CHECK(t.ok == 8);
        if (h.failure) CHECK(t.failed == 8);

        // The server saw exactly the tokens the calls reported, each call's on all its requests.
        std::map<std::string, int> seen;
        for (const auto& r : srv.received()) {
            const auto q = r.target.find("clientToken=");
            REQUIRE(q != std::string::npos);
            ++seen[r.target.substr(q + 12)];
        }
        CHECK(seen.size() == 8);
        for (const auto& s : b) {
            CAPTURE(s->reported_token());
            CHECK(seen.count(s->reported_token()) == 1);
            if (h.requests_per_call > 0) CHECK(seen[s->reported_token()] == h.requests_per_call);
        }
    }
}

}  // TEST_SUITE
