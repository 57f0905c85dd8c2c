// The client's retry, timeout, cancellation and clock-skew behaviour over real sockets on
// 127.0.0.1: the transport's side of spec cases 14, 15, 16, 17, 21 and 24, and one client
// shared by 4 threads against the emulator.
//
// Strategy: a scripted server (test/fakes/scripted_server.hpp) misbehaves exactly as each
// case needs (reset or close after reading, stall, a Date header 10 minutes ahead) and
// records every request it read, so tests assert what reached the server (how many
// requests, on which connection, with which token and headers) as well as what the caller
// saw and the pool's counters. Where the moment of a retry matters, the client runs over
// the real transport and clocks with a fixed jitter (socket_client.hpp); otherwise it is
// the public client as users build it. Cancellation is posted from the observer or from
// the server's handler, at a known step of the call, never after a guessed delay. Every
// run is bounded (run_coro and bounded loops); no assertion is about elapsed time.
#include "socket_client.hpp"

#include "fakes/scripted_server.hpp"
#include "fakes/test_certs.hpp"
#include "http/http_date.hpp"
#include "operation/idempotency_token.hpp"
#include "support/run_coro.hpp"

#include <awsconnect/emulator.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <doctest/doctest.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace awsconnect;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using test::run_coro;
using test::scripted_server;
using test::server_action;
using test::server_action_kind;
using test::server_options;
using test::server_request;

namespace {

server_options plain_server(std::function<server_action(const server_request&)> handler) {
    server_options o;
    o.handler = std::move(handler);
    return o;
}

server_action json_error(int status, std::string code, std::string message = "an error") {
    server_action a;
    a.status = status;
    a.body = "{\"message\":\"" + message + "\"}";
    a.headers.emplace_back("X-Amzn-ErrorType", std::move(code));
    return a;
}

std::string query_token(const server_request& r) {
    const auto q = r.target.find("clientToken=");
    if (q == std::string::npos) return {};
    const auto end = r.target.find('&', q);
    return r.target.substr(q + 12, end == std::string::npos ? std::string::npos : end - q - 12);
}

std::chrono::system_clock::time_point parse_amz_date(const std::string& s) {
    std::tm tm{};
    REQUIRE(s.size() == 16);
    tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(s.substr(4, 2)) - 1;
    tm.tm_mday = std::stoi(s.substr(6, 2));
    tm.tm_hour = std::stoi(s.substr(9, 2));
    tm.tm_min = std::stoi(s.substr(11, 2));
    tm.tm_sec = std::stoi(s.substr(13, 2));
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

long long seconds_between(std::chrono::system_clock::time_point a, std::chrono::system_clock::time_point b) {
    return std::chrono::duration_cast<std::chrono::seconds>(b - a).count();
}

// A call the test cancels by posting to the client's io_context (from any thread).
struct cancellable_call {
    asio::io_context& ioc;
    asio::cancellation_signal signal;
    std::optional<result<release_phone_number_response>> out;

    explicit cancellable_call(asio::io_context& i) : ioc(i) {}
    void start(client& c, release_phone_number_request r) {
        asio::co_spawn(ioc, c.release_phone_number(std::move(r)),
                       asio::bind_cancellation_slot(signal.slot(),
                                                    [this](std::exception_ptr e, result<release_phone_number_response> v) {
                                                        REQUIRE_FALSE(e);
                                                        out.emplace(std::move(v));
                                                    }));
    }
    void post_cancel() {
        asio::post(ioc, [this] { signal.emit(asio::cancellation_type::terminal); });
    }
    result<release_phone_number_response> finish(std::chrono::milliseconds limit = 20s) {
        ioc.restart();
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!out && std::chrono::steady_clock::now() < deadline) ioc.run_for(20ms);
        REQUIRE_MESSAGE(out.has_value(), "the call did not finish in time");
        return std::move(*out);
    }
};

const std::string id = "00000000-0000-4000-8000-000000000001";

std::unique_ptr<emulator::server> start_emulator(emulator::server_config cfg) {
    auto s = emulator::server::start(std::move(cfg));
    REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message));
    return std::move(*s);
}

template <class Pred>
bool wait_until(asio::io_context& ioc, Pred pred, std::chrono::milliseconds limit = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!pred() && std::chrono::steady_clock::now() < deadline) test::run_for(ioc, 10ms);
    return pred();
}

}  // namespace

TEST_SUITE("client over sockets") {

// The test factory (socket_client.hpp) is the production one: each setting below, set on the
// client_config, changes what the client does. A hand-copied factory that drops the setting
// makes the row's outcome flip (the limit is not applied, the CA directory or the insecure
// flag is ignored, the connection is reused past its lifetime).
TEST_CASE("the test factory applies every setting: size limits, lifetime, CA directory, insecure flag") {
    static test::test_certs certs;
    struct row {
        std::string_view name;
        bool tls;
        const test::cert_files* cert;
        std::function<void(client_config&)> configure;
        server_action answer;
        std::optional<errc> first_call;  ///< none: the call succeeds
    };
    // The CA directory in c_rehash layout: <subject hash>.0, a copy of the CA certificate.
    const auto ca_dir = certs.dir() / "hashed-ca";
    std::filesystem::create_directories(ca_dir);
    {
        std::FILE* f = std::fopen(certs.ca_file().c_str(), "r");
        REQUIRE(f != nullptr);
        X509* ca = PEM_read_X509(f, nullptr, nullptr, nullptr);
        std::fclose(f);
        REQUIRE(ca != nullptr);
        char name[32];
        std::snprintf(name, sizeof name, "%08lx.0", X509_subject_name_hash(ca));
        X509_free(ca);
        std::filesystem::copy_file(certs.ca_file(), ca_dir / name,
                                   std::filesystem::copy_options::overwrite_existing);
    }
    server_action two_kib_body;
    two_kib_body.body = "{\"pad\":\"" + std::string(2048, 'x') + "\"}";
    server_action two_kib_header;
    two_kib_header.headers.emplace_back("X-Pad", std::string(2048, 'h'));
    server_action slow;  // the connection is at least 20 ms old when the call completes
    slow.delay = 20ms;
    const row rows[] = {
        {"pool.max_response_body_bytes", false, nullptr,
         [](client_config& c) { c.pool.max_response_body_bytes = 1024; }, two_kib_body, errc::response_too_large},
        {"pool.max_response_header_bytes", false, nullptr,
         [](client_config& c) { c.pool.max_response_header_bytes = 1024; }, two_kib_header,
         errc::response_too_large},
        {"tls.insecure_skip_verify", true, &certs.untrusted(),
         [](client_config& c) { c.tls.insecure_skip_verify = true; }, server_action{}, std::nullopt},
        {"tls.ca_directory", true, &certs.good(),
         [&](client_config& c) { c.tls.ca_directory = ca_dir.string(); }, server_action{}, std::nullopt},
        {"pool.max_lifetime", false, nullptr,
         [](client_config& c) {
             c.pool.max_lifetime = 10ms;
             c.pool.lifetime_jitter = 0;
         },
         slow, std::nullopt},
    };
    for (const auto& r : rows) {
        CAPTURE(r.name);
        server_options o;
        o.tls = r.tls;
        if (r.cert) o.cert = *r.cert;
        o.handler = [&r](const server_request&) { return r.answer; };
        scripted_server srv(o);
        asio::io_context ioc;
        auto cfg = test::local_config(srv.url());
        // Without the row's setting each row's outcome differs: no CA is trusted for the TLS
        // rows (the system store does not know the test CA), the limits are 16 KiB / 1 MiB,
        // the lifetime 5 min.
        r.configure(cfg);
        client c = test::make_socket_client(ioc.get_executor(), cfg, 0.0);
        auto first = run_coro(ioc, c.release_phone_number({id, "tok-setting-1"}));
        if (r.first_call) {
            CHECK_FALSE(first.has_value());
            if (!first) CHECK(first.error().code == *r.first_call);
        } else {
            CHECK_MESSAGE(first.has_value(), (first ? "" : to_envelope_json(first)));
        }
        if (r.name == "pool.max_lifetime") {
            // The connection outlived its 10 ms lifetime during the first call and is retired
            // when it comes back; the second call opens a new one, retired the same way.
            CHECK(c.stats().pool.lifetime_retired == 1);
            auto second = run_coro(ioc, c.release_phone_number({id, "tok-setting-2"}));
            REQUIRE(second.has_value());
            CHECK(srv.connections() == 2);
            CHECK(c.stats().pool.lifetime_retired == 2);
        }
    }
}


TEST_CASE("spec case 14 over sockets: a reset before any response byte on a fresh connection is retried by the policy, on a new connection, with the same token") {
    scripted_server srv(plain_server([](const server_request& r) {
        server_action a;
        if (r.index == 1) a.kind = server_action_kind::reset_after_read;
        return a;
    }));
    asio::io_context ioc;
    auto cfg = test::local_config(srv.url());
    std::vector<boost::system::error_code> errors;
    cfg.observer = [&](const attempt_event& e) { errors.push_back(e.error); };
    client c = test::make_socket_client(ioc.get_executor(), cfg, 0.0);
    auto r = run_coro(ioc, c.release_phone_number({id, std::nullopt}));
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : to_envelope_json(r)));
    CHECK(r->attempts == 2);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0] == errc::connection_reset);
    CHECK_FALSE(errors[1]);
    const auto got = srv.received();
    REQUIRE(got.size() == 2);
    CHECK(got[0].connection == 1);
    CHECK(got[1].connection == 2);  // a new connection: the reset one was dropped
    CHECK(query_token(got[0]) == r->client_token);
    CHECK(query_token(got[1]) == r->client_token);
    CHECK(got[0].header("amz-sdk-request") == "attempt=1; max=3");
    CHECK(got[1].header("amz-sdk-request") == "attempt=2; max=3");  // the policy's retry, not a replay
    CHECK(got[0].header("amz-sdk-invocation-id") == got[1].header("amz-sdk-invocation-id"));
    const auto s = c.stats();
    CHECK(s.retries_transient == 1);
    CHECK(s.retry_quota == 500);  // 5 taken, 5 given back on success
    CHECK(s.pool.poisoned_io_error == 1);
    CHECK(s.pool.stale_replays == 0);
    CHECK(s.pool.connections_opened == 2);
    CHECK(s.pool.leased == 0);
}

TEST_CASE("spec case 15 over sockets: a reused keep-alive connection dropped by the server is replayed once on a fresh one, same bytes, no quota, no retry") {
    // The server answers the first request on each connection and closes the connection
    // when a second request arrives on it, before answering: the keep-alive race.
    scripted_server srv(plain_server([](const server_request& r) {
        server_action a;
        if (r.request_on_connection == 2) a.kind = server_action_kind::close_after_read;
        return a;
    }));
    asio::io_context ioc;
    auto cfg = test::local_config(srv.url());
    int stale_seen = 0;
    cfg.observer = [&](const attempt_event& e) { stale_seen += e.stale_replays; };
    client c(ioc.get_executor(), cfg);
    auto first = run_coro(ioc, c.release_phone_number({id, "tok-first"}));
    REQUIRE(first.has_value());
    auto second = run_coro(ioc, c.release_phone_number({id, "tok-second"}));
    REQUIRE_MESSAGE(second.has_value(), (second ? "" : to_envelope_json(second)));
    CHECK(second->client_token == "tok-second");
    CHECK(stale_seen == 1);
    const auto got = srv.received();
    REQUIRE(got.size() == 3);
    CHECK(got[1].connection == 1);  // the reused connection
    CHECK(got[1].request_on_connection == 2);
    CHECK(got[2].connection == 2);  // the replay, on a fresh connection
    CHECK(query_token(got[1]) == "tok-second");
    CHECK(query_token(got[2]) == "tok-second");
    // The same bytes: the replay is not a new attempt and is not re-signed.
    CHECK(got[2].header("amz-sdk-request") == "attempt=1; max=3");
    CHECK(got[1].header("X-Amz-Date") == got[2].header("X-Amz-Date"));
    CHECK(got[1].header("Authorization") == got[2].header("Authorization"));
    const auto s = c.stats();
    CHECK(s.pool.stale_replays == 1);
    CHECK(s.retries == 0);
    CHECK(s.attempts == 3);  // requests sent: two calls, one of them replayed once
    CHECK(s.retry_quota == 500);
}

TEST_CASE("spec case 15 over sockets: a server that closes idle keep-alive connections: the next call succeeds without a retry or quota") {
    server_options o;
    o.idle_close = 100ms;
    scripted_server srv(o);
    asio::io_context ioc;
    client c(ioc.get_executor(), test::local_config(srv.url()));
    REQUIRE(run_coro(ioc, c.release_phone_number({id, std::nullopt})).has_value());
    // Let the server close the idle connection (bounded wait on what the server reports).
    REQUIRE(wait_until(ioc, [&] { return srv.open_connections() == 0; }));
    auto r = run_coro(ioc, c.release_phone_number({id, std::nullopt}));
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : to_envelope_json(r)));
    CHECK(r->attempts == 1);
    const auto s = c.stats();
    CHECK(s.retries == 0);
    CHECK(s.retry_quota == 500);
    CHECK(srv.connections() == 2);
    CHECK(srv.requests() == 2 + static_cast<int>(s.pool.stale_replays));
}

TEST_CASE("spec case 16 over sockets: attempt 200 ms, operation 500 ms, a stalling server: operation_timeout after 2 attempts") {
    scripted_server srv(plain_server([](const server_request&) {
        server_action a;
        a.kind = server_action_kind::stall;
        return a;
    }));
    asio::io_context ioc;
    auto cfg = test::local_config(srv.url());
    cfg.timeouts.attempt = 200ms;
    cfg.timeouts.operation = 500ms;
    std::vector<boost::system::error_code> errors;
    cfg.observer = [&](const attempt_event& e) { errors.push_back(e.error); };
    // b = 0.15: attempt 1 times out at 200 ms, the backoff is 150 ms, attempt 2 starts at
    // about 350 ms and the call's deadline (500 ms) cuts it before its own 200 ms.
    client c = test::make_socket_client(ioc.get_executor(), cfg, 0.15);
    auto r = run_coro(ioc, c.release_phone_number({id, std::nullopt}));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::operation_timeout);
    CHECK(r.error().kind_string() == "TIMEOUT");
    CHECK(r.error().attempts == 2);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0] == errc::attempt_timeout);
    CHECK(errors[1] == errc::operation_timeout);
    const auto got = srv.received();
    REQUIRE(got.size() == 2);
    CHECK(query_token(got[0]) == r.error().client_token);
    CHECK(query_token(got[1]) == r.error().client_token);
    CHECK(got[0].connection != got[1].connection);
    const auto s = c.stats();
    CHECK(s.pool.poisoned_timeout == 2);
    CHECK(s.pool.leased == 0);
    CHECK(s.retry_quota == 490);  // one timeout retry (10), not refunded
}

TEST_CASE("spec case 17 over sockets: cancelling during the backoff ends the call with CANCELLED, no further request, nothing leased") {
    scripted_server srv(plain_server([](const server_request& r) {
        return r.index == 1 ? json_error(500, "InternalServiceException") : server_action{};
    }));
    asio::io_context ioc;
    cancellable_call call(ioc);
    auto cfg = test::local_config(srv.url());
    // When the first attempt's 500 is decided (a 1 s backoff follows), cancel.
    cfg.observer = [&](const attempt_event& e) {
        if (e.will_retry) call.post_cancel();
    };
    client c = test::make_socket_client(ioc.get_executor(), cfg, 1.0);
    call.start(c, {id, "tok-17"});
    auto r = call.finish();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::cancelled);
    CHECK(r.error().attempts == 1);
    CHECK(r.error().client_token == "tok-17");
    CHECK(srv.requests() == 1);
    const auto s = c.stats();
    CHECK(s.cancelled == 1);
    CHECK(s.retry_quota == 495);
    CHECK(s.pool.leased == 0);
    CHECK(s.pool.poisoned_cancelled == 0);  // the 500's connection was healthy and kept
}

TEST_CASE("spec case 17 over sockets: cancelling during I/O ends the call with CANCELLED, drops the connection, leaks no descriptor") {
    const int fds_before = test::open_fds();
    {
        asio::io_context ioc;
        cancellable_call call(ioc);
        std::atomic<bool> cancel_posted{false};
        scripted_server srv(plain_server([&](const server_request& r) {
            server_action a;
            if (r.index == 1) {
                a.kind = server_action_kind::stall;
                // The request reached the server: the client is now waiting for the answer.
                // (The flag first: the call may finish before post_cancel() returns here.)
                cancel_posted = true;
                call.post_cancel();
            }
            return a;
        }));
        {
            client c(ioc.get_executor(), test::local_config(srv.url()));
            call.start(c, {id, "tok-io"});
            auto r = call.finish();
            REQUIRE(cancel_posted);
            REQUIRE_FALSE(r.has_value());
            CHECK(r.error().code == errc::cancelled);
            CHECK(r.error().kind_string() == "CANCELLED");
            CHECK(r.error().attempts == 1);
            CHECK(r.error().client_token == "tok-io");
            auto s = c.stats();
            CHECK(s.pool.poisoned_cancelled == 1);
            CHECK(s.pool.leased == 0);
            CHECK(s.pool.idle == 0);
            CHECK(s.retry_quota == 500);
            // The client still works, on a new connection.
            auto again = run_coro(ioc, c.release_phone_number({id, std::nullopt}));
            REQUIRE(again.has_value());
            CHECK(srv.connections() == 2);
            c.shutdown();
        }
        // Every close the shutdown started has run: nothing is left for the io_context.
        CHECK(test::run_until_idle(ioc, 5s));
        srv.stop();
    }
    CHECK(test::open_fds() == fds_before);
}

TEST_CASE("spec case 21 over sockets: the emulator's clock is 10 minutes ahead: Signature expired, the offset is learned from Date, the retry succeeds") {
    emulator::server_config ecfg;
    ecfg.tls = false;
    ecfg.claim_count = 4;
    ecfg.clock_offset = 10min;
    auto emu = start_emulator(ecfg);
    asio::io_context ioc;
    std::vector<std::string> kinds;
    auto cfg = test::local_config(emu->url());
    cfg.observer = [&](const attempt_event& e) { kinds.emplace_back(e.retry_kind); };
    client c(ioc.get_executor(), cfg);
    auto r = run_coro(ioc, c.release_phone_number({emulator::claimed_phone_number_id(1), std::nullopt}));
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : to_envelope_json(r)));
    CHECK(r->attempts == 2);
    REQUIRE(kinds.size() == 2);
    CHECK(kinds[0] == "clock_skew");
    const auto s = c.stats();
    CHECK(s.retries_clock_skew == 1);
    CHECK(s.clock_skew >= 598s);
    CHECK(s.clock_skew <= 602s);
    const auto k = emu->get_counters();
    CHECK(k.signature_expired == 1);
    CHECK(k.commits == 1);
    CHECK(k.released_twice == 0);
    // Later calls are signed at the corrected time at once.
    auto next = run_coro(ioc, c.release_phone_number({emulator::claimed_phone_number_id(2), std::nullopt}));
    REQUIRE(next.has_value());
    CHECK(next->attempts == 1);
}

TEST_CASE("spec case 21 over sockets: a Date only 2 minutes ahead changes nothing: one attempt, no offset") {
    emulator::server_config ecfg;
    ecfg.tls = false;
    ecfg.claim_count = 4;
    ecfg.clock_offset = 2min;
    auto emu = start_emulator(ecfg);
    asio::io_context ioc;
    client c(ioc.get_executor(), test::local_config(emu->url()));
    auto r = run_coro(ioc, c.release_phone_number({emulator::claimed_phone_number_id(1), std::nullopt}));
    REQUIRE(r.has_value());
    CHECK(r->attempts == 1);
    CHECK(c.stats().clock_skew == 0ms);
}

TEST_CASE("spec case 21 over sockets: the retry's X-Amz-Date, as the server received it, is the server's time (Date + 10 min), with the same token") {
    scripted_server srv(plain_server([](const server_request& r) {
        if (r.index != 1) return server_action{};
        auto a = json_error(403, "InvalidSignatureException", "Signature expired");
        a.headers.emplace_back("Date", http::format_http_date(std::chrono::system_clock::now() + 10min));
        return a;
    }));
    asio::io_context ioc;
    client c = test::make_socket_client(ioc.get_executor(), test::local_config(srv.url()), 0.0);
    auto r = run_coro(ioc, c.release_phone_number({id, std::nullopt}));
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : to_envelope_json(r)));
    const auto now = std::chrono::system_clock::now();
    const auto got = srv.received();
    REQUIRE(got.size() == 2);
    CHECK(query_token(got[0]) == query_token(got[1]));
    const auto first = parse_amz_date(got[0].header("X-Amz-Date"));
    const auto retry = parse_amz_date(got[1].header("X-Amz-Date"));
    CHECK(std::abs(seconds_between(first, now)) <= 5);         // the local clock
    CHECK(std::abs(seconds_between(now + 600s, retry)) <= 5);  // the server's clock
}

TEST_CASE("spec case 24 over sockets: the headers as the server received them") {
    scripted_server srv(plain_server([](const server_request& r) {
        return r.index <= 2 ? json_error(500, "InternalServiceException") : server_action{};
    }));
    asio::io_context ioc;
    client c = test::make_socket_client(ioc.get_executor(), test::local_config(srv.url()), 0.0);
    auto r = run_coro(ioc, c.release_phone_number({id, std::nullopt}));
    REQUIRE(r.has_value());
    CHECK(r->attempts == 3);
    CHECK(r->request_id == "req-3");
    const auto got = srv.received();
    REQUIRE(got.size() == 3);
    const std::string inv = got[0].header("amz-sdk-invocation-id");
    CHECK(operation::is_uuid_v4(inv));
    CHECK(operation::is_uuid_v4(r->client_token));
    CHECK(inv != r->client_token);
    for (int i = 0; i < 3; ++i) {
        CAPTURE(i);
        const auto& q = got[i];
        CHECK(q.method == "DELETE");
        CHECK(q.target == "/phone-number/" + id + "?clientToken=" + r->client_token);
        CHECK(q.header("Host") == "127.0.0.1:" + std::to_string(srv.port()));
        CHECK(q.header("amz-sdk-request") == "attempt=" + std::to_string(i + 1) + "; max=3");
        CHECK(q.header("amz-sdk-invocation-id") == inv);
        CHECK(q.header("User-Agent").rfind(std::string("awsconnect/") + awsconnect::version, 0) == 0);
        CHECK(q.header("X-Amz-Date").size() == 16);
        CHECK(q.header("Authorization").rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", 0) == 0);
        CHECK(q.header("X-Amz-Security-Token").empty());
    }
}

TEST_CASE("one client, 4 threads, against the emulator with faults: every call succeeds, commits == successes, nothing released twice") {
    emulator::server_config ecfg;
    ecfg.tls = true;
    ecfg.claim_count = 200;
    ecfg.threads = 2;
    ecfg.seed = 11;
    auto faults = emulator::parse_fault_spec("503:0.04,reset-after-commit:0.03,reset-before:0.02,429:0.02");
    REQUIRE(faults.has_value());
    ecfg.faults = *faults;
    auto emu = start_emulator(ecfg);
    asio::io_context ioc;
    auto cfg = test::local_config(emu->url(), emu->ca_file());
    cfg.retry.max_attempts = 8;  // a call fails only if 8 attempts in a row are faulted
    cfg.retry.rules = retry_rules::v2_0;
    // 300 + at most one token per call stays within the quota's maximum of 500, so no
    // refill is cut and the final quota is exactly what the calls' retries say.
    cfg.retry.initial_quota = 300;
    cfg.pool.max_connections = 8;
    cfg.pool.max_pending = 256;  // all 200 calls start at once: let them queue
    struct call_events {
        std::vector<int> retry_costs;  // each retry's quota cost, in order
        int successes = 0;
        int first_try_successes = 0;
    };
    std::mutex events_mutex;
    std::map<std::string, call_events> by_token;
    std::set<std::string> retry_kinds;
    cfg.observer = [&](const attempt_event& e) {
        std::lock_guard lock(events_mutex);
        auto& ce = by_token[std::string(e.client_token)];
        if (!e.error) {
            ++ce.successes;
            if (e.attempt == 1) ++ce.first_try_successes;
        } else if (e.will_retry) {
            retry_kinds.emplace(e.retry_kind);
            // Rules 2.0: a retry costs 5, 10 after a timeout.
            ce.retry_costs.push_back(e.error == errc::attempt_timeout ? 10 : 5);
        }
    };
    client c = test::make_socket_client(ioc.get_executor(), cfg, 0.01);
    constexpr int calls = 200;
    std::atomic<int> done{0}, ok{0};
    std::mutex m;
    std::vector<std::string> failures;
    for (int i = 0; i < calls; ++i)
        asio::co_spawn(ioc, c.release_phone_number({emulator::claimed_phone_number_id(i), std::nullopt}),
                       [&](std::exception_ptr e, result<release_phone_number_response> r) {
                           if (!e && r.has_value()) {
                               ++ok;
                           } else {
                               std::lock_guard lock(m);
                               failures.push_back(e ? std::string("exception") : to_envelope_json(r));
                           }
                           ++done;
                       });
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back([&] { ioc.run_for(120s); });
    for (auto& t : threads) t.join();
    REQUIRE(done == calls);
    for (std::size_t i = 0; i < failures.size() && i < 5; ++i) MESSAGE("failure: " << failures[i]);
    CHECK(failures.empty());
    CHECK(ok == calls);
    const auto k = emu->get_counters();
    CHECK(k.commits == static_cast<std::uint64_t>(ok.load()));
    CHECK(k.released_twice == 0);
    CHECK(k.faults.total() > 0);  // the faults happened and were absorbed
    const auto s = c.stats();
    CHECK(s.succeeded == static_cast<std::uint64_t>(calls));
    // The quota, exactly: +1 per call that succeeded at once; each retry's cost taken, and
    // the last retry's cost given back when its call succeeded.
    int expected_quota = 300;
    int retries = 0;
    REQUIRE(by_token.size() == static_cast<std::size_t>(calls));
    for (const auto& [token, ce] : by_token) {
        CAPTURE(token);
        CHECK(ce.successes == 1);
        retries += static_cast<int>(ce.retry_costs.size());
        if (ce.retry_costs.empty()) {
            CHECK(ce.first_try_successes == 1);
            expected_quota += 1;
        } else {
            for (int cost : ce.retry_costs) expected_quota -= cost;
            expected_quota += ce.retry_costs.back();
        }
    }
    CHECK(retries == static_cast<int>(s.retries));
    CHECK(retries > 0);
    for (const auto& k : retry_kinds) CHECK((k == "transient" || k == "throttling" || k == "server"));
    CHECK(s.quota_exceeded == 0);
    CHECK(s.retry_quota == expected_quota);
    CHECK(s.pool.leased == 0);
    for (int i = 0; i < calls; ++i) CHECK(emu->state_of(emulator::claimed_phone_number_id(i)) == emulator::number_state::released);
}

}  // TEST_SUITE
