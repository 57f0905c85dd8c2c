// The caching credentials provider the client puts in front of whatever it was given.
//
// - Long-term credentials (no expiration) are kept forever.
// - Temporary credentials are kept until `refresh_before` (5 min) plus a jitter of up to
//   `max_jitter` (1 min) before they expire, drawn once per fetched credentials, so a fleet
//   started together does not refresh together.
// - One refresh at a time. The caller that finds the cache stale starts it, as a coroutine
//   of its own on the caller's executor, and waits for it like everyone else. Others that
//   arrive meanwhile: if the cached credentials have not expired yet, they use them at
//   once; otherwise they wait for the refresh in progress (they never start their own).
// - A waiter can leave: at its deadline (`get_credentials_within`: errc::operation_timeout)
//   or when the awaiting coroutine is cancelled (errc::cancelled). The refresh goes on for
//   the others and fills the cache for later callers: a slow credential_process or
//   container endpoint never holds a call beyond its operation deadline, and is not
//   started again by every call that gives up on it.
// - A failed refresh keeps the last credentials, which are returned while they have not
//   expired; after that the refresh error is returned.
// - "Expired" here means within `expiry_buffer` (10 s) of the expiration, as smithy-rs's
//   buffer time: a request signed a moment before the expiration could reach the service
//   after it and fail with ExpiredTokenException, so stale credentials are not handed out
//   that close to it.
// - `cached_if_fresh(now)` is the client's hot path: a mutex and a shared_ptr copy, no
//   coroutine, when the cache is fresh.
//
// Thread safety: all members may be called concurrently from any threads (an io_context run
// by several threads). Waiters are completed by posting to their own executors; a waiter's
// deadline timer is only touched on its own executor; no Asio object is shared between
// threads. A refresh keeps what it uses alive (the inner provider, the cache's state), so
// the cache may be destroyed while one runs.
// Clock and jitter are injected so tests are exact.
//
// Log: a refresh writes debug lines (component "credentials": started, refreshed with the
// source and expiration, or failed and what the calls use meanwhile) to the logger of the
// call that started it (`get_credentials_within`), so a cache shared by several clients
// logs to the client whose call needed the refresh.
#pragma once

#include "credentials/providers.hpp"
#include "log/logger.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace awsconnect::creds {

struct cached_options {
    std::chrono::milliseconds refresh_before{5 * 60 * 1000};
    std::chrono::milliseconds max_jitter{60 * 1000};
    /// Stale credentials are no longer used this close to their expiration.
    std::chrono::milliseconds expiry_buffer{10 * 1000};
    /// Empty: system_clock::now.
    clock_fn now;
    /// Returns a delay in [0, max_jitter]. Empty: uniformly random.
    std::function<std::chrono::milliseconds(std::chrono::milliseconds max_jitter)> jitter;
};

class cached_provider final : public credentials_provider {
public:
    explicit cached_provider(credentials_provider_ptr inner, cached_options o = {});
    ~cached_provider() override;

    /// The cached credentials if they need no refresh at `now`, else null.
    credentials_ptr cached_if_fresh(std::chrono::system_clock::time_point now) const noexcept;

    /// Waits for credentials as long as it takes (or until the awaiting coroutine is
    /// cancelled: errc::cancelled).
    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override;
    /// Waits for credentials for `max_wait` at most (of real time, on a steady_timer):
    /// errc::operation_timeout after it, errc::cancelled when the awaiting coroutine is
    /// cancelled first. Either way a refresh in progress goes on, and its credentials are
    /// cached for later callers. (A duration, not a time point: the client's deadlines are
    /// on its own, injectable clock.)
    /// A refresh this call starts writes its lines to `log` (none when null).
    boost::asio::awaitable<result<credentials_ptr>> get_credentials_within(
        std::chrono::steady_clock::duration max_wait, log::logger_ptr log = nullptr);

    std::string_view name() const noexcept override { return "cached"; }

    /// How many times the inner provider has been asked (tests, stats).
    std::uint64_t refresh_count() const noexcept;
    /// How many callers have waited for a refresh started by another (tests, stats).
    std::uint64_t wait_count() const noexcept;

    struct refresh_state;  // one refresh in progress and its waiters (cached_provider.cpp)
    struct shared_state;   // the cache itself, shared with the refresh in progress

private:
    boost::asio::awaitable<result<credentials_ptr>> get_credentials_until(
        std::chrono::steady_clock::time_point deadline, log::logger_ptr log);

    std::shared_ptr<shared_state> s_;
};

/// make_cached_credentials_provider with injected clock and jitter.
std::shared_ptr<cached_provider> make_cached_provider(credentials_provider_ptr inner,
                                                      cached_options o = {});

}  // namespace awsconnect::creds
