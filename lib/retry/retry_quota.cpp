#include "retry/retry_quota.hpp"

#include <algorithm>

namespace awsconnect::retry {

retry_quota::retry_quota(int initial, int max) noexcept
    : available_(std::clamp(initial, 0, std::max(max, 0))), max_(std::max(max, 0)) {}

bool retry_quota::try_acquire(int cost) noexcept {
    if (cost < 0) return false;
    int current = available_.load(std::memory_order_relaxed);
    do {
        if (current < cost) return false;
    } while (!available_.compare_exchange_weak(current, current - cost,
                                               std::memory_order_relaxed));
    return true;
}

void retry_quota::release(int amount) noexcept {
    if (amount <= 0) return;
    int current = available_.load(std::memory_order_relaxed);
    while (!available_.compare_exchange_weak(current, std::min(max_, current + amount),
                                             std::memory_order_relaxed)) {
    }
}

}  // namespace awsconnect::retry
