// How bulk runs pace themselves (tools/cli/pacing.hpp) and what their progress line says
// (tools/cli/progress.hpp), with time passed in: exact waits, delays and text.
#include "pacing.hpp"
#include "progress.hpp"

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::cli;
using namespace std::chrono_literals;

TEST_SUITE("cli pacing") {

TEST_CASE("token bucket: burst 1 spaces the calls 1/rate apart; a wait takes nothing") {
    token_bucket b(50, 1, 100.0);
    CHECK(b.acquire(100.0) == 0);                           // full at the start
    CHECK(b.acquire(100.0) == doctest::Approx(0.02));       // the next token in 20 ms
    CHECK(b.acquire(100.01) == doctest::Approx(0.01));      // half of it has come
    CHECK(b.acquire(100.02) == 0);
    CHECK(b.acquire(100.02) == doctest::Approx(0.02));
    // Idle time fills it to its size only: one call at once, then 1/rate again.
    CHECK(b.acquire(200.0) == 0);
    CHECK(b.acquire(200.0) == doctest::Approx(0.02));
}

TEST_CASE("token bucket: a burst of 5, then the rate") {
    token_bucket b(2, 5, 0.0);
    for (int i = 0; i < 5; ++i) CHECK(b.acquire(0.0) == 0);
    CHECK(b.acquire(0.0) == doctest::Approx(0.5));
    CHECK(b.acquire(0.5) == 0);
}

TEST_CASE("retried within the run: throttling only") {
    CHECK(retry_in_run(make_error(errc::throttled, "slow down")));
    error quota = make_error(errc::retry_quota_exceeded, "quota");
    quota.cause = make_error_code(errc::throttled);
    CHECK(retry_in_run(quota));
    quota.cause = make_error_code(errc::connection_refused);
    CHECK_FALSE(retry_in_run(quota));  // a server that is down is not waited for
    for (const errc e : {errc::invalid_parameter, errc::resource_not_found, errc::internal_service_error,
                         errc::attempt_timeout, errc::connection_reset, errc::invalid_signature, errc::cancelled,
                         errc::resource_in_use, errc::access_denied})
        CHECK_MESSAGE(!retry_in_run(make_error(e, "")), to_string(e));
}

TEST_CASE("re-queue delay: 500 ms doubling to 20 s, jitter between half and all of it") {
    CHECK(requeue_delay(1, 1.0) == 500ms);
    CHECK(requeue_delay(1, 0.0) == 250ms);
    CHECK(requeue_delay(2, 1.0) == 1000ms);
    CHECK(requeue_delay(3, 0.5) == 1500ms);
    CHECK(requeue_delay(6, 1.0) == 16000ms);
    CHECK(requeue_delay(7, 1.0) == 20000ms);
    CHECK(requeue_delay(1000, 1.0) == 20000ms);
    CHECK(requeue_delay(0, 1.0) == 500ms);
}

TEST_CASE("progress line: counts, rate of this run's calls, ETA") {
    progress_counts c;
    c.total = 300;
    c.done = 120;
    c.succeeded = 118;
    c.failed = 2;
    c.retrying = 3;
    CHECK(format_progress("released", c, 3.0) == "released 120/300  ok 118  failed 2  retrying 3  40.0/s  ETA 0:05");
    c.skipped = 100;  // done by an earlier run: not in the rate
    CHECK(format_progress("released", c, 2.0) == "released 120/300  ok 118  failed 2  retrying 3  10.0/s  ETA 0:18");
    progress_counts start;
    start.total = 10;
    CHECK(format_progress("claimed", start, 0.0) == "claimed 0/10  ok 0  failed 0  retrying 0  0.0/s  ETA ?");
    start.done = start.succeeded = 10;
    CHECK(format_progress("claimed", start, 1.0) == "claimed 10/10  ok 10  failed 0  retrying 0  10.0/s  ETA 0:00");
}

TEST_CASE("durations") {
    CHECK(format_duration(0) == "0:00");
    CHECK(format_duration(4.2) == "0:05");
    CHECK(format_duration(750) == "12:30");
    CHECK(format_duration(3723) == "1:02:03");
    CHECK(format_duration(-3) == "0:00");
}

}  // TEST_SUITE
