// A minimal HTTP/1.1 client for the credential endpoints (container, IMDS): one request per
// connection, plain http or https, a deadline for the whole exchange, bounded responses.
//
// Not the client's transport: no pool, no retries, no redirects. The credential endpoints are
// local link addresses or loopback; a new connection per call (every few hours, behind the
// cache) costs nothing. Beast stays inside http_get.cpp.
//
// Failures are described in `what` without secrets (no request headers, no bodies).
#pragma once

#include <awsconnect/error.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace awsconnect::creds {

struct http_request_spec {
    std::string method = "GET";  ///< GET or PUT (sent with an empty body)
    std::string url;             ///< http://host[:port]/path or https://...
    std::vector<std::pair<std::string, std::string>> headers;
    /// For everything: resolve, connect, TLS handshake, write, read.
    std::chrono::milliseconds timeout{1'000};
    std::size_t max_body_bytes = 64 * 1024;
};

enum class http_failure {
    none,
    bad_url,    ///< not an http(s) URL with a host
    resolve,    ///< the host name did not resolve
    refused,    ///< connection refused
    connect,    ///< another connect failure
    timeout,    ///< the deadline passed
    tls,        ///< TLS handshake or certificate failure
    io,         ///< reset, closed early, malformed response
    too_large,  ///< the body exceeded max_body_bytes (or the header 16 KiB)
};

/// The closest errc, for error::cause.
errc errc_of(http_failure f) noexcept;

struct http_reply {
    http_failure failure = http_failure::none;
    /// Why it failed, e.g. "connection refused", "timed out after 1000 ms".
    std::string what;
    unsigned status = 0;
    std::string body;

    bool ok() const noexcept { return failure == http_failure::none; }
};

/// Sends one request on the calling coroutine's executor. Never throws for I/O errors.
boost::asio::awaitable<http_reply> http_fetch(http_request_spec spec);

/// http_fetch up to `attempts` times while the failure is transient: a timeout, a refused or
/// failed connection, a connection closed early, or a 5xx status. Returns the last reply.
boost::asio::awaitable<http_reply> http_fetch_retrying(http_request_spec spec, int attempts);

/// Scheme, host and port of an http(s) URL (for the container provider's host checks).
struct url_parts {
    bool ok = false;
    bool https = false;
    std::string host;  ///< without IPv6 brackets
    unsigned short port = 0;
    std::string target;  ///< path and query, at least "/"

    /// "http://host:port/path" without the query, for messages.
    std::string display() const;
};
url_parts parse_http_url(const std::string& url);

}  // namespace awsconnect::creds
