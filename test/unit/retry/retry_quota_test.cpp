// The retry quota (lib/retry/retry_quota): bounds, all-or-nothing acquisition, capped
// refills, and sharing by many threads (spec §9 case 25).
//
// Strategy: exact values single-threaded first; then several std::threads released
// together by a start flag play 100 calls of (500, 200) through the real strategy
// functions against one quota, each checking after its acquisition that the count is
// within [0, 500]; at the end the quota must be back at exactly 500. A second race
// lets 8 threads fight for a quota that holds exactly two retries: exactly two may win.
#include "retry/retry_strategy.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace awsconnect;

TEST_SUITE("retry_quota") {

TEST_CASE("bounds and all-or-nothing acquisition") {
    retry::retry_quota q;
    CHECK(q.available() == 500);
    CHECK(q.max() == 500);
    CHECK(q.try_acquire(5));
    CHECK(q.available() == 495);
    CHECK_FALSE(q.try_acquire(496));
    CHECK(q.available() == 495);
    CHECK(q.try_acquire(495));
    CHECK(q.available() == 0);
    CHECK_FALSE(q.try_acquire(1));
    CHECK(q.try_acquire(0));
    CHECK_FALSE(q.try_acquire(-1));
    CHECK(q.available() == 0);
    q.release(10);
    CHECK(q.available() == 10);
    q.release(1000);
    CHECK(q.available() == 500);
    q.release(-7);
    CHECK(q.available() == 500);
}

TEST_CASE("construction clamps the initial count") {
    CHECK(retry::retry_quota(4).available() == 4);
    CHECK(retry::retry_quota(4).max() == 500);
    CHECK(retry::retry_quota(900).available() == 500);
    CHECK(retry::retry_quota(-3).available() == 0);
    CHECK(retry::retry_quota(10, 20).max() == 20);
}

TEST_CASE("case 25: 100 concurrent calls of (500, 200) share one quota") {
    retry::retry_quota q;
    const retry::retry_policy_params p{};  // 2.0, 3 attempts, quota on
    constexpr int threads = 4;
    constexpr int calls_per_thread = 25;
    std::atomic<bool> start{false};
    std::atomic<int> out_of_bounds{0};
    std::atomic<int> retries{0};

    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            while (!start.load()) std::this_thread::yield();
            for (int i = 0; i < calls_per_thread; ++i) {
                // Attempt 1: HTTP 500 -> server_error, retried; attempt 2: 200.
                const auto d = retry::decide(p, q, retry::retry_kind::server_error, false, 1, 0.5,
                                             std::nullopt);
                const int now = q.available();
                if (now < 0 || now > 500) out_of_bounds.fetch_add(1);
                if (d.retry) retries.fetch_add(1);
                retry::on_success(p, q, d.retry ? 2 : 1, d.cost);
            }
        });
    }
    start.store(true);
    for (auto& th : pool) th.join();

    CHECK(out_of_bounds.load() == 0);
    CHECK(retries.load() == threads * calls_per_thread);  // 500 tokens cover 100 × 5 anyway
    CHECK(q.available() == 500);
}

TEST_CASE("a quota of two retries lets exactly two of many racing threads through") {
    for (int round = 0; round < 50; ++round) {
        CAPTURE(round);
        retry::retry_quota q(12);
        std::atomic<bool> start{false};
        std::atomic<int> won{0};
        std::vector<std::thread> pool;
        for (int t = 0; t < 8; ++t) {
            pool.emplace_back([&] {
                while (!start.load()) std::this_thread::yield();
                if (q.try_acquire(5)) won.fetch_add(1);
            });
        }
        start.store(true);
        for (auto& th : pool) th.join();
        CHECK(won.load() == 2);
        CHECK(q.available() == 2);
    }
}

TEST_CASE("concurrent refills never pass the maximum") {
    retry::retry_quota q(490);
    std::vector<std::thread> pool;
    for (int t = 0; t < 4; ++t)
        pool.emplace_back([&] {
            for (int i = 0; i < 1000; ++i) q.release(1);
        });
    for (auto& th : pool) th.join();
    CHECK(q.available() == 500);
}

}  // TEST_SUITE
