// Test helper: one HTTP/1.1 connection to the emulator (plain or TLS), driven step by step
// with hard timeouts, so a test can send raw bytes and see exactly what came back: a
// complete response, a parse error (garbage, truncation), a reset, or nothing (stall).
//
// TLS verifies the server's certificate with OpenSSL against the given CA file and host
// name (IP or DNS). Every call returns within its timeout (plus a small margin).
#pragma once

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsconnect::emulator::test {

using namespace std::chrono_literals;

struct http_reply {
    bool complete = false;  ///< a whole response was parsed
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    boost::system::error_code error;  ///< why there is no complete response

    /// The value of header `name` (any case), or "" if absent.
    std::string header(std::string_view name) const;
    bool has_header(std::string_view name) const;
    bool keep_alive = true;
};

class test_client {
public:
    /// `url`: "http(s)://HOST:PORT" (HOST an IP address). `ca_file`: the PEM to trust for
    /// https; empty means the system's default trust store. `verify_host`: the name the
    /// certificate must match; defaults to HOST.
    explicit test_client(const std::string& url, std::string ca_file = {},
                         std::string verify_host = {});
    ~test_client();
    test_client(const test_client&) = delete;
    test_client& operator=(const test_client&) = delete;

    /// TCP connect, then the TLS handshake for https.
    boost::system::error_code connect(std::chrono::milliseconds timeout = 5s);
    boost::system::error_code send(std::string_view bytes, std::chrono::milliseconds timeout = 5s);
    http_reply read_reply(std::chrono::milliseconds timeout = 5s);
    http_reply exchange(std::string_view bytes, std::chrono::milliseconds timeout = 5s);
    /// True if the server closes the connection (EOF or reset) within `timeout`; false if
    /// it stays open (or sends data).
    bool wait_closed(std::chrono::milliseconds timeout);
    /// Whether the last TLS handshake resumed a session.
    bool session_resumed() const;
    /// Offer the TLS session of `other`'s last handshake on the next connect.
    void resume_session_from(const test_client& other);
    void close();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// The local address of the TCP socket listening on `port` (any process), read from
/// /proc/net/tcp and /proc/net/tcp6, as text ("127.0.0.1", "0.0.0.0", "::", ...); "" if
/// nothing listens there.
std::string listening_address(std::uint16_t port);

/// "GET /path HTTP/1.1" with a Host header and nothing else (admin paths).
std::string simple_request(std::string_view method, std::string_view target,
                           std::string_view extra_headers = {});

}  // namespace awsconnect::emulator::test
