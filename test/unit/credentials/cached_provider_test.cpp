// The caching provider with a fake clock, a fixed jitter and scripted inner providers:
// long-term credentials are fetched once; temporary ones are refreshed exactly at
// expiration - 5 min - jitter (one millisecond earlier is still cached); cached_if_fresh
// agrees; failed refreshes keep the last credentials until 10 s before they expire; concurrent callers
// share one refresh: deterministically on one thread (every waiter registered before the
// inner provider answers), and on an io_context run by four threads (for TSan); a waiter
// leaves at its deadline or on cancellation while the refresh goes on and fills the cache.
#include "credentials/cached_provider.hpp"
#include "credentials/provider_error.hpp"
#include "run_coro.hpp"
#include "scripted_provider.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

using namespace awsconnect;
using namespace awsconnect::creds;
using namespace std::chrono;
using test::make_creds;
using test::scripted_provider;

namespace {

const system_clock::time_point t0 = sys_days{year{2024} / 5 / 6} + 7h;

struct fixture {
    std::shared_ptr<system_clock::time_point> clock = std::make_shared<system_clock::time_point>(t0);
    milliseconds jitter{30'000};
    boost::asio::io_context ioc;

    std::shared_ptr<cached_provider> cache(credentials_provider_ptr inner) {
        cached_options o;
        auto c = clock;
        o.now = [c] { return *c; };
        auto j = jitter;
        o.jitter = [j](milliseconds max) {
            CHECK(max == 60'000ms);
            return j;
        };
        return make_cached_provider(std::move(inner), std::move(o));
    }
    result<credentials_ptr> get(const std::shared_ptr<cached_provider>& p) {
        return test::run_coro(ioc, p->get_credentials());
    }
};

using script = std::vector<result<credentials_ptr>>;

}  // namespace

TEST_SUITE("cached_provider") {

TEST_CASE("long-term credentials are fetched once and kept forever") {
    fixture f;
    auto inner = std::make_shared<scripted_provider>(script{make_creds("LT1"), make_creds("LT2")});
    auto p = f.cache(inner);
    CHECK(p->name() == "cached");
    CHECK(p->cached_if_fresh(t0) == nullptr);
    auto first = f.get(p);
    REQUIRE(first.has_value());
    *f.clock = t0 + 24h * 400;
    auto later = f.get(p);
    CHECK(*later == *first);
    CHECK((*later)->access_key_id == "LT1");
    CHECK(inner->calls() == 1);
    CHECK(p->cached_if_fresh(*f.clock) == *first);
}

TEST_CASE("temporary credentials are refreshed 5 minutes plus the jitter before expiry") {
    fixture f;
    const auto exp1 = t0 + 1h;
    auto inner = std::make_shared<scripted_provider>(
        script{make_creds("T1", "s", exp1), make_creds("T2", "s", t0 + 2h)});
    auto p = f.cache(inner);
    REQUIRE(f.get(p).has_value());
    const auto refresh_at = exp1 - 5min - 30s;  // 07:54:30

    *f.clock = refresh_at - 1ms;
    CHECK((*f.get(p))->access_key_id == "T1");
    CHECK(p->cached_if_fresh(*f.clock) != nullptr);
    CHECK(p->cached_if_fresh(refresh_at) == nullptr);
    CHECK(inner->calls() == 1);

    *f.clock = refresh_at;
    CHECK((*f.get(p))->access_key_id == "T2");
    CHECK(inner->calls() == 2);
    CHECK(p->refresh_count() == 2);
    CHECK(p->cached_if_fresh(refresh_at)->access_key_id == "T2");
}

TEST_CASE("the jitter is drawn within [0, 1 min] by default") {
    // Two caches with the default jitter: the refresh time must fall in
    // [expiry - 6 min, expiry - 5 min].
    for (int i = 0; i < 20; ++i) {
        auto clock = std::make_shared<system_clock::time_point>(t0);
        cached_options o;
        o.now = [clock] { return *clock; };
        auto inner = std::make_shared<scripted_provider>(script{make_creds("J", "s", t0 + 1h)});
        auto p = make_cached_provider(inner, std::move(o));
        boost::asio::io_context ioc;
        REQUIRE(test::run_coro(ioc, p->get_credentials()).has_value());
        CHECK(p->cached_if_fresh(t0 + 1h - 6min - 1ms) != nullptr);
        CHECK(p->cached_if_fresh(t0 + 1h - 5min) == nullptr);
    }
}

TEST_CASE("a failed refresh keeps the last credentials until they expire") {
    fixture f;
    const auto exp1 = t0 + 1h;
    auto inner = std::make_shared<scripted_provider>(script{
        make_creds("GOOD", "s", exp1),
        provider_failed("inner", "endpoint down", errc::attempt_timeout)});
    auto p = f.cache(inner);
    REQUIRE(f.get(p).has_value());

    *f.clock = exp1 - 1min;  // inside the refresh window, not expired
    auto r = f.get(p);
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "GOOD");
    CHECK(inner->calls() == 2);
    *f.clock = exp1 - 10s - 1ms;
    CHECK((*f.get(p))->access_key_id == "GOOD");
    CHECK(inner->calls() == 3);  // it keeps trying

    // Within the 10 s expiry buffer they count as expired: the error comes through (a
    // request signed now could reach the service after the expiration).
    *f.clock = exp1 - 10s;
    auto e = f.get(p);
    REQUIRE_FALSE(e.has_value());
    CHECK(e.error().message == "inner: endpoint down");
    CHECK(e.error().cause == errc::attempt_timeout);
}

TEST_CASE("a first fetch that fails is retried on the next call") {
    fixture f;
    auto inner = std::make_shared<scripted_provider>(
        script{not_configured("inner", "nothing"), make_creds("LATER")});
    auto p = f.cache(inner);
    CHECK(f.get(p).error().message == "inner: nothing");
    CHECK((*f.get(p))->access_key_id == "LATER");
    CHECK(inner->calls() == 2);
}

TEST_CASE("concurrent callers wait for the one refresh in flight (one thread)") {
    fixture f;
    constexpr int callers = 8;
    auto inner = std::make_shared<scripted_provider>(script{make_creds("SHARED", "s", t0 + 1h)});
    auto p = f.cache(inner);
    // The inner provider answers only once every other caller is waiting.
    inner->until = [&p] { return p->wait_count() == callers - 1; };

    std::vector<credentials_ptr> got;
    int finished = 0;
    for (int i = 0; i < callers; ++i) {
        boost::asio::co_spawn(f.ioc, p->get_credentials(),
                              [&](std::exception_ptr e, result<credentials_ptr> r) {
                                  CHECK_FALSE(e);
                                  if (r) got.push_back(*r);
                                  ++finished;
                              });
    }
    f.ioc.run_for(30s);
    REQUIRE(finished == callers);
    CHECK(inner->calls() == 1);
    CHECK(p->wait_count() == callers - 1);
    REQUIRE(got.size() == static_cast<std::size_t>(callers));
    for (const auto& c : got) CHECK(c == got.front());
    CHECK(got.front()->access_key_id == "SHARED");
}

TEST_CASE("waiters get the error of a failed first refresh") {
    fixture f;
    constexpr int callers = 5;
    auto inner = std::make_shared<scripted_provider>(
        script{provider_failed("inner", "denied"), make_creds("NEXT")});
    auto p = f.cache(inner);
    inner->until = [&p] { return p->wait_count() == callers - 1; };
    std::vector<std::string> messages;
    for (int i = 0; i < callers; ++i) {
        boost::asio::co_spawn(f.ioc, p->get_credentials(),
                              [&](std::exception_ptr, result<credentials_ptr> r) {
                                  messages.push_back(r ? "ok" : r.error().message);
                              });
    }
    f.ioc.run_for(30s);
    REQUIRE(messages.size() == static_cast<std::size_t>(callers));
    for (const auto& m : messages) CHECK(m == "inner: denied");
    CHECK(inner->calls() == 1);
    // The next call starts a new refresh.
    inner->until = nullptr;
    CHECK((*f.get(p))->access_key_id == "NEXT");
}

TEST_CASE("callers arriving during a refresh use still-valid credentials without waiting") {
    fixture f;
    auto inner = std::make_shared<scripted_provider>(
        script{make_creds("OLD", "s", t0 + 1h), make_creds("NEW", "s", t0 + 2h)});
    auto p = f.cache(inner);
    REQUIRE(f.get(p).has_value());
    *f.clock = t0 + 1h - 2min;  // stale (refresh window) but valid
    bool second_done = false;
    inner->until = [&second_done] { return second_done; };
    std::string first_key, second_key;
    boost::asio::co_spawn(f.ioc, p->get_credentials(), [&](std::exception_ptr, result<credentials_ptr> r) {
        first_key = (*r)->access_key_id;
    });
    boost::asio::co_spawn(f.ioc, p->get_credentials(), [&](std::exception_ptr, result<credentials_ptr> r) {
        second_key = (*r)->access_key_id;
        second_done = true;
    });
    f.ioc.restart();  // run_coro stopped it
    f.ioc.run_for(30s);
    CHECK(second_key == "OLD");  // did not wait
    CHECK(first_key == "NEW");   // the refreshing caller gets the new ones
    CHECK(p->wait_count() == 0);
    CHECK(inner->calls() == 2);
}

TEST_CASE("one refresh for many callers on an io_context run by four threads") {
    constexpr int callers = 64;
    boost::asio::io_context ioc(4);
    auto inner = std::make_shared<scripted_provider>(
        script{make_creds("MT", "s", system_clock::now() + 1h)});
    inner->delay = 20ms;
    auto p = make_cached_provider(inner);  // real clock and jitter
    std::atomic<int> finished{0};
    std::atomic<int> ok{0};
    std::mutex m;
    std::vector<credentials_ptr> got;
    for (int i = 0; i < callers; ++i) {
        boost::asio::co_spawn(ioc, p->get_credentials(),
                              [&](std::exception_ptr e, result<credentials_ptr> r) {
                                  if (!e && r) {
                                      ++ok;
                                      std::lock_guard lk(m);
                                      got.push_back(*r);
                                  }
                                  ++finished;
                              });
    }
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back([&] { ioc.run_for(30s); });
    for (auto& t : threads) t.join();
    REQUIRE(finished.load() == callers);
    CHECK(ok.load() == callers);
    CHECK(inner->calls() == 1);
    CHECK(p->refresh_count() == 1);
    for (const auto& c : got) CHECK(c == got.front());
}

TEST_CASE("the public factory caches") {
    auto inner = std::make_shared<scripted_provider>(script{make_creds("PUB"), make_creds("X")});
    auto p = make_cached_credentials_provider(inner);
    boost::asio::io_context ioc;
    CHECK((*test::run_coro(ioc, p->get_credentials()))->access_key_id == "PUB");
    CHECK((*test::run_coro(ioc, p->get_credentials()))->access_key_id == "PUB");
    CHECK(inner->calls() == 1);
}

TEST_CASE("a caller leaves at its deadline; the refresh goes on and the next caller gets its credentials") {
    fixture f;
    auto inner = std::make_shared<scripted_provider>(script{make_creds("SLOW"), make_creds("AGAIN")});
    std::atomic<bool> release{false};
    inner->until = [&release] { return release.load(); };
    auto p = f.cache(inner);

    auto r = test::run_coro(f.ioc, p->get_credentials_within(50ms));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::operation_timeout);
    CHECK(r.error().message == "the deadline passed while waiting for credentials (the refresh goes on)");
    CHECK(inner->calls() == 1);  // started, and still blocked: `release` is false
    CHECK(p->cached_if_fresh(t0) == nullptr);

    // Another caller with a deadline arrives during the same refresh: it waits for it (and
    // leaves too), it does not start a second one.
    r = test::run_coro(f.ioc, p->get_credentials_within(20ms));
    CHECK(r.error().code == errc::operation_timeout);
    CHECK(inner->calls() == 1);
    CHECK(p->wait_count() == 1);

    release = true;
    auto later = test::run_coro(f.ioc, p->get_credentials());
    REQUIRE(later.has_value());
    CHECK((*later)->access_key_id == "SLOW");
    CHECK(inner->calls() == 1);
    CHECK(p->refresh_count() == 1);
}

TEST_CASE("a cancelled waiter leaves at once; the others still get the refresh's credentials") {
    fixture f;
    auto inner = std::make_shared<scripted_provider>(script{make_creds("SHARED")});
    std::atomic<bool> release{false};
    inner->until = [&release] { return release.load(); };
    auto p = f.cache(inner);

    boost::asio::cancellation_signal signal;
    std::optional<result<credentials_ptr>> cancelled, first, patient;
    boost::asio::co_spawn(f.ioc, p->get_credentials(), [&](std::exception_ptr, result<credentials_ptr> r) {
        first.emplace(std::move(r));
    });
    boost::asio::co_spawn(f.ioc, p->get_credentials(),
                          boost::asio::bind_cancellation_slot(signal.slot(),
                                                              [&](std::exception_ptr, result<credentials_ptr> r) {
                                                                  cancelled.emplace(std::move(r));
                                                              }));
    boost::asio::co_spawn(f.ioc, p->get_credentials_within(1h), [&](std::exception_ptr, result<credentials_ptr> r) {
        patient.emplace(std::move(r));
    });
    f.ioc.restart();
    for (int i = 0; i < 3000 && p->wait_count() < 2; ++i) f.ioc.run_one_for(10ms);
    REQUIRE(p->wait_count() == 2);
    signal.emit(boost::asio::cancellation_type::terminal);
    for (int i = 0; i < 3000 && !cancelled; ++i) f.ioc.run_one_for(10ms);
    REQUIRE(cancelled.has_value());
    REQUIRE_FALSE(cancelled->has_value());
    CHECK(cancelled->error().code == errc::cancelled);
    CHECK(cancelled->error().message == "cancelled by the caller while waiting for credentials");
    CHECK_FALSE(first.has_value());
    CHECK_FALSE(patient.has_value());
    // A second emission after it left is harmless.
    signal.emit(boost::asio::cancellation_type::terminal);

    release = true;
    // Runs until nothing is left: the patient caller's 1 h timer was cancelled when it got
    // its credentials (a timer left behind would keep the io_context busy).
    f.ioc.restart();
    f.ioc.run_for(20s);
    CHECK(f.ioc.stopped());
    REQUIRE(first.has_value());
    REQUIRE(patient.has_value());
    CHECK((**first)->access_key_id == "SHARED");
    CHECK((**patient)->access_key_id == "SHARED");
    CHECK(inner->calls() == 1);
}

TEST_CASE("a caller cancelled before it asks does not start a refresh") {
    fixture f;
    auto inner = std::make_shared<scripted_provider>(script{make_creds("NEVER")});
    auto p = f.cache(inner);
    boost::asio::cancellation_signal signal;
    std::optional<result<credentials_ptr>> out;
    auto ask = [&]() -> boost::asio::awaitable<result<credentials_ptr>> {
        // Cancelled while this coroutine is between two steps: the state remembers it.
        co_await boost::asio::this_coro::throw_if_cancelled(false);  // errors as values, as the client
        auto ex = co_await boost::asio::this_coro::executor;
        boost::asio::post(ex, [&] { signal.emit(boost::asio::cancellation_type::terminal); });
        co_await boost::asio::post(ex, boost::asio::use_awaitable);
        co_return co_await p->get_credentials();
    };
    boost::asio::co_spawn(f.ioc, ask(),
                          boost::asio::bind_cancellation_slot(signal.slot(),
                                                              [&](std::exception_ptr e, result<credentials_ptr> r) {
                                                                  CHECK_FALSE(e);
                                                                  if (!e) out.emplace(std::move(r));
                                                              }));
    f.ioc.restart();
    f.ioc.run_for(20s);
    REQUIRE(out.has_value());
    CHECK(out->error().code == errc::cancelled);
    CHECK(inner->calls() == 0);
    CHECK(p->refresh_count() == 0);
}

TEST_CASE("callers with deadlines and without, on an io_context run by four threads: one refresh") {
    constexpr int callers = 64;
    boost::asio::io_context ioc(4);
    auto inner = std::make_shared<scripted_provider>(script{make_creds("MT", "s", system_clock::now() + 1h)});
    std::atomic<int> timed_out{0};
    std::atomic<int> ok{0};
    std::atomic<int> finished{0};
    // The refresh answers once every caller with a deadline has left.
    inner->until = [&timed_out] { return timed_out.load() == callers / 2; };
    auto p = make_cached_provider(inner);
    for (int i = 0; i < callers; ++i) {
        auto aw = i % 2 == 0 ? p->get_credentials_within(5ms) : p->get_credentials();
        boost::asio::co_spawn(ioc, std::move(aw), [&](std::exception_ptr e, result<credentials_ptr> r) {
            if (!e && r && (*r)->access_key_id == "MT") ++ok;
            if (!e && !r && r.error().code == errc::operation_timeout) ++timed_out;
            ++finished;
        });
    }
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back([&] { ioc.run_for(30s); });
    for (auto& t : threads) t.join();
    CHECK(finished.load() == callers);
    CHECK(timed_out.load() == callers / 2);
    CHECK(ok.load() == callers / 2);
    CHECK(inner->calls() == 1);
    CHECK(p->refresh_count() == 1);
}

}  // TEST_SUITE
