// The caching provider (see cached_provider.hpp).
//
// A refresh in progress is a `refresh_state`: the outcome once known, and the completion
// handlers of the callers waiting for it. A waiter registers its handler under the state's
// mutex (or is posted at once if the refresh already finished); the refreshing caller stores
// the outcome and posts every handler to its own associated executor (the waiting
// coroutine's). So waiters resume on
// their own executors and no timer or channel is touched from two threads.
#include "credentials/cached_provider.hpp"

#include "credentials/provider_error.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <optional>
#include <random>
#include <vector>

namespace awsconnect::creds {

namespace asio = boost::asio;

struct cached_provider::refresh_state {
    std::mutex mu;
    bool done = false;                                    // guarded by mu
    std::optional<result<credentials_ptr>> outcome;       // guarded by mu
    /// Each posts one waiter's completion handler to the waiter's own executor.
    std::vector<std::function<void()>> waiters;  // guarded by mu

    void complete(result<credentials_ptr> r) {
        std::vector<std::function<void()>> ready;
        {
            std::lock_guard lk(mu);
            outcome = std::move(r);
            done = true;
            ready.swap(waiters);
        }
        for (auto& post_one : ready) post_one();
    }

    result<credentials_ptr> get() {
        std::lock_guard lk(mu);
        return *outcome;
    }
};

namespace {

/// Registers the waiting coroutine's completion handler, or posts it at once if the
/// refresh has already finished. It holds a plain pointer: the caller keeps the state alive
/// across the co_await. (A lambda capturing the shared_ptr, passed through use_awaitable's
/// initiation coroutine, was destroyed one time too many by GCC 12 under ASan.)
struct wait_initiation {
    cached_provider::refresh_state* st;

    template <class Handler>
    void operator()(Handler&& handler) const {
        std::unique_lock lk(st->mu);
        if (st->done) {
            lk.unlock();
            asio::post(std::forward<Handler>(handler));
        } else {
            // std::function needs a copyable target; the handler is move-only.
            auto h = std::make_shared<std::decay_t<Handler>>(std::forward<Handler>(handler));
            st->waiters.emplace_back([h] { asio::post(std::move(*h)); });
        }
    }
};

/// Suspends until `st` is complete, resuming on the caller's executor. Not a coroutine
/// itself: it returns the awaitable of the initiation.
asio::awaitable<void> wait_for(cached_provider::refresh_state& st) {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void()>(wait_initiation{&st},
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

}  // namespace

/// Owned by the caller running the refresh: finishes it exactly once, also when the
/// coroutine is destroyed or the inner provider throws, so waiters are never stranded and
/// the next caller can start a new refresh.
struct cached_provider::refresh_guard {
    cached_provider* self;
    std::shared_ptr<refresh_state> st;
    bool finished = false;

    result<credentials_ptr> finish(result<credentials_ptr> r) {
        const auto t = self->now();
        result<credentials_ptr> out = r;
        {
            std::lock_guard lk(self->mu_);
            if (r && *r) {
                self->cached_ = *r;
                if (!(*r)->expiration) {
                    self->refresh_at_ = std::chrono::system_clock::time_point::max();
                } else {
                    auto j = self->o_.jitter ? self->o_.jitter(self->o_.max_jitter)
                                             : random_jitter(self->o_.max_jitter);
                    j = std::clamp(j, std::chrono::milliseconds(0), self->o_.max_jitter);
                    self->refresh_at_ = std::min(*(*r)->expiration - self->o_.refresh_before - j,
                                                 *(*r)->expiration - self->o_.expiry_buffer);
                }
            } else if (r) {
                out = provider_failed("cached", "the provider returned no credentials");
            } else if (self->cached_ && !self->cached_->expired_at(t + self->o_.expiry_buffer)) {
                // Keep using the last good credentials while they work.
                out = self->cached_;
            }
            self->in_flight_.reset();
        }
        finished = true;
        st->complete(out);
        return out;
    }

    ~refresh_guard() {
        if (finished) return;
        {
            std::lock_guard lk(self->mu_);
            self->in_flight_.reset();
        }
        st->complete(provider_failed("cached", "the credentials refresh was abandoned"));
    }
};

cached_provider::cached_provider(credentials_provider_ptr inner, cached_options o)
    : inner_(std::move(inner)), o_(std::move(o)) {}

cached_provider::~cached_provider() = default;

std::chrono::system_clock::time_point cached_provider::now() const { return now_or_system(o_.now); }

bool cached_provider::fresh_locked(std::chrono::system_clock::time_point t) const noexcept {
    return cached_ && (!cached_->expiration || t < refresh_at_);
}

credentials_ptr cached_provider::cached_if_fresh(std::chrono::system_clock::time_point t) const noexcept {
    std::lock_guard lk(mu_);
    return fresh_locked(t) ? cached_ : nullptr;
}

std::uint64_t cached_provider::refresh_count() const noexcept {
    std::lock_guard lk(mu_);
    return refreshes_;
}

std::uint64_t cached_provider::wait_count() const noexcept {
    std::lock_guard lk(mu_);
    return waits_;
}

boost::asio::awaitable<result<credentials_ptr>> cached_provider::get_credentials() {
    const auto t = now();
    credentials_ptr usable;
    std::shared_ptr<refresh_state> st;
    bool refresh_here = false;
    {
        std::lock_guard lk(mu_);
        if (fresh_locked(t)) {
            usable = cached_;
        } else if (in_flight_) {
            if (cached_ && !cached_->expired_at(t + o_.expiry_buffer)) {
                usable = cached_;  // stale but still valid: no need to wait
            } else {
                st = in_flight_;
                ++waits_;
            }
        } else {
            st = in_flight_ = std::make_shared<refresh_state>();
            ++refreshes_;
            refresh_here = true;
        }
    }
    if (usable) co_return usable;
    if (!refresh_here) {
        co_await wait_for(*st);  // `st` keeps the state alive meanwhile
        co_return st->get();
    }
    refresh_guard guard{this, st};
    if (!inner_) co_return guard.finish(provider_failed("cached", "no credentials provider"));
    auto r = co_await inner_->get_credentials();
    co_return guard.finish(std::move(r));
}

std::shared_ptr<cached_provider> make_cached_provider(credentials_provider_ptr inner,
                                                      cached_options o) {
    return std::make_shared<cached_provider>(std::move(inner), std::move(o));
}

}  // namespace awsconnect::creds

namespace awsconnect {

credentials_provider_ptr make_cached_credentials_provider(credentials_provider_ptr inner) {
    return creds::make_cached_provider(std::move(inner));
}

}  // namespace awsconnect
