#include "retry/retry_strategy.hpp"

#include <algorithm>
#include <cmath>

namespace awsconnect::retry {
namespace {

using std::chrono::milliseconds;

// 2.1 bounds a Retry-After hint to at most this much above the computed delay.
constexpr milliseconds retry_after_slack{5'000};

}  // namespace

int retry_cost(rules_version rules, retry_kind kind, bool is_timeout) noexcept {
    if (kind == retry_kind::none) return 0;
    if (rules == rules_version::v2_1) return kind == retry_kind::throttling ? 5 : 14;
    return is_timeout ? 10 : 5;
}

milliseconds base_delay(rules_version rules, retry_kind kind) noexcept {
    if (rules == rules_version::v2_1 && kind != retry_kind::throttling) return milliseconds{50};
    return milliseconds{1'000};
}

milliseconds backoff_delay(const retry_policy_params& params, retry_kind kind, int retry_index,
                           double jitter_b, std::optional<milliseconds> retry_after) noexcept {
    // NaN fails both comparisons below and is read as 0.
    const double b = jitter_b >= 1.0 ? 1.0 : (jitter_b > 0.0 ? jitter_b : 0.0);
    const double cap = static_cast<double>(std::max(params.max_backoff.count(), milliseconds::rep{0}));
    const double base = static_cast<double>(base_delay(params.rules, kind).count());
    // x × 2^i, capped before the jitter; ldexp saturates to inf, which the cap absorbs.
    const double exp = std::ldexp(base, std::clamp(retry_index, 0, 1'000));
    const milliseconds t_i{static_cast<milliseconds::rep>(std::floor(b * std::min(exp, cap)))};

    if (!retry_after || retry_after->count() < 0) return t_i;
    if (params.rules == rules_version::v2_1)
        return std::clamp(*retry_after, t_i, t_i + retry_after_slack);
    return std::min(*retry_after, std::max(params.max_backoff, milliseconds{0}));
}

retry_decision decide(const retry_policy_params& params, retry_quota& quota, retry_kind kind,
                      bool is_timeout, int attempt, double jitter_b,
                      std::optional<milliseconds> retry_after) noexcept {
    retry_decision d;
    if (kind == retry_kind::none) return d;
    if (attempt >= params.max_attempts) {
        d.max_attempts_reached = true;
        return d;
    }
    if (params.quota_enabled) {
        const int cost = retry_cost(params.rules, kind, is_timeout);
        if (!quota.try_acquire(cost)) {
            d.quota_exceeded = true;
            return d;
        }
        d.cost = cost;
    }
    d.retry = true;
    d.delay = backoff_delay(params, kind, attempt - 1, jitter_b, retry_after);
    return d;
}

void on_success(const retry_policy_params& params, retry_quota& quota, int attempts,
                int last_cost) noexcept {
    if (!params.quota_enabled) return;
    quota.release(attempts <= 1 ? no_retry_increment : last_cost);
}

}  // namespace awsconnect::retry
