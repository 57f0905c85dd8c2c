// Clock-skew correction (lib/retry/clock_skew) and its tie to the classifier (spec §9
// case 21, the pure part).
//
// Strategy: fixed instants only. A Date 10 minutes ahead must set the offset to +600 s,
// make the next signing time now + 600 s, and make an InvalidSignatureException from that
// same response retryable once; a 2-minute skew must change nothing and not be retried.
// Then the threshold edges, corrections in both directions, and concurrent observers.
#include "retry/clock_skew.hpp"
#include "retry/retry_classifier.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace awsconnect;
using namespace std::chrono;

namespace {

const system_clock::time_point local = sys_days{year{2024} / May / 6} + 7h + 8min + 9s;

retry::retry_kind skew_error_kind(bool corrected, bool used = false) {
    return retry::classify(
        {errc::invalid_signature, 403, "InvalidSignatureException", corrected, used});
}

}  // namespace

TEST_SUITE("clock_skew") {

TEST_CASE("case 21: a Date 10 min ahead corrects the offset and allows one retry") {
    retry::clock_skew skew;
    CHECK(skew.offset() == 0ms);
    CHECK(skew.threshold() == minutes{4});

    // Attempt 1: 403 InvalidSignatureException, Date = local + 10 min.
    const bool corrected = skew.observe(local + 10min, local);
    CHECK(corrected);
    CHECK(skew.offset() == 600'000ms);
    CHECK(skew_error_kind(corrected) == retry::retry_kind::clock_skew);
    // Attempt 2 is signed with X-Amz-Date = now + 600 s.
    const auto now2 = local + 1500ms;
    CHECK(skew.corrected(now2) == now2 + 600s);

    // Had attempt 2 failed the same way, its Date agrees with the corrected clock: no
    // change, so no second skew retry (and the used flag would forbid it anyway).
    CHECK_FALSE(skew.observe(local + 10min + 1500ms, now2));
    CHECK(skew.offset() == 600'000ms);
    CHECK(skew_error_kind(false) == retry::retry_kind::none);
    CHECK(skew_error_kind(true, /*used=*/true) == retry::retry_kind::none);
}

TEST_CASE("case 21: a 2 min skew is not corrected and not retried") {
    retry::clock_skew skew;
    const bool corrected = skew.observe(local + 2min, local);
    CHECK_FALSE(corrected);
    CHECK(skew.offset() == 0ms);
    CHECK(skew_error_kind(corrected) == retry::retry_kind::none);
}

TEST_CASE("the threshold is inclusive at 4 min, in both directions") {
    {
        retry::clock_skew s;
        CHECK_FALSE(s.observe(local + 4min - 1ms, local));
        CHECK(s.observe(local + 4min, local));
        CHECK(s.offset() == 240'000ms);
    }
    {
        retry::clock_skew s;
        CHECK_FALSE(s.observe(local - 4min + 1ms, local));
        CHECK(s.observe(local - 4min, local));
        CHECK(s.offset() == -240'000ms);
    }
    {
        retry::clock_skew s(5min);  // JS's threshold
        CHECK_FALSE(s.observe(local + 4min + 59s, local));
        CHECK(s.observe(local + 5min, local));
    }
}

TEST_CASE("the offset follows the server back once the local clock is fixed") {
    retry::clock_skew s;
    CHECK(s.observe(local - 1h, local));
    CHECK(s.offset() == -3'600'000ms);
    CHECK_FALSE(s.observe(local - 1h + 30s, local));  // within 4 min of the corrected clock
    CHECK(s.offset() == -3'600'000ms);
    CHECK(s.observe(local + 2s, local));  // local clock fixed: the residual is 1 h
    CHECK(s.offset() == 2'000ms);
}

TEST_CASE("sub-millisecond parts are rounded") {
    retry::clock_skew s;
    CHECK(s.observe(local + 10min, local - 400us));
    CHECK(s.offset() == 600'000ms);
    retry::clock_skew t;
    CHECK(t.observe(local + 10min, local - 600us));
    CHECK(t.offset() == 600'001ms);
}

TEST_CASE("concurrent observers of one correction: one change, one offset") {
    for (int round = 0; round < 50; ++round) {
        CAPTURE(round);
        retry::clock_skew s;
        std::atomic<bool> start{false};
        std::atomic<int> changed{0};
        std::vector<std::thread> pool;
        for (int t = 0; t < 6; ++t)
            pool.emplace_back([&, t] {
                while (!start.load()) std::this_thread::yield();
                // Same skew give or take a few ms of receive time.
                if (s.observe(local + 10min, local + milliseconds{t})) changed.fetch_add(1);
            });
        start.store(true);
        for (auto& th : pool) th.join();
        CHECK(changed.load() == 1);
        CHECK(s.offset() >= 599'995ms);
        CHECK(s.offset() <= 600'000ms);
    }
}

}  // TEST_SUITE
