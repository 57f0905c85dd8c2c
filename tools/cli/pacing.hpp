// How bulk runs pace themselves: the client-side token bucket of --rate (shared by all
// workers), which outcomes are tried again within the run, and the backoff before they are.
//
// Pure: time comes in as seconds on any fixed origin (a steady clock's), randomness as a
// number in [0, 1). Thread safety: a token_bucket is used by one thread at a time (the
// CLI's single-threaded io_context); the free functions are pure.
#pragma once

#include <awsconnect/error.hpp>

#include <chrono>

namespace awsconnect::cli {

/// `rate` tokens per second, at most `burst` (>= 1) held; it starts full. One token per
/// call: with burst 1 the calls are spaced 1/rate apart.
class token_bucket {
public:
    token_bucket(double rate, double burst, double now) noexcept;

    /// Takes a token and returns 0 when there is one; otherwise takes nothing and returns
    /// the seconds until there will be one (ask again then).
    double acquire(double now) noexcept;

    double rate() const noexcept { return rate_; }

private:
    void refill(double now) noexcept;
    double rate_, burst_, tokens_, last_;
};

/// Whether a bulk item's outcome is tried again within the run, while the run's deadline
/// allows (after the engine's own retries were used up): THROTTLED, and
/// RETRY_QUOTA_EXCEEDED when the attempt that drained the quota was throttled. Such an
/// outcome is never final for the run: the service asked to slow down, not to give up.
/// Everything else ends the item for this run (and is final or not by is_final_outcome).
bool retry_in_run(const error& e) noexcept;

/// The wait before the `n`-th re-queue of an item (n = 1, 2, ...): 500 ms doubling up to
/// 20 s, times (0.5 + 0.5 * jitter) for `jitter` in [0, 1).
std::chrono::milliseconds requeue_delay(int n, double jitter) noexcept;

}  // namespace awsconnect::cli
