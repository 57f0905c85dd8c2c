// The standard retry strategy (lib/retry/retry_strategy): costs, refunds, delays, the
// Retry-After hint and the decision order, under the 2.0 and 2.1 rules, with exact
// numbers.
//
// Strategy: a small driver plays one call the way the client's orchestration loop will:
// each scripted step is a response (run through the real response mapping and the
// classifier) or a transport error; after each failed attempt it asks `decide`, after a
// success it calls `on_success`. It records the delays, the quota after every attempt and
// the final flags, printed as strings so a failure shows the whole trace. The spec §9
// cases 1, 2, 3, 4, 8, 9, 10, 11, 12 and 13 are played through it (with b = 1 unless
// noted); the lead's component tests replay them over a fake transport.
#include "retry/retry_strategy.hpp"

#include "protocol/service_error.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace awsconnect;
using namespace std::chrono_literals;
using retry::rules_version;
using std::chrono::milliseconds;

namespace {

// One scripted attempt: a response, or a transport error.
struct step {
    int status = 0;
    std::string error_type;
    std::string retry_after;
    errc transport_error = errc::connection_reset;
};
step resp(int status, std::string error_type = {}, std::string retry_after = {}) {
    return {status, std::move(error_type), std::move(retry_after), {}};
}
step io(errc e) { return {0, {}, {}, e}; }

step ok() { return resp(200); }
step throttle() { return resp(429, "ThrottlingException"); }
step ise() { return resp(500, "InternalServiceException"); }

struct call_trace {
    bool success = false;
    int attempts = 0;
    std::string delays;  // ms, space-separated
    std::string quota;   // after each attempt, space-separated
    bool quota_exceeded = false;
    bool max_attempts_reached = false;
    errc last_error{};
};

void append(std::string& s, long long v) {
    if (!s.empty()) s.push_back(' ');
    s += std::to_string(v);
}

call_trace play(const retry::retry_policy_params& p, retry::retry_quota& q,
                const std::vector<step>& script, double b = 1.0) {
    call_trace t;
    int last_cost = 0;
    for (int attempt = 1;; ++attempt) {
        REQUIRE(attempt <= static_cast<int>(script.size()));  // the script ran out
        const step& s = script[static_cast<std::size_t>(attempt - 1)];
        t.attempts = attempt;

        retry::attempt_failure f;
        bool timeout = false;
        std::optional<milliseconds> retry_after;
        protocol::outcome o;
        if (s.status != 0) {
            http::response r;
            r.status = s.status;
            r.error_type = s.error_type;
            r.retry_after = s.retry_after;
            o = protocol::service_failure_of(r);
            if (!o) {
                retry::on_success(p, q, attempt, last_cost);
                append(t.quota, q.available());
                t.success = true;
                return t;
            }
            f = {o->code, o->http_status, o->service_code, false, false};
            retry_after = retry::parse_retry_after(r.retry_after);
        } else {
            f.code = s.transport_error;
            timeout = retry::is_timeout(f.code);
        }
        t.last_error = f.code;
        const auto d = retry::decide(p, q, retry::classify(f), timeout, attempt, b, retry_after);
        append(t.quota, q.available());
        if (!d.retry) {
            t.quota_exceeded = d.quota_exceeded;
            t.max_attempts_reached = d.max_attempts_reached;
            return t;
        }
        append(t.delays, d.delay.count());
        last_cost = d.cost;
    }
}

retry::retry_policy_params v2_0(int max_attempts = 3) {
    return {rules_version::v2_0, max_attempts, 20'000ms, true};
}
retry::retry_policy_params v2_1(int max_attempts = 3) {
    return {rules_version::v2_1, max_attempts, 20'000ms, true};
}

}  // namespace

TEST_SUITE("retry_strategy") {

TEST_CASE("costs and base delays of both rule sets") {
    using retry::retry_kind;
    CHECK(retry::retry_cost(rules_version::v2_0, retry_kind::throttling, false) == 5);
    CHECK(retry::retry_cost(rules_version::v2_0, retry_kind::server_error, false) == 5);
    CHECK(retry::retry_cost(rules_version::v2_0, retry_kind::transient, false) == 5);
    CHECK(retry::retry_cost(rules_version::v2_0, retry_kind::transient, true) == 10);
    CHECK(retry::retry_cost(rules_version::v2_0, retry_kind::clock_skew, false) == 5);
    CHECK(retry::retry_cost(rules_version::v2_0, retry_kind::none, false) == 0);
    CHECK(retry::retry_cost(rules_version::v2_1, retry_kind::throttling, false) == 5);
    CHECK(retry::retry_cost(rules_version::v2_1, retry_kind::server_error, false) == 14);
    CHECK(retry::retry_cost(rules_version::v2_1, retry_kind::transient, true) == 14);
    CHECK(retry::retry_cost(rules_version::v2_1, retry_kind::clock_skew, false) == 14);

    CHECK(retry::base_delay(rules_version::v2_0, retry_kind::throttling) == 1000ms);
    CHECK(retry::base_delay(rules_version::v2_0, retry_kind::transient) == 1000ms);
    CHECK(retry::base_delay(rules_version::v2_1, retry_kind::throttling) == 1000ms);
    CHECK(retry::base_delay(rules_version::v2_1, retry_kind::server_error) == 50ms);
    CHECK(retry::base_delay(rules_version::v2_1, retry_kind::transient) == 50ms);
}

TEST_CASE("case 1: throttling, throttling, success") {
    retry::retry_quota q;
    const auto t = play(v2_0(), q, {throttle(), throttle(), ok()});
    CHECK(t.success);
    CHECK(t.attempts == 3);
    CHECK(t.delays == "1000 2000");
    CHECK(t.quota == "495 490 495");
}

TEST_CASE("case 2: 500 on every attempt") {
    retry::retry_quota q;
    const auto t = play(v2_0(), q, {ise(), ise(), ise()});
    CHECK_FALSE(t.success);
    CHECK(t.attempts == 3);
    CHECK(t.max_attempts_reached);
    CHECK_FALSE(t.quota_exceeded);
    CHECK(t.last_error == errc::internal_service_error);
    CHECK(t.delays == "1000 2000");
    CHECK(t.quota == "495 490 490");  // botocore/Go costing; the last attempt costs nothing
}

TEST_CASE("cases 3 and 4: no retry on 4xx; the quota is untouched") {
    for (const auto& s : {resp(409, "IdempotencyException"), resp(400, "InvalidParameterException"),
                          resp(404, "ResourceNotFoundException"),
                          resp(409, "ResourceInUseException"), resp(403, "AccessDeniedException")}) {
        CAPTURE(s.error_type);
        retry::retry_quota q;
        const auto t = play(v2_0(), q, {s, ok()});
        CHECK_FALSE(t.success);
        CHECK(t.attempts == 1);
        CHECK(t.delays == "");
        CHECK(t.quota == "500");
        CHECK_FALSE(t.max_attempts_reached);
        CHECK_FALSE(t.quota_exceeded);
    }
}

TEST_CASE("case 8: quota below the cost stops at once and takes nothing") {
    retry::retry_quota q(4);
    const auto t = play(v2_0(), q, {ise(), ok()});
    CHECK_FALSE(t.success);
    CHECK(t.attempts == 1);
    CHECK(t.quota_exceeded);
    CHECK_FALSE(t.max_attempts_reached);
    CHECK(t.quota == "4");
    CHECK(q.available() == 4);
}

TEST_CASE("the max-attempts check comes after the retryable check, before the quota") {
    retry::retry_quota q(4);
    // A non-retryable error on the last attempt: neither flag.
    auto t = play(v2_0(1), q, {resp(404, "ResourceNotFoundException")});
    CHECK_FALSE(t.max_attempts_reached);
    CHECK_FALSE(t.quota_exceeded);
    // A retryable error on the last attempt with an empty quota: max attempts, not quota.
    t = play(v2_0(1), q, {ise()});
    CHECK(t.max_attempts_reached);
    CHECK_FALSE(t.quota_exceeded);
    CHECK(q.available() == 4);
}

TEST_CASE("case 9: success refunds") {
    SUBCASE("first-attempt success adds 1, never above the maximum") {
        retry::retry_quota q(495);
        CHECK(play(v2_0(), q, {ok()}).quota == "496");
        retry::retry_quota full;
        CHECK(play(v2_0(), full, {ok()}).quota == "500");
    }
    SUBCASE("after retries only the last cost comes back") {
        retry::retry_quota q(100);
        const auto t = play(v2_0(), q, {ise(), ok()});
        CHECK(t.quota == "95 100");
        retry::retry_quota r(100);
        CHECK(play(v2_0(), r, {ise(), ise(), ok()}).quota == "95 90 95");
    }
    SUBCASE("botocore PROBE: 500 -> 495 -> 485 -> 486 -> 486") {
        retry::retry_quota q;
        CHECK(play(v2_0(), q, {throttle(), throttle(), ok()}).quota == "495 490 495");
        CHECK(play(v2_0(), q, {ise(), ise(), ise()}).quota == "490 485 485");
        CHECK(play(v2_0(), q, {ok()}).quota == "486");
        CHECK(play(v2_0(), q, {ise(), ok()}).quota == "481 486");
        CHECK(q.available() == 486);
    }
    SUBCASE("nothing is refunded on failure") {
        retry::retry_quota q;
        play(v2_0(), q, {ise(), resp(404, "ResourceNotFoundException")});
        CHECK(q.available() == 495);
    }
}

TEST_CASE("case 10: a timeout retry costs 10 (2.0) or 14 (2.1), refunded on success") {
    retry::retry_quota q;
    auto t = play(v2_0(), q, {io(errc::attempt_timeout), ok()});
    CHECK(t.quota == "490 500");
    CHECK(t.delays == "1000");
    retry::retry_quota q21;
    t = play(v2_1(), q21, {io(errc::attempt_timeout), ok()});
    CHECK(t.quota == "486 500");
    CHECK(t.delays == "50");
    // A connection reset is not a timeout (case 14: cost 5).
    retry::retry_quota r;
    CHECK(play(v2_0(), r, {io(errc::connection_reset), ok()}).quota == "495 500");
}

TEST_CASE("case 11: the 2.1 conformance vectors") {
    SUBCASE("(a) 500, 500, 200") {
        retry::retry_quota q;
        const auto t = play(v2_1(), q, {ise(), ise(), ok()});
        CHECK(t.quota == "486 472 486");
        CHECK(t.delays == "50 100");
    }
    SUBCASE("(b) throttling (400), then 200") {
        retry::retry_quota q;
        const auto t = play(v2_1(), q, {resp(400, "Throttling"), ok()});
        CHECK(t.quota == "495 500");
        CHECK(t.delays == "1000");
    }
    SUBCASE("(c) initial quota 14: 500, 500") {
        retry::retry_quota q(14);
        const auto t = play(v2_1(), q, {ise(), ise(), ok()});
        CHECK_FALSE(t.success);
        CHECK(t.attempts == 2);
        CHECK(t.quota == "0 0");
        CHECK(t.quota_exceeded);
    }
}

TEST_CASE("case 12: x-amz-retry-after under 2.1 is clamped to [t_i, t_i + 5 s]") {
    struct row {
        const char* header;
        const char* delay;
    };
    for (const row r : {row{"1500", "1500"}, row{"0", "50"}, row{"10000", "5050"},
                        row{"abc", "50"}, row{"-5", "50"}, row{"", "50"}}) {
        CAPTURE(r.header);
        retry::retry_quota q;
        CHECK(play(v2_1(), q, {resp(500, "InternalServiceException", r.header), ok()}).delays ==
              r.delay);
    }
}

TEST_CASE("x-amz-retry-after under 2.0 is min(value, max_backoff)") {
    struct row {
        const char* header;
        const char* delay;
    };
    for (const row r : {row{"1500", "1500"}, row{"0", "0"}, row{"30000", "20000"},
                        row{"abc", "1000"}}) {
        CAPTURE(r.header);
        retry::retry_quota q;
        CHECK(play(v2_0(), q, {resp(500, "InternalServiceException", r.header), ok()}).delays ==
              r.delay);
    }
}

TEST_CASE("case 13: the backoff cap applies before the jitter") {
    std::vector<step> all_500(10, ise());
    SUBCASE("b = 1") {
        retry::retry_quota q;
        const auto t = play(v2_0(10), q, all_500, 1.0);
        CHECK(t.attempts == 10);
        CHECK(t.max_attempts_reached);
        CHECK(t.delays == "1000 2000 4000 8000 16000 20000 20000 20000 20000");
        CHECK(q.available() == 500 - 9 * 5);
    }
    SUBCASE("b = 0.5 halves every delay") {
        retry::retry_quota q;
        CHECK(play(v2_0(10), q, all_500, 0.5).delays ==
              "500 1000 2000 4000 8000 10000 10000 10000 10000");
    }
    SUBCASE("b = 0 retries at once") {
        retry::retry_quota q;
        CHECK(play(v2_0(3), q, all_500, 0.0).delays == "0 0");
    }
    SUBCASE("2.1 with max_backoff 200 ms (Go vector): 50, 100, 200, 200") {
        retry::retry_quota q;
        auto p = v2_1(5);
        p.max_backoff = 200ms;
        CHECK(play(p, q, all_500, 1.0).delays == "50 100 200 200");
    }
}

TEST_CASE("backoff_delay: rounding, clamping of b, huge retry indexes") {
    const auto p = v2_0();
    using retry::retry_kind;
    CHECK(retry::backoff_delay(p, retry_kind::transient, 0, 0.2345, {}) == 234ms);
    CHECK(retry::backoff_delay(p, retry_kind::transient, 0, 0.9999, {}) == 999ms);
    CHECK(retry::backoff_delay(p, retry_kind::transient, 0, 7.0, {}) == 1000ms);
    CHECK(retry::backoff_delay(p, retry_kind::transient, 0, -1.0, {}) == 0ms);
    CHECK(retry::backoff_delay(p, retry_kind::transient, 2000, 1.0, {}) == 20'000ms);
    CHECK(retry::backoff_delay(p, retry_kind::transient, -3, 1.0, {}) == 1000ms);
}

TEST_CASE("without the quota, retries cost nothing and are never refused") {
    auto p = v2_0();
    p.quota_enabled = false;
    retry::retry_quota q(0);
    const auto t = play(p, q, {ise(), ise(), ok()});
    CHECK(t.success);
    CHECK(t.quota == "0 0 0");
    CHECK(t.delays == "1000 2000");
}

TEST_CASE("decide reports the cost it took") {
    retry::retry_quota q;
    const auto d = retry::decide(v2_0(), q, retry::retry_kind::transient, /*is_timeout=*/true, 1,
                                 1.0, std::nullopt);
    CHECK(d.retry);
    CHECK(d.cost == 10);
    CHECK(d.delay == 1000ms);
    CHECK(q.available() == 490);
    const auto n = retry::decide(v2_0(), q, retry::retry_kind::none, false, 1, 1.0, std::nullopt);
    CHECK_FALSE(n.retry);
    CHECK(n.cost == 0);
    CHECK(n.delay == 0ms);
}

}  // TEST_SUITE
