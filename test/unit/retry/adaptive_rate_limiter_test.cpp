// The adaptive-mode rate limiter (lib/retry/adaptive_rate_limiter): dormancy, the send-rate
// measurement, the CUBIC decrease and regrowth, the 2 × measured-rate cap, the floors, and
// the token bucket's waits (spec §2 and §9 cases 22, 23).
//
// Strategy: time is a plain number of seconds, so each scenario places responses at chosen
// instants to produce a known measured rate (e.g. 25 responses over a 2 s window with no
// earlier rate gives 0.8 × 12.5 = 10 rps) and then checks the limiter's state: fill rate,
// capacity, K, and the wait `acquire` asks for. Values are exact where the arithmetic is
// exact and Approx (1e-9 relative) where it is not.
#include "retry/adaptive_rate_limiter.hpp"

#include <doctest/doctest.h>

#include <cmath>

using awsconnect::retry::adaptive_rate_limiter;

namespace {

doctest::Approx approx(double v) { return doctest::Approx(v).epsilon(1e-9); }

// Feeds a limiter created at t = 0 with 24 successes in [0.01, 0.24] and then a
// throttle at t = 2.0, when the measured send rate is exactly 0.8 × 25 / 2 = 10 rps.
void throttle_at_10_rps(adaptive_rate_limiter& lim) {
    for (int i = 1; i <= 24; ++i) lim.update(0.01 * i, false);
    lim.update(2.0, true);
}

}  // namespace

TEST_SUITE("adaptive_rate_limiter") {

TEST_CASE("dormant until the first throttle: no delay, whatever the rate") {
    adaptive_rate_limiter lim(100.0);
    for (int i = 0; i < 10; ++i) {
        const double t = 100.0 + 0.001 * i;
        CHECK(lim.acquire(t) == 0.0);
        lim.update(t, false);
    }
    // Even a burst of 1000 acquires at one instant passes.
    for (int i = 0; i < 1000; ++i) CHECK(lim.acquire(100.5) == 0.0);
    CHECK_FALSE(lim.snapshot().enabled);
}

TEST_CASE("send rate: 0.5 s buckets, EWMA with weight 0.8") {
    adaptive_rate_limiter lim(0.0);
    lim.update(0.1, false);
    lim.update(0.2, false);
    CHECK(lim.snapshot().measured_tx_rate == 0.0);  // still in the first bucket
    CHECK(lim.snapshot().request_count == 2);
    lim.update(0.5, false);  // bucket 0.5: 3 responses over 0.5 s = 6 rps
    CHECK(lim.snapshot().measured_tx_rate == approx(0.8 * 6));
    CHECK(lim.snapshot().request_count == 0);
    CHECK(lim.snapshot().last_tx_bucket == 0.5);
    lim.update(0.7, false);
    lim.update(1.6, false);  // bucket 1.5: 2 responses over 1.0 s = 2 rps
    CHECK(lim.snapshot().measured_tx_rate == approx(0.8 * 2 + 0.2 * 4.8));
    CHECK(lim.snapshot().last_tx_bucket == 1.5);
}

TEST_CASE("case 22: a throttle at 10 rps cuts the rate to 7 and wakes the bucket") {
    adaptive_rate_limiter lim(0.0);
    throttle_at_10_rps(lim);
    const auto s = lim.snapshot();
    CHECK(s.measured_tx_rate == approx(10.0));
    CHECK(s.enabled);
    CHECK(s.fill_rate == approx(7.0));
    CHECK(s.max_capacity == approx(7.0));
    CHECK(s.last_max_rate == approx(10.0));
    CHECK(s.k == approx(std::cbrt(10.0 * 0.3 / 0.4)));
    CHECK(s.k == doctest::Approx(1.957).epsilon(0.001));
    CHECK(s.last_throttle_time == 2.0);
    // While dormant the bucket filled at the 0.5 floor from t = 0.01, capped at 1 token.
    CHECK(s.current_capacity == approx(1.99 * 0.5));

    SUBCASE("acquire waits (1 - current) / 7 s, then goes") {
        const double wait = lim.acquire(2.0);
        CHECK(wait == approx((1.0 - 0.995) / 7.0));
        CHECK(lim.snapshot().current_capacity == approx(0.995));  // nothing taken
        CHECK(lim.acquire(2.0 + wait) == 0.0);
        CHECK(lim.snapshot().current_capacity == doctest::Approx(0.0).epsilon(1e-9));
        // The bucket is empty again: the next token is 1/7 s away.
        CHECK(lim.acquire(2.0 + wait) == approx(1.0 / 7.0));
        CHECK(lim.acquire(2.0 + wait + 1.0 / 7.0) == 0.0);
    }
    SUBCASE("the bucket holds at most max_capacity tokens") {
        CHECK(lim.acquire(100.0) == 0.0);  // refilled to 7, one taken
        CHECK(lim.snapshot().current_capacity == approx(6.0));
        for (int i = 0; i < 6; ++i) CHECK(lim.acquire(100.0) == 0.0);
        CHECK(lim.acquire(100.0) == approx(1.0 / 7.0));
    }
}

TEST_CASE("case 22: successes regrow the rate along 0.4 (t - K)^3 + 10") {
    adaptive_rate_limiter lim(0.0);
    throttle_at_10_rps(lim);
    const double k = std::cbrt(7.5);
    auto cubic = [&](double t) { return 0.4 * std::pow(t - 2.0 - k, 3) + 10.0; };
    // 20 responses a second keep 2 × the measured rate (≥ 20) above the curve.
    int i = 1;
    for (; 2.0 + 0.05 * i < 3.0; ++i) lim.update(2.0 + 0.05 * i, false);
    lim.update(3.0, false);
    CHECK(lim.snapshot().fill_rate == approx(cubic(3.0)));
    CHECK(lim.snapshot().fill_rate == doctest::Approx(9.649).epsilon(0.001));  // below W_max
    for (; 2.0 + 0.05 * i < 2.0 + k; ++i) lim.update(2.0 + 0.05 * i, false);
    lim.update(2.0 + k, false);
    CHECK(lim.snapshot().fill_rate == approx(10.0));  // W_max regained after K seconds
    CHECK(lim.snapshot().max_capacity == approx(10.0));
    for (; 2.0 + 0.05 * i < 3.0 + k; ++i) lim.update(2.0 + 0.05 * i, false);
    lim.update(3.0 + k, false);
    CHECK(lim.snapshot().fill_rate == approx(10.4));  // and beyond it
    CHECK(lim.snapshot().measured_tx_rate * 2 > 10.4);
}

TEST_CASE("the new rate never exceeds twice the measured send rate") {
    adaptive_rate_limiter lim(0.0);
    throttle_at_10_rps(lim);
    // One success 8 s later: measured = 0.8 × (1 / 8) + 0.2 × 10 = 2.1 rps; the curve would
    // allow about 98.
    lim.update(10.0, false);
    const auto s = lim.snapshot();
    CHECK(s.measured_tx_rate == approx(2.1));
    CHECK(s.fill_rate == approx(4.2));
    CHECK(s.max_capacity == approx(4.2));
    CHECK(s.current_capacity <= s.max_capacity);
}

TEST_CASE("case 23: floors of 0.5 tokens/s and 1 token") {
    adaptive_rate_limiter lim(0.0);
    lim.update(4.0, true);  // one response over 4 s: 0.25 rps, measured 0.2
    const auto s = lim.snapshot();
    CHECK(s.measured_tx_rate == approx(0.2));
    CHECK(s.enabled);
    CHECK(s.last_max_rate == approx(0.2));
    CHECK(s.fill_rate == 0.5);       // max(0.14, 0.5)
    CHECK(s.max_capacity == 1.0);    // max(0.14, 1)
    CHECK(s.current_capacity == 0.0);
    CHECK(lim.acquire(4.0) == approx(2.0));  // 1 token at 0.5/s
}

TEST_CASE("a throttle while enabled uses min(measured, fill rate)") {
    adaptive_rate_limiter lim(0.0);
    throttle_at_10_rps(lim);  // fill 7, measured 10
    lim.update(2.1, true);            // same bucket: measured stays 10
    const auto s = lim.snapshot();
    CHECK(s.last_max_rate == approx(7.0));
    CHECK(s.fill_rate == approx(4.9));
    CHECK(s.k == approx(std::cbrt(7.0 * 0.3 / 0.4)));
    CHECK(s.last_throttle_time == 2.1);
}

TEST_CASE("a clock that goes backwards adds no tokens") {
    adaptive_rate_limiter lim(0.0);
    throttle_at_10_rps(lim);
    CHECK(lim.acquire(50.0) == 0.0);  // 7 tokens, one taken
    CHECK(lim.acquire(40.0) == 0.0);
    CHECK(lim.snapshot().current_capacity == approx(5.0));
}

}  // TEST_SUITE
