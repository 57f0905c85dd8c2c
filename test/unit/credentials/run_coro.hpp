// Running a coroutine in a test with a hard time limit.
//
// run_coro(ioc, aw) spawns `aw` on `ioc`, runs the io_context until the coroutine finishes
// (then stops it, so servers still accepting in the background do not keep it busy), and
// fails the test if it has not finished after `limit`. The limit is a safety net against a
// hang, never an assertion about speed: tests pass with any machine speed.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <exception>
#include <optional>

namespace awsconnect::test {

inline constexpr std::chrono::seconds coro_limit{30};

template <class T>
T run_coro(boost::asio::io_context& ioc, boost::asio::awaitable<T> aw,
           std::chrono::milliseconds limit = coro_limit) {
    std::optional<T> out;
    std::exception_ptr ex;
    bool done = false;
    boost::asio::co_spawn(ioc, std::move(aw), [&](std::exception_ptr e, T v) {
        ex = e;
        if (!e) out.emplace(std::move(v));
        done = true;
        ioc.stop();
    });
    ioc.restart();
    ioc.run_for(limit);
    REQUIRE_MESSAGE(done, "the coroutine did not finish within the time limit");
    if (ex) std::rethrow_exception(ex);
    return std::move(*out);
}

inline void run_coro(boost::asio::io_context& ioc, boost::asio::awaitable<void> aw,
                     std::chrono::milliseconds limit = coro_limit) {
    std::exception_ptr ex;
    bool done = false;
    boost::asio::co_spawn(ioc, std::move(aw), [&](std::exception_ptr e) {
        ex = e;
        done = true;
        ioc.stop();
    });
    ioc.restart();
    ioc.run_for(limit);
    REQUIRE_MESSAGE(done, "the coroutine did not finish within the time limit");
    if (ex) std::rethrow_exception(ex);
}

}  // namespace awsconnect::test
