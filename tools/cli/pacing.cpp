#include "pacing.hpp"

#include <algorithm>
#include <cmath>

namespace awsconnect::cli {

token_bucket::token_bucket(double rate, double burst, double now) noexcept
    : rate_(rate), burst_(std::max(1.0, burst)), tokens_(std::max(1.0, burst)), last_(now) {}

void token_bucket::refill(double now) noexcept {
    if (now > last_) {
        tokens_ = std::min(burst_, tokens_ + (now - last_) * rate_);
        last_ = now;
    }
}

double token_bucket::acquire(double now) noexcept {
    refill(now);
    // (A token that is there but for rounding, e.g. 0.02 s x 50/s = 0.9999..., counts.)
    if (tokens_ >= 1.0 - 1e-9) {
        tokens_ = std::max(0.0, tokens_ - 1.0);
        return 0;
    }
    return (1.0 - tokens_) / rate_;
}

bool retry_in_run(const error& e) noexcept {
    const auto kind = e.kind();
    if (kind == error_kind::throttled) return true;
    return kind == error_kind::retry_quota_exceeded && e.cause == error_kind::throttled;
}

std::chrono::milliseconds requeue_delay(int n, double jitter) noexcept {
    constexpr double base_ms = 500, cap_ms = 20'000;
    const double raw = std::min(cap_ms, base_ms * std::pow(2.0, std::clamp(n, 1, 30) - 1));
    const double j = std::clamp(jitter, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<long long>(raw * (0.5 + 0.5 * j)));
}

}  // namespace awsconnect::cli
