#include "transport/connection_pool.hpp"

#include <awsconnect/error.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace awsconnect::transport {
namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

using wait_signature = void(error_code, connection_ptr, std::string);

struct connection_pool::waiter {
    std::uint64_t id = 0;
    pool_time deadline{};
    pool_time started{};
    // Set by the wait operation's initiation; until then a result is parked in `ready`.
    asio::any_completion_handler<wait_signature> handler;
    bool has_handler = false;
    asio::any_io_executor ex;
    std::optional<asio::steady_timer> timer;
    bool ready = false;
    error_code ec;
    connection_ptr conn;
    std::string message;
};

// A waiter's completion, taken under the lock and delivered after it is released.
// Move-only on purpose: Boost 1.81's any_completion_handler has a greedy converting
// constructor that would "copy" one by wrapping it in itself, recursively, wherever a
// copy is requested (vector growth, handler copies), so copies must not compile at all.
struct connection_pool::delivery {
    asio::any_completion_handler<wait_signature> handler;
    asio::any_io_executor ex;
    error_code ec;
    connection_ptr conn;
    std::string message;

    delivery(asio::any_completion_handler<wait_signature> h, asio::any_io_executor e, error_code c,
             connection_ptr p, std::string m)
        : handler(std::move(h)), ex(std::move(e)), ec(c), conn(std::move(p)), message(std::move(m)) {}
    delivery(delivery&&) noexcept = default;
    delivery& operator=(delivery&&) = delete;  // see waiter: the handler's move assignment recurses
    delivery(const delivery&) = delete;
    delivery& operator=(const delivery&) = delete;
};

namespace {

// The posted completion: move-only for the same reason as `delivery`.
struct completion {
    asio::any_completion_handler<wait_signature> handler;
    error_code ec;
    connection_ptr conn;
    std::string message;
    completion(completion&&) noexcept = default;
    completion(const completion&) = delete;
    completion(asio::any_completion_handler<wait_signature> h, error_code c, connection_ptr p, std::string m)
        : handler(std::move(h)), ec(c), conn(std::move(p)), message(std::move(m)) {}
    void operator()() { std::move(handler)(ec, std::move(conn), std::move(message)); }
};

}  // namespace

void connection_pool::deliver(std::vector<delivery>& ds) {
    for (auto& d : ds)
        asio::post(d.ex, completion(std::move(d.handler), d.ec, std::move(d.conn), std::move(d.message)));
    ds.clear();
}

namespace {

std::string_view to_text(poison_reason r) noexcept {
    switch (r) {
        case poison_reason::none: return "not reusable";
        case poison_reason::timeout: return "the exchange timed out";
        case poison_reason::cancelled: return "the exchange was cancelled";
        case poison_reason::io_error: return "I/O error";
        case poison_reason::protocol: return "the response was not valid HTTP";
        case poison_reason::connection_close: return "the server sent Connection: close";
        case poison_reason::tls: return "TLS error";
    }
    return "not reusable";
}

long long ms_between(pool_time from, pool_time to) noexcept {
    return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

std::string address_text(const tcp::endpoint& e) {
    const auto a = e.address();
    return a.is_v6() ? "[" + a.to_string() + "]:" + std::to_string(e.port())
                     : a.to_string() + ":" + std::to_string(e.port());
}

bool ends_all_waits(const error_code& ec) {
    // Nothing else can succeed right now: the name does not resolve, or the server's
    // certificate is refused (every connection would get the same verdict).
    return ec == errc::resolve_failed || ec == errc::resolve_timeout ||
           ec == errc::tls_hostname_mismatch || ec == errc::tls_certificate_expired ||
           ec == errc::tls_certificate_untrusted;
}

}  // namespace

std::shared_ptr<connection_pool> connection_pool::create(asio::any_io_executor ex, pool_options options) {
    std::shared_ptr<connection_pool> p(new connection_pool(std::move(ex), std::move(options)));
    if (p->options_.initial_size > 0) {
        std::size_t n;
        {
            std::lock_guard lock(p->mutex_);
            n = p->state_.prewarm(p->options_.initial_size);
        }
        p->start_connects(n, true);
    }
    return p;
}

connection_pool::connection_pool(asio::any_io_executor ex, pool_options options)
    : executor_(std::move(ex)),
      options_([&] {
          if (!options.log) options.log = log::no_logger();
          return std::move(options);
      }()),
      state_(options_.limits),
      addresses_(options_.dns_ttl, options_.address_penalty),
      sweep_timer_(executor_),
      rng_(std::random_device{}()) {}

connection_pool::~connection_pool() { shutdown(); }

// ---- waiting -------------------------------------------------------------------------------

template <class Token>
auto connection_pool::async_wait_for(const waiter_ptr& w, Token&& token) {
    return asio::async_initiate<Token, wait_signature>(
        [self = shared_from_this(), w](auto handler) {
            auto ex = asio::get_associated_executor(handler, self->executor_);
            auto slot = asio::get_associated_cancellation_slot(handler);
            std::unique_lock lock(self->mutex_);
            if (w->ready) {
                std::vector<delivery> ds;
                ds.emplace_back(asio::any_completion_handler<wait_signature>(std::move(handler)), ex,
                                w->ec, std::move(w->conn), std::move(w->message));
                lock.unlock();
                deliver(ds);
                return;
            }
            w->ex = ex;
            if (slot.is_connected())
                slot.assign([self, w](asio::cancellation_type) { self->on_wait_cancelled(w); });
            // Boost 1.81's any_completion_handler move assignment recurses (it copies its
            // argument through the greedy converting constructor): construct and swap.
            asio::any_completion_handler<wait_signature> erased(std::move(handler));
            w->handler.swap(erased);
            w->has_handler = true;
            w->timer.emplace(ex, w->deadline);
            w->timer->async_wait([self, w](error_code ec) {
                if (!ec) self->on_wait_timeout(w);
            });
        },
        token);
}

asio::awaitable<acquire_result> connection_pool::acquire(pool_time deadline, bool fresh_only) {
    for (;;) {
        acquire_result r;
        std::vector<connection_ptr> to_close;
        waiter_ptr w;
        std::size_t connects = 0;
        {
            std::lock_guard lock(mutex_);
            const auto now = pool_clock::now();
            auto a = state_.acquire(now, fresh_only);
            to_close = std::move(a.to_close);
            stats_.lifetime_retired += to_close.size();
            switch (a.kind) {
                case pool_state<connection_ptr>::acquire_kind::use_idle:
                    r.conn = std::move(*a.conn);
                    r.reused = true;
                    break;
                case pool_state<connection_ptr>::acquire_kind::saturated:
                    ++stats_.saturated;
                    r.ec = errc::pool_saturated;
                    r.message = "connection pool for " + options_.key.url() + " saturated: " +
                                std::to_string(state_.waiting()) + " callers already wait for one of " +
                                std::to_string(state_.limits().max_connections) + " connections";
                    break;
                case pool_state<connection_ptr>::acquire_kind::shut_down:
                    r.ec = errc::client_shut_down;
                    r.message = "the client was shut down";
                    break;
                case pool_state<connection_ptr>::acquire_kind::wait:
                    w = std::make_shared<waiter>();
                    w->id = a.waiter;
                    w->deadline = deadline;
                    w->started = now;
                    waiters_.emplace(w->id, w);
                    connects = a.connects_to_start;
                    break;
            }
        }
        close_all(to_close, "its lifetime is over (retired while idle)");
        if (r.conn) {
            if (r.conn->alive_for_reuse()) {
                {
                    std::lock_guard lock(mutex_);
                    ++stats_.acquires;
                    ++stats_.reused;
                }
                log().debug("transport", [&] {
                    return "connection " + std::to_string(r.conn->id) + " to " + options_.key.url() +
                           " reused (exchanges before: " + std::to_string(r.conn->exchanges()) + ")";
                });
                co_return r;
            }
            {
                std::lock_guard lock(mutex_);
                state_.discard_dead();
                ++stats_.dead_on_checkout;
            }
            close_one(r.conn, "closed by the server while idle (found when reused)");
            continue;
        }
        if (!w) co_return r;
        start_connects(connects, false);
        auto [ec, conn, message] = co_await async_wait_for(w, asio::as_tuple(asio::use_awaitable));
        {
            std::lock_guard lock(mutex_);
            const auto waited = pool_clock::now() - w->started;
            const auto ns = static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(waited).count());
            ++stats_.waits;
            stats_.wait_ns_total += ns;
            stats_.wait_ns_max = std::max(stats_.wait_ns_max, ns);
            const std::size_t bucket = ns < 1'000'000 ? 0 : ns < 10'000'000 ? 1 : ns < 100'000'000 ? 2 : ns < 1'000'000'000 ? 3 : 4;
            ++stats_.wait_histogram[bucket];
            if (!ec) ++stats_.acquires;
        }
        if (conn && conn->exchanges() > 0)
            log().debug("transport", [&] {
                return "connection " + std::to_string(conn->id) + " to " + options_.key.url() +
                       " reused (exchanges before: " + std::to_string(conn->exchanges()) + "; handed over on release)";
            });
        r.ec = ec;
        r.conn = std::move(conn);
        r.message = std::move(message);
        co_return r;
    }
}

void connection_pool::on_wait_timeout(const waiter_ptr& w) {
    std::vector<delivery> ds;
    {
        std::lock_guard lock(mutex_);
        if (!state_.cancel_waiter(w->id)) return;
        waiters_.erase(w->id);
        ++stats_.wait_timeouts;
        error_code ec = errc::pool_wait_timeout;
        std::string message = "timed out waiting for a connection to " + options_.key.url();
        // R8: a waiter that gives up while connects fail learns why, not just "timeout".
        if (last_connect_error_ && last_connect_error_at_ >= w->started) {
            ec = last_connect_error_;
            message = last_connect_message_;
        }
        if (w->has_handler) {
            w->has_handler = false;
            ds.emplace_back(std::move(w->handler), w->ex, ec, nullptr, std::move(message));
        }
    }
    deliver(ds);
}

void connection_pool::on_wait_cancelled(const waiter_ptr& w) {
    std::vector<delivery> ds;
    {
        std::lock_guard lock(mutex_);
        if (!state_.cancel_waiter(w->id)) return;
        waiters_.erase(w->id);
        if (w->timer) w->timer->cancel();
        if (w->has_handler) {
            w->has_handler = false;
            ds.emplace_back(std::move(w->handler), w->ex, make_error_code(errc::cancelled), nullptr,
                            "cancelled while waiting for a connection");
        }
    }
    deliver(ds);
}

// Hands a result to a waiter that the pure state already removed. Under the lock.
void connection_pool::complete_waiter(std::uint64_t id, error_code ec, connection_ptr conn,
                                      std::string message) {
    auto it = waiters_.find(id);
    if (it == waiters_.end()) return;
    waiter_ptr w = it->second;
    waiters_.erase(it);
    if (w->timer) w->timer->cancel();
    if (w->has_handler) {
        w->has_handler = false;
        // Delivered by the caller of complete_waiter after unlocking (see pending_).
        pending_.emplace_back(std::move(w->handler), w->ex, ec, std::move(conn), std::move(message));
    } else {
        w->ready = true;
        w->ec = ec;
        w->conn = std::move(conn);
        w->message = std::move(message);
    }
}

// ---- releasing -----------------------------------------------------------------------------

void connection_pool::release(connection_ptr conn, bool reusable, poison_reason reason,
                              std::optional<std::chrono::seconds> keep_alive_timeout) {
    std::vector<delivery> ds;
    connection_ptr to_close;
    std::string_view why;
    std::size_t connects = 0;
    {
        std::lock_guard lock(mutex_);
        const auto now = pool_clock::now();
        if (reusable && now >= conn->retire_at) {
            reusable = false;
            ++stats_.lifetime_retired;
            why = "its lifetime is over";
        } else if (!reusable) {
            count_poison(reason);
            why = to_text(reason);
        } else {
            why = "the client was shut down";
        }
        if (keep_alive_timeout && *keep_alive_timeout > std::chrono::seconds(1)) {
            // Keep-Alive: timeout=N: close our side a second before the server does (R4).
            const auto server = std::chrono::duration_cast<std::chrono::milliseconds>(*keep_alive_timeout) -
                                std::chrono::seconds(1);
            if (server < state_.idle_timeout()) state_.set_idle_timeout(server);
        }
        conn->idle_since = now;
        if (!reusable) to_close = conn;
        auto r = state_.release(conn, reusable, now, conn->retire_at);
        if (r.close) to_close = std::move(conn);
        if (r.to_waiter) complete_waiter(r.to_waiter->waiter, {}, std::move(r.to_waiter->conn), {});
        connects = r.connects_to_start;
        schedule_sweep_locked(now);
        ds.swap(pending_);
    }
    deliver(ds);
    if (to_close) close_one(to_close, why);
    start_connects(connects, false);
}

void connection_pool::count_poison(poison_reason reason) {
    switch (reason) {
        case poison_reason::none: break;
        case poison_reason::timeout: ++stats_.poisoned_timeout; break;
        case poison_reason::cancelled: ++stats_.poisoned_cancelled; break;
        case poison_reason::io_error: ++stats_.poisoned_io_error; break;
        case poison_reason::protocol: ++stats_.poisoned_protocol; break;
        case poison_reason::connection_close: ++stats_.poisoned_connection_close; break;
        case poison_reason::tls: ++stats_.poisoned_tls; break;
    }
}

void connection_pool::count_stale_replay() {
    std::lock_guard lock(mutex_);
    ++stats_.stale_replays;
}

// ---- connecting ----------------------------------------------------------------------------

void connection_pool::start_connects(std::size_t n, bool prewarm) {
    if (n > 0) {
        std::lock_guard lock(mutex_);
        stats_.peak_connecting = std::max(stats_.peak_connecting, state_.connecting());
        stats_.peak_total = std::max(stats_.peak_total, state_.total());
    }
    for (std::size_t i = 0; i < n; ++i)
        asio::co_spawn(asio::make_strand(executor_), run_connect(shared_from_this(), prewarm),
                       asio::detached);
}

pool_time connection_pool::retire_time(pool_time now) {
    std::uniform_real_distribution<double> jitter(-options_.lifetime_jitter, options_.lifetime_jitter);
    const double factor = 1.0 + (options_.lifetime_jitter > 0 ? jitter(rng_) : 0.0);
    return now + std::chrono::duration_cast<pool_clock::duration>(options_.max_lifetime * factor);
}

asio::awaitable<void> connection_pool::run_connect(std::shared_ptr<connection_pool> self, bool prewarm) {
    auto ex = co_await asio::this_coro::executor;
    const pool_time started = pool_clock::now();
    auto conn = std::make_shared<connection>(self->executor_, self->options_.key, self->options_.tls);
    {
        std::lock_guard lock(self->mutex_);
        conn->id = self->next_connection_id_++;
        self->connecting_.emplace(conn, ex);
    }
    error_code ec;
    std::string message;
    auto addrs = co_await self->addresses(ec, message);
    tcp::endpoint peer;
    if (!ec) {
        ec = make_error_code(errc::connect_failed);
        for (const auto& a : addrs) {
            const auto cec = co_await conn->connect(a, pool_clock::now() + self->options_.connect_timeout);
            std::lock_guard lock(self->mutex_);
            if (!cec) {
                self->addresses_.record_success(a);
                peer = a;
                ec = {};
                break;
            }
            ec = cec;
            message = std::string(cec == errc::connection_refused ? "connection refused by "
                                  : cec == errc::connect_timeout  ? "connect timed out to "
                                                                  : "connect failed to ") +
                      a.address().to_string() + ":" + std::to_string(a.port()) + " (" +
                      self->options_.key.url() + ")";
            self->addresses_.record_failure(a, pool_clock::now());
            ++self->stats_.address_failures;
            if (cec == errc::cancelled || self->state_.is_shut_down()) break;
        }
        if (!ec) ec = co_await conn->handshake(pool_clock::now() + self->options_.tls_handshake_timeout, message);
    }

    std::vector<delivery> ds;
    connection_ptr to_close;
    std::size_t connects = 0;
    {
        std::lock_guard lock(self->mutex_);
        self->connecting_.erase(conn);
        const auto now = pool_clock::now();
        if (!ec) {
            ++self->stats_.connections_opened;
            if (self->options_.key.tls) ++(conn->resumed() ? self->stats_.handshakes_resumed : self->stats_.handshakes_full);
            conn->created_at = now;
            conn->retire_at = self->retire_time(now);
            conn->idle_since = now;
            if (prewarm) conn->set_prewarmed();
            auto d = self->state_.connect_succeeded(conn, now, conn->retire_at);
            if (d.close) to_close = conn;
            if (d.to_waiter) self->complete_waiter(d.to_waiter->waiter, {}, std::move(d.to_waiter->conn), {});
            connects = d.connects_to_start;
            self->schedule_sweep_locked(now);
        } else {
            ++self->stats_.connect_failures;
            if (ec == errc::cancelled && self->state_.is_shut_down()) ec = errc::client_shut_down;
            self->last_connect_error_ = ec;
            self->last_connect_message_ = message;
            self->last_connect_error_at_ = now;
            const bool fail_all = ends_all_waits(ec) || self->addresses_.all_penalized(now) ||
                                  self->state_.is_shut_down();
            std::vector<std::uint64_t> all;
            auto f = self->state_.connect_failed(fail_all, &all);
            if (f.fail_waiter) self->complete_waiter(*f.fail_waiter, ec, nullptr, message);
            for (auto id : all) self->complete_waiter(id, ec, nullptr, message);
            connects = f.connects_to_start;
            to_close = conn;
        }
        ds.swap(self->pending_);
    }
    deliver(ds);
    const log::logger& log = self->log();
    if (!ec) {
        log.debug("transport", [&] {
            const auto& key = self->options_.key;
            return "connection " + std::to_string(conn->id) + " to " + key.url() + " opened: " + address_text(peer) +
                   (key.tls ? (conn->resumed() ? ", TLS session resumed" : ", full TLS handshake") : "") + ", " +
                   std::to_string(ms_between(started, pool_clock::now())) + " ms" + (prewarm ? " (pre-warmed)" : "");
        });
    } else {
        log.debug("transport", [&] {
            return "connection " + std::to_string(conn->id) + " to " + self->options_.key.url() + " failed: " +
                   (message.empty() ? std::string(to_string(errc(ec.value()))) : message);
        });
    }
    if (to_close) {
        if (!ec)
            self->close_one(to_close, "the client was shut down while it was opened");
        else
            to_close->close();
    }
    self->start_connects(connects, false);
}

namespace {

// The state of one resolution: kept alive by the resolver's handler, so a resolution
// that outlives its timeout finishes harmlessly (getaddrinfo cannot be interrupted).
struct resolve_state {
    explicit resolve_state(const asio::any_io_executor& ex) : resolver(ex), timer(ex) {}
    tcp::resolver resolver;
    asio::steady_timer timer;
    bool done = false;
    error_code ec;
    std::vector<tcp::endpoint> results;
};

}  // namespace

asio::awaitable<std::vector<tcp::endpoint>> connection_pool::addresses(error_code& ec, std::string& message) {
    const auto& key = options_.key;
    {
        std::lock_guard lock(mutex_);
        if (addresses_.fresh(pool_clock::now())) co_return addresses_.next_order(pool_clock::now());
    }
    std::vector<tcp::endpoint> found;
    error_code lit_ec;
    const auto literal = asio::ip::make_address(key.host, lit_ec);
    const bool literal_used = !lit_ec;
    if (literal_used) {
        found.emplace_back(literal, key.port);
    } else if (options_.resolve_override) {
        found = options_.resolve_override(key.host, key.port);
        if (found.empty()) {
            ec = errc::resolve_failed;
            message = "cannot resolve " + key.host + ": no address";
        }
    } else {
        auto ex = co_await asio::this_coro::executor;
        auto st = std::make_shared<resolve_state>(ex);
        st->timer.expires_after(options_.resolve_timeout);
        st->resolver.async_resolve(key.host, std::to_string(key.port),
                                   asio::bind_executor(ex, [st](error_code rec, tcp::resolver::results_type res) {
                                       st->done = true;
                                       st->ec = rec;
                                       for (const auto& e : res) st->results.push_back(e.endpoint());
                                       st->timer.cancel();
                                   }));
        co_await st->timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (!st->done) {
            ec = errc::resolve_timeout;
            message = "resolving " + key.host + " timed out";
        } else if (st->ec || st->results.empty()) {
            ec = errc::resolve_failed;
            message = "cannot resolve " + key.host + ": " + (st->ec ? st->ec.message() : "no address");
        } else {
            found = std::move(st->results);
        }
    }
    std::vector<tcp::endpoint> order;
    bool stale = false;
    {
        std::lock_guard lock(mutex_);
        const auto now = pool_clock::now();
        if (ec) {
            // Stale addresses beat none when DNS fails.
            if (!addresses_.has_answer()) co_return std::vector<tcp::endpoint>{};
            stale = true;
        } else {
            addresses_.update(found, now);
        }
        order = addresses_.next_order(now);
    }
    if (stale) {
        log().debug("transport", [&] { return message + "; using the addresses resolved before"; });
        ec = {};
        message.clear();
    } else if (!literal_used) {
        log().debug("transport", [&] {
            std::string line = "resolved " + key.host + " to";
            for (const auto& a : found) line += " " + a.address().to_string();
            return line;
        });
    }
    co_return order;
}

// ---- idle maintenance ----------------------------------------------------------------------

namespace {

// The idle sweep must not keep the caller's io_context::run() from returning: idle pooled
// connections are not work in progress (Node's agents unref idle sockets for the same
// reason). So the sweep timer's pending wait is taken off the io_context's work count
// right after it starts, and put back when its handler runs (the scheduler counts the
// handler's completion off again). Done through the io_context executor's
// on_work_started/on_work_finished; with any other executor type the timer counts as work.
void unref_work(const asio::any_io_executor& ex) noexcept {
    if (const auto* io = ex.target<asio::io_context::executor_type>()) io->on_work_finished();
}
void ref_work(const asio::any_io_executor& ex) noexcept {
    if (const auto* io = ex.target<asio::io_context::executor_type>()) io->on_work_started();
}

}  // namespace

void connection_pool::schedule_sweep_locked(pool_time now) {
    if (sweep_armed_ || state_.idle() == 0 || state_.is_shut_down()) return;
    sweep_armed_ = true;
    auto at = now + options_.idle_sweep_interval;
    if (auto e = state_.next_idle_expiry(); e && *e < at) at = *e;
    sweep_timer_.expires_at(at);
    sweep_timer_.async_wait([weak = weak_from_this(), ex = executor_](error_code ec) {
        ref_work(ex);
        if (ec) return;
        if (auto self = weak.lock()) self->sweep();
    });
    unref_work(executor_);
}

void connection_pool::sweep() {
    std::vector<connection_ptr> to_close;
    std::vector<connection_ptr> dead_ones;
    {
        std::lock_guard lock(mutex_);
        sweep_armed_ = false;
        const auto now = pool_clock::now();
        auto expired = state_.expire_idle(now);
        stats_.idle_expired += expired.size();
        to_close = std::move(expired);
        // Idle connections the server closed (or wrote to): drop them, and learn its idle
        // timeout from how long they had been idle at the last sweep that found them alive.
        auto dead = state_.remove_idle_all_if([](const connection_ptr& c) { return !c->alive_for_reuse(); });
        for (auto& c : dead) {
            ++stats_.dead_on_checkout;
            if (last_sweep_ > c->idle_since) {
                const auto alive_for = std::chrono::duration_cast<std::chrono::milliseconds>(last_sweep_ - c->idle_since);
                state_.set_idle_timeout(learn_idle_timeout(state_.idle_timeout(), alive_for));
            }
            dead_ones.push_back(std::move(c));
        }
        last_sweep_ = now;
        schedule_sweep_locked(now);
    }
    close_all(to_close, "idle timeout");
    close_all(dead_ones, "closed by the server while idle");
}

void connection_pool::close_all(std::vector<connection_ptr>& conns, std::string_view why) {
    for (auto& c : conns) close_one(c, why);
    conns.clear();
}

void connection_pool::close_one(const connection_ptr& c, std::string_view why) {
    c->close();
    log().debug("transport", [&] {
        return "connection " + std::to_string(c->id) + " to " + options_.key.url() + " closed: " + std::string(why) +
               " (exchanges: " + std::to_string(c->exchanges()) + ", open " +
               std::to_string(ms_between(c->created_at, pool_clock::now())) + " ms)";
    });
}

// ---- shutdown and stats --------------------------------------------------------------------

void connection_pool::shutdown() {
    std::vector<delivery> ds;
    std::vector<connection_ptr> to_close;
    std::vector<std::pair<connection_ptr, asio::any_io_executor>> in_flight;
    {
        std::lock_guard lock(mutex_);
        if (state_.is_shut_down()) return;
        auto s = state_.shutdown();
        for (auto id : s.fail_waiters)
            complete_waiter(id, make_error_code(errc::client_shut_down), nullptr, "the client was shut down");
        to_close = std::move(s.to_close);
        for (const auto& [c, ex] : connecting_) in_flight.emplace_back(c, ex);
        sweep_timer_.cancel();
        ds.swap(pending_);
    }
    deliver(ds);
    close_all(to_close, "the client was shut down");
    for (auto& entry : in_flight) asio::post(entry.second, [c = entry.first] { c->cancel(); });
}

pool_stats connection_pool::stats() const {
    std::lock_guard lock(mutex_);
    pool_stats s = stats_;
    s.idle = state_.idle();
    s.leased = state_.leased();
    s.connecting = state_.connecting();
    s.waiting = state_.waiting();
    s.idle_timeout = state_.idle_timeout();
    return s;
}

}  // namespace awsconnect::transport
