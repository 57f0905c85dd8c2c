// The client's log (client_config::logger) on real calls, and stderr.
//
// Strategy: a capturing sink at debug level, a client built by the production factory
// against the emulator over TLS, with temporary credentials that carry session tokens (a
// provider that hands out A, then B) and one wall clock shared by the client's signing, its
// credentials cache and the emulator, moved by the test to the refresh point. The emulator's
// script answers the first request 503, so the first call is retried. Every line is then
// checked for the secrets (both secret keys and session tokens, any SigV4 header), and the
// expected lines are looked up by exact component and text: the endpoint, the first
// credentials fetch and the refresh, the connection opened, reused and closed, the retry
// with its reason and delay.
//
// Then stderr itself (fd 2 captured): a client with tls.insecure_skip_verify writes the
// warning there only through the default sink; with a sink set it writes nothing there and
// the sink gets the warning; with the level off nothing at all; and calls with the default
// configuration write nothing to stderr.
#include <awsconnect/awsconnect.hpp>
#include <awsconnect/emulator.hpp>

#include "socket_client.hpp"
#include "support/run_coro.hpp"
#include "support/stderr_capture.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

using namespace awsconnect;
using namespace std::chrono;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using test::run_coro;

namespace {

struct logged {
    log_level level;
    std::string component, message;
};

// The lines a sink received. Outlives the clients that write to it.
struct capture {
    std::mutex mutex;
    std::vector<logged> lines;

    log_config config(log_level level) {
        log_config c;
        c.level = level;
        c.sink = [this](log_level l, std::string_view component, std::string_view message) {
            std::lock_guard lock(mutex);
            lines.push_back({l, std::string(component), std::string(message)});
        };
        return c;
    }
    std::vector<logged> snapshot() {
        std::lock_guard lock(mutex);
        return lines;
    }
    std::string all() {
        std::string text;
        for (const auto& l : snapshot())
            text += std::string(to_string(l.level)) + " [" + l.component + "] " + l.message + "\n";
        return text;
    }
    /// How many lines of `component` start with `prefix`.
    std::size_t count(std::string_view component, std::string_view prefix) {
        std::size_t n = 0;
        for (const auto& l : snapshot())
            if (l.component == component && l.message.rfind(prefix, 0) == 0) ++n;
        return n;
    }
    bool has(std::string_view component, std::string_view exact) {
        const auto s = snapshot();
        return std::any_of(s.begin(), s.end(),
                           [&](const logged& l) { return l.component == component && l.message == exact; });
    }
};

// Hands out its credentials in turn (the last one again when they run out).
class sequence_provider final : public credentials_provider {
public:
    explicit sequence_provider(std::vector<credentials> s) : seq_(std::move(s)) {}
    asio::awaitable<result<credentials_ptr>> get_credentials() override {
        const std::size_t n = calls_.fetch_add(1);
        co_return std::make_shared<const credentials>(seq_[std::min(n, seq_.size() - 1)]);
    }
    std::string_view name() const noexcept override { return "sequence"; }
    std::size_t calls() const { return calls_.load(); }

private:
    std::vector<credentials> seq_;
    std::atomic<std::size_t> calls_{0};
};

const std::vector<std::string> secrets = {"SECRETaaaa1111/Zz+", "TOKENaaaa2222/Yy=", "SECRETbbbb3333/Xx+",
                                          "TOKENbbbb4444/Ww="};

}  // namespace

TEST_SUITE("client log") {

TEST_CASE("debug lines of real calls: endpoint, credential refreshes, connections, a retry; no secret in any") {
    const system_clock::time_point t0 = sys_days{year{2024} / 5 / 6} + 7h + 8min + 9s;
    const auto expires_a = t0 + 1h;
    const auto expires_b = t0 + 2h;
    emulator::server_config ecfg;
    ecfg.claim_count = 4;
    ecfg.fixed_time = t0;
    ecfg.credentials = {{"AKIDTEMPA", secrets[0], secrets[1], expires_a}, {"AKIDTEMPB", secrets[2], secrets[3], expires_b}};
    ecfg.faults = emulator::parse_fault_spec("script:1=503").value();
    auto started = emulator::server::start(ecfg);
    REQUIRE(started.has_value());
    auto emu = std::move(*started);

    auto ticks = std::make_shared<std::atomic<system_clock::rep>>(t0.time_since_epoch().count());
    auto wall_now = [ticks] { return system_clock::time_point(system_clock::duration(ticks->load())); };
    auto provider = std::make_shared<sequence_provider>(std::vector<credentials>{
        {"AKIDTEMPA", secrets[0], secrets[1], expires_a, "sequence"},
        {"AKIDTEMPB", secrets[2], secrets[3], expires_b, "sequence"}});

    capture log;  // declared before the io_context and the client: it outlives both
    std::string first_token;
    {
        asio::io_context ioc;
        auto cfg = test::local_config(emu->url(), emu->ca_file());
        cfg.credentials = provider;
        cfg.logger = log.config(log_level::debug);
        auto services = detail::real_client_services();
        services.jitter = [] { return 0.01; };  // the first backoff: 0.01 x 1 s
        services.wall_now = wall_now;
        client c = test::make_test_client(ioc.get_executor(), cfg, std::move(services));

        // 1: credentials A fetched; 503, retried after 10 ms on the same connection.
        auto r1 = run_coro(ioc, c.release_phone_number({emulator::claimed_phone_number_id(0)}));
        REQUIRE_MESSAGE(r1.has_value(), (r1 ? "" : to_envelope_json(r1)));
        CHECK(r1->attempts == 2);
        first_token = r1->client_token;
        // 2: the connection reused, the credentials cached.
        auto r2 = run_coro(ioc, c.release_phone_number({emulator::claimed_phone_number_id(1)}));
        REQUIRE(r2.has_value());
        // 3: four minutes before A expires (past its refresh point, whatever the jitter): B.
        const auto later = expires_a - 4min;
        ticks->store(later.time_since_epoch().count());
        emu->set_clock(later);
        auto r3 = run_coro(ioc, c.release_phone_number({emulator::claimed_phone_number_id(2)}));
        REQUIRE_MESSAGE(r3.has_value(), (r3 ? "" : to_envelope_json(r3)));
        CHECK(provider->calls() == 2);
        CHECK(emu->get_counters().commits == 3);
    }  // the client is destroyed: its connection is closed

    const std::string text = log.all();
    INFO(text);
    // No secret, no signature, no session-token header, in any line.
    for (const auto& s : secrets) CHECK(text.find(s) == std::string::npos);
    for (const char* marker : {"AWS4-HMAC-SHA256", "Signature=", "X-Amz-Security-Token", "Authorization"})
        CHECK(text.find(marker) == std::string::npos);

    const std::string url = emu->url();
    const std::string port = url.substr(url.rfind(':') + 1);
    // Every line is at debug level: nothing here deserves a warning.
    for (const auto& l : log.snapshot()) CHECK(l.level == log_level::debug);
    // client: the endpoint and how it was chosen.
    CHECK(log.has("client", "endpoint " + url +
                                " (from client_config.endpoint_url); signing region us-east-1, service connect"));
    // credentials: the first fetch, then the refresh at the refresh point.
    CHECK(log.has("credentials", "credentials refresh started (provider: sequence; none cached yet)"));
    CHECK(log.count("credentials", "credentials refreshed from sequence: temporary, with a session token, expire at " +
                                       format_iso8601(expires_a) + ", next refresh at ") == 1);
    CHECK(log.has("credentials", "credentials refresh started (provider: sequence; the cached ones are due for refresh)"));
    CHECK(log.count("credentials", "credentials refreshed from sequence: temporary, with a session token, expire at " +
                                       format_iso8601(expires_b) + ", next refresh at ") == 1);
    CHECK(log.count("credentials", "") == 4);
    // transport: one connection, opened with a full handshake, reused by each later
    // attempt, closed when the client went.
    CHECK(log.count("transport", "connection 1 to " + url + " opened: 127.0.0.1:" + port + ", full TLS handshake, ") == 1);
    CHECK(log.count("transport", "connection 1 to " + url + " reused (exchanges before: ") == 3);
    CHECK(log.has("transport", "connection 1 to " + url + " reused (exchanges before: 3)"));
    CHECK(log.count("transport", "connection 1 to " + url + " closed: the client was shut down (exchanges: 4, open ") == 1);
    CHECK(log.count("transport", "connection") == 5);
    // retry: the 503 with its reason, the delay and the quota left.
    const auto lines = log.snapshot();
    std::vector<std::string> retries;
    for (const auto& l : lines)
        if (l.component == "retry") retries.push_back(l.message);
    REQUIRE(retries.size() == 1);
    CHECK(retries[0].rfind("ReleasePhoneNumber attempt 1/3 failed: service_unavailable: service unavailable (HTTP 503, "
                           "ServiceUnavailableException); retrying in 10 ms (server, retry quota 495 left); request id ",
                           0) == 0);
    CHECK(retries[0].ends_with("; client_token=" + first_token));
}

TEST_CASE("debug lines of a call that fails: the connects refused, the retry, and why the last failure is not retried") {
    // A port nothing listens on: bound, then closed.
    std::uint16_t port = 0;
    {
        asio::io_context scratch;
        asio::ip::tcp::acceptor a(scratch, {asio::ip::make_address("127.0.0.1"), 0});
        port = a.local_endpoint().port();
    }
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    capture log;
    std::string token;
    {
        asio::io_context ioc;
        auto cfg = test::local_config(url);
        cfg.retry.max_attempts = 2;
        cfg.logger = log.config(log_level::debug);
        client c = test::make_socket_client(ioc.get_executor(), cfg, 0.01);
        auto r = run_coro(ioc, c.release_phone_number({emulator::claimed_phone_number_id(0)}));
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::connection_refused);
        token = r.error().client_token;
    }
    INFO(log.all());
    CHECK(log.count("transport", "connection 1 to " + url + " failed: connection refused by 127.0.0.1:" +
                                     std::to_string(port) + " (" + url + ")") == 1);
    CHECK(log.count("transport", "connection 2 to " + url + " failed: ") == 1);
    CHECK(log.count("transport", "connection") == 2);  // none opened, so none reused or closed
    std::vector<std::string> retries;
    for (const auto& l : log.snapshot())
        if (l.component == "retry") retries.push_back(l.message);
    REQUIRE(retries.size() == 2);
    CHECK(retries[0].rfind("ReleasePhoneNumber attempt 1/2 failed: connection_refused: connection refused by 127.0.0.1:", 0) == 0);
    CHECK(retries[0].ends_with("; retrying in 10 ms (transient, retry quota 495 left); client_token=" + token));
    CHECK(retries[1].rfind("ReleasePhoneNumber attempt 2/2 failed: ", 0) == 0);
    CHECK(retries[1].ends_with("; not retried: the maximum number of attempts is reached; client_token=" + token));
}

TEST_CASE("tls.insecure_skip_verify: the warning goes to the sink when one is set, else to stderr through the default sink; nowhere when off") {
    const std::string warning =
        "TLS verification is off (tls.insecure_skip_verify): any certificate is accepted for https://127.0.0.1:9";
    auto insecure = [] {
        // Nothing listens there; building the client connects nowhere.
        client_config c = test::local_config("https://127.0.0.1:9");
        c.tls.insecure_skip_verify = true;
        return c;
    };
    asio::io_context ioc;

    SUBCASE("a sink set: nothing on stderr, the warning in the sink") {
        capture log;
        auto cfg = insecure();
        cfg.logger.sink = log.config(log_level::debug).sink;  // the level stays the default (warning)
        test::stderr_capture err;
        { client c(ioc.get_executor(), cfg); }
        CHECK(err.finish() == "");
        const auto lines = log.snapshot();
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].level == log_level::warning);
        CHECK(lines[0].component == "client");
        CHECK(lines[0].message == warning);
    }
    SUBCASE("the default sink: the warning on stderr, one line") {
        test::stderr_capture err;
        { client c(ioc.get_executor(), insecure()); }
        CHECK(err.finish() == "awsconnect: [client] WARNING: " + warning + "\n");
    }
    SUBCASE("level off: nothing anywhere") {
        auto cfg = insecure();
        cfg.logger.level = log_level::off;
        test::stderr_capture err;
        { client c(ioc.get_executor(), cfg); }
        CHECK(err.finish() == "");
    }
    SUBCASE("a sink from error level on: the warning is below it") {
        capture log;
        auto cfg = insecure();
        cfg.logger = log.config(log_level::error);
        test::stderr_capture err;
        { client c(ioc.get_executor(), cfg); }
        CHECK(err.finish() == "");
        CHECK(log.snapshot().empty());
    }
}

TEST_CASE("the default configuration writes nothing to stderr: construction, calls with a retry, credential fetch, destruction") {
    emulator::server_config ecfg;
    ecfg.claim_count = 2;
    ecfg.faults = emulator::parse_fault_spec("script:1=503").value();
    auto started = emulator::server::start(ecfg);
    REQUIRE(started.has_value());
    auto emu = std::move(*started);
    test::stderr_capture err;
    {
        asio::io_context ioc;
        auto cfg = test::local_config(emu->url(), emu->ca_file());
        cfg.retry.max_backoff = 1ms;
        cfg.credentials = make_cached_credentials_provider(test::example_credentials_provider());
        client c(ioc.get_executor(), cfg);
        for (std::uint64_t i = 0; i < 2; ++i) {
            auto r = run_coro(ioc, c.release_phone_number({emulator::claimed_phone_number_id(i)}));
            CHECK(r.has_value());
        }
        CHECK(c.stats().retries == 1);
    }
    CHECK(err.finish() == "");
}

}  // TEST_SUITE
