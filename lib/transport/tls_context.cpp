#include "transport/tls_context.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/system/error_code.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <cstdio>

namespace awsconnect::transport {
namespace {

std::atomic<std::uint64_t> g_trust_store_loads{0};

// The SSL ex_data slot where a connection's session-store key lives.
int session_key_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}
// And the slot for the owning tls_context.
int context_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

bool is_ip_literal(const std::string& host) {
    boost::system::error_code ec;
    (void)boost::asio::ip::make_address(host, ec);
    return !ec;
}

}  // namespace

tls_context::tls_context(const tls_settings& settings)
    : settings_(settings), ctx_(boost::asio::ssl::context::tls_client) {}

tls_context::~tls_context() {
    for (auto& [key, q] : sessions_)
        for (SSL_SESSION* s : q) SSL_SESSION_free(s);
}

result<std::shared_ptr<tls_context>> tls_context::create(const tls_settings& settings) {
    std::shared_ptr<tls_context> t(new tls_context(settings));
    SSL_CTX* native = t->ctx_.native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    // Asio turns on SSL_MODE_RELEASE_BUFFERS: every record then frees and reallocates its
    // 16 KiB buffers, which on a keep-alive connection making one small request after
    // another is most of TLS's per-call cost. Keep the buffers (about 34 KiB per pooled
    // connection) instead.
    SSL_CTX_clear_mode(native, SSL_MODE_RELEASE_BUFFERS);
    // ALPN: we speak HTTP/1.1 only (Connect's model declares no h2).
    static const unsigned char alpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    SSL_CTX_set_alpn_protos(native, alpn, sizeof alpn);
    // Client-side session cache, kept by us per endpoint (the internal store is for servers).
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(native, &tls_context::on_new_session);

    boost::system::error_code ec;
    if (settings.insecure_skip_verify) {
        t->ctx_.set_verify_mode(boost::asio::ssl::verify_none, ec);
        return t;
    }
    t->ctx_.set_verify_mode(boost::asio::ssl::verify_peer, ec);
    ++g_trust_store_loads;
    if (!settings.ca_file.empty()) {
        t->ctx_.load_verify_file(settings.ca_file, ec);
        if (ec)
            return make_error(errc::invalid_configuration,
                              "cannot load the CA file '" + settings.ca_file + "': " + ec.message());
    }
    if (!settings.ca_directory.empty()) {
        t->ctx_.add_verify_path(settings.ca_directory, ec);
        if (ec)
            return make_error(errc::invalid_configuration, "cannot use the CA directory '" +
                                                               settings.ca_directory + "': " + ec.message());
    }
    if (settings.ca_file.empty() && settings.ca_directory.empty()) {
        t->ctx_.set_default_verify_paths(ec);
        if (ec)
            return make_error(errc::invalid_configuration,
                              "cannot load the system CA store: " + ec.message());
    }
    return t;
}

std::string tls_context::prepare(SSL* ssl, const std::string& host, const std::string& endpoint) {
    // Every call's result is checked: a name OpenSSL could not take would otherwise leave
    // the handshake without SNI or, worse, without a host-name check.
    if (is_ip_literal(host)) {
        if (verifies() && X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) != 1)
            return "cannot set the IP address " + host + " for verification";
    } else {
        // SNI: OpenSSL refuses names longer than 255 bytes. c_str() would cut a name at an
        // embedded NUL; the check below sees the whole name and refuses it.
        if (SSL_set_tlsext_host_name(ssl, host.c_str()) != 1)
            return "cannot send the host name as SNI (" + std::to_string(host.size()) + " bytes)";
        if (verifies()) {
            // RFC 6125 §7.2: "f*.example.com" is not a wildcard for "foo.example.com"; only a
            // whole leftmost label "*" is.
            SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            // SSL_set1_host's own call, with the length: SSL_set1_host takes a C string and
            // would check "localhost" for "localhost\0.example.com". Fails on an embedded
            // NUL (or no memory).
            if (X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), host.data(), host.size()) != 1)
                return "cannot set the host name for verification (it holds a NUL byte, or no memory)";
        }
    }
    // The key string lives in the connection object, which outlives its SSL.
    SSL_set_ex_data(ssl, session_key_index(), const_cast<std::string*>(&endpoint));
    SSL_set_ex_data(ssl, context_index(), this);
    if (SSL_SESSION* s = take(endpoint)) {
        SSL_set_session(ssl, s);
        SSL_SESSION_free(s);
    }
    return {};
}

int tls_context::on_new_session(SSL* ssl, SSL_SESSION* session) {
    auto* self = static_cast<tls_context*>(SSL_get_ex_data(ssl, context_index()));
    auto* key = static_cast<std::string*>(SSL_get_ex_data(ssl, session_key_index()));
    if (self == nullptr || key == nullptr) return 0;
    self->store(*key, session);
    return 1;  // we keep the reference OpenSSL gave us
}

void tls_context::store(const std::string& endpoint, SSL_SESSION* session) {
    std::lock_guard lock(mutex_);
    auto& q = sessions_[endpoint];
    q.push_back(session);
    while (q.size() > settings_.sessions_per_endpoint) {
        SSL_SESSION_free(q.front());
        q.pop_front();
    }
}

SSL_SESSION* tls_context::take(const std::string& endpoint) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(endpoint);
    if (it == sessions_.end()) return nullptr;
    auto& q = it->second;
    while (!q.empty()) {
        SSL_SESSION* s = q.back();  // the newest first
        q.pop_back();
        if (!SSL_SESSION_is_resumable(s)) {
            SSL_SESSION_free(s);
            continue;
        }
        // A TLS 1.2 session may serve several connections; a TLS 1.3 ticket only one.
        if (SSL_SESSION_get_protocol_version(s) < TLS1_3_VERSION) {
            SSL_SESSION_up_ref(s);
            q.push_front(s);
        }
        return s;
    }
    return nullptr;
}

std::uint64_t tls_context::trust_store_loads() noexcept { return g_trust_store_loads.load(); }

std::size_t tls_context::sessions_held(const std::string& endpoint) const {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(endpoint);
    return it == sessions_.end() ? 0 : it->second.size();
}

}  // namespace awsconnect::transport
