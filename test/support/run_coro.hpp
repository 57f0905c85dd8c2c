// Runs an awaitable to completion on an io_context with a hard time limit, and fails the
// test if it never finished (Boost.Redis's run_coroutine_test). Exceptions propagate.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <exception>
#include <optional>

namespace awsconnect::test {

template <class T>
T run_coro(boost::asio::io_context& ioc, boost::asio::awaitable<T> a,
           std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    std::optional<T> result;
    std::exception_ptr error;
    bool done = false;
    boost::asio::co_spawn(ioc, std::move(a), [&](std::exception_ptr e, T v) {
        error = e;
        if (!e) result.emplace(std::move(v));
        done = true;
    });
    ioc.restart();
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done && std::chrono::steady_clock::now() < deadline) ioc.run_for(std::chrono::milliseconds(20));
    REQUIRE_MESSAGE(done, "the coroutine did not finish in time");
    if (error) std::rethrow_exception(error);
    return std::move(*result);
}

inline void run_coro(boost::asio::io_context& ioc, boost::asio::awaitable<void> a,
                     std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    std::exception_ptr error;
    bool done = false;
    boost::asio::co_spawn(ioc, std::move(a), [&](std::exception_ptr e) {
        error = e;
        done = true;
    });
    ioc.restart();
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done && std::chrono::steady_clock::now() < deadline) ioc.run_for(std::chrono::milliseconds(20));
    REQUIRE_MESSAGE(done, "the coroutine did not finish in time");
    if (error) std::rethrow_exception(error);
}

/// Lets pending handlers run for a while (e.g. background connects finishing, idle
/// sweeps, which do not count as work on their own).
inline void run_for(boost::asio::io_context& ioc, std::chrono::milliseconds d) {
    ioc.restart();
    auto guard = boost::asio::make_work_guard(ioc);
    ioc.run_for(d);
}

/// Runs `ioc` until `pred()` holds or `limit` has passed, and returns `pred()`: a wait on an
/// observed condition (a counter, a gauge, a completion count), never on a guessed delay.
template <class Pred>
bool run_until(boost::asio::io_context& ioc, Pred pred, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    ioc.restart();
    auto guard = boost::asio::make_work_guard(ioc);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!pred() && std::chrono::steady_clock::now() < deadline) ioc.run_for(std::chrono::milliseconds(2));
    return pred();
}

/// Runs `ioc` until it has no work left (every handler ran, no timer or I/O is pending), or
/// `limit` has passed; returns true if it ran out of work.
inline bool run_until_idle(boost::asio::io_context& ioc, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    ioc.restart();
    ioc.run_for(limit);
    return ioc.stopped();
}

/// Open file descriptors of this process.
int open_fds();

}  // namespace awsconnect::test
