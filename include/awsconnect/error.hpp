// awsconnect: the error model.
//
// Every failure of the library is described by one `awsconnect::error`. It carries a
// fine-grained `error_code` in awsconnect's own category (`errc`), which maps onto one of
// the envelope codes of the public JSON result (`error_kind`, "VALIDATION_ERROR", ...).
// Text written by the library (`message`) is kept apart from text sent by the server
// (`server_message`): the latter is untrusted and may carry user input.
//
// Thread safety: plain values. Exception safety: functions here do not throw, except
// `throw_exception_from_error`, whose job it is.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/error_condition.hpp>

#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace awsconnect {

/// What went wrong, precisely. Values are stable; new ones are only appended.
enum class errc : int {
    // Rejected locally before anything was sent (VALIDATION_ERROR).
    invalid_phone_number_id = 1,  ///< empty, too long, not UTF-8, control characters, dot segment, bad ARN
    invalid_client_token,         ///< empty or longer than 500 characters
    region_mismatch,              ///< the ARN names another Region than the client's
    invalid_configuration,        ///< a client_config rule is broken

    // Modeled Connect errors (one envelope code each).
    invalid_parameter,     ///< 400 InvalidParameterException
    access_denied,         ///< 403 AccessDeniedException
    resource_not_found,    ///< 404 ResourceNotFoundException (the number, or a target, does not exist)
    resource_in_use,       ///< 409 ResourceInUseException (e.g. a claim or update still in progress)
    idempotency_conflict,  ///< 409 IdempotencyException
    throttled,             ///< 429 ThrottlingException (or any throttling code)
    internal_service_error,  ///< 500 InternalServiceException
    service_unavailable,     ///< ServiceUnavailable(Exception), BadGateway/GatewayTimeoutException, or a 5xx without a code
    unknown_service_error,   ///< any other error code or status; raw code kept

    // Authentication failures reported by the service (AUTH_ERROR).
    invalid_signature,             ///< 403 InvalidSignatureException / SignatureDoesNotMatch
    signature_expired,             ///< 403 "Signature expired" (clock skew beyond 5 min)
    unrecognized_client,           ///< 403 UnrecognizedClientException (unknown access key)
    missing_authentication_token,  ///< 403 MissingAuthenticationTokenException
    expired_token,                 ///< 403 ExpiredTokenException

    // No credentials could be obtained (CREDENTIALS_UNAVAILABLE).
    credentials_unavailable,

    // Transport (CONNECTION_ERROR).
    resolve_failed,      ///< DNS gave no usable address
    connection_refused,  ///< TCP RST on connect
    connect_failed,      ///< other connect failure (unreachable, ...)
    connection_reset,    ///< reset or broken pipe in the TLS handshake or with the request in flight
    connection_closed,   ///< EOF before the TLS handshake completed or before a complete response
    pool_saturated,      ///< too many callers already wait for a connection
    client_shut_down,    ///< the client (its pool) was shut down while the call waited

    // TLS (TLS_ERROR): a certificate verdict or a TLS protocol failure. Never retried as
    // transient. (A reset or EOF during the handshake is connection_reset / _closed.)
    tls_handshake_failed,  ///< an alert, a peer not speaking TLS, a host name unfit for SNI/checks
    tls_certificate_untrusted,
    tls_certificate_expired,
    tls_hostname_mismatch,

    // Timeouts (TIMEOUT).
    resolve_timeout,
    connect_timeout,
    tls_handshake_timeout,
    pool_wait_timeout,
    attempt_timeout,
    operation_timeout,

    // Retry policy.
    retry_quota_exceeded,  ///< the client-side retry quota had no tokens left

    // The caller cancelled the call (CANCELLED).
    cancelled,

    // The response could not be understood (PROTOCOL_ERROR).
    malformed_response,
    response_too_large,

    // Appended later (values are stable).
    invalid_input,    ///< VALIDATION_ERROR: a request member breaks the model's constraints
    invalid_request,  ///< INVALID_PARAMETER: 400 InvalidRequestException
};

/// The envelope codes of the JSON result: the coarse class of an `errc`.
/// It is also an error_condition, so `err.code == error_kind::timeout` works.
enum class error_kind : int {
    validation_error = 1,
    invalid_parameter,
    access_denied,
    resource_not_found,
    resource_in_use,
    idempotency_conflict,
    throttled,
    service_error,
    timeout,
    connection_error,
    tls_error,
    auth_error,
    credentials_unavailable,
    retry_quota_exceeded,
    cancelled,
    protocol_error,
};

/// The category of `errc` values ("awsconnect").
const boost::system::error_category& awsconnect_category() noexcept;
/// The category of `error_kind` conditions ("awsconnect.kind").
const boost::system::error_category& error_kind_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), awsconnect_category()};
}
inline boost::system::error_condition make_error_condition(error_kind k) noexcept {
    return {static_cast<int>(k), error_kind_category()};
}

/// The envelope class of a fine-grained code.
error_kind kind_of(errc e) noexcept;
/// "VALIDATION_ERROR", "THROTTLED", ...
std::string_view to_string(error_kind k) noexcept;
/// "invalid_phone_number_id", ... (the enumerator's name)
std::string_view to_string(errc e) noexcept;

/// One failed call, as reported to the caller.
struct error {
    /// What went wrong, in awsconnect's category (see `errc`).
    boost::system::error_code code;
    /// Text written by the library. ASCII, never carries secrets.
    std::string message;
    /// Text sent by the service (its `message`), or empty. Untrusted.
    std::string server_message;
    /// HTTP status of the last response, 0 if none was received.
    int http_status = 0;
    /// The service's error type after sanitizing ("ThrottlingException"), or empty.
    std::string service_code;
    /// `x-amzn-RequestId` of the last response, or empty.
    std::string request_id;
    /// The idempotency token the call used: pass it again to retry the same release safely.
    std::string client_token;
    /// Requests sent (0 when nothing was sent), a stale keep-alive replay included.
    int attempts = 0;
    /// The lower-level cause: a system, TLS or awsconnect code (for retry_quota_exceeded,
    /// the error of the last attempt).
    boost::system::error_code cause;
    /// The call stopped because max_attempts was used up on retryable errors.
    bool max_attempts_reached = false;

    /// The envelope class of `code`. A code of another category (the library never makes
    /// one, a caller might): operation_canceled -> CANCELLED, timed_out -> TIMEOUT, other
    /// system/generic codes -> CONNECTION_ERROR, TLS codes -> TLS_ERROR, else PROTOCOL_ERROR.
    error_kind kind() const noexcept;
    /// The envelope code string, e.g. "RESOURCE_NOT_FOUND".
    std::string_view kind_string() const noexcept { return to_string(kind()); }
};

/// Builds an error with a code and a client message.
error make_error(errc e, std::string message);

/// What `result<T>::value()` throws when the result holds an error.
class exception : public std::runtime_error {
public:
    explicit exception(error e);
    const awsconnect::error& get() const noexcept { return error_; }

private:
    awsconnect::error error_;
};

/// Called by boost::system::result<T, error>::value() (found by ADL).
[[noreturn]] void throw_exception_from_error(const error& e, const boost::source_location& loc);

std::ostream& operator<<(std::ostream& os, errc e);
std::ostream& operator<<(std::ostream& os, error_kind k);
/// Prints code, kind, message and the known fields; never a secret (errors hold none).
std::ostream& operator<<(std::ostream& os, const error& e);

}  // namespace awsconnect

namespace boost::system {
template <>
struct is_error_code_enum<awsconnect::errc> : std::true_type {};
template <>
struct is_error_condition_enum<awsconnect::error_kind> : std::true_type {};
}  // namespace boost::system
