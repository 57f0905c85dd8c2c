// The standard retry strategy (specs/retry.md §1): given the kind of failure, the attempt
// number, the quota and a jitter value, decide whether to retry and after how long; and
// refill the quota when a call succeeds.
//
// The other half of the classifier/strategy split (retry_classifier.hpp). Pure: the
// jitter `b` (uniform in [0,1)) and the Retry-After hint come in as arguments, so every
// delay is exact in tests. The only state is the shared retry_quota.
//
// Two rule sets ("profiles"), as in every AWS SDK:
//                         2.0 (default)                 2.1 ("retries 2026")
//   base delay x          1 s, every kind               50 ms; 1 s for throttling
//   quota cost            5; 10 for timeouts            14; 5 for throttling
//   x-amz-retry-after     min(value, max_backoff)       clamp(value, t_i, t_i + 5 s)
// Both: delay t_i = b × min(x × 2^i, max_backoff), i = 0 for the first retry (the cap is
// applied before the jitter, as botocore ≥ 1.43 does, unlike older botocore); quota of
// 500; on success, +1 if the call needed no retry, else the cost of the last retry given
// back; nothing given back on failure. 2.0's timeout cost follows botocore and Go (only
// timeouts cost 10; a 500 costs 5), not TS/RS (every transient error costs 10).
//
// Decision order (botocore / Go): not retryable -> stop (no quota used); last attempt ->
// stop with max_attempts_reached (no quota used); quota short of the cost -> stop with
// quota_exceeded (no quota used); else take the cost and retry after the delay.
#pragma once

#include "retry/retry_classifier.hpp"
#include "retry/retry_quota.hpp"

#include <chrono>
#include <optional>

namespace awsconnect::retry {

enum class rules_version {
    v2_0,  ///< what the SDKs ship by default
    v2_1,  ///< "Retry Behavior 2.1" (AWS_NEW_RETRIES_2026)
};

struct retry_policy_params {
    rules_version rules = rules_version::v2_0;
    /// Total attempts, the first one included (1 = no retries).
    int max_attempts = 3;
    /// Cap of x × 2^i (before the jitter) and of a 2.0 Retry-After.
    std::chrono::milliseconds max_backoff{20'000};
    /// Without the quota, retries cost nothing and are never refused for lack of tokens.
    bool quota_enabled = true;
};

struct retry_decision {
    bool retry = false;
    /// How long to wait before the next attempt (0 when not retrying).
    std::chrono::milliseconds delay{0};
    /// Retryable, but the quota had fewer tokens than the cost (nothing was taken).
    bool quota_exceeded = false;
    /// Retryable, but this was the last allowed attempt.
    bool max_attempts_reached = false;
    /// Tokens taken from the quota for this retry (0 when not retrying or without quota);
    /// pass the last one to `on_success`.
    int cost = 0;
};

/// Quota cost of one retry of this kind (0 for retry_kind::none).
int retry_cost(rules_version rules, retry_kind kind, bool is_timeout) noexcept;

/// The base x of the backoff for this kind.
std::chrono::milliseconds base_delay(rules_version rules, retry_kind kind) noexcept;

/// The delay before retry number `retry_index` (0-based): b × min(x × 2^i, max_backoff),
/// then the Retry-After hint applied per the rules; rounded down to whole milliseconds.
/// `jitter_b` is clamped to [0, 1].
std::chrono::milliseconds backoff_delay(const retry_policy_params& params, retry_kind kind,
                                        int retry_index, double jitter_b,
                                        std::optional<std::chrono::milliseconds> retry_after) noexcept;

/// Decides after attempt number `attempt` (1-based) failed with `kind`. Takes the retry's
/// cost from `quota` when it decides to retry.
retry_decision decide(const retry_policy_params& params, retry_quota& quota, retry_kind kind,
                      bool is_timeout, int attempt, double jitter_b,
                      std::optional<std::chrono::milliseconds> retry_after) noexcept;

/// Refills the quota after a call succeeded on attempt number `attempts`: +1 when that was
/// the first attempt, else `last_cost` (the cost of the retry that succeeded).
void on_success(const retry_policy_params& params, retry_quota& quota, int attempts,
                int last_cost) noexcept;

/// The refill for a first-attempt success (botocore NO_RETRY_INCREMENT).
inline constexpr int no_retry_increment = 1;

}  // namespace awsconnect::retry
