// The pool's pure state machine, driven by hand with plain values and a fake time.
//
// Strategy: each test feeds a short, exact sequence of events (acquire, release, connect
// done/failed, cancel, expire, shutdown) and checks the action returned and the counts
// after it. A last test runs a long random sequence (seeded) and checks the invariants
// after every step: nothing is lost or created (leased + idle + connecting = total, and
// the shell-side bookkeeping agrees), the limits hold, and a cancelled waiter is never
// served.
#include "transport/pool_state.hpp"

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>

using namespace awsconnect::transport;
using namespace std::chrono_literals;

namespace {

using state = pool_state<int>;
const pool_time t0 = pool_time{} + 1000s;
const pool_time far = t0 + 3600s;

pool_limits limits(std::size_t max_conn, std::size_t max_pending = 8, std::size_t max_connects = 4) {
    pool_limits l;
    l.max_connections = max_conn;
    l.max_pending = max_pending;
    l.max_concurrent_connects = max_connects;
    l.idle_timeout = 10s;
    return l;
}

}  // namespace

TEST_SUITE("pool_state") {

TEST_CASE("a first acquire waits and opens one connection, which is handed to it") {
    state s(limits(4));
    auto a = s.acquire(t0);
    CHECK(a.kind == state::acquire_kind::wait);
    CHECK(a.connects_to_start == 1);
    CHECK(s.connecting() == 1);
    CHECK(s.waiting() == 1);
    auto d = s.connect_succeeded(7, t0, far);
    REQUIRE(d.to_waiter.has_value());
    CHECK(d.to_waiter->waiter == a.waiter);
    CHECK(d.to_waiter->conn == 7);
    CHECK(s.leased() == 1);
    CHECK(s.connecting() == 0);
    CHECK(s.waiting() == 0);
}

TEST_CASE("idle connections are reused LIFO: the most recently released first") {
    state s(limits(4));
    s.prewarm(3);
    s.connect_succeeded(1, t0, far);
    s.connect_succeeded(2, t0 + 1s, far);
    s.connect_succeeded(3, t0 + 2s, far);
    CHECK(s.idle() == 3);
    auto a = s.acquire(t0 + 3s);
    REQUIRE(a.kind == state::acquire_kind::use_idle);
    CHECK(*a.conn == 3);
    s.release(3, true, t0 + 4s, far);
    a = s.acquire(t0 + 5s);
    CHECK(*a.conn == 3);
    a = s.acquire(t0 + 5s);
    CHECK(*a.conn == 2);
}

TEST_CASE("waiters are served FIFO by direct hand-off; a release never goes idle while someone waits") {
    state s(limits(1, 8, 1));
    auto first = s.acquire(t0);
    s.connect_succeeded(1, t0, far);  // to `first`
    auto w1 = s.acquire(t0);
    auto w2 = s.acquire(t0);
    auto w3 = s.acquire(t0);
    CHECK(w1.connects_to_start == 0);  // at max_connections
    CHECK(s.waiting() == 3);
    auto r = s.release(1, true, t0, far);
    REQUIRE(r.to_waiter.has_value());
    CHECK(r.to_waiter->waiter == w1.waiter);
    CHECK(s.idle() == 0);
    r = s.release(1, true, t0, far);
    CHECK(r.to_waiter->waiter == w2.waiter);
    r = s.release(1, true, t0, far);
    CHECK(r.to_waiter->waiter == w3.waiter);
    r = s.release(1, true, t0, far);
    CHECK_FALSE(r.to_waiter.has_value());
    CHECK(s.idle() == 1);
    (void)first;
}

TEST_CASE("a cancelled waiter is removed and never served") {
    state s(limits(1, 8, 1));
    s.acquire(t0);
    s.connect_succeeded(1, t0, far);
    auto w1 = s.acquire(t0);
    auto w2 = s.acquire(t0);
    CHECK(s.cancel_waiter(w1.waiter));
    CHECK_FALSE(s.cancel_waiter(w1.waiter));
    auto r = s.release(1, true, t0, far);
    CHECK(r.to_waiter->waiter == w2.waiter);
    CHECK_FALSE(s.cancel_waiter(w2.waiter));  // already served
}

TEST_CASE("past max_pending waiters an acquire fails at once") {
    state s(limits(1, 2, 1));
    s.acquire(t0);
    s.connect_succeeded(1, t0, far);
    CHECK(s.acquire(t0).kind == state::acquire_kind::wait);
    CHECK(s.acquire(t0).kind == state::acquire_kind::wait);
    CHECK(s.acquire(t0).kind == state::acquire_kind::saturated);
    CHECK(s.waiting() == 2);
}

TEST_CASE("a cold burst opens at most max_concurrent_connects at a time and never more than max_connections") {
    state s(limits(6, 100, 4));
    std::size_t started = 0;
    for (int i = 0; i < 20; ++i) started += s.acquire(t0).connects_to_start;
    CHECK(started == 4);
    CHECK(s.connecting() == 4);
    // Each completion frees a connect slot, taken at once for the waiters still uncovered,
    // until the pool's maximum: the two remaining connections are opened.
    CHECK(s.connect_succeeded(1, t0, far).connects_to_start == 1);
    CHECK(s.connect_succeeded(2, t0, far).connects_to_start == 1);
    CHECK(s.connect_succeeded(3, t0, far).connects_to_start == 0);  // 6 = max_connections
    started += 2;
    CHECK(started == 6);
    CHECK(s.total() == 6);
    CHECK(s.connecting() <= 4);
}

TEST_CASE("a connect that completes with nobody waiting goes idle instead of being wasted") {
    state s(limits(4));
    auto a = s.acquire(t0);
    CHECK(s.cancel_waiter(a.waiter));
    auto d = s.connect_succeeded(5, t0, far);
    CHECK_FALSE(d.to_waiter.has_value());
    CHECK(s.idle() == 1);
    CHECK(*s.acquire(t0).conn == 5);
}

TEST_CASE("a failed connect fails the oldest waiter and starts a replacement for the rest") {
    state s(limits(4, 8, 1));
    auto w1 = s.acquire(t0);
    auto w2 = s.acquire(t0);
    CHECK(s.connecting() == 1);
    auto f = s.connect_failed(false, nullptr);
    REQUIRE(f.fail_waiter.has_value());
    CHECK(*f.fail_waiter == w1.waiter);
    CHECK(f.connects_to_start == 1);
    CHECK(s.waiting() == 1);
    std::vector<state::waiter_id> all;
    f = s.connect_failed(true, &all);
    CHECK(all == std::vector<state::waiter_id>{w2.waiter});
    CHECK(s.waiting() == 0);
    CHECK(s.total() == 0);
}

TEST_CASE("a fresh-only waiter takes only a newly opened connection") {
    state s(limits(2, 8, 2));
    s.acquire(t0);
    s.connect_succeeded(1, t0, far);        // leased: 1
    auto fresh = s.acquire(t0, true);       // stale replay wants a new connection
    CHECK(fresh.kind == state::acquire_kind::wait);
    CHECK(fresh.connects_to_start == 1);
    auto r = s.release(1, true, t0, far);   // a reused one is not handed to it
    CHECK_FALSE(r.to_waiter.has_value());
    CHECK(s.idle() == 1);
    auto d = s.connect_succeeded(2, t0, far);
    REQUIRE(d.to_waiter.has_value());
    CHECK(d.to_waiter->waiter == fresh.waiter);
    CHECK(d.connects_to_start == 0);
    CHECK(d.to_waiter->conn == 2);
}

TEST_CASE("a fresh-only acquire skips idle connections") {
    state s(limits(2));
    s.prewarm(1);
    s.connect_succeeded(1, t0, far);
    auto a = s.acquire(t0, true);
    CHECK(a.kind == state::acquire_kind::wait);
    CHECK(s.idle() == 1);
}

TEST_CASE("an unusable connection is closed, and a waiter gets a replacement connect") {
    state s(limits(1, 8, 1));
    s.acquire(t0);
    s.connect_succeeded(1, t0, far);
    auto w = s.acquire(t0);
    CHECK(w.connects_to_start == 0);
    auto r = s.release(1, false, t0, far);
    CHECK(r.close);
    CHECK(r.connects_to_start == 1);
    CHECK(s.total() == 1);  // the replacement being opened
}

TEST_CASE("idle connections expire from the oldest end, and only those") {
    state s(limits(8));
    s.prewarm(3);
    s.connect_succeeded(1, t0, far);
    s.connect_succeeded(2, t0 + 2s, far);
    s.connect_succeeded(3, t0 + 4s, far);
    CHECK(*s.next_idle_expiry() == t0 + 10s);
    CHECK(s.expire_idle(t0 + 9s).empty());
    CHECK(s.expire_idle(t0 + 12s) == std::vector<int>{1, 2});
    CHECK(s.idle() == 1);
    CHECK(*s.next_idle_expiry() == t0 + 14s);
}

TEST_CASE("after a burst to 64 connections and a trickle, the pool shrinks back (R16)") {
    state s(limits(64, 1000, 64));
    std::vector<int> leased;
    for (int i = 0; i < 64; ++i) s.acquire(t0);
    for (int i = 0; i < 64; ++i) leased.push_back(s.connect_succeeded(i, t0, far).to_waiter->conn);
    for (int c : leased) s.release(c, true, t0 + 1s, far);
    CHECK(s.idle() == 64);
    // One call per second for 30 s: LIFO keeps reusing the same warm connection.
    std::size_t closed = 0;
    for (int sec = 2; sec <= 30; ++sec) {
        const auto now = t0 + std::chrono::seconds(sec);
        closed += s.expire_idle(now).size();
        auto a = s.acquire(now);
        REQUIRE(a.kind == state::acquire_kind::use_idle);
        s.release(*a.conn, true, now, far);
    }
    CHECK(closed == 63);
    CHECK(s.idle() == 1);
}

TEST_CASE("an idle connection past its lifetime is closed at checkout, never handed out") {
    state s(limits(4));
    s.prewarm(2);
    s.connect_succeeded(1, t0, t0 + 100s);
    s.connect_succeeded(2, t0, t0 + 5s);
    auto a = s.acquire(t0 + 6s);
    CHECK(a.to_close == std::vector<int>{2});
    REQUIRE(a.kind == state::acquire_kind::use_idle);
    CHECK(*a.conn == 1);
}

TEST_CASE("the idle watch removes a connection the server closed and reports its idle time") {
    state s(limits(4));
    s.prewarm(2);
    s.connect_succeeded(1, t0, far);
    s.connect_succeeded(2, t0 + 1s, far);
    auto idle_for = s.remove_idle_if([](int c) { return c == 1; }, t0 + 3s);
    REQUIRE(idle_for.has_value());
    CHECK(*idle_for == 3s);
    CHECK(s.idle() == 1);
    CHECK_FALSE(s.remove_idle_if([](int c) { return c == 1; }, t0 + 3s).has_value());
}

TEST_CASE("learned idle timeout: 0.8 x the observed server close, never raised") {
    CHECK(learn_idle_timeout(15s, 3s) == 2400ms);
    CHECK(learn_idle_timeout(2s, 3s) == 2s);
    CHECK(learn_idle_timeout(15s, 0s) == 1ms);
}

TEST_CASE("prewarm opens up to the room left") {
    state s(limits(3));
    CHECK(s.prewarm(5) == 3);
    CHECK(s.prewarm(1) == 0);
}

TEST_CASE("shutdown fails every waiter, closes idle connections, and closes what comes back later") {
    state s(limits(3, 8, 2));
    s.acquire(t0);
    s.connect_succeeded(1, t0, far);
    s.prewarm(1);
    s.connect_succeeded(2, t0, far);  // idle
    auto w = s.acquire(t0 + 1s, true);
    CHECK(w.connects_to_start == 1);
    auto sd = s.shutdown();
    CHECK(sd.fail_waiters == std::vector<state::waiter_id>{w.waiter});
    CHECK(sd.to_close == std::vector<int>{2});
    CHECK(s.release(1, true, t0, far).close);
    CHECK(s.acquire(t0).kind == state::acquire_kind::shut_down);
    CHECK(s.connect_succeeded(3, t0, far).close);  // the connect started for `w`
    CHECK(s.total() == 0);
}

TEST_CASE("random event sequences keep every connection accounted for") {
    std::mt19937 rng(12345);
    for (int round = 0; round < 50; ++round) {
        state s(limits(1 + rng() % 6, 1 + rng() % 10, 1 + rng() % 3));
        std::set<int> leased, idle_or_leased_ids;
        std::set<state::waiter_id> waiting, cancelled;
        int next_conn = 1;
        std::size_t connecting = 0;
        pool_time now = t0;
        auto serve = [&](const std::optional<state::handoff>& h) {
            if (!h) return;
            REQUIRE(waiting.count(h->waiter) == 1);
            REQUIRE(cancelled.count(h->waiter) == 0);
            waiting.erase(h->waiter);
            leased.insert(h->conn);
        };
        for (int step = 0; step < 400; ++step) {
            now += std::chrono::milliseconds(rng() % 3000);
            switch (rng() % 6) {
                case 0: {
                    auto a = s.acquire(now, rng() % 5 == 0);
                    connecting += a.connects_to_start;
                    if (a.kind == state::acquire_kind::use_idle) leased.insert(*a.conn);
                    if (a.kind == state::acquire_kind::wait) waiting.insert(a.waiter);
                    break;
                }
                case 1:
                    if (!leased.empty()) {
                        const int c = *leased.begin();
                        leased.erase(c);
                        auto r = s.release(c, rng() % 4 != 0, now, now + 20s);
                        connecting += r.connects_to_start;
                        serve(r.to_waiter);
                    }
                    break;
                case 2:
                    if (connecting > 0) {
                        --connecting;
                        auto d = s.connect_succeeded(next_conn++, now, now + 60s);
                        connecting += d.connects_to_start;
                        serve(d.to_waiter);
                    }
                    break;
                case 3:
                    if (connecting > 0) {
                        --connecting;
                        auto f = s.connect_failed(false, nullptr);
                        connecting += f.connects_to_start;
                        if (f.fail_waiter) waiting.erase(*f.fail_waiter);
                    }
                    break;
                case 4:
                    if (!waiting.empty()) {
                        const auto w = *waiting.begin();
                        CHECK(s.cancel_waiter(w));
                        waiting.erase(w);
                        cancelled.insert(w);
                    }
                    break;
                case 5: s.expire_idle(now); break;
            }
            REQUIRE(s.leased() == leased.size());
            REQUIRE(s.connecting() == connecting);
            REQUIRE(s.waiting() == waiting.size());
            REQUIRE(s.total() == s.idle() + s.leased() + s.connecting());
            REQUIRE(s.total() <= s.limits().max_connections);
            REQUIRE(s.connecting() <= s.limits().max_concurrent_connects);
            REQUIRE(s.waiting() <= s.limits().max_pending);
        }
    }
}

}  // TEST_SUITE
