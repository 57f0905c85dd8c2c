// The connection pool of one endpoint, as a pure state machine (no Asio, no clock).
//
// The I/O shell (connection_pool) feeds it what happened — a caller wants a connection, a
// connection came back, a connect finished or failed, a waiter gave up, time passed — and
// it answers what to do next: use this idle connection, wait, open N connections, hand
// this connection to that waiter, close these. Times come in as arguments, so every rule
// is tested with plain values (test/unit/transport/pool_state_test.cpp).
//
// The rules (specs/pool.md):
//  - idle connections are reused LIFO (the warmest first); the idle list is ordered by the
//    time each connection went idle, so culling expired ones walks from the oldest end and
//    stops at the first live one (R16);
//  - waiters are served strictly FIFO by direct hand-off: a released or new connection goes
//    to the oldest waiter, never back to the idle list while someone waits (R6);
//  - at most `max_pending` waiters; past that an acquire fails at once (R7);
//  - connections are opened on demand, for waiters not yet covered by a connect in flight,
//    with at most `max_concurrent_connects` in flight and never more than
//    `max_connections` in all (R15); a connect that completes with nobody waiting goes idle
//    instead of being wasted;
//  - a failed connect fails the oldest waiter with its error (R8: the caller learns why);
//  - a waiter that asks for a fresh connection (the stale-connection replay, R1/R3) only
//    takes a newly opened one.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <optional>
#include <unordered_map>
#include <vector>

namespace awsconnect::transport {

using pool_clock = std::chrono::steady_clock;
using pool_time = pool_clock::time_point;

struct pool_limits {
    std::size_t max_connections = 64;
    std::size_t max_pending = 256;
    std::size_t max_concurrent_connects = 4;
    std::chrono::milliseconds idle_timeout{15'000};
};

/// Lower a learned idle timeout when the server was seen closing a connection that had
/// been idle for `observed` (R4: use 0.8 x observed, never raise it).
inline std::chrono::milliseconds learn_idle_timeout(std::chrono::milliseconds current,
                                                    std::chrono::milliseconds observed) {
    const auto candidate = std::chrono::milliseconds(observed.count() * 8 / 10);
    return std::max(std::chrono::milliseconds(1), std::min(current, candidate));
}

template <class Handle>
class pool_state {
public:
    using waiter_id = std::uint64_t;

    explicit pool_state(pool_limits limits) : limits_(limits) {}

    // ---- acquire -----------------------------------------------------------------------
    enum class acquire_kind {
        use_idle,   ///< take `conn` (check it is still alive; if not, call discard_dead)
        wait,       ///< wait as `waiter`; open `connects_to_start` connections meanwhile
        saturated,  ///< too many waiters: fail at once
        shut_down,  ///< the pool is shut down
    };
    struct acquire_action {
        acquire_kind kind = acquire_kind::wait;
        std::optional<Handle> conn;
        waiter_id waiter = 0;
        std::size_t connects_to_start = 0;
        std::vector<Handle> to_close;  ///< idle connections past their lifetime
    };

    acquire_action acquire(pool_time now, bool fresh_only = false) {
        acquire_action a;
        if (shut_down_) {
            a.kind = acquire_kind::shut_down;
            return a;
        }
        if (!fresh_only) {
            while (!idle_.empty()) {
                idle_entry e = std::move(idle_.back());
                idle_.pop_back();
                if (e.retire_at <= now) {
                    a.to_close.push_back(std::move(e.conn));
                    continue;
                }
                ++leased_;
                a.kind = acquire_kind::use_idle;
                a.conn = std::move(e.conn);
                return a;
            }
        }
        if (waiters_.size() >= limits_.max_pending) {
            a.kind = acquire_kind::saturated;
            return a;
        }
        a.kind = acquire_kind::wait;
        a.waiter = next_waiter_++;
        waiters_.push_back({a.waiter, fresh_only});
        index_.emplace(a.waiter, std::prev(waiters_.end()));
        a.connects_to_start = claim_connects();
        return a;
    }

    /// The idle connection handed out by acquire was found dead (readable or closed):
    /// it is dropped, and the caller acquires again.
    void discard_dead() { --leased_; }

    // ---- release -----------------------------------------------------------------------
    struct handoff {
        waiter_id waiter = 0;
        Handle conn;
    };
    struct release_action {
        std::optional<handoff> to_waiter;  ///< give the connection to this waiter
        bool close = false;                ///< close the connection
        std::size_t connects_to_start = 0;
    };

    /// A leased connection comes back. `reusable` is false after any doubt (timeout,
    /// error, Connection: close, lifetime over); then it is closed and, if callers wait, a
    /// replacement may be opened.
    release_action release(Handle conn, bool reusable, pool_time now, pool_time retire_at) {
        release_action r;
        --leased_;
        if (!reusable || shut_down_) {
            r.close = true;
            r.connects_to_start = claim_connects();
            return r;
        }
        if (auto w = pop_waiter(/*accept_reused=*/true)) {
            ++leased_;
            r.to_waiter = handoff{*w, std::move(conn)};
            return r;
        }
        idle_.push_back({std::move(conn), now, retire_at});
        return r;
    }

    // ---- connects ----------------------------------------------------------------------
    struct connect_done_action {
        std::optional<handoff> to_waiter;
        bool close = false;  ///< the pool is shut down: close the new connection
        std::size_t connects_to_start = 0;
    };

    connect_done_action connect_succeeded(Handle conn, pool_time now, pool_time retire_at) {
        connect_done_action r;
        --connecting_;
        if (shut_down_) {
            r.close = true;
            return r;
        }
        if (auto w = pop_waiter(/*accept_reused=*/false)) {
            ++leased_;
            r.to_waiter = handoff{*w, std::move(conn)};
        } else {
            idle_.push_back({std::move(conn), now, retire_at});
        }
        // A connect slot is free again: waiters still uncovered get the next connect.
        r.connects_to_start = claim_connects();
        return r;
    }

    struct connect_failed_action {
        std::optional<waiter_id> fail_waiter;  ///< fail this waiter with the connect error
        std::size_t connects_to_start = 0;
    };

    /// A connect failed. The oldest waiter learns the error; the others stay (a new connect
    /// is started for them if they are not covered) unless `fail_all_waiters` is set
    /// (every address of the endpoint is set aside: nothing can succeed right now).
    connect_failed_action connect_failed(bool fail_all_waiters, std::vector<waiter_id>* failed_all) {
        connect_failed_action r;
        --connecting_;
        if (fail_all_waiters && failed_all != nullptr) {
            for (const auto& w : waiters_) failed_all->push_back(w.id);
            waiters_.clear();
            index_.clear();
            return r;
        }
        if (!waiters_.empty()) {
            r.fail_waiter = waiters_.front().id;
            index_.erase(waiters_.front().id);
            waiters_.pop_front();
        }
        r.connects_to_start = claim_connects();
        return r;
    }

    /// Opens connections ahead of demand (R17); they go idle when done.
    std::size_t prewarm(std::size_t n) {
        const std::size_t room = limits_.max_connections - std::min(limits_.max_connections, total());
        const std::size_t k = std::min(n, room);
        connecting_ += k;
        return k;
    }

    // ---- waiters -----------------------------------------------------------------------
    /// The waiter gave up (deadline, cancellation): removed in O(1). False if it was
    /// already served or failed.
    bool cancel_waiter(waiter_id id) {
        auto it = index_.find(id);
        if (it == index_.end()) return false;
        waiters_.erase(it->second);
        index_.erase(it);
        return true;
    }

    // ---- idle maintenance --------------------------------------------------------------
    /// Removes idle connections whose idle time is over, oldest first; stops at the first
    /// one still within its idle timeout (O(number expired)).
    std::vector<Handle> expire_idle(pool_time now) {
        std::vector<Handle> out;
        while (!idle_.empty() && idle_.front().idle_since + limits_.idle_timeout <= now) {
            out.push_back(std::move(idle_.front().conn));
            idle_.pop_front();
        }
        return out;
    }

    /// When the next idle connection expires, if any is idle.
    std::optional<pool_time> next_idle_expiry() const {
        if (idle_.empty()) return std::nullopt;
        return idle_.front().idle_since + limits_.idle_timeout;
    }

    /// An idle connection was found closed by the server (idle watch): forget it.
    /// Returns how long it had been idle, if it was in the idle list.
    template <class Eq>
    std::optional<pool_clock::duration> remove_idle_if(Eq&& is_it, pool_time now) {
        for (auto it = idle_.begin(); it != idle_.end(); ++it)
            if (is_it(it->conn)) {
                const auto idle_for = now - it->idle_since;
                idle_.erase(it);
                return idle_for;
            }
        return std::nullopt;
    }

    /// Removes every idle connection matching `pred` and returns them.
    template <class Pred>
    std::vector<Handle> remove_idle_all_if(Pred&& pred) {
        std::vector<Handle> out;
        for (auto it = idle_.begin(); it != idle_.end();) {
            if (pred(it->conn)) {
                out.push_back(std::move(it->conn));
                it = idle_.erase(it);
            } else {
                ++it;
            }
        }
        return out;
    }

    void set_idle_timeout(std::chrono::milliseconds t) { limits_.idle_timeout = t; }
    std::chrono::milliseconds idle_timeout() const { return limits_.idle_timeout; }

    // ---- shutdown ----------------------------------------------------------------------
    struct shutdown_action {
        std::vector<waiter_id> fail_waiters;
        std::vector<Handle> to_close;
    };
    shutdown_action shutdown() {
        shutdown_action s;
        shut_down_ = true;
        for (const auto& w : waiters_) s.fail_waiters.push_back(w.id);
        waiters_.clear();
        index_.clear();
        for (auto& e : idle_) s.to_close.push_back(std::move(e.conn));
        idle_.clear();
        return s;
    }

    // ---- observation -------------------------------------------------------------------
    std::size_t idle() const { return idle_.size(); }
    std::size_t leased() const { return leased_; }
    std::size_t connecting() const { return connecting_; }
    std::size_t waiting() const { return waiters_.size(); }
    std::size_t total() const { return idle_.size() + leased_ + connecting_; }
    bool is_shut_down() const { return shut_down_; }
    const pool_limits& limits() const { return limits_; }

private:
    struct idle_entry {
        Handle conn;
        pool_time idle_since;
        pool_time retire_at;
    };
    struct waiter {
        waiter_id id;
        bool fresh_only;
    };

    // Connects to start now: one per waiter not yet covered by a connect in flight, within
    // the total and concurrent-connect limits. Counts them as connecting.
    std::size_t claim_connects() {
        if (shut_down_) return 0;
        const std::size_t uncovered = waiters_.size() > connecting_ ? waiters_.size() - connecting_ : 0;
        const std::size_t room_total =
            limits_.max_connections > total() ? limits_.max_connections - total() : 0;
        const std::size_t room_connects = limits_.max_concurrent_connects > connecting_
                                              ? limits_.max_concurrent_connects - connecting_
                                              : 0;
        const std::size_t k = std::min({uncovered, room_total, room_connects});
        connecting_ += k;
        return k;
    }

    // The oldest waiter that may take this connection.
    std::optional<waiter_id> pop_waiter(bool accept_reused) {
        for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
            if (accept_reused && it->fresh_only) continue;
            const waiter_id id = it->id;
            index_.erase(id);
            waiters_.erase(it);
            return id;
        }
        return std::nullopt;
    }

    pool_limits limits_;
    std::deque<idle_entry> idle_;
    std::list<waiter> waiters_;
    std::unordered_map<waiter_id, typename std::list<waiter>::iterator> index_;
    std::size_t leased_ = 0;
    std::size_t connecting_ = 0;
    waiter_id next_waiter_ = 1;
    bool shut_down_ = false;
};

}  // namespace awsconnect::transport
