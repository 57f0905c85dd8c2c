// Adaptive retry mode's client-side rate limiter (specs/retry.md §2): a token bucket whose
// fill rate follows TCP CUBIC. It stays dormant (lets everything through) until the first
// throttling response; then a throttle cuts the rate to 70 % of what was being sent, and
// successes grow it back along the cubic curve C·(t − K)³ + W_max, never above twice the
// measured send rate.
//
// The same algorithm and constants as botocore (retries/adaptive.py, bucket.py), Go
// (adaptive_ratelimit.go), TS (DefaultRateLimiter.ts) and smithy-rs
// (client_rate_limiter.rs, which this follows most closely). Pure: the time is passed in
// as seconds (any fixed origin, e.g. a steady clock's), and `acquire` returns how long to
// wait instead of waiting, so the caller sleeps (cancellably) and asks again.
//
// Thread safety: one limiter is shared by all calls of a client; every member locks one
// mutex.
#pragma once

#include <mutex>
#include <optional>

namespace awsconnect::retry {

class adaptive_rate_limiter {
public:
    static constexpr double min_fill_rate = 0.5;     ///< tokens per second
    static constexpr double min_capacity = 1.0;      ///< tokens
    static constexpr double smooth = 0.8;            ///< EWMA weight of the newest rate sample
    static constexpr double beta = 0.7;              ///< multiplicative decrease on a throttle
    static constexpr double scale_constant = 0.4;    ///< CUBIC's C
    static constexpr double bucket_seconds = 0.5;    ///< send-rate measurement bucket
    static constexpr double max_rate_growth = 2.0;   ///< rate ≤ this × measured send rate

    /// Everything the limiter knows, for tests and statistics.
    struct state {
        bool enabled = false;
        double fill_rate = min_fill_rate;
        double max_capacity = 0;
        double current_capacity = 0;
        std::optional<double> last_refill_time;
        double measured_tx_rate = 0;
        double last_tx_bucket = 0;
        int request_count = 0;
        double last_max_rate = 0;  ///< CUBIC's W_max
        double k = 0;              ///< CUBIC's K: seconds after a throttle to regain W_max
        double last_throttle_time = 0;
    };

    /// A dormant limiter; `now` starts the send-rate measurement and the CUBIC clock.
    explicit adaptive_rate_limiter(double now) noexcept;

    /// Before an attempt: 0 means go (the tokens were taken, or the limiter is dormant);
    /// otherwise the seconds to wait before asking again (nothing was taken).
    double acquire(double now, double amount = 1.0);

    /// After each response (success or any error): measures the send rate and adjusts
    /// the fill rate. `throttled`: the response was a throttling error.
    void update(double now, bool throttled);

    state snapshot() const;

private:
    void refill(double now) noexcept;
    void measure_tx_rate(double now) noexcept;
    void set_fill_rate(double now, double new_rate) noexcept;

    mutable std::mutex mutex_;
    state s_;
};

}  // namespace awsconnect::retry
