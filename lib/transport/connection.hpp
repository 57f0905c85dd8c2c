// One pooled HTTP/1.1 connection, plain TCP or TLS: connect, handshake, and exchanges of
// one request and one response within a deadline.
//
// A connection is used by one caller at a time (the pool leases it), on that caller's
// strand. Deadlines: the connection owns one steady_timer and one cancellation signal;
// every operation is bound to the signal, and the timer (or the caller's cancellation,
// forwarded) emits it. After a timeout or a cancellation during I/O the connection is
// never reused ("poison on any doubt", R9): the TLS record state and the HTTP framing are
// unknown.
#pragma once

#include "http/http_response.hpp"
#include "transport/endpoint_key.hpp"
#include "transport/pool_state.hpp"
#include "transport/tls_context.hpp"

#include <awsconnect/error.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::transport {

/// Why a leased connection was closed instead of going back to the pool.
enum class poison_reason { none, timeout, cancelled, io_error, protocol, connection_close, tls };

struct response_limits {
    std::size_t header_bytes = 16 * 1024;
    std::size_t body_bytes = 1024 * 1024;
};

/// The outcome of one request/response exchange.
struct exchange_result {
    /// Empty on success; else an awsconnect errc of the transport family (connection_reset,
    /// connection_closed, malformed_response, response_too_large, cancelled) or, when
    /// `timed_out`, left for the caller to name (attempt or operation timeout).
    boost::system::error_code ec;
    boost::system::error_code cause;  ///< the system / TLS / parser error behind `ec`
    bool timed_out = false;
    bool wrote_all = false;           ///< the whole request was written
    bool got_response_bytes = false;  ///< at least one byte of the response arrived
    bool reusable = false;            ///< the connection may go back to the pool
    poison_reason poison = poison_reason::none;
    std::optional<std::chrono::seconds> keep_alive_timeout;  ///< server's Keep-Alive: timeout=N
};

/// The errc of a failed TLS handshake (not timed out, not cancelled): the certificate
/// verdict when the certificate was rejected (`verify_result`, from
/// SSL_get_verify_result); connection_reset or connection_closed when the peer reset or
/// closed the connection before the handshake completed (a transient connection failure,
/// retried); tls_handshake_failed for a TLS alert or a peer that does not speak TLS.
errc handshake_errc(const boost::system::error_code& ec, long verify_result) noexcept;

class connection : public std::enable_shared_from_this<connection> {
public:
    using tcp = boost::asio::ip::tcp;

    connection(boost::asio::any_io_executor ex, const endpoint_key& key,
               std::shared_ptr<tls_context> tls);
    ~connection();

    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    // ---- establishing (the pool's connector) ----
    /// TCP connect to one address by `deadline`. errc: connection_refused, connect_failed,
    /// connect_timeout, cancelled.
    boost::asio::awaitable<boost::system::error_code> connect(const tcp::endpoint& address,
                                                              pool_time deadline);
    /// TLS handshake by `deadline` (no-op for plain http). errc: as `handshake_errc` says
    /// (tls_hostname_mismatch, tls_certificate_expired, tls_certificate_untrusted,
    /// connection_reset, connection_closed, tls_handshake_failed), tls_handshake_failed
    /// also when the host name cannot be set for SNI or verification,
    /// tls_handshake_timeout, cancelled. `message` says what went wrong.
    boost::asio::awaitable<boost::system::error_code> handshake(pool_time deadline,
                                                                std::string& message);
    bool resumed() const noexcept { return resumed_; }

    // ---- using it (a caller holding a lease) ----
    /// Writes `request`, then reads one response into `out`, by `deadline`. The caller's
    /// cancellation (of the awaiting coroutine) stops it and yields errc::cancelled.
    boost::asio::awaitable<exchange_result> exchange(std::string_view request,
                                                     http::response& out, pool_time deadline,
                                                     response_limits limits);

    /// Non-blocking liveness check before reuse (R1): false if the peer closed or reset the
    /// connection, or sent anything while it was idle.
    bool alive_for_reuse() noexcept;

    /// Stops the operation in progress (it completes with errc::cancelled). Call it on the
    /// executor that runs the connection's operations.
    void cancel() noexcept;

    /// Closes the socket. For TLS the shutdown state is set first, so the session stays
    /// resumable (R14); no close_notify exchange is waited for.
    void close() noexcept;

    // ---- bookkeeping (owned by the pool) ----
    std::uint64_t exchanges() const noexcept { return exchanges_; }
    /// Whether this connection existed before the current exchange: used, or opened ahead
    /// (pre-warm). A failure on such a connection may be a stale keep-alive race.
    bool reused() const noexcept { return exchanges_ > 0 || prewarmed_; }
    void set_prewarmed() noexcept { prewarmed_ = true; }
    pool_time created_at{};
    pool_time retire_at{};
    pool_time idle_since{};
    std::uint64_t id = 0;
    const endpoint_key& key() const noexcept { return key_; }
    tcp::socket& socket() noexcept;

private:
    template <class Stream>
    boost::asio::awaitable<exchange_result> run_exchange(Stream& stream, std::string_view request,
                                                         http::response& out, pool_time deadline,
                                                         response_limits limits);
    void arm(pool_time deadline, const boost::asio::any_io_executor& ex);
    void disarm() noexcept;

    endpoint_key key_;
    std::string session_key_;  // "host:port" for the TLS session store
    std::shared_ptr<tls_context> tls_;
    std::optional<tcp::socket> plain_;
    std::optional<boost::asio::ssl::stream<tcp::socket>> secure_;
    boost::beast::flat_buffer buffer_;
    boost::asio::steady_timer timer_;
    boost::asio::cancellation_signal signal_;
    bool timed_out_ = false;
    bool cancel_requested_ = false;
    bool resumed_ = false;
    bool prewarmed_ = false;
    std::uint64_t exchanges_ = 0;
};

using connection_ptr = std::shared_ptr<connection>;

}  // namespace awsconnect::transport
