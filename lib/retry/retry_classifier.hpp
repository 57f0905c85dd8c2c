// The retry classifier: what kind of failure an attempt ended with, as far as retrying
// is concerned (specs/retry.md §1.2 and §4).
//
// Half of the smithy-rs split (classifier + strategy): this file turns "what happened"
// into a `retry_kind`; retry_strategy.hpp turns the kind, the attempt number and the
// quota into a decision. Pure; thread safety: plain functions.
//
// The rules, in the order they are applied:
//   1. cancelled and operation_timeout are never retried (the caller or the deadline
//      ended the call).
//   2. Transport failures: connection refused / failed / reset / closed early (a reset or
//      EOF during the TLS handshake included: the transport reports those as
//      connection_reset / connection_closed) and the resolve, connect, TLS-handshake and
//      attempt timeouts are TRANSIENT (the timeouts are also `is_timeout`, which costs more
//      quota under the 2.0 rules). Every other local failure is final: DNS NXDOMAIN
//      (resolve_failed), TLS certificate verdicts and TLS protocol failures (an alert, a
//      peer that does not speak TLS), a saturated pool or a pool wait timeout (retrying
//      would only add load where there is too much), a shut-down client, missing
//      credentials, unreadable responses.
//   3. Service errors (by status and sanitized code, not by errc):
//      - one of the 14 throttling codes, or HTTP 429 whatever the code: THROTTLING;
//      - RequestTimeout, RequestTimeoutException: TRANSIENT (PriorRequestNotComplete,
//        which botocore also lists here, is on the throttling list, which wins);
//      - HTTP 500, 502, 503, 504 whatever the body: SERVER_ERROR (retried like a
//        transient error); other 5xx (501, 505, ...) are not retried;
//      - a clock-skew code (InvalidSignatureException, SignatureDoesNotMatch, AuthFailure,
//        RequestTimeTooSkewed, AccessDeniedException, RequestExpired, RequestInTheFuture,
//        or a "Signature expired" message): CLOCK_SKEW, only when this very response
//        corrected the learned clock offset and no skew retry happened yet in this call;
//      - anything else (other 4xx): not retried.
#pragma once

#include <awsconnect/error.hpp>

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string_view>

namespace awsconnect::retry {

enum class retry_kind {
    none,          ///< not retryable
    transient,     ///< I/O error, timeout, RequestTimeout codes
    throttling,    ///< a throttling code or HTTP 429
    server_error,  ///< HTTP 500/502/503/504 (retried like transient)
    clock_skew,    ///< a signature/time error whose response corrected the clock offset
};

/// "", "transient", "throttling", "server", "clock_skew" (attempt_event::retry_kind).
std::string_view to_string(retry_kind k) noexcept;
/// Prints the enumerator's name ("none", "server_error", ...).
std::ostream& operator<<(std::ostream& os, retry_kind k);

/// What the classifier needs to know about one failed attempt.
struct attempt_failure {
    /// The failure: a transport errc, or the service failure's errc.
    errc code = errc::unknown_service_error;
    /// The response status, 0 when no response was received.
    int http_status = 0;
    /// The sanitized service error code ("ThrottlingException"), empty if none.
    std::string_view service_code;
    /// This response's Date header changed the learned clock offset (clock_skew::observe
    /// returned true for it).
    bool clock_skew_corrected = false;
    /// A clock-skew retry was already made in this call (it is allowed once).
    bool clock_skew_retry_used = false;
};

retry_kind classify(const attempt_failure& f) noexcept;

/// The timeouts that cost 10 instead of 5 under the 2.0 rules (botocore counts its connect
/// and read timeouts, Go its `Timeout()` errors): resolve, connect, TLS handshake and
/// attempt timeouts.
bool is_timeout(errc e) noexcept;

/// True for the codes that mean "your clock (or signature) is off" (see rule 3 above).
bool is_clock_skew_code(std::string_view service_code) noexcept;

/// The `x-amz-retry-after` header: a non-negative whole number of milliseconds, optionally
/// surrounded by spaces. Anything else (empty, negative, fractional, "abc", too large for
/// 64 bits) is ignored: nothing is returned.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) noexcept;

}  // namespace awsconnect::retry
