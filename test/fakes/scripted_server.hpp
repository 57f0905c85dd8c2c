// A local HTTP/1.1 server for transport and client tests, plain or TLS, on 127.0.0.1 and
// its own thread, that does what each test scripts: answer, close after answering (with or
// without saying so), reset before or after reading a request, stall, send garbage or a
// truncated body, close idle keep-alive connections after a while, accept TCP and never
// finish the TLS handshake, or break the handshake (reset or close after the ClientHello,
// a fatal alert, an HTTP answer).
//
// It records every request it read (method, target, headers, body, connection number) and
// counts connections, TLS handshakes and resumed handshakes, so tests assert exactly what
// reached the server.
#pragma once

#include "fakes/test_certs.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace awsconnect::test {

struct server_request {
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers{};
    int connection = 0;              ///< 1-based connection number
    int request_on_connection = 0;   ///< 1-based
    int index = 0;                   ///< 1-based over the server's life
    std::string body{};              ///< the request's body
    std::string header(std::string_view name) const;
};

enum class server_action_kind {
    respond,            ///< send the response below
    reset_before_read,  ///< close with RST as soon as the connection is accepted/reused
    reset_after_read,   ///< read the request, then close with RST
    close_after_read,   ///< read the request, then close (FIN), no response
    stall,              ///< read the request, never answer (until the server stops)
};

struct server_action {
    server_action_kind kind = server_action_kind::respond;
    int status = 200;
    std::string body = "{}";
    std::vector<std::pair<std::string, std::string>> headers{};
    bool close_after = false;         ///< close after the response, without Connection: close
    bool connection_close = false;    ///< send Connection: close (and close)
    std::chrono::milliseconds delay{0};
    std::string raw{};                ///< if set, these bytes replace the whole response
};

/// What a TLS server does with a connection's handshake (server_options::tls_fault).
enum class tls_fault {
    none,                      ///< a normal handshake
    reset_unread,              ///< close with RST once the ClientHello arrives, reading none of it
    reset_after_client_hello,  ///< read the ClientHello record, then close with RST
    close_after_client_hello,  ///< read the ClientHello record, then close (FIN): EOF for the client
    alert_handshake_failure,   ///< read the ClientHello, answer a fatal handshake_failure alert, close
    alert_protocol_version,    ///< the same with protocol_version: a server that speaks no TLS version we offer
    http_reply,                ///< read the ClientHello, answer an HTTP/1.1 400 (a plain server on the port), close
};

struct server_options {
    bool tls = false;
    cert_files cert;                  ///< for tls
    /// Decides what to do with each request (default: 200 with body {}).
    std::function<server_action(const server_request&)> handler;
    /// Close keep-alive connections idle this long (without Connection: close); 0 = never.
    std::chrono::milliseconds idle_close{0};
    /// Accept TCP connections but never complete the TLS handshake.
    bool stall_tls_handshake = false;
    /// The TLS fault of connection n (1-based; none when unset). A faulted connection
    /// counts in connections() but never in handshakes().
    std::function<tls_fault(int connection)> tls_fault_for;
    /// Send a Keep-Alive: timeout=N header (seconds); 0 = none.
    int keep_alive_header_seconds = 0;
};

class scripted_server {
public:
    explicit scripted_server(server_options options);
    ~scripted_server();
    scripted_server(const scripted_server&) = delete;
    scripted_server& operator=(const scripted_server&) = delete;

    std::uint16_t port() const;
    std::string url() const;  ///< "http(s)://127.0.0.1:PORT"
    void stop();

    int connections() const;
    int requests() const;
    int handshakes() const;
    int resumed_handshakes() const;
    int open_connections() const;
    /// The most TLS handshakes that were in progress at the same time.
    int max_concurrent_handshakes() const;
    std::vector<server_request> received() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace awsconnect::test
