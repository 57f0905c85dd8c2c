// The client over real TLS on 127.0.0.1 when the handshake breaks: which failures are
// retried (the connection failed) and which are final (TLS itself refused).
//
// Strategy: a scripted TLS server (test/fakes/scripted_server.hpp) breaks the handshake of
// chosen connections (reset or close after reading the ClientHello, a fatal alert) and
// serves the others normally, recording every request it read. The client runs over the
// real transport with a fixed zero backoff jitter (socket_client.hpp), so a retry starts at
// once. Assertions are on what the caller got, what the observer saw per attempt, and what
// reached the server (requests, tokens, attempt headers). Every run is bounded (run_coro).
#include "socket_client.hpp"

#include "fakes/scripted_server.hpp"
#include "fakes/test_certs.hpp"
#include "support/run_coro.hpp"

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace awsconnect;
namespace asio = boost::asio;
using test::run_coro;
using test::scripted_server;
using test::server_options;
using test::server_request;
using test::tls_fault;

namespace {

test::test_certs& certs() {
    static test::test_certs c;
    return c;
}

const std::string id = "00000000-0000-4000-8000-000000000001";

std::string query_token(const server_request& r) {
    const auto q = r.target.find("clientToken=");
    if (q == std::string::npos) return {};
    const auto end = r.target.find('&', q);
    return r.target.substr(q + 12, end == std::string::npos ? std::string::npos : end - q - 12);
}

// A TLS server (certificate for 127.0.0.1 from the test CA) whose connection n's
// handshake is broken as `fault_for(n)` says.
server_options tls_server(std::function<tls_fault(int)> fault_for) {
    server_options o;
    o.tls = true;
    o.cert = certs().good();
    o.tls_fault_for = std::move(fault_for);
    return o;
}

struct observed {
    boost::system::error_code error;
    std::string client_token;
    bool will_retry = false;
};

}  // namespace

TEST_SUITE("client over TLS") {

TEST_CASE("a reset or EOF during the first TLS handshake is retried with the same token, and the call succeeds") {
    struct row {
        tls_fault fault;
        errc first_error;
    };
    for (const row r : {row{tls_fault::reset_after_client_hello, errc::connection_reset},
                        row{tls_fault::reset_unread, errc::connection_reset},
                        row{tls_fault::close_after_client_hello, errc::connection_closed}}) {
        CAPTURE(static_cast<int>(r.fault));
        scripted_server srv(tls_server([&](int connection) { return connection == 1 ? r.fault : tls_fault::none; }));
        asio::io_context ioc;
        auto cfg = test::local_config(srv.url(), certs().ca_file());
        std::vector<observed> attempts;
        cfg.observer = [&](const attempt_event& e) {
            attempts.push_back({e.error, std::string(e.client_token), e.will_retry});
        };
        client c = test::make_socket_client(ioc.get_executor(), cfg, 0.0);
        auto result = run_coro(ioc, c.release_phone_number({id, std::nullopt}));
        REQUIRE_MESSAGE(result.has_value(), (result ? "" : to_envelope_json(result)));
        CHECK(result->attempts == 2);
        REQUIRE(attempts.size() == 2);
        CHECK(attempts[0].error == r.first_error);
        CHECK(attempts[0].error == error_kind::connection_error);
        CHECK(attempts[0].will_retry);
        CHECK(attempts[0].client_token == result->client_token);
        CHECK_FALSE(attempts[1].error);
        CHECK(attempts[1].client_token == result->client_token);
        // The first handshake never got to HTTP; the second connection carried the request,
        // as the policy's second attempt, with the call's one token.
        CHECK(srv.connections() == 2);
        CHECK(srv.handshakes() == 1);
        const auto got = srv.received();
        REQUIRE(got.size() == 1);
        CHECK(got[0].connection == 2);
        CHECK(query_token(got[0]) == result->client_token);
        CHECK(got[0].header("amz-sdk-request") == "attempt=2; max=3");
        const auto s = c.stats();
        CHECK(s.retries_transient == 1);
        CHECK(s.succeeded == 1);
        CHECK(s.pool.connect_failures == 1);
        CHECK(s.pool.leased == 0);
    }
}

TEST_CASE("a handshake reset on every connection ends as CONNECTION_ERROR after max_attempts, one token throughout") {
    scripted_server srv(tls_server([](int) { return tls_fault::reset_after_client_hello; }));
    asio::io_context ioc;
    auto cfg = test::local_config(srv.url(), certs().ca_file());
    std::vector<observed> attempts;
    cfg.observer = [&](const attempt_event& e) { attempts.push_back({e.error, std::string(e.client_token), e.will_retry}); };
    client c = test::make_socket_client(ioc.get_executor(), cfg, 0.0);
    auto result = run_coro(ioc, c.release_phone_number({id, "tok-reset"}));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == errc::connection_reset);
    CHECK(result.error().kind_string() == "CONNECTION_ERROR");
    CHECK(result.error().attempts == 3);
    CHECK(result.error().max_attempts_reached);
    CHECK(result.error().client_token == "tok-reset");
    REQUIRE(attempts.size() == 3);
    for (const auto& a : attempts) CHECK(a.client_token == "tok-reset");
    CHECK(srv.connections() == 3);
    CHECK(srv.requests() == 0);
}

TEST_CASE("a fatal TLS alert stays TLS_ERROR and is not retried") {
    // protocol_version is what a server that speaks no TLS version we offer answers;
    // handshake_failure what one that accepts none of our cipher suites answers.
    for (const tls_fault fault : {tls_fault::alert_protocol_version, tls_fault::alert_handshake_failure}) {
        CAPTURE(static_cast<int>(fault));
        scripted_server srv(tls_server([&](int) { return fault; }));
        asio::io_context ioc;
        auto cfg = test::local_config(srv.url(), certs().ca_file());
        std::vector<observed> attempts;
        cfg.observer = [&](const attempt_event& e) {
            attempts.push_back({e.error, std::string(e.client_token), e.will_retry});
        };
        client c = test::make_socket_client(ioc.get_executor(), cfg, 0.0);
        auto result = run_coro(ioc, c.release_phone_number({id, "tok-alert"}));
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code == errc::tls_handshake_failed);
        CHECK(result.error().kind_string() == "TLS_ERROR");
        CHECK(result.error().attempts == 1);
        CHECK_FALSE(result.error().max_attempts_reached);
        CHECK(result.error().message.find("alert") != std::string::npos);
        REQUIRE(attempts.size() == 1);
        CHECK_FALSE(attempts[0].will_retry);
        CHECK(srv.connections() == 1);
        CHECK(srv.requests() == 0);
        CHECK(c.stats().retries == 0);
    }
}

}  // TEST_SUITE
