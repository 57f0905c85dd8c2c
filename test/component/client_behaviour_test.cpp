// The client's rules beyond the spec's 25 cases (issue 5), through the real orchestration.
//
// Strategy: the same fakes as the spec cases (client_fixture.hpp). Validation is checked
// by what did NOT happen (no request, no token, no invocation id); request bytes are parsed
// and their signature recomputed with the signer; the observer's events, the client's
// stats, the quota and the fake sleeps are compared with exact values; deadlines and
// cancellation are driven by the fake clock and by cancellation signals posted from hooks,
// never by real timing.
#include "client_fixture.hpp"

#include "sigv4/sign_request.hpp"

#include <awsconnect/version.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <doctest/doctest.h>

#include <atomic>

using namespace awsconnect;
using namespace awsconnect::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using step = scripted_step;

namespace {

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

const std::string arn_prefix = "arn:aws:connect:us-east-1:123456789012:phone-number/";

// A provider that always fails (an unreachable credential source).
class failing_provider final : public credentials_provider {
public:
    asio::awaitable<result<credentials_ptr>> get_credentials() override {
        ++calls;
        co_return make_error(errc::credentials_unavailable, "no credentials: the test says so");
    }
    std::string_view name() const noexcept override { return "failing"; }
    int calls = 0;
};

}  // namespace

TEST_SUITE("component: client behaviour (issue 5)") {

TEST_CASE("validation: malformed ids and tokens are rejected locally with VALIDATION_ERROR; nothing is sent, no token or invocation id made") {
    struct row {
        const char* what;
        std::string id;
        std::optional<std::string> token;
        errc expected;
    };
    const std::vector<row> rows = {
        {"empty id", "", std::nullopt, errc::invalid_phone_number_id},
        {"501-byte id", std::string(501, 'a'), std::nullopt, errc::invalid_phone_number_id},
        {"invalid UTF-8 (bad continuation)", "abc\xC3\x28", std::nullopt, errc::invalid_phone_number_id},
        {"invalid UTF-8 (overlong)", "\xC0\xAF", std::nullopt, errc::invalid_phone_number_id},
        {"invalid UTF-8 (truncated)", "abc\xE2\x82", std::nullopt, errc::invalid_phone_number_id},
        {"control character C0", std::string("abc\x01" "def"), std::nullopt, errc::invalid_phone_number_id},
        {"newline", "ab\ncd", std::nullopt, errc::invalid_phone_number_id},
        {"DEL", "ab\x7F", std::nullopt, errc::invalid_phone_number_id},
        {"C1 control (U+0085)", "ab\xC2\x85", std::nullopt, errc::invalid_phone_number_id},
        {"ARN of another resource", "arn:aws:connect:us-east-1:123456789012:instance/abc", std::nullopt,
         errc::invalid_phone_number_id},
        {"ARN of another service", "arn:aws:s3:us-east-1:123456789012:phone-number/abc", std::nullopt,
         errc::invalid_phone_number_id},
        {"ARN with a bad account", "arn:aws:connect:us-east-1:acct:phone-number/abc", std::nullopt,
         errc::invalid_phone_number_id},
        {"ARN without an id", "arn:aws:connect:us-east-1:123456789012:phone-number/", std::nullopt,
         errc::invalid_phone_number_id},
        {"ARN with an extra segment", arn_prefix + "a/b", std::nullopt, errc::invalid_phone_number_id},
        {"ARN in another Region", "arn:aws:connect:eu-west-2:123456789012:phone-number/abc", std::nullopt,
         errc::region_mismatch},
        {"empty token", test_id, std::string(), errc::invalid_client_token},
        {"501-character token", test_id, std::string(501, 'k'), errc::invalid_client_token},
        {"token not UTF-8", test_id, std::string("tok\xFF"), errc::invalid_client_token},
    };
    client_fixture fx;
    int n = 0;
    for (const auto& x : rows) {
        CAPTURE(x.what);
        auto r = fx.call(release_phone_number_request{x.id, x.token});
        ++n;
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == x.expected);
        CHECK(r.error().kind_string() == "VALIDATION_ERROR");
        CHECK(r.error().attempts == 0);
        CHECK(r.error().http_status == 0);
        CHECK_FALSE(r.error().message.empty());
        CHECK(r.error().client_token == x.token.value_or(""));
    }
    CHECK(fx.transport->send_count() == 0);
    CHECK(fx.services.token_calls() == 0);
    CHECK(fx.services.invocation_id_calls() == 0);
    CHECK(fx.events().empty());
    const auto s = fx.c.stats();
    CHECK(s.calls == static_cast<std::uint64_t>(n));
    CHECK(s.failed == static_cast<std::uint64_t>(n));
    CHECK(s.attempts == 0);
}

TEST_CASE("validation: an ARN naming another Region is rejected with the exact message") {
    client_fixture fx;
    auto r = fx.call("arn:aws:connect:eu-west-2:123456789012:phone-number/" + std::string(test_id));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::region_mismatch);
    CHECK(r.error().message ==
          "PhoneNumberId names Region \"eu-west-2\" but this client calls us-east-1: phone numbers can only be "
          "managed in the Region where they were claimed");
    CHECK(fx.transport->send_count() == 0);
}

TEST_CASE("validation limits: a 500-byte id and a same-Region ARN are sent, each as one percent-encoded path segment") {
    client_fixture fx;
    fx.transport->script({step::ok(), step::ok()});
    const std::string long_id(500, 'a');
    REQUIRE(fx.call(long_id).has_value());
    const std::string arn = arn_prefix + test_id;
    auto r = fx.call(arn);
    REQUIRE(r.has_value());
    CHECK(r->phone_number_id == arn);
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].path == "/phone-number/" + long_id);
    CHECK(reqs[1].path == "/phone-number/arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Aphone-number%2F" +
                              std::string(test_id));
}

TEST_CASE("the request: DELETE line, Host, X-Amz-Date, a valid SigV4 Authorization over what was sent, User-Agent awsconnect/<version>") {
    client_fixture fx([](config::resolved_config& c) { c.user_agent_suffix = "myapp/1.2"; });
    fx.transport->script({step::ok()});
    REQUIRE(fx.call_with_token("tok-1").has_value());
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 1);
    const auto& q = reqs[0];
    REQUIRE(q.ok);
    CHECK(q.method == "DELETE");
    CHECK(q.target == std::string("/phone-number/") + test_id + "?clientToken=tok-1");
    CHECK(q.header("Host") == test_host);
    CHECK(q.header("X-Amz-Date") == "20240501T120000Z");
    CHECK(q.header_count("X-Amz-Security-Token") == 0);
    CHECK(q.body.empty());
    const std::string ua = q.header("User-Agent");
    CHECK(ua.rfind(std::string("awsconnect/") + awsconnect::version + " ", 0) == 0);
    CHECK(ua.size() > std::string(" myapp/1.2").size());
    CHECK(ua.substr(ua.size() - std::string(" myapp/1.2").size()) == " myapp/1.2");
    // The signature covers exactly the bytes sent: recompute it from the parsed request.
    const auto creds = test_credentials();
    const std::string host_value = q.header("Host");
    const sigv4::header_field host[] = {{"host", host_value}};
    sigv4::signing_params p;
    p.credentials = {creds.access_key_id, creds.secret_access_key, creds.session_token};
    p.region = test_region;
    p.service = "connect";
    p.time = fake_wall_start();
    sigv4::signing_output expected;
    sigv4::sign({"DELETE", q.path, q.query, host, {}, {}}, p, expected);
    CHECK(q.header("Authorization") == expected.authorization);
    CHECK(q.header("Authorization").rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/connect/aws4_request, ", 0) == 0);
}

TEST_CASE("temporary credentials: X-Amz-Security-Token is sent and signed") {
    credentials temp = test_credentials();
    temp.session_token = "session-token-value";
    temp.expiration = fake_wall_start() + 1h;
    client_fixture fx({}, temp);
    fx.transport->script({step::ok()});
    REQUIRE(fx.call().has_value());
    const auto q = fx.requests().at(0);
    CHECK(q.header("X-Amz-Security-Token") == "session-token-value");
    const std::string host_value = q.header("Host");
    const sigv4::header_field host[] = {{"host", host_value}};
    sigv4::signing_params p;
    p.credentials = {temp.access_key_id, temp.secret_access_key, temp.session_token};
    p.region = test_region;
    p.service = "connect";
    p.time = fake_wall_start();
    sigv4::signing_output expected;
    sigv4::sign({"DELETE", q.path, q.query, host, {}, {}}, p, expected);
    CHECK(q.header("Authorization") == expected.authorization);
    CHECK(q.header("Authorization").find("x-amz-security-token") != std::string::npos);
}

TEST_CASE("credentials that cannot be had: CREDENTIALS_UNAVAILABLE, nothing sent") {
    auto provider = std::make_shared<failing_provider>();
    auto cfg = spec_default_config();
    boost::asio::io_context ioc;
    auto clock = std::make_shared<fake_clock>();
    fake_services svc(clock);
    auto transport = std::make_shared<scripted_transport>(clock);
    auto impl = std::make_shared<detail::client_impl>(ioc.get_executor(), cfg, test_endpoint(), transport, provider,
                                                      svc.services());
    client c = detail::client_access::make(impl);
    auto r = run_coro(ioc, c.release_phone_number({test_id, "tok-c"}));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::credentials_unavailable);
    CHECK(r.error().kind_string() == "CREDENTIALS_UNAVAILABLE");
    CHECK(r.error().attempts == 0);
    CHECK(r.error().client_token == "tok-c");
    CHECK(transport->send_count() == 0);
    CHECK(provider->calls >= 1);
}

TEST_CASE("the token is on the response and on every error (service, transport, quota, deadline, validation with a caller token)") {
    {
        client_fixture fx;
        fx.transport->script({step::ok()});
        auto r = fx.call();
        REQUIRE(r.has_value());
        CHECK(r->client_token == fake_services::token(1));
        CHECK(r->attempts == 1);
        CHECK(r->request_id == "req-1");
        CHECK(r->released_at == fake_wall_start());
        CHECK(r->phone_number_id == test_id);
    }
    {
        client_fixture fx;
        fx.transport->script({step::service_error(404, "ResourceNotFoundException", "not found")});
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().client_token == fake_services::token(1));
        CHECK(r.error().request_id == "req-1");
    }
    {
        client_fixture fx([](config::resolved_config& c) { c.retry.max_attempts = 1; });
        fx.transport->script({step::transport_error(errc::connection_refused)});
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::connection_refused);
        CHECK(r.error().kind_string() == "CONNECTION_ERROR");
        CHECK(r.error().client_token == fake_services::token(1));
        CHECK(r.error().attempts == 1);
    }
    {
        client_fixture fx([](config::resolved_config& c) { c.retry.initial_quota = 0; });
        fx.transport->script({internal_500()});
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::retry_quota_exceeded);
        CHECK(r.error().client_token == fake_services::token(1));
    }
    {
        client_fixture fx([](config::resolved_config& c) { c.timeouts.operation = 5s; });
        fx.transport->script({step::hang()});
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::operation_timeout);
        CHECK(r.error().client_token == fake_services::token(1));
    }
    {
        client_fixture fx;
        auto r = fx.call(release_phone_number_request{"", "my-token"});
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().client_token == "my-token");
    }
}

TEST_CASE("one invocation id per call: the same on every attempt, a new one for the next call") {
    client_fixture fx;
    fx.transport->script({internal_500(), step::ok(), step::ok()});
    REQUIRE(fx.call().has_value());
    REQUIRE(fx.call().has_value());
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[0].header("amz-sdk-invocation-id") == fake_services::invocation_id(1));
    CHECK(reqs[1].header("amz-sdk-invocation-id") == fake_services::invocation_id(1));
    CHECK(reqs[2].header("amz-sdk-invocation-id") == fake_services::invocation_id(2));
    CHECK(fx.services.invocation_id_calls() == 2);
    CHECK(reqs[2].header("amz-sdk-request") == "attempt=1; max=3");
}

TEST_CASE("amz-sdk-request follows max_attempts: attempt=N; max=M") {
    client_fixture fx([](config::resolved_config& c) { c.retry.max_attempts = 5; });
    fx.transport->script({internal_500(), internal_500(), internal_500(), internal_500(), internal_500()});
    auto r = fx.call();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().attempts == 5);
    const auto reqs = fx.requests();
    REQUIRE(reqs.size() == 5);
    for (int i = 0; i < 5; ++i) CHECK(reqs[i].header("amz-sdk-request") == "attempt=" + std::to_string(i + 1) + "; max=5");
}

TEST_CASE("max_attempts 1 disables retries: a 500 is returned at once with max_attempts_reached, no quota used") {
    client_fixture fx([](config::resolved_config& c) { c.retry.max_attempts = 1; });
    fx.transport->script({internal_500(), step::ok()});
    auto r = fx.call();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().attempts == 1);
    CHECK(r.error().max_attempts_reached);
    CHECK(fx.quota() == 500);
    CHECK(fx.services.sleeps().empty());
    CHECK(fx.requests().at(0).header("amz-sdk-request") == "attempt=1; max=1");
}

TEST_CASE("the observer sees every attempt: attempt, error, status, request id, retry kind, will_retry, delay, quota left") {
    client_fixture fx;
    fx.transport->script({throttling_429().with_header("x-amzn-RequestId", "rid-a"), internal_500(), step::ok()});
    auto r = fx.call();
    REQUIRE(r.has_value());
    const auto ev = fx.events();
    REQUIRE(ev.size() == 3);
    CHECK(ev[0].attempt == 1);
    CHECK(ev[0].max_attempts == 3);
    CHECK(ev[0].error == errc::throttled);
    CHECK(ev[0].http_status == 429);
    CHECK(ev[0].request_id == "rid-a");
    CHECK(ev[0].client_token == r->client_token);
    CHECK(ev[0].retry_kind == "throttling");
    CHECK(ev[0].will_retry);
    CHECK(ev[0].delay == 1000ms);
    CHECK(ev[0].quota_left == 495);

    CHECK(ev[1].attempt == 2);
    CHECK(ev[1].error == errc::internal_service_error);
    CHECK(ev[1].http_status == 500);
    CHECK(ev[1].request_id == "req-2");
    CHECK(ev[1].retry_kind == "server");
    CHECK(ev[1].will_retry);
    CHECK(ev[1].delay == 2000ms);
    CHECK(ev[1].quota_left == 490);

    CHECK(ev[2].attempt == 3);
    CHECK_FALSE(ev[2].error);
    CHECK(ev[2].http_status == 200);
    CHECK(ev[2].request_id == "req-3");
    CHECK_FALSE(ev[2].will_retry);
    CHECK(ev[2].delay == 0ms);
    CHECK(ev[2].quota_left == 495);
    CHECK(ev[2].stale_replays == 0);
}

TEST_CASE("the observer sees the final failure without a retry: will_retry false, the quota left") {
    client_fixture fx;
    fx.transport->script({step::service_error(404, "ResourceNotFoundException")});
    REQUIRE_FALSE(fx.call().has_value());
    const auto ev = fx.events();
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].error == errc::resource_not_found);
    CHECK(ev[0].retry_kind == "");
    CHECK_FALSE(ev[0].will_retry);
    CHECK(ev[0].quota_left == 500);
}

TEST_CASE("client_stats counts calls, outcomes, attempts, retries by reason, quota exhaustion and the quota") {
    client_fixture fx([](config::resolved_config& c) { c.retry.initial_quota = 30; });
    fx.transport->script({
        // call 1: throttling, transient, success: 2 retries
        throttling_429(), step::transport_error(errc::connection_reset), step::ok(),
        // call 2: server error x3: max attempts
        internal_500(), step::response(503), step::response(504),
        // call 3: 404, no retry
        step::service_error(404, "ResourceNotFoundException"),
    });
    REQUIRE(fx.call().has_value());       // quota 30 -> 25 -> 20 -> 25
    REQUIRE_FALSE(fx.call().has_value());  // 25 -> 20 -> 15
    REQUIRE_FALSE(fx.call().has_value());  // 15
    REQUIRE_FALSE(fx.call("").has_value());  // validation
    // call 5: quota too low for a retry
    {
        fx.transport->script({step::hang()});  // a timeout costs 10 under 2.0: 15 - 10 = 5
        fx.transport->push(step::hang());      // then 5 < 10: quota exceeded
        REQUIRE_FALSE(fx.call().has_value());
    }
    const auto s = fx.c.stats();
    CHECK(s.calls == 5);
    CHECK(s.succeeded == 1);
    CHECK(s.failed == 4);
    CHECK(s.cancelled == 0);
    CHECK(s.attempts == 3 + 3 + 1 + 0 + 2);
    CHECK(s.retries == 2 + 2 + 0 + 0 + 1);
    CHECK(s.retries_throttling == 1);
    CHECK(s.retries_transient == 1 + 1);
    CHECK(s.retries_server == 2);
    CHECK(s.retries_clock_skew == 0);
    CHECK(s.max_attempts_reached == 1);
    CHECK(s.quota_exceeded == 1);
    CHECK(s.retry_quota == 5);
    CHECK(s.retry_quota == fx.quota());
    CHECK(s.pool.acquires == 9);  // the transport's stats are passed through
}

TEST_CASE("x-amz-retry-after under the 2.0 rules: min(value, max_backoff)") {
    const std::pair<const char*, const char*> rows[] = {{"1500", "1500ms"}, {"30000", "20000ms"}, {"-5", "1000ms"}};
    for (const auto& [value, expected] : rows) {
        CAPTURE(value);
        client_fixture fx;
        fx.transport->script({throttling_429().with_header("x-amz-retry-after", value), step::ok()});
        REQUIRE(fx.call().has_value());
        CHECK(delays_text(fx.services.delays()) == expected);
    }
}

TEST_CASE("the 2.1 rules end to end: throttling costs 5 and waits 1 s x 2^i; other errors cost 14 and wait 50 ms x 2^i") {
    client_fixture fx([](config::resolved_config& c) {
        c.retry.rules = retry_rules::v2_1;
        c.retry.max_attempts = 4;
    });
    fx.transport->script({throttling_429(), internal_500(), step::transport_error(errc::connection_closed), step::ok()});
    auto r = fx.call();
    REQUIRE(r.has_value());
    CHECK(r->attempts == 4);
    // i = 0 throttling: 1 s; i = 1 server: 100 ms; i = 2 transient: 200 ms.
    CHECK(delays_text(fx.services.delays()) == "1000ms 100ms 200ms");
    std::string trace;
    for (const auto& e : fx.events()) trace += std::to_string(e.quota_left) + " ";
    CHECK(trace == "495 481 467 481 ");  // success gives back the last cost (14)
}

TEST_CASE("quota disabled: retries cost nothing and are never refused") {
    client_fixture fx([](config::resolved_config& c) {
        c.retry.quota_enabled = false;
        c.retry.initial_quota = 0;
    });
    fx.transport->script({internal_500(), internal_500(), step::ok()});
    auto r = fx.call();
    REQUIRE(r.has_value());
    CHECK(r->attempts == 3);
    CHECK(fx.c.stats().quota_exceeded == 0);
}

TEST_CASE("quota exhausted: RETRY_QUOTA_EXCEEDED names the client-side quota and keeps the last error in cause, status, code and request id") {
    client_fixture fx([](config::resolved_config& c) { c.retry.initial_quota = 7; });
    fx.transport->script({internal_500(), internal_500().with_header("x-amzn-RequestId", "rid-last"), step::ok()});
    auto r = fx.call();
    REQUIRE_FALSE(r.has_value());
    const error& e = r.error();
    CHECK(e.code == errc::retry_quota_exceeded);
    CHECK(e.kind_string() == "RETRY_QUOTA_EXCEEDED");
    CHECK(e.message.find("client-side retry quota") != std::string::npos);
    CHECK(e.message.find("2 tokens left, 5 needed") != std::string::npos);
    CHECK(e.cause == errc::internal_service_error);
    CHECK(e.http_status == 500);
    CHECK(e.service_code == "InternalServiceException");
    CHECK(e.request_id == "rid-last");
    CHECK(e.server_message == "Internal service failure");
    CHECK(e.attempts == 2);
    CHECK_FALSE(e.max_attempts_reached);
    CHECK(fx.quota() == 2);
}

TEST_CASE("no retry whose backoff would cross the operation deadline: the last error is returned, the cost given back") {
    client_fixture fx([](config::resolved_config& c) { c.timeouts.operation = 2500ms; });
    fx.transport->script({internal_500(), internal_500(), step::ok()});
    auto r = fx.call();
    REQUIRE_FALSE(r.has_value());
    // Attempt 1 at 0 s, backoff 1 s, attempt 2 at 1 s; its backoff of 2 s would end at
    // 3 s, after the deadline (2.5 s): no third attempt, no sleep.
    CHECK(r.error().code == errc::internal_service_error);
    CHECK(r.error().attempts == 2);
    CHECK(r.error().message.find("operation deadline") != std::string::npos);
    CHECK(delays_text(fx.services.delays()) == "1000ms");
    CHECK(fx.transport->send_count() == 2);
    CHECK(fx.elapsed() == 1s);
    CHECK(fx.quota() == 495);  // the first retry's 5; the refused one's given back
    const auto ev = fx.events();
    REQUIRE(ev.size() == 2);
    CHECK_FALSE(ev[1].will_retry);
    CHECK(ev[1].quota_left == 495);
}

TEST_CASE("an attempt never outlives the call: its deadline is min(attempt timeout, operation deadline)") {
    client_fixture fx([](config::resolved_config& c) {
        c.timeouts.attempt = 3s;
        c.timeouts.operation = 5s;
    });
    fx.transport->script({step::hang(), step::ok()});
    auto r = fx.call();
    REQUIRE(r.has_value());
    const auto sends = fx.transport->sends();
    REQUIRE(sends.size() == 2);
    const auto t0 = fx.clock->steady_start();
    CHECK(sends[0].deadline == t0 + 3s);
    CHECK(sends[0].deadline_code == errc::attempt_timeout);
    CHECK(sends[1].at == t0 + 4s);             // 3 s timeout + 1 s backoff
    CHECK(sends[1].deadline == t0 + 5s);       // not 7 s
    CHECK(sends[1].deadline_code == errc::operation_timeout);
}

TEST_CASE("a 200 with an empty body or {} is success") {
    client_fixture fx;
    fx.transport->script({step::response(200, ""), step::response(200, "{}")});
    CHECK(fx.call().has_value());
    CHECK(fx.call().has_value());
}

namespace {

// Runs one call through the public client with a cancellation slot the test emits on
// (posted to the io_context, i.e. after the current step of the call has run).
struct signalled_call {
    client_fixture& fx;
    asio::cancellation_signal signal;
    std::optional<result<release_phone_number_response>> out;

    explicit signalled_call(client_fixture& f) : fx(f) {}
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
    void run() {
        fx.ioc.restart();
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (!out && std::chrono::steady_clock::now() < deadline) fx.ioc.run_for(20ms);
        REQUIRE_MESSAGE(out.has_value(), "the call did not finish in time");
    }
};

}  // namespace

TEST_CASE("a cancellation that arrives between two steps of a call (the 500 on its way, the backoff not yet waiting) is not lost") {
    // The caller cancels while attempt 1's answer (a 500) is being delivered. The call
    // then decides to retry and starts its backoff sleep; the cancellation was emitted
    // before that sleep began waiting. Issue 5: "cancelling the awaiting coroutine ends
    // the call promptly with CANCELLED": no second attempt.
    client_fixture fx;
    fx.services.set_blocking_sleeps(true, 500ms);  // bounded: an uncancelled sleep ends after 0.5 s real time
    fx.transport->script({internal_500(), step::ok()});
    signalled_call call(fx);
    fx.transport->on_send([&](int n) {
        if (n == 1) call.post_cancel();
    });
    call.start({test_id, std::nullopt});
    call.run();
    CHECK(fx.transport->send_count() == 1);
    REQUIRE_FALSE(call.out->has_value());
    CHECK(call.out->error().code == errc::cancelled);
    CHECK(call.out->error().attempts == 1);
}

TEST_CASE("a cancellation that lands just as the call completes is harmless (no use after free)") {
    // Regression: with Boost 1.81, co_spawn(strand, ..., use_awaitable) forwards a
    // cancellation by dispatching a lambda holding a raw pointer into the caller's slot; when
    // the call completed in between, that was a use after free (SIGSEGV, or a report under
    // ASan). client::release_phone_number now forwards through state it owns (client.cpp).
    client_fixture fx;
    fx.transport->script({step::ok()});
    signalled_call call(fx);
    fx.transport->on_send([&](int) { call.post_cancel(); });
    call.start({test_id, std::nullopt});
    call.run();
    // Either outcome is acceptable (the answer won, or the cancellation did); not crashing is the point.
    CHECK((call.out->has_value() || call.out->error().code == errc::cancelled));
}

namespace {

// A credentials provider that does not answer until the test opens its gate: a slow
// credential_process, a container endpoint that hangs. It ignores cancellation, as a
// provider written by a user may, and gives up after `limit` (so a client that waits for
// it forever fails the test instead of hanging it). `answered()` says whether it has
// returned credentials: the proof that a call ended while the refresh was still blocked.
class gated_provider final : public credentials_provider {
public:
    explicit gated_provider(std::chrono::milliseconds limit = 5s) : limit_(limit) {}

    /// Called when a fetch starts (on the fetching coroutine's thread).
    std::function<void()> on_start;

    asio::awaitable<result<credentials_ptr>> get_credentials() override {
        ++calls_;
        if (on_start) on_start();
        auto ex = co_await asio::this_coro::executor;
        const auto give_up = std::chrono::steady_clock::now() + limit_;
        while (!open_.load() && std::chrono::steady_clock::now() < give_up) {
            asio::steady_timer t(ex, 1ms);
            co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        if (!open_.load()) co_return make_error(errc::credentials_unavailable, "gated: the gate never opened");
        answered_ = true;
        credentials c;
        c.access_key_id = "AKIDGATED";
        c.secret_access_key = "gated-secret";
        c.source = "gated";
        co_return std::make_shared<const credentials>(std::move(c));
    }
    std::string_view name() const noexcept override { return "gated"; }

    void open() { open_ = true; }
    int calls() const { return calls_.load(); }
    bool answered() const { return answered_.load(); }

private:
    std::chrono::milliseconds limit_;
    std::atomic<bool> open_{false};
    std::atomic<bool> answered_{false};
    std::atomic<int> calls_{0};
};

bool signed_with(const parsed_request& r, std::string_view access_key_id) {
    return r.header("authorization").find("Credential=" + std::string(access_key_id) + "/") != std::string::npos;
}

}  // namespace

TEST_CASE("a credentials refresh that does not answer ends the call at the operation deadline; the refresh goes on for the next call") {
    // Issue 13 A6: the call awaited the refresh with no bound, so a slow credential_process
    // (60 s by default) made a call last far beyond its operation deadline.
    auto gate = std::make_shared<gated_provider>();
    client_fixture fx([](config::resolved_config& c) { c.timeouts.operation = 300ms; }, gate);
    fx.transport->script({step::ok()});
    auto r = fx.call_with_token("tok-slow-creds");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::operation_timeout);
    CHECK(r.error().kind_string() == "TIMEOUT");
    CHECK(r.error().attempts == 0);
    CHECK(r.error().client_token == "tok-slow-creds");
    CHECK_FALSE(r.error().cause);
    CHECK(r.error().message == "operation deadline of 300 ms reached after 0 attempt(s)");
    // It ended while the provider was still blocked, and nothing was sent.
    CHECK(gate->calls() == 1);
    CHECK_FALSE(gate->answered());
    CHECK(fx.transport->send_count() == 0);
    CHECK(fx.c.stats().failed == 1);

    // The refresh was not abandoned: once it answers, the next call uses its credentials
    // (no second fetch).
    gate->open();
    auto next = fx.call();
    REQUIRE_MESSAGE(next.has_value(), (next ? "" : next.error().message));
    CHECK(gate->calls() == 1);
    CHECK(gate->answered());
    REQUIRE(fx.transport->send_count() == 1);
    CHECK(signed_with(fx.requests().at(0), "AKIDGATED"));
}

TEST_CASE("cancelling a call that waits for credentials ends it with CANCELLED at once; the refresh goes on") {
    auto gate = std::make_shared<gated_provider>();
    client_fixture fx({}, gate);  // operation deadline 60 s: only the cancellation can end the wait
    fx.transport->script({step::ok()});
    signalled_call call(fx);
    gate->on_start = [&] { call.post_cancel(); };
    call.start({test_id, "tok-cancel-creds"});
    call.run();
    REQUIRE_FALSE(call.out->has_value());
    CHECK(call.out->error().code == errc::cancelled);
    CHECK(call.out->error().kind_string() == "CANCELLED");
    CHECK(call.out->error().attempts == 0);
    CHECK(call.out->error().client_token == "tok-cancel-creds");
    CHECK(gate->calls() == 1);
    CHECK_FALSE(gate->answered());
    CHECK(fx.transport->send_count() == 0);
    CHECK(fx.c.stats().cancelled == 1);

    gate->open();
    auto next = fx.call();
    REQUIRE_MESSAGE(next.has_value(), (next ? "" : next.error().message));
    CHECK(gate->calls() == 1);
    CHECK(signed_with(fx.requests().at(0), "AKIDGATED"));
}

TEST_CASE("a call waiting for another call's credentials refresh can be cancelled; the other call still gets them") {
    auto gate = std::make_shared<gated_provider>();
    auto cache = creds::make_cached_provider(gate);  // the engine uses a cache it is given as is
    client_fixture fx({}, cache);
    fx.transport->script({step::ok()});
    signalled_call first(fx);
    signalled_call second(fx);
    first.start({test_id, "tok-first"});  // starts the refresh
    fx.ioc.restart();
    for (int i = 0; i < 2000 && gate->calls() == 0; ++i) fx.ioc.run_one_for(10ms);
    REQUIRE(gate->calls() == 1);
    second.start({test_id, "tok-second"});  // waits for that refresh
    for (int i = 0; i < 2000 && cache->wait_count() == 0; ++i) fx.ioc.run_one_for(10ms);
    REQUIRE(cache->wait_count() == 1);
    second.post_cancel();
    second.run();
    REQUIRE_FALSE(second.out->has_value());
    CHECK(second.out->error().code == errc::cancelled);
    CHECK(second.out->error().attempts == 0);
    CHECK(second.out->error().client_token == "tok-second");
    CHECK_FALSE(gate->answered());
    CHECK_FALSE(first.out.has_value());  // still waiting

    gate->open();
    first.run();
    REQUIRE_MESSAGE(first.out->has_value(), (first.out->has_value() ? "" : first.out->error().message));
    CHECK(gate->calls() == 1);
    REQUIRE(fx.transport->send_count() == 1);
    CHECK(fx.transport->sends().at(0).parsed.client_token() == "tok-first");
}

TEST_CASE("shutdown reaches the transport") {
    client_fixture fx;
    fx.c.shutdown();
    CHECK(fx.transport->shutdowns() == 1);
}

}  // TEST_SUITE

TEST_SUITE("component: retry policy and the pool (pool.md R18)") {

TEST_CASE("R18: 30 s of 100% 503s drain the retry quota; then one success per 5 s refills it; replays and waits cost nothing") {
    client_fixture fx;
    fx.services.set_jitter(0.0);  // no backoff time: the test moves the clock itself
    fx.transport->set_handler([&](const parsed_request&) {
        return fx.clock->elapsed() < 30s
                   ? scripted_step::service_error(503, "ServiceUnavailableException", "Service is unavailable")
                   : scripted_step::ok().with_stale_replays(1);  // every success after a stale replay
    });
    // The window: a call every 0.5 s, 60 calls. Each of the first 50 spends 2 retries x 5
    // tokens; then the bucket is empty and calls stop after their first attempt.
    int exhausted = 0, out_of_attempts = 0;
    for (int i = 0; i < 60; ++i) {
        auto r = fx.call();
        REQUIRE_FALSE(r.has_value());
        if (r.error().code == errc::retry_quota_exceeded) {
            ++exhausted;
            CHECK(r.error().attempts == 1);
            CHECK(r.error().message.find("client-side retry quota") != std::string::npos);
            CHECK(r.error().http_status == 503);
        } else {
            ++out_of_attempts;
            CHECK(r.error().max_attempts_reached);
            CHECK(r.error().attempts == 3);
        }
        fx.clock->advance(500ms);
    }
    CHECK(out_of_attempts == 50);
    CHECK(exhausted == 10);
    CHECK(fx.quota() == 0);
    CHECK(fx.c.stats().retries == 100);
    CHECK(fx.c.stats().quota_exceeded == 10);

    // After the window: one success every 5 s, each after a stale keep-alive replay. A
    // success without a retry refunds 1 token; the replay costs nothing.
    for (int i = 1; i <= 10; ++i) {
        auto r = fx.call();
        REQUIRE(r.has_value());
        CHECK(r->attempts == 2);  // the replay is sent, but it is not a retry
        CHECK(fx.quota() == i);
        fx.clock->advance(5s);
    }
    CHECK(fx.c.stats().retries == 100);
    // stats().attempts counts requests sent, replays included (as results do).
    CHECK(fx.c.stats().attempts == 60 * 1 + 50 * 2 + 10 * 2);
    CHECK(fx.c.stats().pool.stale_replays == 10);
}

}  // TEST_SUITE
