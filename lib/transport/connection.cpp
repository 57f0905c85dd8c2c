#include "transport/connection.hpp"

#include <awsconnect/error.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <charconv>

namespace awsconnect::transport {
namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;

namespace {

// Reads one HTTP/1.1 response into an http::response, keeping only the fields later
// stages use (no per-header allocation), within header and body size limits.
class response_parser final : public beast::http::basic_parser<false> {
public:
    response_parser(http::response& out, std::size_t max_body) : out_(out), max_body_(max_body) {}

    std::optional<std::chrono::seconds> keep_alive_timeout;

private:
    void on_request_impl(beast::http::verb, beast::string_view, beast::string_view, int,
                         error_code&) override {}
    void on_response_impl(int code, beast::string_view reason, int, error_code&) override {
        out_.status = code;
        out_.reason.assign(reason);
    }
    void on_field_impl(beast::http::field f, beast::string_view name, beast::string_view value,
                       error_code&) override {
        if (f == beast::http::field::keep_alive) {
            // Keep-Alive: timeout=5, max=1000
            const auto pos = value.find("timeout=");
            if (pos != beast::string_view::npos) {
                int secs = 0;
                const char* b = value.data() + pos + 8;
                const auto [p, ec] = std::from_chars(b, value.data() + value.size(), secs);
                if (ec == std::errc() && p != b && secs > 0) keep_alive_timeout = std::chrono::seconds(secs);
            }
            return;
        }
        http::set_response_header(out_, name, value);
    }
    void on_header_impl(error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
        if (length && *length <= max_body_) out_.body.reserve(static_cast<std::size_t>(*length));
    }
    std::size_t on_body_impl(beast::string_view s, error_code&) override {
        out_.body.append(s.data(), s.size());
        return s.size();
    }
    void on_chunk_header_impl(std::uint64_t, beast::string_view, error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view s, error_code&) override {
        out_.body.append(s.data(), s.size());
        return s.size();
    }
    void on_finish_impl(error_code&) override {}

    http::response& out_;
    std::size_t max_body_;
};

void set_socket_options(asio::ip::tcp::socket& s) {
    error_code ignored;
    s.set_option(asio::ip::tcp::no_delay(true), ignored);
    s.set_option(asio::socket_base::keep_alive(true), ignored);
    // R11: probe after 30 s idle, every 10 s, give up after 3 unanswered probes.
    const int idle = 30, interval = 10, count = 3;
    ::setsockopt(s.native_handle(), IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    ::setsockopt(s.native_handle(), IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
    ::setsockopt(s.native_handle(), IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
}

bool is_closed_error(const error_code& ec) {
    return ec == asio::error::eof || ec == beast::http::error::end_of_stream ||
           ec == beast::http::error::partial_message || ec == asio::ssl::error::stream_truncated;
}

bool is_reset_error(const error_code& ec) {
    return ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == asio::error::connection_aborted || ec == asio::error::not_connected;
}

bool is_size_error(const error_code& ec) {
    return ec == beast::http::error::header_limit || ec == beast::http::error::body_limit ||
           ec == beast::http::error::buffer_overflow;
}

errc tls_verify_errc(long verify_result) {
    switch (verify_result) {
        case X509_V_ERR_HOSTNAME_MISMATCH:
        case X509_V_ERR_IP_ADDRESS_MISMATCH:
        case X509_V_ERR_EMAIL_MISMATCH: return errc::tls_hostname_mismatch;
        case X509_V_ERR_CERT_HAS_EXPIRED:
        case X509_V_ERR_CERT_NOT_YET_VALID: return errc::tls_certificate_expired;
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        case X509_V_ERR_CERT_UNTRUSTED:
        case X509_V_ERR_CERT_REJECTED: return errc::tls_certificate_untrusted;
        default: return errc::tls_handshake_failed;
    }
}

}  // namespace

errc handshake_errc(const error_code& ec, long verify_result) noexcept {
    // A certificate verdict first: the client aborts the handshake itself then, and the
    // connection may close in any way afterwards.
    if (verify_result != X509_V_OK) return tls_verify_errc(verify_result);
    // The peer went away before the handshake completed, without a TLS word (a reset, or
    // an EOF, which Asio reports as stream_truncated during a handshake): the connection
    // failed, not TLS, and a new connection may well succeed.
    if (is_reset_error(ec)) return errc::connection_reset;
    if (is_closed_error(ec)) return errc::connection_closed;
    // An alert from the server, or bytes that are not TLS: the two sides cannot agree.
    return errc::tls_handshake_failed;
}

connection::connection(asio::any_io_executor ex, const endpoint_key& key,
                       std::shared_ptr<tls_context> tls)
    : key_(key),
      session_key_(key.host + ":" + std::to_string(key.port)),
      tls_(std::move(tls)),
      timer_(ex) {
    if (key_.tls && tls_)
        secure_.emplace(ex, tls_->context());
    else
        plain_.emplace(ex);
}

connection::~connection() { close(); }

connection::tcp::socket& connection::socket() noexcept {
    return secure_ ? secure_->next_layer() : *plain_;
}

void connection::arm(pool_time deadline, const asio::any_io_executor& ex) {
    timed_out_ = false;
    timer_.expires_at(deadline);
    timer_.async_wait(asio::bind_executor(ex, [self = shared_from_this()](error_code ec) {
        if (ec) return;  // disarmed
        self->timed_out_ = true;
        self->signal_.emit(asio::cancellation_type::terminal);
    }));
}

void connection::disarm() noexcept { timer_.cancel(); }

asio::awaitable<error_code> connection::connect(const tcp::endpoint& address, pool_time deadline) {
    auto& s = socket();
    error_code ec;
    if (s.is_open()) s.close(ec);
    s.open(address.protocol(), ec);
    if (ec) co_return make_error_code(errc::connect_failed);
    set_socket_options(s);
    arm(deadline, co_await asio::this_coro::executor);
    auto [cec] = co_await s.async_connect(
        address, asio::bind_cancellation_slot(signal_.slot(), asio::as_tuple(asio::use_awaitable)));
    disarm();
    if (!cec) co_return error_code{};
    s.close(ec);
    if (timed_out_) co_return make_error_code(errc::connect_timeout);
    if (cec == asio::error::operation_aborted) co_return make_error_code(errc::cancelled);
    if (cec == asio::error::connection_refused) co_return make_error_code(errc::connection_refused);
    co_return make_error_code(errc::connect_failed);
}

asio::awaitable<error_code> connection::handshake(pool_time deadline, std::string& message) {
    if (!secure_) co_return error_code{};
    SSL* ssl = secure_->native_handle();
    if (auto problem = tls_->prepare(ssl, key_.host, session_key_); !problem.empty()) {
        message = "TLS handshake with " + key_.url() + " not started: " + problem;
        co_return make_error_code(errc::tls_handshake_failed);
    }
    arm(deadline, co_await asio::this_coro::executor);
    auto [ec] = co_await secure_->async_handshake(
        asio::ssl::stream_base::client,
        asio::bind_cancellation_slot(signal_.slot(), asio::as_tuple(asio::use_awaitable)));
    disarm();
    if (!ec) {
        resumed_ = SSL_session_reused(ssl) == 1;
        co_return error_code{};
    }
    if (timed_out_) {
        message = "TLS handshake with " + key_.url() + " timed out";
        co_return make_error_code(errc::tls_handshake_timeout);
    }
    if (ec == asio::error::operation_aborted) co_return make_error_code(errc::cancelled);
    const errc code = handshake_errc(ec, SSL_get_verify_result(ssl));
    switch (code) {
        case errc::connection_reset:
        case errc::connection_closed:
            message = "connection " + std::string(code == errc::connection_reset ? "reset" : "closed") + " by " +
                      key_.url() + " during the TLS handshake (" + ec.message() + ")";
            break;
        case errc::tls_handshake_failed:
            message = "TLS handshake with " + key_.url() + " failed: " + ec.message();
            break;
        default:
            message = "TLS certificate of " + key_.url() + " rejected: " +
                      X509_verify_cert_error_string(SSL_get_verify_result(ssl));
            break;
    }
    co_return make_error_code(code);
}

asio::awaitable<exchange_result> connection::exchange(std::string_view request, http::response& out,
                                                      pool_time deadline, response_limits limits) {
    if (secure_) co_return co_await run_exchange(*secure_, request, out, deadline, limits);
    co_return co_await run_exchange(*plain_, request, out, deadline, limits);
}

template <class Stream>
asio::awaitable<exchange_result> connection::run_exchange(Stream& stream, std::string_view request,
                                                          http::response& out, pool_time deadline,
                                                          response_limits limits) {
    exchange_result r;
    auto cs = co_await asio::this_coro::cancellation_state;
    if (cs.cancelled() != asio::cancellation_type::none) {
        // Nothing was sent: the connection is untouched and may be reused.
        r.ec = make_error_code(errc::cancelled);
        r.reusable = true;
        co_return r;
    }
    // Forward the caller's cancellation to the operation in progress. Asio clears the
    // coroutine's cancellation slot each time the coroutine resumes, so the forwarder is
    // installed again before every operation; a cancellation that arrives between two
    // operations is seen through `cs.cancelled()`.
    cancel_requested_ = false;
    auto caller_slot = cs.slot();
    auto forward_cancellation = [&] {
        if (caller_slot.is_connected())
            caller_slot.assign([this](asio::cancellation_type t) {
                cancel_requested_ = true;
                signal_.emit(t);
            });
    };
    struct slot_guard {
        asio::cancellation_slot& s;
        ~slot_guard() {
            if (s.is_connected()) s.clear();
        }
    } guard{caller_slot};

    auto token = asio::bind_cancellation_slot(signal_.slot(), asio::as_tuple(asio::use_awaitable));
    arm(deadline, co_await asio::this_coro::executor);
    buffer_.clear();
    buffer_.max_size(limits.header_bytes + limits.body_bytes + 4096);

    auto fail = [&](const error_code& ec) {
        r.cause = ec;
        r.reusable = false;
        if (timed_out_) {
            r.timed_out = true;
            r.poison = poison_reason::timeout;
        } else if (cancel_requested_ || ec == asio::error::operation_aborted) {
            r.ec = make_error_code(errc::cancelled);
            r.poison = poison_reason::cancelled;
        } else if (is_size_error(ec)) {
            r.ec = make_error_code(errc::response_too_large);
            r.poison = poison_reason::protocol;
        } else if (is_closed_error(ec)) {
            r.ec = make_error_code(errc::connection_closed);
            r.poison = poison_reason::io_error;
        } else if (is_reset_error(ec)) {
            r.ec = make_error_code(errc::connection_reset);
            r.poison = poison_reason::io_error;
        } else if (ec.category() == make_error_code(beast::http::error::bad_version).category()) {
            r.ec = make_error_code(errc::malformed_response);
            r.poison = poison_reason::protocol;
        } else if (ec.category() == asio::error::get_ssl_category() ||
                   ec.category() == asio::ssl::error::get_stream_category()) {
            r.ec = make_error_code(errc::connection_reset);
            r.poison = poison_reason::tls;
        } else {
            r.ec = make_error_code(errc::connection_reset);
            r.poison = poison_reason::io_error;
        }
    };

    forward_cancellation();
    auto [wec, written] = co_await asio::async_write(stream, asio::buffer(request.data(), request.size()), token);
    (void)written;
    if (wec) {
        disarm();
        fail(wec);
        co_return r;
    }
    r.wrote_all = true;
    if (cs.cancelled() != asio::cancellation_type::none) {
        disarm();
        cancel_requested_ = true;
        fail(asio::error::operation_aborted);
        co_return r;
    }

    response_parser parser(out, limits.body_bytes);
    parser.header_limit(static_cast<std::uint32_t>(limits.header_bytes));
    parser.body_limit(limits.body_bytes);
    forward_cancellation();
    auto [rec, read] = co_await beast::http::async_read(stream, buffer_, parser, token);
    (void)read;
    disarm();
    r.got_response_bytes = parser.got_some() || buffer_.size() > 0;
    if (rec) {
        fail(rec);
        co_return r;
    }
    ++exchanges_;
    r.keep_alive_timeout = parser.keep_alive_timeout;
    if (!parser.keep_alive()) {
        r.poison = poison_reason::connection_close;
    } else if (buffer_.size() != 0) {
        r.poison = poison_reason::protocol;  // bytes beyond the response: framing in doubt
    } else {
        r.reusable = true;
    }
    co_return r;
}

bool connection::alive_for_reuse() noexcept {
    auto& s = socket();
    if (!s.is_open()) return false;
    if (secure_) {
        SSL* ssl = secure_->native_handle();
        // Bytes OpenSSL already holds (e.g. a close_notify that came with the last response).
        if (SSL_pending(ssl) > 0 || BIO_ctrl_pending(SSL_get_rbio(ssl)) > 0) return false;
    }
    char c;
    const ssize_t n = ::recv(s.native_handle(), &c, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0) return false;  // the peer closed
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    // Readable while idle. On HTTP/1.1 that can only be a close or garbage, except on a TLS
    // connection never used yet: TLS 1.3 session tickets follow the handshake, and the first
    // response read consumes them.
    return secure_ && exchanges_ == 0;
}

void connection::cancel() noexcept {
    cancel_requested_ = true;
    signal_.emit(asio::cancellation_type::terminal);
}

void connection::close() noexcept {
    error_code ignored;
    timer_.cancel();
    if (secure_) {
        SSL_set_shutdown(secure_->native_handle(), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        secure_->next_layer().close(ignored);
    } else if (plain_) {
        plain_->close(ignored);
    }
}

}  // namespace awsconnect::transport
