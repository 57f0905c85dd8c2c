// The client-side retry quota: a token bucket that every retry draws from and successes
// refill (specs/retry.md §1.4). It is the circuit breaker against retry storms: when a
// service fails broadly, the bucket empties and the client stops retrying until
// successes come back.
//
// One quota is shared by all calls of a client, from any thread: the count is one atomic,
// changed by compare-and-swap, so it can never go below zero nor above its maximum, and
// a failed acquisition changes nothing.
#pragma once

#include <atomic>

namespace awsconnect::retry {

class retry_quota {
public:
    /// 500 in every AWS SDK (botocore RetryQuota.INITIAL_CAPACITY, Go DefaultRetryRateTokens,
    /// TS INITIAL_RETRY_TOKENS, RS DEFAULT_CAPACITY); it is also the maximum.
    static constexpr int default_capacity = 500;

    /// `initial` tokens (clamped to 0..max), never more than `max` (at least 0).
    explicit retry_quota(int initial = default_capacity, int max = default_capacity) noexcept;

    retry_quota(const retry_quota&) = delete;
    retry_quota& operator=(const retry_quota&) = delete;

    /// Takes `cost` tokens if that many are available; otherwise takes nothing.
    bool try_acquire(int cost) noexcept;
    /// Gives back `amount` tokens, never above the maximum.
    void release(int amount) noexcept;

    int available() const noexcept { return available_.load(std::memory_order_relaxed); }
    int max() const noexcept { return max_; }

private:
    std::atomic<int> available_;
    const int max_;
};

}  // namespace awsconnect::retry
