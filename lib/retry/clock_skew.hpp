// Clock-skew correction (specs/retry.md §4): learn how far the local clock is from the
// service's from each response's `Date` header, and sign later requests with
// `now + offset()`.
//
// SigV4 signatures carry X-Amz-Date, which the service rejects when it is more than
// 5 minutes from its own clock ("Signature expired"). The offset is replaced by
// server − local whenever the clock, corrected by the current offset, is at least
// `threshold` away from the server's: 4 minutes by default, Go's threshold (JS uses
// 5 min). Below the 5 minutes the service tolerates, so a client whose clock drifts is
// corrected before its requests start failing; well above the error a `Date` header
// carries (1 s resolution plus network latency), so normal jitter never moves it. The
// same rule brings the offset back to about 0 once the local clock is fixed.
//
// Pure: both times are arguments. Thread safety: one per client; the offset is one atomic
// and `observe` updates it by compare-and-swap, so concurrent responses never lose an
// update nor report a change twice for the same correction.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace awsconnect::retry {

class clock_skew {
public:
    static constexpr std::chrono::milliseconds default_threshold = std::chrono::minutes{4};

    explicit clock_skew(std::chrono::milliseconds threshold = default_threshold) noexcept
        : threshold_(threshold) {}

    clock_skew(const clock_skew&) = delete;
    clock_skew& operator=(const clock_skew&) = delete;

    /// Learns from one response: `server_date` is its Date header, `local_receive_time` the
    /// local (uncorrected) time it arrived. Returns true when the offset changed.
    bool observe(std::chrono::system_clock::time_point server_date,
                 std::chrono::system_clock::time_point local_receive_time) noexcept;

    /// server − local, to add to the local clock when signing.
    std::chrono::milliseconds offset() const noexcept {
        return std::chrono::milliseconds{offset_ms_.load(std::memory_order_relaxed)};
    }

    /// `local` corrected by the learned offset.
    std::chrono::system_clock::time_point corrected(
        std::chrono::system_clock::time_point local) const noexcept {
        return local + offset();
    }

    std::chrono::milliseconds threshold() const noexcept { return threshold_; }

private:
    const std::chrono::milliseconds threshold_;
    std::atomic<std::int64_t> offset_ms_{0};
};

}  // namespace awsconnect::retry
