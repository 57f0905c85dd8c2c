// One TLS client context per client: trust store loaded once, verification settings,
// and a per-endpoint cache of sessions for resumption.
//
// Every connection of a client shares this SSL_CTX (R13): the CA bundle is parsed once
// (about 25 ms for Debian's bundle), not per connection. Sessions are captured through
// OpenSSL's new-session callback and kept per endpoint (host:port), a few each; a TLS 1.3
// ticket is used once (RFC 8446 advice), a TLS 1.2 session may be reused (R14).
#pragma once

#include <awsconnect/result.hpp>

#include <boost/asio/ssl/context.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

typedef struct ssl_st SSL;
typedef struct ssl_session_st SSL_SESSION;

namespace awsconnect::transport {

struct tls_settings {
    std::string ca_file;       ///< PEM bundle; empty: OpenSSL's default paths
    std::string ca_directory;  ///< hashed directory, in addition
    bool insecure_skip_verify = false;
    std::size_t sessions_per_endpoint = 8;
};

class tls_context {
public:
    /// Builds the context and loads the trust store. Fails with invalid_configuration if a
    /// CA file or directory cannot be loaded.
    static result<std::shared_ptr<tls_context>> create(const tls_settings& settings);

    ~tls_context();
    tls_context(const tls_context&) = delete;
    tls_context& operator=(const tls_context&) = delete;

    boost::asio::ssl::context& context() noexcept { return ctx_; }
    bool verifies() const noexcept { return !settings_.insecure_skip_verify; }

    /// Prepares a new connection's SSL object: SNI and host-name (or IP) verification
    /// (whole-label wildcards only: X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS), and a cached
    /// session to resume, if any. `endpoint` names the session store. Returns what could
    /// not be set (the handshake must not start then), or an empty string.
    std::string prepare(SSL* ssl, const std::string& host, const std::string& endpoint);

    /// Trust-store loads done by every tls_context of the process (tests check there is
    /// one per context, never one per connection).
    static std::uint64_t trust_store_loads() noexcept;

    /// Sessions held for an endpoint (tests).
    std::size_t sessions_held(const std::string& endpoint) const;

private:
    explicit tls_context(const tls_settings& settings);
    static int on_new_session(SSL* ssl, SSL_SESSION* session);
    void store(const std::string& endpoint, SSL_SESSION* session);
    SSL_SESSION* take(const std::string& endpoint);

    tls_settings settings_;
    boost::asio::ssl::context ctx_;
    mutable std::mutex mutex_;
    std::map<std::string, std::deque<SSL_SESSION*>, std::less<>> sessions_;
};

}  // namespace awsconnect::transport
