#include "retry/adaptive_rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace awsconnect::retry {

adaptive_rate_limiter::adaptive_rate_limiter(double now) noexcept {
    // Unbounded until the first rate update sets it (smithy-rs starts at f64::MAX); the
    // bucket is not consulted while dormant anyway.
    s_.max_capacity = std::numeric_limits<double>::max();
    s_.last_tx_bucket = std::floor(now);
    s_.last_throttle_time = now;
}

double adaptive_rate_limiter::acquire(double now, double amount) {
    std::lock_guard lock(mutex_);
    if (!s_.enabled) return 0.0;
    refill(now);
    if (s_.current_capacity < amount) return (amount - s_.current_capacity) / s_.fill_rate;
    s_.current_capacity -= amount;
    return 0.0;
}

void adaptive_rate_limiter::update(double now, bool throttled) {
    std::lock_guard lock(mutex_);
    measure_tx_rate(now);
    double new_rate = 0;
    if (throttled) {
        const double rate_to_use =
            s_.enabled ? std::min(s_.measured_tx_rate, s_.fill_rate) : s_.measured_tx_rate;
        s_.last_max_rate = rate_to_use;
        s_.k = std::cbrt(s_.last_max_rate * (1 - beta) / scale_constant);
        s_.last_throttle_time = now;
        new_rate = rate_to_use * beta;
        s_.enabled = true;
    } else {
        s_.k = std::cbrt(s_.last_max_rate * (1 - beta) / scale_constant);
        const double dt = now - s_.last_throttle_time - s_.k;
        new_rate = scale_constant * dt * dt * dt + s_.last_max_rate;
    }
    set_fill_rate(now, std::min(new_rate, max_rate_growth * s_.measured_tx_rate));
}

adaptive_rate_limiter::state adaptive_rate_limiter::snapshot() const {
    std::lock_guard lock(mutex_);
    return s_;
}

void adaptive_rate_limiter::refill(double now) noexcept {
    if (s_.last_refill_time) {
        // A clock that went backwards adds nothing (and takes nothing away).
        const double elapsed = std::max(0.0, now - *s_.last_refill_time);
        s_.current_capacity = std::min(s_.max_capacity, s_.current_capacity + elapsed * s_.fill_rate);
    }
    s_.last_refill_time = now;
}

void adaptive_rate_limiter::measure_tx_rate(double now) noexcept {
    const double bucket = std::floor(now / bucket_seconds) * bucket_seconds;
    s_.request_count += 1;
    if (bucket > s_.last_tx_bucket) {
        const double current_rate = s_.request_count / (bucket - s_.last_tx_bucket);
        s_.measured_tx_rate = current_rate * smooth + s_.measured_tx_rate * (1 - smooth);
        s_.request_count = 0;
        s_.last_tx_bucket = bucket;
    }
}

void adaptive_rate_limiter::set_fill_rate(double now, double new_rate) noexcept {
    refill(now);  // tokens earned so far are earned at the old rate
    s_.fill_rate = std::max(new_rate, min_fill_rate);
    s_.max_capacity = std::max(new_rate, min_capacity);
    s_.current_capacity = std::min(s_.current_capacity, s_.max_capacity);
}

}  // namespace awsconnect::retry
