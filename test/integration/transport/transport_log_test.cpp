// The transport's debug lines (pool_options::log): every connection's story told by its id,
// with the reason it was closed.
//
// Strategy: one pooled_transport (one connection at a time) with a capturing logger, against
// a scripted server that sends Keep-Alive: timeout=2 (the pool's idle timeout becomes 1 s)
// and misbehaves by request number: the 2nd request is read and the connection reset (a
// stale keep-alive: replayed on a new connection), the 4th stalls (the attempt times out),
// the 5th answers Connection: close; the 6th is fine and its connection is left idle until
// the pool's idle timeout closes it. The lines are compared exactly, up to the durations.
#include "transport/pooled_transport.hpp"

#include "fakes/scripted_server.hpp"
#include "support/run_coro.hpp"

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <mutex>
#include <regex>
#include <string>
#include <vector>

using namespace awsconnect;
using namespace awsconnect::transport;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using test::run_coro;

namespace {

struct sender {
    pooled_transport& t;
    endpoint_key key;
    std::string bytes;
    asio::awaitable<transport_result> operator()(std::chrono::milliseconds timeout = 5s) const {
        transport_request req;
        req.endpoint = &key;
        req.bytes = bytes;
        req.deadline = pool_clock::now() + timeout;
        transport_result out;
        co_await t.send(req, out);
        co_return out;
    }
};

}  // namespace

TEST_SUITE("transport log") {

TEST_CASE("each connection opened, reused and closed with its reason; the stale replay") {
    test::server_options so;
    so.keep_alive_header_seconds = 2;
    so.handler = [](const test::server_request& r) {
        test::server_action a;
        if (r.index == 2) a.kind = test::server_action_kind::reset_after_read;
        if (r.index == 4) a.kind = test::server_action_kind::stall;
        if (r.index == 5) a.connection_close = true;
        return a;
    };
    test::scripted_server srv(so);

    std::mutex m;
    std::vector<std::string> lines;
    log_config lc;
    lc.level = log_level::debug;
    lc.sink = [&](log_level level, std::string_view component, std::string_view message) {
        std::lock_guard lock(m);
        CHECK(level == log_level::debug);
        CHECK(component == "transport");
        lines.emplace_back(message);
    };
    {
        asio::io_context ioc;
        transport_options o;
        o.pool.limits.max_connections = 1;
        o.pool.limits.max_pending = 4;
        o.pool.log = log::make_logger(lc);
        pooled_transport t(ioc.get_executor(), o);
        const endpoint_key k{false, "127.0.0.1", srv.port()};
        sender send{t, k,
                    "DELETE /phone-number/pn-1?clientToken=t HTTP/1.1\r\nHost: " + k.authority() +
                        "\r\nContent-Length: 0\r\n\r\n"};
        REQUIRE_FALSE(run_coro(ioc, send()).ec);  // 1: connection 1
        auto second = run_coro(ioc, send());      // 2: reset on connection 1, 3: replayed on connection 2
        REQUIRE_FALSE(second.ec);
        CHECK(second.stale_replays == 1);
        CHECK(run_coro(ioc, send(300ms)).ec == errc::attempt_timeout);  // 4: connection 2 stalls
        REQUIRE_FALSE(run_coro(ioc, send()).ec);  // 5: connection 3, Connection: close
        REQUIRE_FALSE(run_coro(ioc, send()).ec);  // 6: connection 4, left idle
        CHECK(test::run_until(ioc, [&] { return t.stats().idle_expired == 1; }, 5s));
    }

    std::lock_guard lock(m);
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    INFO(text);
    // Durations vary, and so may how the reset reads (RST or end of stream); everything else
    // is exact. "exchanges" counts the exchanges a connection completed.
    const std::string url = "http://127.0.0.1:" + std::to_string(srv.port());
    const std::regex ms(R"(\d+ ms)");
    std::vector<std::string> got;
    const std::regex reset(R"(^connection_(reset|closed) on )");
    for (const auto& l : lines) got.push_back(std::regex_replace(std::regex_replace(l, ms, "N ms"), reset, "RESET on "));
    const std::string at = "127.0.0.1:" + std::to_string(srv.port());
    const std::vector<std::string> want = {
        "connection 1 to " + url + " opened: " + at + ", N ms",
        "connection 1 to " + url + " reused (exchanges before: 1)",
        "connection 1 to " + url + " closed: I/O error (exchanges: 1, open N ms)",
        "RESET on a reused connection to " + url +
            " before any response byte (stale keep-alive): the request is replayed on a new connection",
        "connection 2 to " + url + " opened: " + at + ", N ms",
        "connection 2 to " + url + " reused (exchanges before: 1)",
        "connection 2 to " + url + " closed: the exchange timed out (exchanges: 1, open N ms)",
        "connection 3 to " + url + " opened: " + at + ", N ms",
        "connection 3 to " + url + " closed: the server sent Connection: close (exchanges: 1, open N ms)",
        "connection 4 to " + url + " opened: " + at + ", N ms",
        "connection 4 to " + url + " closed: idle timeout (exchanges: 1, open N ms)",
    };
    CHECK(got == want);
}

}  // TEST_SUITE
