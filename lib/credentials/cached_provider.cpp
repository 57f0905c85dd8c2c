// The caching provider (see cached_provider.hpp).
//
// A refresh in progress is a `refresh_state`: the outcome once known, and the callers
// waiting for it. The refresh itself runs as a detached coroutine on the executor of the
// caller that started it, holding the cache's shared state and the refresh state, so it
// ends and fills the cache even when every caller has left.
//
// A waiter is one asynchronous operation with three ways to end, whichever comes first:
// the refresh completes (from the refresh's thread), the waiter's deadline timer fires, or
// the awaiting coroutine is cancelled (its cancellation slot). Each takes the waiter out of
// the state's list under the state's mutex, so exactly one of them finishes it; finishing
// posts to the waiter's own executor a function that cancels its timer (a no-op if it
// fired) and resumes the waiter. The timer lives in the waiting coroutine's frame and is
// only touched on that executor: it is armed before the waiter is published, and cancelled
// in the posted function.
#include "credentials/cached_provider.hpp"

#include "credentials/iso8601.hpp"
#include "credentials/provider_error.hpp"

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <optional>
#include <random>
#include <utility>
#include <vector>

namespace awsconnect::creds {

namespace asio = boost::asio;
using steady_time = std::chrono::steady_clock::time_point;

namespace {
enum class wait_outcome { done, timed_out, cancelled };
}  // namespace

struct cached_provider::shared_state {
    shared_state(credentials_provider_ptr i, cached_options opts) : inner(std::move(i)), o(std::move(opts)) {}

    const credentials_provider_ptr inner;
    const cached_options o;

    mutable std::mutex mu;
    credentials_ptr cached;                            // guarded by mu
    std::chrono::system_clock::time_point refresh_at;  // guarded by mu
    std::shared_ptr<refresh_state> in_flight;          // guarded by mu
    std::uint64_t refreshes = 0;                       // guarded by mu
    std::uint64_t waits = 0;                           // guarded by mu

    std::chrono::system_clock::time_point now() const { return now_or_system(o.now); }
    bool fresh_locked(std::chrono::system_clock::time_point t) const noexcept {
        return cached && (!cached->expiration || t < refresh_at);
    }
};

struct cached_provider::refresh_state : std::enable_shared_from_this<refresh_state> {
    using finish_fn = std::function<void(wait_outcome)>;

    std::mutex mu;
    bool done = false;                               // guarded by mu
    std::optional<result<credentials_ptr>> outcome;  // guarded by mu
    std::uint64_t last_waiter = 0;                   // guarded by mu
    /// The waiters not finished yet, by id.
    std::vector<std::pair<std::uint64_t, finish_fn>> waiters;  // guarded by mu

    void complete(result<credentials_ptr> r) {
        std::vector<std::pair<std::uint64_t, finish_fn>> ready;
        {
            std::lock_guard lk(mu);
            outcome = std::move(r);
            done = true;
            ready.swap(waiters);
        }
        for (auto& w : ready) w.second(wait_outcome::done);
    }

    /// Finishes waiter `id` with `why`, unless it was finished already.
    void leave(std::uint64_t id, wait_outcome why) {
        finish_fn finish;
        {
            std::lock_guard lk(mu);
            auto it = std::find_if(waiters.begin(), waiters.end(), [id](const auto& w) { return w.first == id; });
            if (it == waiters.end()) return;
            finish = std::move(it->second);
            waiters.erase(it);
        }
        finish(why);
    }

    result<credentials_ptr> get() {
        std::lock_guard lk(mu);
        return *outcome;
    }
};

namespace {

/// Registers one waiter (see the top of the file). It holds plain pointers: the waiting
/// coroutine keeps the state and the timer alive across the co_await. (A lambda capturing
/// the shared_ptr, passed through use_awaitable's initiation coroutine, was destroyed one
/// time too many by GCC 12 under ASan; shared_ptrs are made inside instead.)
struct wait_initiation {
    cached_provider::refresh_state* st;
    asio::steady_timer* timer;  ///< null: no deadline

    template <class Handler>
    void operator()(Handler&& handler) const {
        auto ex = asio::get_associated_executor(handler);
        auto slot = asio::get_associated_cancellation_slot(handler);
        // std::function needs a copyable target; the handler is move-only.
        auto h = std::make_shared<std::decay_t<Handler>>(std::forward<Handler>(handler));
        auto finish = [h, ex, t = timer](wait_outcome why) {
            asio::post(ex, [h, t, why] {
                if (t != nullptr) t->cancel();
                std::move(*h)(why);
            });
        };
        std::unique_lock lk(st->mu);
        if (st->done) {
            lk.unlock();
            finish(wait_outcome::done);
            return;
        }
        const std::uint64_t id = ++st->last_waiter;
        auto self = st->shared_from_this();
        // Armed before the waiter is published: once it is, another thread may finish it.
        if (timer != nullptr) {
            timer->async_wait([self, id](const boost::system::error_code& ec) {
                if (!ec) self->leave(id, wait_outcome::timed_out);
            });
        }
        if (slot.is_connected()) {
            slot.assign([self, id](asio::cancellation_type) { self->leave(id, wait_outcome::cancelled); });
        }
        st->waiters.emplace_back(id, std::move(finish));
    }
};

/// Suspends until `st` completes, `timer` (if any) fires, or the awaiting coroutine is
/// cancelled; resumes on the caller's executor. Not a coroutine itself: it returns the
/// awaitable of the initiation.
asio::awaitable<wait_outcome> wait_for(cached_provider::refresh_state& st, asio::steady_timer* timer) {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(wait_outcome)>(wait_initiation{&st, timer},
                                                                                   asio::use_awaitable);
}

std::chrono::milliseconds random_jitter(std::chrono::milliseconds max) {
    if (max.count() <= 0) return std::chrono::milliseconds(0);
    static std::mutex m;
    static std::mt19937_64 gen{std::random_device{}()};
    std::uniform_int_distribution<long long> d(0, max.count());
    std::lock_guard lk(m);
    return std::chrono::milliseconds(d(gen));
}

/// Finishes a refresh exactly once: with the inner provider's outcome, or, when the refresh
/// coroutine is destroyed first (its io_context went away), with an error, so waiters are
/// never stranded and the next caller can start a new refresh.
struct refresh_guard {
    std::shared_ptr<cached_provider::shared_state> s;
    std::shared_ptr<cached_provider::refresh_state> st;
    log::logger_ptr log;
    bool finished = false;

    void finish(result<credentials_ptr> r) {
        const auto t = s->now();
        result<credentials_ptr> out = r;
        // What the refresh did, for the log line (made after the lock is released).
        std::chrono::system_clock::time_point refresh_at{};
        std::optional<std::chrono::system_clock::time_point> kept_until;
        bool kept = false;
        {
            std::lock_guard lk(s->mu);
            if (r && *r) {
                s->cached = *r;
                if (!(*r)->expiration) {
                    s->refresh_at = std::chrono::system_clock::time_point::max();
                } else {
                    auto j = s->o.jitter ? s->o.jitter(s->o.max_jitter) : random_jitter(s->o.max_jitter);
                    j = std::clamp(j, std::chrono::milliseconds(0), s->o.max_jitter);
                    s->refresh_at = std::min(*(*r)->expiration - s->o.refresh_before - j,
                                             *(*r)->expiration - s->o.expiry_buffer);
                }
                refresh_at = s->refresh_at;
            } else if (r) {
                out = provider_failed("cached", "the provider returned no credentials");
            } else if (s->cached && !s->cached->expired_at(t + s->o.expiry_buffer)) {
                // Keep using the last good credentials while they work.
                out = s->cached;
                kept = true;
                if (s->cached->expiration) kept_until = *s->cached->expiration - s->o.expiry_buffer;
            }
            s->in_flight.reset();
        }
        finished = true;
        if (log) log_outcome(r, out, refresh_at, kept, kept_until);
        st->complete(std::move(out));
    }

    void log_outcome(const result<credentials_ptr>& r, const result<credentials_ptr>& out,
                     std::chrono::system_clock::time_point refresh_at, bool kept,
                     std::optional<std::chrono::system_clock::time_point> kept_until) const {
        log->debug("credentials", [&] {
            if (r && *r) {
                const credentials& c = **r;
                const std::string from = c.source.empty() ? std::string(s->inner->name()) : c.source;
                if (!c.expiration) return "credentials refreshed from " + from + ": long-term, no expiration";
                return "credentials refreshed from " + from + ": temporary" +
                       (c.session_token.empty() ? "" : ", with a session token") + ", expire at " +
                       format_iso8601(*c.expiration) + ", next refresh at " + format_iso8601(refresh_at);
            }
            const std::string why = !r ? r.error().message : out ? std::string() : out.error().message;
            if (kept && kept_until)
                return "credentials refresh failed: " + why + "; the cached credentials are used until " +
                       format_iso8601(*kept_until);
            if (kept) return "credentials refresh failed: " + why + "; the cached credentials are used";
            return "credentials refresh failed: " + why + "; calls fail until a refresh succeeds";
        });
    }

    ~refresh_guard() {
        if (finished) return;
        {
            std::lock_guard lk(s->mu);
            s->in_flight.reset();
        }
        st->complete(provider_failed("cached", "the credentials refresh was abandoned"));
    }
};

/// The refresh: asks the inner provider, once, and hands the outcome to every waiter.
asio::awaitable<void> run_refresh(std::shared_ptr<cached_provider::shared_state> s,
                                  std::shared_ptr<cached_provider::refresh_state> st, log::logger_ptr log) {
    refresh_guard guard{s, st, std::move(log)};
    if (guard.log)
        guard.log->debug("credentials", [&] {
            bool first;
            {
                std::lock_guard lk(s->mu);
                first = !s->cached;
            }
            return "credentials refresh started (provider: " +
                   (s->inner ? std::string(s->inner->name()) : std::string("none")) +
                   (first ? "; none cached yet)" : "; the cached ones are due for refresh)");
        });
    if (!s->inner) {
        guard.finish(provider_failed("cached", "no credentials provider"));
        co_return;
    }
    std::optional<result<credentials_ptr>> r;
    try {
        r.emplace(co_await s->inner->get_credentials());
    } catch (...) {
        // Not its text (if any): a provider written by someone else may put anything in it.
        r.emplace(provider_failed("cached", "the credentials provider threw an exception"));
    }
    guard.finish(std::move(*r));
}

}  // namespace

cached_provider::cached_provider(credentials_provider_ptr inner, cached_options o)
    : s_(std::make_shared<shared_state>(std::move(inner), std::move(o))) {}

cached_provider::~cached_provider() = default;

credentials_ptr cached_provider::cached_if_fresh(std::chrono::system_clock::time_point t) const noexcept {
    std::lock_guard lk(s_->mu);
    return s_->fresh_locked(t) ? s_->cached : nullptr;
}

std::uint64_t cached_provider::refresh_count() const noexcept {
    std::lock_guard lk(s_->mu);
    return s_->refreshes;
}

std::uint64_t cached_provider::wait_count() const noexcept {
    std::lock_guard lk(s_->mu);
    return s_->waits;
}

boost::asio::awaitable<result<credentials_ptr>> cached_provider::get_credentials() {
    return get_credentials_until(steady_time::max(), nullptr);
}

boost::asio::awaitable<result<credentials_ptr>> cached_provider::get_credentials_within(
    std::chrono::steady_clock::duration max_wait, log::logger_ptr log) {
    const auto now = std::chrono::steady_clock::now();
    if (max_wait >= steady_time::max() - now) return get_credentials_until(steady_time::max(), std::move(log));
    return get_credentials_until(now + max_wait, std::move(log));
}

boost::asio::awaitable<result<credentials_ptr>> cached_provider::get_credentials_until(steady_time deadline,
                                                                                      log::logger_ptr log) {
    const std::shared_ptr<shared_state> s = s_;
    const auto t = s->now();
    credentials_ptr usable;
    std::shared_ptr<refresh_state> st;
    bool refresh_here = false;
    {
        std::lock_guard lk(s->mu);
        if (s->fresh_locked(t)) {
            usable = s->cached;
        } else if (s->in_flight) {
            if (s->cached && !s->cached->expired_at(t + s->o.expiry_buffer)) {
                usable = s->cached;  // stale but still valid: no need to wait
            } else {
                st = s->in_flight;
                ++s->waits;
            }
        }
    }
    if (usable) co_return usable;

    // A cancellation that arrived before this wait (between two steps of the caller) counts.
    if ((co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none) {
        co_return make_error(errc::cancelled, "cancelled by the caller while waiting for credentials");
    }
    const auto ex = co_await asio::this_coro::executor;
    if (!st) {
        std::lock_guard lk(s->mu);
        if (s->in_flight) {  // another caller started one meanwhile
            st = s->in_flight;
            ++s->waits;
        } else {
            st = s->in_flight = std::make_shared<refresh_state>();
            ++s->refreshes;
            refresh_here = true;
        }
    }
    if (refresh_here) asio::co_spawn(ex, run_refresh(s, st, std::move(log)), asio::detached);

    std::optional<asio::steady_timer> timer;
    if (deadline != steady_time::max()) timer.emplace(ex, deadline);
    switch (co_await wait_for(*st, timer ? &*timer : nullptr)) {  // `st` keeps the state alive
    case wait_outcome::done: co_return st->get();
    case wait_outcome::timed_out:
        co_return make_error(errc::operation_timeout,
                             "the deadline passed while waiting for credentials (the refresh goes on)");
    case wait_outcome::cancelled: break;
    }
    co_return make_error(errc::cancelled, "cancelled by the caller while waiting for credentials");
}

std::shared_ptr<cached_provider> make_cached_provider(credentials_provider_ptr inner, cached_options o) {
    return std::make_shared<cached_provider>(std::move(inner), std::move(o));
}

}  // namespace awsconnect::creds

namespace awsconnect {

credentials_provider_ptr make_cached_credentials_provider(credentials_provider_ptr inner) {
    return creds::make_cached_provider(std::move(inner));
}

}  // namespace awsconnect
