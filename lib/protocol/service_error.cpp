#include "protocol/service_error.hpp"

#include "protocol/parse_error.hpp"

#include <array>
#include <string>

namespace awsconnect::protocol {
namespace {

// botocore ThrottledRetryableChecker, Go DefaultThrottleErrorCodes, TS
// THROTTLING_ERROR_CODES, RS THROTTLING_ERRORS: the same list everywhere.
constexpr std::array<std::string_view, 14> throttling_codes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

bool contains(std::string_view haystack, std::string_view needle) noexcept {
    return haystack.find(needle) != std::string_view::npos;
}

std::string member_string(const boost::json::object& o, std::string_view key) {
    if (auto it = o.find(key); it != o.end())
        if (const auto* s = it->value().if_string())
            return bounded_server_text({s->data(), s->size()}, max_raw_message_bytes);
    return {};
}

bool is_printable_ascii(std::string_view s) noexcept {
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7E) return false;
    }
    return true;
}

}  // namespace

bool is_throttling_code(std::string_view code) noexcept {
    for (auto c : throttling_codes)
        if (c == code) return true;
    return false;
}

errc map_service_error(std::string_view code, int status, std::string_view message) noexcept {
    if (code == "InvalidParameterException") return errc::invalid_parameter;
    if (code == "InvalidRequestException") return errc::invalid_request;
    // STS (awsQuery) and SSO codes, for the credential providers built on the engine.
    if (code == "AccessDenied" || code == "RegionDisabledException") return errc::access_denied;
    if (code == "InvalidIdentityToken" || code == "IDPRejectedClaim" || code == "MalformedPolicyDocument" ||
        code == "PackedPolicyTooLarge" || code == "ValidationError" || code == "InvalidParameterValue")
        return errc::invalid_parameter;
    if (code == "IDPCommunicationError") return errc::service_unavailable;
    if (code == "UnauthorizedException") return errc::unrecognized_client;
    if (code == "AccessDeniedException") return errc::access_denied;
    if (code == "ResourceNotFoundException") return errc::resource_not_found;
    if (code == "ResourceInUseException") return errc::resource_in_use;
    if (code == "IdempotencyException") return errc::idempotency_conflict;
    if (code == "InternalServiceException") return errc::internal_service_error;
    // AWS front ends' own answers when the service is unreachable or overloaded.
    if (code == "ServiceUnavailableException" || code == "ServiceUnavailable" ||
        code == "BadGatewayException" || code == "GatewayTimeoutException")
        return errc::service_unavailable;
    if (is_throttling_code(code)) return errc::throttled;
    if (code == "InvalidSignatureException" || code == "SignatureDoesNotMatch")
        // The service says "Signature expired: 20240101T000000Z is now earlier than ..."
        // when X-Amz-Date is more than 5 minutes off its clock.
        return contains(message, "Signature expired") ? errc::signature_expired
                                                      : errc::invalid_signature;
    if (code == "UnrecognizedClientException" || code == "InvalidClientTokenId")
        return errc::unrecognized_client;
    if (code == "MissingAuthenticationTokenException") return errc::missing_authentication_token;
    if (code == "ExpiredTokenException" || code == "ExpiredToken" || code == "RequestExpired")
        return errc::expired_token;
    // TS treats a 429 as throttling whatever its code; so do we, for the envelope too.
    if (status == 429) return errc::throttled;
    if (code.empty() && status >= 500 && status <= 599) return errc::service_unavailable;
    return errc::unknown_service_error;
}

outcome service_failure_of(const http::response& r) {
    if (r.status >= 200 && r.status <= 299) return std::nullopt;

    error_info info = parse_error(r);
    service_failure f;
    f.http_status = r.status;
    f.code = map_service_error(info.code, r.status, info.message);
    // Codes and the request id are server text too (header values may hold any byte but
    // CR and LF): repair and bound them like messages (real ones are short ASCII).
    f.service_code = info.code.empty() ? std::to_string(r.status)
                                       : bounded_server_text(info.code, max_header_text_bytes);
    f.raw_code = bounded_server_text(info.raw_code, max_header_text_bytes);
    f.message = std::move(info.message);
    f.request_id = bounded_server_text(r.request_id, max_header_text_bytes);
    if (f.code == errc::resource_in_use && info.body) {
        f.resource_type = member_string(*info.body, "ResourceType");
        f.resource_id = member_string(*info.body, "ResourceId");
    }
    return f;
}

error to_error(const service_failure& f) {
    std::string message = make_error_code(f.code).message();
    message.append(" (HTTP ").append(std::to_string(f.http_status));
    // error::message is ASCII: a code with other bytes (never a real AWS one) stays out of
    // it, and is still in service_code.
    if (!f.service_code.empty() && f.service_code != std::to_string(f.http_status) &&
        is_printable_ascii(f.service_code))
        message.append(", ").append(f.service_code);
    message.push_back(')');

    error e = make_error(f.code, std::move(message));
    e.server_message = f.message;
    e.http_status = f.http_status;
    e.service_code = f.service_code;
    e.request_id = f.request_id;
    return e;
}

}  // namespace awsconnect::protocol
