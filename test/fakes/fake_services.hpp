// A fake clock and fake client_services (lib/client/client_services.hpp) for component
// tests of the client's orchestration.
//
// Why: the retry spec's cases are exact (delays of 1 s then 2 s, quota 495, X-Amz-Date =
// now + 600 s). With a fake clock whose sleeps advance time at once, and fixed jitter and
// numbered ids, a test asserts those values exactly and runs in microseconds.
//
//  - fake_clock: manual steady and wall time that move together (a sleep of 1 s moves
//    both by 1 s); shared by the services and the scripted transport.
//  - fake_services: sleep_until moves the clock to `until` and records the sleep; or, in
//    "blocking" mode, waits on a real timer until the caller cancels it (for the
//    cancellation cases; bounded by `blocking_limit`). Tokens and invocation ids are
//    numbered UUID v4 texts and their generators count their calls. Jitter is a fixed b.
//
// A guard stops a call that keeps sleeping for nothing (zero-length sleeps in a row): the
// fake then reports errc::cancelled and sets spin_detected(), so a busy loop in the client
// fails the test instead of hanging it.
//
// Thread safety: every member may be called from any thread (one mutex), so the fakes also
// serve the concurrency case.
#pragma once

#include "client/client_services.hpp"
#include "transport/pool_state.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace awsconnect::test {

/// 2024-05-01T12:00:00Z: the wall time fake clocks start at (a whole second, so Date
/// headers, with their 1 s resolution, can be exact).
std::chrono::system_clock::time_point fake_wall_start();

class fake_clock {
public:
    explicit fake_clock(std::chrono::system_clock::time_point wall_start = fake_wall_start());

    transport::pool_time steady_now() const;
    std::chrono::system_clock::time_point wall_now() const;
    /// Time since the clock was made.
    std::chrono::nanoseconds elapsed() const;
    /// Moves both clocks forward by `d` (never backward).
    void advance(std::chrono::nanoseconds d);
    /// Moves both clocks forward to steady time `t` (nothing if `t` is not ahead).
    void advance_to(transport::pool_time t);
    /// The steady time at elapsed() == `d`.
    transport::pool_time steady_at(std::chrono::nanoseconds d) const { return steady_start_ + d; }
    transport::pool_time steady_start() const { return steady_start_; }

private:
    mutable std::mutex mutex_;
    const transport::pool_time steady_start_;
    const std::chrono::system_clock::time_point wall_start_;
    std::chrono::nanoseconds elapsed_{0};
};

/// One call of sleep_until.
struct sleep_record {
    transport::pool_time from;    ///< fake steady time when the sleep began
    transport::pool_time until;   ///< what was asked
    std::chrono::nanoseconds delay{0};  ///< until - from (0 if until was not ahead)
    bool blocking = false;
    bool cancelled = false;       ///< ended by the caller's cancellation
};

class fake_services {
public:
    explicit fake_services(std::shared_ptr<fake_clock> clock);

    /// The client_services to give the client (they share this object's state).
    detail::client_services services() const;

    const std::shared_ptr<fake_clock>& clock() const { return clock_; }

    /// Backoff jitter b returned to the client (default 1).
    void set_jitter(double b);
    /// Blocking sleeps wait on a real timer until cancelled, at most `limit` of real time
    /// (then they end normally, moving the fake clock to `until`).
    void set_blocking_sleeps(bool on, std::chrono::milliseconds limit = std::chrono::seconds(10));
    /// Called (on the sleeping coroutine's thread) when a sleep starts; for blocking sleeps
    /// just before the coroutine suspends on its timer.
    void on_sleep(std::function<void(const sleep_record&)> hook);

    std::vector<sleep_record> sleeps() const;
    /// The delays of every sleep, in order.
    std::vector<std::chrono::nanoseconds> delays() const;
    int token_calls() const;
    int invocation_id_calls() const;
    bool spin_detected() const;

    /// The n-th (1-based) token / invocation id the generators return.
    static std::string token(int n);
    static std::string invocation_id(int n);

private:
    struct state;
    static boost::asio::awaitable<boost::system::error_code> sleep(std::shared_ptr<state> s,
                                                                   std::shared_ptr<fake_clock> clock,
                                                                   transport::pool_time until);
    std::shared_ptr<fake_clock> clock_;
    std::shared_ptr<state> state_;
};

}  // namespace awsconnect::test
