// The connection pool of one endpoint: the Asio shell around pool_state.
//
// The pure state decides; this class acts: it opens connections (resolve, TCP connect per
// address with its own timeout, TLS handshake), hands them to callers, watches idle ones
// (a maintenance sweep closes those the server closed or that expired, and learns the
// server's idle timeout), and fails waiters with the reason a connect failed.
//
// Debug lines (pool_options::log) say what happens to each connection, by its id: opened
// (address, TLS handshake full or resumed, how long it took), connect failed, reused,
// closed and why. They are made outside the lock, and only when debug is on.
//
// Thread safety: every member function may be called from any thread; the state is
// guarded by one mutex, held only for the pure state's bookkeeping (no I/O under it,
// except a non-blocking peek of idle sockets). Completions to waiters are posted to the
// waiter's own executor, never run inline.
//
// Lifetime: the pool is shared (connectors, timers and leases hold it). shutdown() fails
// waiters with client_shut_down, closes idle connections and stops connects; leased
// connections are closed when they come back.
#pragma once

#include <awsconnect/stats.hpp>

#include "log/logger.hpp"
#include "transport/address_book.hpp"
#include "transport/connection.hpp"
#include "transport/pool_state.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace awsconnect::transport {

struct pool_options {
    endpoint_key key;
    pool_limits limits;
    std::size_t initial_size = 0;
    std::chrono::milliseconds max_lifetime{300'000};
    double lifetime_jitter = 0.2;
    std::chrono::milliseconds dns_ttl{30'000};
    std::chrono::milliseconds address_penalty{1'000};
    std::chrono::milliseconds resolve_timeout{2'000};
    std::chrono::milliseconds connect_timeout{1'000};
    std::chrono::milliseconds tls_handshake_timeout{2'000};
    /// How often idle connections are checked for a server close.
    std::chrono::milliseconds idle_sweep_interval{250};
    std::shared_ptr<tls_context> tls;  ///< required for https endpoints
    /// Debug lines (component "transport"): resolution, connections opened, reused, closed
    /// and why. Written outside the pool's lock.
    log::logger_ptr log = log::no_logger();
    /// Test seam: resolves a host name instead of the system resolver.
    std::function<std::vector<boost::asio::ip::tcp::endpoint>(const std::string& host, std::uint16_t port)>
        resolve_override;
};

/// What acquire() gives: a connection, or why none.
struct acquire_result {
    connection_ptr conn;
    boost::system::error_code ec;  ///< errc: pool_saturated, client_shut_down, cancelled,
                                   ///< pool_wait_timeout, or a connect error
    std::string message;           ///< says what failed (address, TLS verdict, ...)
    bool reused = false;           ///< an idle keep-alive connection
};

class connection_pool : public std::enable_shared_from_this<connection_pool> {
public:
    static std::shared_ptr<connection_pool> create(boost::asio::any_io_executor ex, pool_options options);
    ~connection_pool();

    /// A connection for one exchange, by `deadline`. `fresh_only` asks for a newly opened
    /// connection (the stale replay). The caller's cancellation ends the wait.
    boost::asio::awaitable<acquire_result> acquire(pool_time deadline, bool fresh_only = false);

    /// Gives a leased connection back. It is reused only if `reusable` (and its lifetime
    /// is not over); else closed, counted under `reason`.
    void release(connection_ptr conn, bool reusable, poison_reason reason,
                 std::optional<std::chrono::seconds> keep_alive_timeout = std::nullopt);

    /// Counts a stale-connection replay (done by the dispatcher).
    void count_stale_replay();

    void shutdown();
    pool_stats stats() const;
    const endpoint_key& key() const noexcept { return options_.key; }

private:
    struct waiter;
    struct delivery;
    using waiter_ptr = std::shared_ptr<waiter>;

    connection_pool(boost::asio::any_io_executor ex, pool_options options);
    static void deliver(std::vector<delivery>& ds);
    void start_connects(std::size_t n, bool prewarm);
    static boost::asio::awaitable<void> run_connect(std::shared_ptr<connection_pool> self, bool prewarm);
    boost::asio::awaitable<std::vector<boost::asio::ip::tcp::endpoint>> addresses(
        boost::system::error_code& ec, std::string& message);
    void complete_waiter(std::uint64_t id, boost::system::error_code ec, connection_ptr conn,
                         std::string message);
    void on_wait_timeout(const waiter_ptr& w);
    void on_wait_cancelled(const waiter_ptr& w);
    void schedule_sweep_locked(pool_time now);
    void sweep();
    pool_time retire_time(pool_time now);
    /// Closes `conns` (outside the lock), logging each with `why`.
    void close_all(std::vector<connection_ptr>& conns, std::string_view why);
    void close_one(const connection_ptr& conn, std::string_view why);
    void count_poison(poison_reason reason);
    const log::logger& log() const noexcept { return *options_.log; }

    template <class Token>
    auto async_wait_for(const waiter_ptr& w, Token&& token);

    boost::asio::any_io_executor executor_;
    pool_options options_;
    mutable std::mutex mutex_;
    pool_state<connection_ptr> state_;
    address_book<boost::asio::ip::tcp::endpoint> addresses_;
    std::unordered_map<std::uint64_t, waiter_ptr> waiters_;
    std::unordered_map<connection_ptr, boost::asio::any_io_executor> connecting_;
    std::vector<delivery> pending_;  // completions gathered under the lock, delivered after
    boost::asio::steady_timer sweep_timer_;
    bool sweep_armed_ = false;
    pool_time last_sweep_{};
    std::minstd_rand rng_;
    std::uint64_t next_connection_id_ = 1;
    // The last connect failure: a waiter that times out reports it (R8).
    boost::system::error_code last_connect_error_;
    std::string last_connect_message_;
    pool_time last_connect_error_at_{};
    pool_stats stats_;
};

/// A leased connection: returns it to the pool when done (RAII). By default a lease
/// poisons its connection (closed, not reused): only an exchange that finished cleanly
/// calls `release(true, ...)`.
class lease {
public:
    lease() = default;
    lease(std::shared_ptr<connection_pool> pool, connection_ptr conn, bool reused)
        : pool_(std::move(pool)), conn_(std::move(conn)), reused_(reused) {}
    lease(lease&& o) noexcept = default;
    lease& operator=(lease&& o) noexcept {
        if (this != &o) {
            finish(false, poison_reason::cancelled, std::nullopt);
            pool_ = std::move(o.pool_);
            conn_ = std::move(o.conn_);
            reused_ = o.reused_;
        }
        return *this;
    }
    ~lease() { finish(false, poison_reason::cancelled, std::nullopt); }

    connection& operator*() const noexcept { return *conn_; }
    connection* operator->() const noexcept { return conn_.get(); }
    explicit operator bool() const noexcept { return conn_ != nullptr; }
    bool reused() const noexcept { return reused_; }

    void release(bool reusable, poison_reason reason,
                 std::optional<std::chrono::seconds> keep_alive_timeout) {
        finish(reusable, reason, keep_alive_timeout);
    }

private:
    void finish(bool reusable, poison_reason reason, std::optional<std::chrono::seconds> ka) {
        if (pool_ && conn_) pool_->release(std::move(conn_), reusable, reason, ka);
        pool_.reset();
        conn_.reset();
    }
    std::shared_ptr<connection_pool> pool_;
    connection_ptr conn_;
    bool reused_ = false;
};

}  // namespace awsconnect::transport
