// The 25 test cases of specs/retry.md §9, run through the client's real orchestration.
//
// Strategy: each case builds a client over fakes (client_fixture.hpp): a scripted
// transport plays the case's responses and failures and records every request's bytes;
// a fake clock moves only when the client sleeps (the sleeps are recorded); jitter b is
// fixed (1 unless the case says otherwise); tokens and invocation ids are numbered. So
// each case asserts exactly what the spec states: attempts, delays, quota after every
// attempt (from the observer), tokens and headers of every request (parsed from the
// recorded bytes), error codes and flags. Where a case is about the transport's side
// (14: new connection, 15: stale keep-alive, 16: timeouts, 17: dropped connection), this
// file tests the orchestration's side; test/integration/client tests the sockets.
#include "client_fixture.hpp"

#include "operation/idempotency_token.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <cmath>
#include <ctime>
#include <regex>
#include <set>

#include <sys/wait.h>
#include <unistd.h>
#include <thread>

using namespace awsconnect;
using namespace awsconnect::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using step = scripted_step;
using std::chrono::milliseconds;

namespace {

// "1000ms 2000ms" (whole milliseconds) or "142857142ns": exact, and readable on failure.
std::string delays_text(const std::vector<std::chrono::nanoseconds>& v) {
    std::string out;
    for (auto d : v) {
        if (!out.empty()) out += ' ';
        if (d.count() % 1'000'000 == 0)
            out += std::to_string(d.count() / 1'000'000) + "ms";
        else
            out += std::to_string(d.count()) + "ns";
    }
    return out;
}

std::string quota_trace(const std::vector<seen_attempt>& events) {
    std::string out;
    for (const auto& e : events) {
        if (!out.empty()) out += ' ';
        out += std::to_string(e.quota_left);
    }
    return out;
}

std::string amz_date(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

bool looks_like_uuid_v4(const std::string& s) {
    static const std::regex re("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    return std::regex_match(s, re);
}

// A call that the test cancels (terminal) by posting `cancel()`, typically from a hook.
struct cancellable_call {
    client_fixture& fx;
    asio::cancellation_signal signal;
    std::optional<result<release_phone_number_response>> out;

    void start(release_phone_number_request r) {
        asio::co_spawn(fx.ioc, fx.c.release_phone_number(std::move(r)),
                       asio::bind_cancellation_slot(signal.slot(),
                                                    [this](std::exception_ptr e, result<release_phone_number_response> v) {
                                                        REQUIRE_FALSE(e);
                                                        out.emplace(std::move(v));
                                                    }));
    }
    void post_cancel() {
        asio::post(fx.ioc, [this] { signal.emit(asio::cancellation_type::terminal); });
    }
    result<release_phone_number_response> finish(std::chrono::milliseconds limit = 20s) {
        fx.ioc.restart();
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!out && std::chrono::steady_clock::now() < deadline) fx.ioc.run_for(20ms);
        REQUIRE_MESSAGE(out.has_value(), "the call did not finish in time");
        return std::move(*out);
    }
};

}  // namespace

TEST_SUITE("component: client, spec cases (retry.md §9)") {

TEST_CASE("spec case 1: throttling, throttling, success: 3 attempts, one token, delays 1 s and 2 s, quota 495/490/495") {
    client_fixture fx;
    fx.transport->script({throttling_429(), throttling_429(), step::ok()});
    auto r = fx.call();
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : to_envelope_json(r)));
    CHECK(r->attempts == 3);
    CHECK(r->client_token == fake_services::token(1));
    CHECK(r->request_id == "req-3");
    CHECK(fx.services.token_calls() == 1);
    CHECK(delays_text(fx.services.delays()) == "1000ms 2000ms");
    CHECK(quota_trace(fx.events()) == "495 490 495");
    CHECK(fx.quota() == 495);
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 3);
    for (int i = 0; i < 3; ++i) {
        CAPTURE(i);
        REQUIRE(reqs[i].ok);
        CHECK(reqs[i].client_token() == fake_services::token(1));
        CHECK(reqs[i].header("amz-sdk-invocation-id") == fake_services::invocation_id(1));
        CHECK(reqs[i].header("amz-sdk-request") == "attempt=" + std::to_string(i + 1) + "; max=3");
    }
    CHECK(fx.services.invocation_id_calls() == 1);
}

TEST_CASE("spec case 2: 500 on every attempt: 3 attempts, InternalServiceException, max attempts reached, quota 490") {
    client_fixture fx;
    fx.transport->script({internal_500(), internal_500(), internal_500()});
    auto r = fx.call();
    REQUIRE_FALSE(r.has_value());
    const error& e = r.error();
    CHECK(e.code == errc::internal_service_error);
    CHECK(e.service_code == "InternalServiceException");
    CHECK(e.http_status == 500);
    CHECK(e.attempts == 3);
    CHECK(e.max_attempts_reached);
    CHECK(e.client_token == fake_services::token(1));
    CHECK(e.request_id == "req-3");
    CHECK(fx.transport->send_count() == 3);
    CHECK(delays_text(fx.services.delays()) == "1000ms 2000ms");
    CHECK(quota_trace(fx.events()) == "495 490 490");
    CHECK(fx.quota() == 490);  // not refunded on failure
    CHECK(fx.c.stats().max_attempts_reached == 1);
}

TEST_CASE("spec case 3: no retry on 409 IdempotencyException: 1 attempt, quota 500, no sleep") {
    client_fixture fx;
    fx.transport->script({step::service_error(409, "IdempotencyException", "token reused"), step::ok()});
    auto r = fx.call_with_token("tok-1");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::idempotency_conflict);
    CHECK(r.error().kind_string() == "IDEMPOTENCY_CONFLICT");
    CHECK(r.error().attempts == 1);
    CHECK_FALSE(r.error().max_attempts_reached);
    CHECK(r.error().client_token == "tok-1");
    CHECK(fx.transport->send_count() == 1);
    CHECK(fx.services.sleeps().empty());
    CHECK(fx.quota() == 500);
}

TEST_CASE("spec case 4: no retry on other 4xx (400, 404, 409 in use, 403 without skew): exactly 1 attempt each") {
    struct row {
        int status;
        const char* code;
        errc expected;
    };
    const row rows[] = {
        {400, "InvalidParameterException", errc::invalid_parameter},
        {404, "ResourceNotFoundException", errc::resource_not_found},
        {409, "ResourceInUseException", errc::resource_in_use},
        {403, "AccessDeniedException", errc::access_denied},
    };
    for (const auto& x : rows) {
        CAPTURE(x.code);
        client_fixture fx;
        // The 403 carries a Date equal to the client's clock: no skew, so no skew retry.
        fx.transport->script({step::service_error(x.status, x.code).with_date(fx.clock->wall_now()), step::ok()});
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == x.expected);
        CHECK(r.error().http_status == x.status);
        CHECK(r.error().service_code == x.code);
        CHECK(r.error().attempts == 1);
        CHECK(fx.transport->send_count() == 1);
        CHECK(fx.services.sleeps().empty());
        CHECK(fx.quota() == 500);
    }
}

TEST_CASE("spec case 5: caller token: 503 then 200 both carry ?clientToken=abc-123; the generator is not called") {
    client_fixture fx;
    fx.transport->script({step::response(503), step::ok()});
    auto r = fx.call_with_token("abc-123");
    REQUIRE(r.has_value());
    CHECK(r->client_token == "abc-123");
    CHECK(r->attempts == 2);
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 2);
    for (const auto& q : reqs) {
        CHECK(q.query == "clientToken=abc-123");
        CHECK(q.client_token() == "abc-123");
    }
    CHECK(fx.services.token_calls() == 0);
}

TEST_CASE("spec case 6: auto token: generated once per call even with 3 attempts; a UUID v4; two calls, two tokens") {
    client_fixture fx;
    fx.transport->script({internal_500(), internal_500(), step::ok(), step::ok()});
    auto a = fx.call();
    REQUIRE(a.has_value());
    CHECK(a->attempts == 3);
    CHECK(fx.services.token_calls() == 1);
    CHECK(looks_like_uuid_v4(a->client_token));
    auto b = fx.call();
    REQUIRE(b.has_value());
    CHECK(fx.services.token_calls() == 2);
    CHECK(a->client_token != b->client_token);
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 4);
    for (int i = 0; i < 3; ++i) CHECK(reqs[i].client_token() == a->client_token);
    CHECK(reqs[3].client_token() == b->client_token);

    // The real generator (OpenSSL's CSPRNG) gives valid, distinct v4 texts.
    auto real = detail::real_client_services();
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const auto t = real.new_token();
        CHECK(looks_like_uuid_v4(t));
        CHECK(operation::is_uuid_v4(t));
        seen.insert(t);
    }
    CHECK(seen.size() == 200);

    // Tokens come from a per-thread block of CSPRNG output: a forked child must not hand
    // out the tokens its parent hands out next (the block is invalidated at fork).
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const std::string t = real.new_token();
        [[maybe_unused]] auto n = ::write(pipe_fds[1], t.data(), t.size());
        ::_exit(0);
    }
    ::close(pipe_fds[1]);
    const std::string parent_next = real.new_token();
    char child_token[36] = {};
    std::size_t got = 0;
    for (ssize_t n; got < sizeof child_token && (n = ::read(pipe_fds[0], child_token + got, sizeof child_token - got)) > 0;)
        got += static_cast<std::size_t>(n);
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(got == 36);
    CHECK(operation::is_uuid_v4(std::string(child_token, 36)));
    CHECK(std::string(child_token, 36) != parent_next);
}

TEST_CASE("spec case 7: token validation: 501 characters rejected locally, 500 accepted, percent-encoded in the query") {
    client_fixture fx;
    auto too_long = fx.call_with_token(std::string(501, 't'));
    REQUIRE_FALSE(too_long.has_value());
    CHECK(too_long.error().code == errc::invalid_client_token);
    CHECK(too_long.error().kind_string() == "VALIDATION_ERROR");
    CHECK(too_long.error().attempts == 0);
    CHECK(fx.transport->send_count() == 0);

    fx.transport->script({step::ok(), step::ok(), step::ok()});
    const std::string max_token(500, 't');
    auto ok = fx.call_with_token(max_token);
    REQUIRE(ok.has_value());
    CHECK(ok->client_token == max_token);

    // Characters, not bytes: 500 two-byte characters are accepted, 501 are not.
    std::string wide;
    for (int i = 0; i < 500; ++i) wide += "\xC3\xA9";
    auto wide_ok = fx.call_with_token(wide);
    REQUIRE(wide_ok.has_value());
    auto wide_long = fx.call_with_token(wide + "\xC3\xA9");
    REQUIRE_FALSE(wide_long.has_value());
    CHECK(wide_long.error().code == errc::invalid_client_token);

    auto spaced = fx.call_with_token("a b/c");
    REQUIRE(spaced.has_value());
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[0].client_token() == max_token);
    CHECK(reqs[1].client_token() == wide);
    CHECK(reqs[2].query == "clientToken=a%20b%2Fc");
    CHECK(fx.services.token_calls() == 0);
}

TEST_CASE("spec case 8: quota exhausted: initial quota 4, a 500: 1 attempt, retry_quota_exceeded, quota stays 4") {
    client_fixture fx([](config::resolved_config& c) { c.retry.initial_quota = 4; });
    fx.transport->script({internal_500(), step::ok()});
    auto r = fx.call();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::retry_quota_exceeded);
    CHECK(r.error().kind_string() == "RETRY_QUOTA_EXCEEDED");
    CHECK(r.error().attempts == 1);
    CHECK(fx.transport->send_count() == 1);
    CHECK(fx.services.sleeps().empty());
    CHECK(fx.quota() == 4);
    CHECK(fx.c.stats().quota_exceeded == 1);
}

TEST_CASE("spec case 9: success refunds: +1 after a first-attempt success (495 -> 496, never above 500); only the last cost after retries") {
    {
        client_fixture fx([](config::resolved_config& c) { c.retry.initial_quota = 495; });
        fx.transport->script({step::ok()});
        REQUIRE(fx.call().has_value());
        CHECK(fx.quota() == 496);
    }
    {
        client_fixture fx;
        fx.transport->script({step::ok(), step::ok()});
        REQUIRE(fx.call().has_value());
        REQUIRE(fx.call().has_value());
        CHECK(fx.quota() == 500);
    }
    {
        // From the bottom: 10 -> 5 -> 0 -> back 5 (the last cost), not the 10 spent.
        client_fixture fx([](config::resolved_config& c) { c.retry.initial_quota = 10; });
        fx.transport->script({internal_500(), internal_500(), step::ok()});
        auto r = fx.call();
        REQUIRE(r.has_value());
        CHECK(quota_trace(fx.events()) == "5 0 5");
        CHECK(fx.quota() == 5);
    }
    {
        client_fixture fx([](config::resolved_config& c) { c.retry.initial_quota = 10; });
        fx.transport->script({internal_500(), step::ok()});
        REQUIRE(fx.call().has_value());
        CHECK(quota_trace(fx.events()) == "5 10");
    }
}

TEST_CASE("spec case 10: an attempt timeout then 200: the retry costs 10 (2.0), 14 (2.1), refunded on success") {
    {
        client_fixture fx;
        fx.transport->script({step::hang(), step::ok()});
        auto r = fx.call();
        REQUIRE(r.has_value());
        CHECK(r->attempts == 2);
        const auto ev = fx.events();
        REQUIRE(ev.size() == 2);
        CHECK(ev[0].error == errc::attempt_timeout);
        CHECK(ev[0].retry_kind == "transient");
        CHECK(quota_trace(ev) == "490 500");
        CHECK(delays_text(fx.services.delays()) == "1000ms");
    }
    {
        client_fixture fx([](config::resolved_config& c) { c.retry.rules = retry_rules::v2_1; });
        fx.transport->script({step::hang(), step::ok()});
        auto r = fx.call();
        REQUIRE(r.has_value());
        CHECK(quota_trace(fx.events()) == "486 500");
        CHECK(delays_text(fx.services.delays()) == "50ms");
    }
}

TEST_CASE("spec case 11: the 2.1 vectors: 500,500,200 -> 486,472,486 with 50/100 ms; throttle,200 -> 495,500 with 1 s; quota 14 -> 0 -> exceeded") {
    auto v21 = [](config::resolved_config& c) { c.retry.rules = retry_rules::v2_1; };
    {
        client_fixture fx(v21);
        fx.transport->script({internal_500(), internal_500(), step::ok()});
        REQUIRE(fx.call().has_value());
        CHECK(quota_trace(fx.events()) == "486 472 486");
        CHECK(delays_text(fx.services.delays()) == "50ms 100ms");
    }
    {
        client_fixture fx(v21);
        fx.transport->script({step::service_error(400, "ThrottlingException"), step::ok()});
        REQUIRE(fx.call().has_value());
        CHECK(quota_trace(fx.events()) == "495 500");
        CHECK(delays_text(fx.services.delays()) == "1000ms");
    }
    {
        client_fixture fx([](config::resolved_config& c) {
            c.retry.rules = retry_rules::v2_1;
            c.retry.initial_quota = 14;
        });
        fx.transport->script({internal_500(), internal_500(), step::ok()});
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::retry_quota_exceeded);
        CHECK(r.error().attempts == 2);
        CHECK(quota_trace(fx.events()) == "0 0");
        CHECK(delays_text(fx.services.delays()) == "50ms");
        CHECK(fx.transport->send_count() == 2);
    }
}

TEST_CASE("spec case 12: x-amz-retry-after under 2.1: 1500 -> 1500 ms, 0 -> 50 ms, 10000 -> 5050 ms, abc -> 50 ms") {
    const std::pair<const char*, const char*> rows[] = {
        {"1500", "1500ms"}, {"0", "50ms"}, {"10000", "5050ms"}, {"abc", "50ms"}};
    for (const auto& [value, expected] : rows) {
        CAPTURE(value);
        client_fixture fx([](config::resolved_config& c) { c.retry.rules = retry_rules::v2_1; });
        fx.transport->script({internal_500().with_header("x-amz-retry-after", value), step::ok()});
        auto r = fx.call();
        REQUIRE(r.has_value());
        CHECK(delays_text(fx.services.delays()) == expected);
        const auto ev = fx.events();
        REQUIRE(ev.size() == 2);
        CHECK(delays_text({ev[0].delay}) == expected);
    }
}

TEST_CASE("spec case 13: backoff cap: 10 attempts of 500, b=1: 1,2,4,8,16,20,20,20,20 s; b=0.5: half") {
    auto ten = [](config::resolved_config& c) {
        c.retry.max_attempts = 10;
        c.timeouts.operation = 10min;  // the delays add up to 111 s
    };
    {
        client_fixture fx(ten);
        for (int i = 0; i < 10; ++i) fx.transport->push(internal_500());
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().attempts == 10);
        CHECK(r.error().max_attempts_reached);
        CHECK(delays_text(fx.services.delays()) ==
              "1000ms 2000ms 4000ms 8000ms 16000ms 20000ms 20000ms 20000ms 20000ms");
        CHECK(fx.quota() == 500 - 9 * 5);
        CHECK(fx.requests().back().header("amz-sdk-request") == "attempt=10; max=10");
    }
    {
        client_fixture fx(ten);
        fx.services.set_jitter(0.5);
        for (int i = 0; i < 10; ++i) fx.transport->push(internal_500());
        REQUIRE_FALSE(fx.call().has_value());
        CHECK(delays_text(fx.services.delays()) ==
              "500ms 1000ms 2000ms 4000ms 8000ms 10000ms 10000ms 10000ms 10000ms");
    }
}

TEST_CASE("spec case 14 (orchestration side): a connection reset, then 200: retried with the same token, cost 5") {
    client_fixture fx;
    fx.transport->script({step::transport_error(errc::connection_reset, "connection_reset on https://x (Connection reset by peer)"),
                          step::ok()});
    auto r = fx.call();
    REQUIRE(r.has_value());
    CHECK(r->attempts == 2);
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].client_token() == reqs[1].client_token());
    CHECK(reqs[0].header("amz-sdk-invocation-id") == reqs[1].header("amz-sdk-invocation-id"));
    const auto ev = fx.events();
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].error == errc::connection_reset);
    CHECK(ev[0].retry_kind == "transient");
    CHECK(ev[0].http_status == 0);
    CHECK(quota_trace(ev) == "495 500");
    CHECK(delays_text(fx.services.delays()) == "1000ms");
    CHECK(fx.c.stats().retries_transient == 1);
}

TEST_CASE("spec case 15 (orchestration side): a stale keep-alive replay is transparent: same bytes, no quota, no backoff") {
    client_fixture fx([](config::resolved_config& c) { c.retry.initial_quota = 495; });
    fx.transport->script({step::ok().with_stale_replays(1)});
    auto r = fx.call();
    REQUIRE(r.has_value());
    const auto wire = fx.transport->wire_requests();
    REQUIRE(wire.size() == 2);  // the first try and its replay
    CHECK(wire[1].replay);
    CHECK(wire[0].bytes == wire[1].bytes);  // same token, same signature
    CHECK(fx.services.sleeps().empty());
    const auto ev = fx.events();
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].stale_replays == 1);
    CHECK(fx.quota() == 496);  // no retry cost; the +1 of a success without retries
    CHECK(fx.c.stats().retries == 0);
}

TEST_CASE("spec case 15: the caller sees attempts=2 after a stale keep-alive replay (as §9 states)") {
    // specs/retry.md §9 case 15: "the caller sees success with attempts=2"; the replay is
    // not a retry (no quota cost, max_attempts untouched, stats().retries stays 0).
    client_fixture fx;
    fx.transport->script({step::ok().with_stale_replays(1)});
    auto r = fx.call();
    REQUIRE(r.has_value());
    CHECK(r->attempts == 2);
    CHECK(fx.c.stats().attempts == 2);  // one definition: requests sent, the replay included
    CHECK(fx.c.stats().retries == 0);
}

TEST_CASE("spec case 16: attempt timeout 1 s, deadline 2.5 s, server hangs: timeout at 1 s, backoff 1 s, attempt 2 cut at 2.5 s: operation_timeout, attempts 2") {
    client_fixture fx([](config::resolved_config& c) {
        c.timeouts.attempt = 1s;
        c.timeouts.operation = 2500ms;
    });
    fx.transport->script({step::hang(), step::hang(), step::ok()});
    auto r = fx.call();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::operation_timeout);
    CHECK(r.error().kind_string() == "TIMEOUT");
    CHECK(r.error().attempts == 2);
    CHECK(r.error().client_token == fake_services::token(1));
    const auto sends = fx.transport->sends();
    REQUIRE(sends.size() == 2);
    const auto t0 = fx.clock->steady_start();
    // Attempt 1: its own 1 s budget.
    CHECK(sends[0].at == t0);
    CHECK(sends[0].deadline == t0 + 1s);
    CHECK(sends[0].deadline_code == errc::attempt_timeout);
    // The backoff (1 s) lies between the attempts, outside both attempt budgets.
    CHECK(delays_text(fx.services.delays()) == "1000ms");
    CHECK(sends[1].at == t0 + 2s);
    // Attempt 2 would have had until 3 s; the call's deadline cuts it at 2.5 s.
    CHECK(sends[1].deadline == t0 + 2500ms);
    CHECK(sends[1].deadline_code == errc::operation_timeout);
    CHECK(fx.elapsed() == 2500ms);
    const auto ev = fx.events();
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].error == errc::attempt_timeout);
    CHECK(ev[1].error == errc::operation_timeout);
    CHECK_FALSE(ev[1].will_retry);
    CHECK(fx.quota() == 490);  // the timeout retry's 10, not refunded
}

TEST_CASE("spec case 17: cancellation during the backoff ends the call at once with CANCELLED; no further attempt; quota not refunded") {
    client_fixture fx;
    fx.services.set_blocking_sleeps(true);
    fx.transport->script({internal_500(), step::ok()});
    cancellable_call call{fx, {}, {}};
    fx.services.on_sleep([&](const sleep_record&) { call.post_cancel(); });
    call.start({test_id, std::nullopt});
    auto r = call.finish();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::cancelled);
    CHECK(r.error().kind_string() == "CANCELLED");
    CHECK(r.error().attempts == 1);
    CHECK(r.error().client_token == fake_services::token(1));
    const auto sleeps = fx.services.sleeps();
    REQUIRE(sleeps.size() == 1);
    CHECK(sleeps[0].cancelled);
    CHECK(fx.transport->send_count() == 1);
    CHECK(fx.transport->steps_left() == 1);
    CHECK(fx.quota() == 495);
    const auto s = fx.c.stats();
    CHECK(s.cancelled == 1);
    CHECK(s.failed == 1);
}

TEST_CASE("spec case 17: cancellation while the transport waits for an answer ends the call with CANCELLED; no quota used") {
    client_fixture fx;
    fx.transport->script({step::never_answers(), step::ok()});
    cancellable_call call{fx, {}, {}};
    fx.transport->on_send([&](int) { call.post_cancel(); });
    call.start({test_id, "tok-cancel"});
    auto r = call.finish();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::cancelled);
    CHECK(r.error().attempts == 1);
    CHECK(r.error().client_token == "tok-cancel");
    CHECK(fx.transport->cancelled_sends() == 1);
    CHECK(fx.transport->send_count() == 1);
    CHECK(fx.services.sleeps().empty());
    CHECK(fx.quota() == 500);
    CHECK(fx.c.stats().cancelled == 1);
}

TEST_CASE("spec case 18: error code parsing end to end: header, __type, code; the header wins; message fields; request id in any case") {
    auto one_attempt = [](config::resolved_config& c) { c.retry.max_attempts = 1; };
    const std::vector<step> throttles = {
        step::response(400, "{}", {{"X-Amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/"}}),
        step::response(400, R"({"__type":"com.amazonaws.connect#ThrottlingException"})"),
        step::response(400, R"({"code":"ThrottlingException"})"),
    };
    for (std::size_t i = 0; i < throttles.size(); ++i) {
        CAPTURE(i);
        client_fixture fx(one_attempt);
        fx.transport->push(throttles[i]);
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::throttled);
        CHECK(r.error().service_code == "ThrottlingException");
        CHECK(r.error().max_attempts_reached);  // classified as retryable
        const auto ev = fx.events();
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].retry_kind == "throttling");
    }
    {
        client_fixture fx;
        fx.transport->push(step::response(404, R"({"__type":"com.amazonaws.connect#ThrottlingException","message":"m"})",
                                          {{"x-amzn-errortype", "ResourceNotFoundException"}}));
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::resource_not_found);
        CHECK(r.error().service_code == "ResourceNotFoundException");
        CHECK(r.error().attempts == 1);
    }
    const std::pair<const char*, const char*> messages[] = {
        {R"({"message":"lower"})", "lower"}, {R"({"Message":"upper"})", "upper"}, {R"({"errorMessage":"other"})", "other"}};
    for (const auto& [body, expected] : messages) {
        CAPTURE(body);
        client_fixture fx;
        fx.transport->push(step::response(400, body, {{"X-Amzn-ErrorType", "InvalidParameterException"},
                                                      {"X-AMZN-REQUESTID", "rid-upper"}}));
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().server_message == expected);
        CHECK(r.error().request_id == "rid-upper");
    }
}

TEST_CASE("spec case 19: codes are sanitized: ns#Code:uri -> Code") {
    const std::pair<const char*, const char*> rows[] = {
        {"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"},
        {"FooError", "FooError"},
        {"ns#Foo", "Foo"},
    };
    for (const auto& [raw, expected] : rows) {
        CAPTURE(raw);
        client_fixture fx;
        fx.transport->push(step::response(400, "{}", {{"X-Amzn-ErrorType", raw}}));
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().service_code == expected);
        CHECK(r.error().code == errc::unknown_service_error);
        CHECK(r.error().attempts == 1);
    }
}

TEST_CASE("spec case 20: a 502 with an HTML body is retried under code 502; a 501 is not retried") {
    {
        client_fixture fx;
        const std::string html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        fx.transport->script({step::response(502, html, {{"Content-Type", "text/html"}}),
                              step::response(502, html, {{"Content-Type", "text/html"}}), step::ok()});
        auto r = fx.call();
        REQUIRE(r.has_value());
        CHECK(r->attempts == 3);
        const auto ev = fx.events();
        REQUIRE(ev.size() == 3);
        CHECK(ev[0].retry_kind == "server");
        CHECK(ev[0].http_status == 502);
    }
    {
        client_fixture fx([](config::resolved_config& c) { c.retry.max_attempts = 1; });
        fx.transport->push(step::response(502, "<html>bad gateway</html>", {{"Content-Type", "text/html"}}));
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().service_code == "502");
        CHECK(r.error().code == errc::service_unavailable);
        CHECK(r.error().server_message == "<html>bad gateway</html>");
        CHECK(r.error().max_attempts_reached);
    }
    {
        client_fixture fx;
        fx.transport->script({step::response(501), step::ok()});
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().http_status == 501);
        CHECK(r.error().attempts == 1);
        CHECK_FALSE(r.error().server_message.empty());  // the status reason stands in
        CHECK(fx.quota() == 500);
    }
}

TEST_CASE("spec case 21: 403 InvalidSignatureException with Date 10 min ahead: offset +600 s, one retry signed at now+600 s, same token; 2 min: no retry") {
    {
        client_fixture fx;
        const auto server_time = fx.clock->wall_now() + 10min;
        fx.transport->script(
            {step::service_error(403, "InvalidSignatureException", "Signature expired: 20240501T120000Z is now earlier than 20240501T120500Z")
                 .with_date(server_time),
             step::ok(), step::ok()});
        auto r = fx.call();
        REQUIRE(r.has_value());
        CHECK(r->attempts == 2);
        CHECK(fx.c.stats().clock_skew == 600'000ms);
        CHECK(fx.c.stats().retries_clock_skew == 1);
        const auto sends = fx.transport->sends();
        REQUIRE(sends.size() == 2);
        CHECK(sends[0].parsed.header("X-Amz-Date") == "20240501T120000Z");
        // The retry comes after a 1 s backoff and is signed with the corrected clock.
        CHECK(delays_text(fx.services.delays()) == "1000ms");
        CHECK(sends[1].parsed.header("X-Amz-Date") == amz_date(fx.clock->wall_now() + 600s));
        CHECK(sends[1].parsed.header("X-Amz-Date") == "20240501T121001Z");
        CHECK(sends[1].parsed.header("Authorization").find("Credential=AKIDEXAMPLE/20240501/us-east-1/connect/aws4_request") !=
              std::string::npos);
        CHECK(sends[0].parsed.client_token() == sends[1].parsed.client_token());
        const auto ev = fx.events();
        REQUIRE(ev.size() == 2);
        CHECK(ev[0].retry_kind == "clock_skew");
        CHECK(ev[0].error == errc::signature_expired);
        // Later calls are signed with the offset too.
        REQUIRE(fx.call().has_value());
        CHECK(fx.transport->sends().back().parsed.header("X-Amz-Date") == "20240501T121001Z");
    }
    {
        client_fixture fx;
        fx.transport->script(
            {step::service_error(403, "InvalidSignatureException", "The request signature we calculated does not match")
                 .with_date(fx.clock->wall_now() + 2min),
             step::ok()});
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::invalid_signature);
        CHECK(r.error().kind_string() == "AUTH_ERROR");
        CHECK(r.error().attempts == 1);
        CHECK(fx.c.stats().clock_skew == 0ms);
        CHECK(fx.transport->send_count() == 1);
    }
}

TEST_CASE("spec case 21, concurrent: two calls signed before the skew was learned are both retried once") {
    // Both first attempts are signed with offset 0 and both answered "Signature expired"
    // with a Date 10 min ahead. The first answer corrects the offset; the second changes
    // nothing, yet its request was signed with the old offset: it is retried too (found by
    // the fault matrix, where 15 of 16 concurrent calls failed).
    client_fixture fx;
    const auto server_time = fx.clock->wall_now() + 10min;
    const auto expired = step::service_error(403, "InvalidSignatureException",
                                             "Signature expired: 20240501T120000Z is now earlier than 20240501T120500Z")
                             .with_date(server_time);
    fx.transport->script({expired, expired, step::ok(), step::ok()});
    std::optional<result<release_phone_number_response>> a, b;
    asio::co_spawn(fx.ioc, fx.c.release_phone_number({test_id, "token-a"}),
                   [&](std::exception_ptr, result<release_phone_number_response> r) { a.emplace(std::move(r)); });
    asio::co_spawn(fx.ioc, fx.c.release_phone_number({test_id, "token-b"}),
                   [&](std::exception_ptr, result<release_phone_number_response> r) { b.emplace(std::move(r)); });
    fx.ioc.restart();
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!(a && b) && std::chrono::steady_clock::now() < deadline) fx.ioc.run_for(20ms);
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    REQUIRE_MESSAGE(a->has_value(), to_envelope_json(*a));
    REQUIRE_MESSAGE(b->has_value(), to_envelope_json(*b));
    CHECK((*a)->attempts == 2);
    CHECK((*b)->attempts == 2);
    CHECK(fx.c.stats().retries_clock_skew == 2);
    const auto sends = fx.transport->sends();
    REQUIRE(sends.size() == 4);
    CHECK(sends[0].parsed.header("X-Amz-Date") == "20240501T120000Z");
    CHECK(sends[1].parsed.header("X-Amz-Date") == "20240501T120000Z");
    // The retries are signed with the corrected clock.
    CHECK(sends[2].parsed.header("X-Amz-Date") != "20240501T120000Z");
    CHECK(sends[3].parsed.header("X-Amz-Date") != "20240501T120000Z");
}

TEST_CASE("spec case 22: adaptive mode: dormant through 24 successes; a throttle at a measured 10 rps sets fill rate 7, capacity 7; an acquire with an empty bucket waits 1/7 s") {
    client_fixture fx([](config::resolved_config& c) { c.retry.mode = retry_mode::adaptive; });
    auto* limiter = fx.impl->limiter();
    REQUIRE(limiter != nullptr);
    std::optional<retry::adaptive_rate_limiter::state> after_throttle;
    fx.on_event([&](const attempt_event& e) {
        if (e.error == errc::throttled) after_throttle = limiter->snapshot();
    });
    // 24 calls in the first 0.5 s bucket (t = 0, 20, ..., 460 ms): the limiter is dormant,
    // so nothing waits.
    for (int i = 0; i < 24; ++i) {
        fx.clock->advance_to(fx.clock->steady_at(std::chrono::milliseconds(20 * i)));
        fx.transport->push(step::ok());
        REQUIRE(fx.call().has_value());
    }
    CHECK(fx.services.sleeps().empty());
    CHECK_FALSE(limiter->snapshot().enabled);

    // At t = 2 s a throttle: 25 responses over 2 s is 12.5 rps, smoothed to 0.8 x 12.5 = 10.
    fx.clock->advance_to(fx.clock->steady_at(2s));
    fx.services.set_jitter(0.0);  // zero backoffs: only the limiter makes the call wait
    fx.transport->script({throttling_429(), step::ok()});
    auto a = fx.call();
    REQUIRE_MESSAGE(a.has_value(), (a ? "" : to_envelope_json(a)));
    CHECK(a->attempts == 2);
    REQUIRE(after_throttle.has_value());
    CHECK(after_throttle->enabled);
    CHECK(after_throttle->measured_tx_rate == doctest::Approx(10.0));
    CHECK(after_throttle->last_max_rate == doctest::Approx(10.0));
    CHECK(after_throttle->fill_rate == doctest::Approx(7.0));
    CHECK(after_throttle->max_capacity == doctest::Approx(7.0));
    CHECK(after_throttle->k == doctest::Approx(std::cbrt(10.0 * 0.3 / 0.4)));
    // The bucket had filled to its dormant capacity (1 token at 0.5/s since t = 0), so the
    // retry at once takes that token: no limiter wait, only the zero backoff.
    CHECK(after_throttle->current_capacity == doctest::Approx(1.0));
    CHECK(delays_text(fx.services.delays()) == "0ms");
    // The success at the throttle's instant puts the rate on the cubic curve at t - K = -K:
    // 0.4 (-K)^3 + 10 = 10 - 3 = 7; the bucket is empty.
    CHECK(limiter->snapshot().fill_rate == doctest::Approx(7.0));
    CHECK(limiter->snapshot().current_capacity == doctest::Approx(0.0).epsilon(1e-9));

    // The next call, at the same instant: the empty bucket makes it wait (1 - 0)/7 s.
    const auto before = fx.services.sleeps().size();
    fx.transport->push(step::ok());
    auto b = fx.call();
    CHECK_FALSE(fx.services.spin_detected());
    REQUIRE_MESSAGE(b.has_value(), (b ? "" : to_envelope_json(b)));
    const auto d = fx.services.delays();
    REQUIRE(d.size() > before);
    std::chrono::nanoseconds waited{0};
    for (std::size_t i = before; i < d.size(); ++i) waited += d[i];
    CHECK(std::abs(static_cast<double>(waited.count()) - 1e9 / 7.0) <= 2.0);
    CHECK(fx.transport->sends().back().at == fx.clock->steady_at(2s) + waited);

    // A success at t = 4 s (2 s after the throttle): the cubic curve 0.4(t - K)^3 + 10 is
    // at 10.00003, above twice the measured rate (0.8 x 1.5 + 0.2 x 10 = 3.2): capped at 6.4.
    fx.clock->advance_to(fx.clock->steady_at(4s));
    fx.transport->push(step::ok());
    REQUIRE(fx.call().has_value());
    CHECK(limiter->snapshot().measured_tx_rate == doctest::Approx(3.2));
    CHECK(limiter->snapshot().fill_rate == doctest::Approx(6.4));
}

TEST_CASE("spec case 23: adaptive floor: a throttle at a measured rate below 0.5 rps gives fill rate 0.5 and capacity 1; the limiter then delays attempts") {
    client_fixture fx([](config::resolved_config& c) { c.retry.mode = retry_mode::adaptive; });
    std::vector<retry::adaptive_rate_limiter::state> states;
    fx.on_event([&](const attempt_event&) { states.push_back(fx.impl->limiter()->snapshot()); });
    fx.transport->script({throttling_429(), throttling_429(), step::ok()});
    auto r = fx.call();
    REQUIRE(r.has_value());
    CHECK(r->attempts == 3);
    // Attempt 1 at 0 s (429 with a measured rate of 0: fill rate 0.5, capacity 1, bucket
    // empty); backoff 1 s; at 1 s the bucket holds 0.5 token: the limiter waits 1 s more;
    // attempt 2 at 2 s (429, measured 0.8: min(0.8, 0.5) x 0.7 = 0.35, floored again);
    // backoff 2 s; at 4 s the bucket is full (1 token): no wait.
    CHECK(delays_text(fx.services.delays()) == "1000ms 1000ms 2000ms");
    const auto sends = fx.transport->sends();
    REQUIRE(sends.size() == 3);
    const auto t0 = fx.clock->steady_start();
    CHECK(sends[0].at == t0);
    CHECK(sends[1].at == t0 + 2s);
    CHECK(sends[2].at == t0 + 4s);
    REQUIRE(states.size() == 3);
    for (int i = 0; i < 2; ++i) {
        CAPTURE(i);
        CHECK(states[i].enabled);
        CHECK(states[i].fill_rate == doctest::Approx(0.5));
        CHECK(states[i].max_capacity == doctest::Approx(1.0));
        CHECK(states[i].current_capacity == doctest::Approx(0.0));
    }
    CHECK(states[0].measured_tx_rate == doctest::Approx(0.0));
    CHECK(states[1].measured_tx_rate == doctest::Approx(0.8));
    CHECK(quota_trace(fx.events()) == "495 490 495");
}

TEST_CASE("spec case 24: headers: amz-sdk-request attempt=1; max=3 .. attempt=3; max=3; one invocation id, a UUID v4, not the token") {
    client_fixture fx;
    fx.transport->script({internal_500(), step::response(503), step::ok()});
    REQUIRE(fx.call().has_value());
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[0].header("amz-sdk-request") == "attempt=1; max=3");
    CHECK(reqs[1].header("amz-sdk-request") == "attempt=2; max=3");
    CHECK(reqs[2].header("amz-sdk-request") == "attempt=3; max=3");
    const std::string inv = reqs[0].header("amz-sdk-invocation-id");
    CHECK(looks_like_uuid_v4(inv));
    for (const auto& q : reqs) {
        CHECK(q.header_count("amz-sdk-invocation-id") == 1);
        CHECK(q.header("amz-sdk-invocation-id") == inv);
        CHECK(*q.client_token() != inv);
    }
    // The real generator too.
    auto real = detail::real_client_services();
    const auto a = real.new_invocation_id(), b = real.new_invocation_id();
    CHECK(looks_like_uuid_v4(a));
    CHECK(looks_like_uuid_v4(b));
    CHECK(a != b);
}

TEST_CASE("spec case 25: 100 concurrent calls on one client (io_context on 4 threads) share one quota: back at 500, never negative") {
    client_fixture fx;
    // Per call: attempt 1 gets a 500, attempt 2 a 200.
    fx.transport->set_handler([](const parsed_request& q) {
        return q.header("amz-sdk-request") == "attempt=1; max=3" ? internal_500() : step::ok();
    });
    constexpr int calls = 100;
    std::mutex m;
    std::vector<result<release_phone_number_response>> results;
    std::atomic<int> done{0};
    for (int i = 0; i < calls; ++i)
        asio::co_spawn(fx.ioc, fx.c.release_phone_number({test_id, std::nullopt}),
                       [&](std::exception_ptr e, result<release_phone_number_response> r) {
                           CHECK_FALSE(e);
                           std::lock_guard lock(m);
                           results.push_back(std::move(r));
                           ++done;
                       });
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back([&] { fx.ioc.run_for(60s); });
    for (auto& t : threads) t.join();
    REQUIRE(done == calls);
    std::set<std::string> tokens;
    for (const auto& r : results) {
        REQUIRE(r.has_value());
        CHECK(r->attempts == 2);
        tokens.insert(r->client_token);
    }
    CHECK(tokens.size() == calls);
    CHECK(fx.quota() == 500);
    // Every retry drew 5 tokens and every success gave them back: 100 retries, none refused,
    // and every level the quota went through is 500 minus 5 per call between its two
    // attempts (at most all 100 at once: 0).
    int retries = 0, successes = 0;
    for (const auto& e : fx.events()) {
        if (e.will_retry) ++retries;
        if (!e.error) ++successes;
        CHECK(e.quota_left % 5 == 0);
        CHECK(e.quota_left <= (e.will_retry ? 495 : 500));
    }
    CHECK(retries == calls);
    CHECK(successes == calls);
    CHECK(fx.c.stats().quota_exceeded == 0);
    CHECK(fx.transport->send_count() == 2 * calls);
    // Every call's two attempts carried its one token.
    std::map<std::string, int> per_token;
    for (const auto& q : fx.requests()) ++per_token[*q.client_token()];
    CHECK(per_token.size() == calls);
    for (const auto& [t, n] : per_token) CHECK(n == 2);
    const auto s = fx.c.stats();
    CHECK(s.calls == calls);
    CHECK(s.succeeded == calls);
    CHECK(s.attempts == 2 * calls);
    CHECK(s.retries == calls);
    CHECK(s.retries_server == calls);
    CHECK(s.retry_quota == 500);
}

}  // TEST_SUITE
