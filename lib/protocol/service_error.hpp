// Service errors, the same for every operation: any status outside 2xx is one (the 2xx
// bodies are each operation's business, lib/operation). The restJson1 error type
// (parse_error.hpp) is mapped to a fine-grained `errc`, and the status, sanitized code,
// raw code, message and request id are kept, so that unknown codes lose nothing.
//
// The mapping decides what the caller is told (the envelope code); whether to retry is
// the retry classifier's business (retry/retry_classifier.hpp), which reads the status
// and the code, not the errc: a 501 maps to service_unavailable like a 503 but is not
// retried.
//
// Pure; thread safety: plain values.
#pragma once

#include "http/http_response.hpp"

#include <awsconnect/error.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::protocol {

/// One failed attempt, as the service described it. Every string taken from the response
/// is untrusted server text made safe by `bounded_server_text` (parse_error.hpp):
/// well-formed UTF-8, bounded, no control characters.
struct service_failure {
    /// The fine-grained code (its envelope kind is `kind_of(code)`).
    errc code = errc::unknown_service_error;
    int http_status = 0;
    /// The sanitized error type ("ThrottlingException"); when the response named none, the
    /// status number ("502"), as botocore does.
    std::string service_code;
    /// The error type as received, before sanitizing; empty when the response named none.
    std::string raw_code;
    /// The server's message.
    std::string message;
    /// x-amzn-RequestId (else x-amz-request-id), empty if absent.
    std::string request_id;
    /// ResourceInUseException's `ResourceType` and `ResourceId` members, when present.
    std::string resource_type;
    std::string resource_id;
};

/// What one response means: nothing for success, else the failure.
using outcome = std::optional<service_failure>;

/// Nothing for any 2xx; otherwise the service failure the response describes.
outcome service_failure_of(const http::response& r);

/// The errc of a service error. `code` is the sanitized error type (empty if none),
/// `message` the server's message (it tells a "Signature expired" apart).
///   InvalidParameterException -> invalid_parameter      AccessDeniedException -> access_denied
///   InvalidRequestException -> invalid_request
///   ResourceNotFoundException -> resource_not_found     ResourceInUseException -> resource_in_use
///   IdempotencyException -> idempotency_conflict        InternalServiceException -> internal_service_error
///   ThrottlingException, the other 13 throttling codes, or status 429 -> throttled
///   InvalidSignatureException, SignatureDoesNotMatch -> invalid_signature,
///       or signature_expired when the message contains "Signature expired"
///   UnrecognizedClientException, InvalidClientTokenId -> unrecognized_client
///   MissingAuthenticationTokenException -> missing_authentication_token
///   ExpiredTokenException, ExpiredToken, RequestExpired -> expired_token
///   ServiceUnavailableException, ServiceUnavailable, BadGatewayException,
///       GatewayTimeoutException, or no code
///       and a 5xx status -> service_unavailable
///   anything else -> unknown_service_error
errc map_service_error(std::string_view code, int status, std::string_view message) noexcept;

/// True for the 14 throttling error codes every AWS SDK shares (specs/retry.md §1.2).
bool is_throttling_code(std::string_view code) noexcept;

/// The failure as the library's error: code, a client message naming the status and the
/// service code (never server text), server_message, http_status, service_code,
/// request_id. The caller adds client_token and attempts.
error to_error(const service_failure& f);

}  // namespace awsconnect::protocol
