#include "retry/retry_classifier.hpp"

#include "protocol/service_error.hpp"

#include <charconv>
#include <cstdint>
#include <ostream>

namespace awsconnect::retry {
namespace {

bool is_service_errc(errc e) noexcept {
    switch (e) {
    case errc::invalid_parameter:
    case errc::access_denied:
    case errc::resource_not_found:
    case errc::resource_in_use:
    case errc::idempotency_conflict:
    case errc::throttled:
    case errc::internal_service_error:
    case errc::service_unavailable:
    case errc::unknown_service_error:
    case errc::invalid_signature:
    case errc::signature_expired:
    case errc::unrecognized_client:
    case errc::missing_authentication_token:
    case errc::expired_token:
        return true;
    default:
        return false;
    }
}

bool is_transient_transport_errc(errc e) noexcept {
    switch (e) {
    case errc::connection_refused:
    case errc::connect_failed:
    case errc::connection_reset:
    case errc::connection_closed:
    // A response that is not HTTP at all (garbage where the status line should be): the
    // connection is poisoned, and the retry, with the same token, goes on a fresh one.
    // smithy-rs retries a response it could not read as a transient "response error";
    // botocore's HTTPClientError covers urllib3's protocol errors the same way.
    case errc::malformed_response:
        return true;
    default:
        return is_timeout(e);
    }
}

}  // namespace

std::string_view to_string(retry_kind k) noexcept {
    switch (k) {
    case retry_kind::none: return "";
    case retry_kind::transient: return "transient";
    case retry_kind::throttling: return "throttling";
    case retry_kind::server_error: return "server";
    case retry_kind::clock_skew: return "clock_skew";
    }
    return "";
}

std::ostream& operator<<(std::ostream& os, retry_kind k) {
    switch (k) {
    case retry_kind::none: return os << "none";
    case retry_kind::transient: return os << "transient";
    case retry_kind::throttling: return os << "throttling";
    case retry_kind::server_error: return os << "server_error";
    case retry_kind::clock_skew: return os << "clock_skew";
    }
    return os << "retry_kind(" << static_cast<int>(k) << ")";
}

bool is_timeout(errc e) noexcept {
    switch (e) {
    case errc::resolve_timeout:
    case errc::connect_timeout:
    case errc::tls_handshake_timeout:
    case errc::attempt_timeout:
        return true;
    default:
        return false;
    }
}

bool is_clock_skew_code(std::string_view c) noexcept {
    return c == "InvalidSignatureException" || c == "SignatureDoesNotMatch" ||
           c == "AuthFailure" || c == "RequestTimeTooSkewed" || c == "AccessDeniedException" ||
           c == "RequestExpired" || c == "RequestInTheFuture";
}

retry_kind classify(const attempt_failure& f) noexcept {
    if (f.code == errc::cancelled || f.code == errc::operation_timeout) return retry_kind::none;
    // A transport failure stays one even if a status line was read before it (a body cut
    // short by a reset): the request may or may not have been handled, and the token makes
    // the retry safe.
    if (is_transient_transport_errc(f.code)) return retry_kind::transient;
    if (!is_service_errc(f.code)) return retry_kind::none;

    if (protocol::is_throttling_code(f.service_code) || f.http_status == 429)
        return retry_kind::throttling;
    // STS's IDPCommunicationError (web identity: the identity provider did not answer in
    // time) is transient for every SDK.
    if (f.service_code == "RequestTimeout" || f.service_code == "RequestTimeoutException" ||
        f.service_code == "IDPCommunicationError")
        return retry_kind::transient;
    switch (f.http_status) {
    case 500:
    case 502:
    case 503:
    case 504:
        return retry_kind::server_error;
    default:
        break;
    }
    if ((is_clock_skew_code(f.service_code) || f.code == errc::signature_expired) &&
        f.clock_skew_corrected && !f.clock_skew_retry_used)
        return retry_kind::clock_skew;
    return retry_kind::none;
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view v) noexcept {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    if (v.empty() || v.front() < '0' || v.front() > '9') return std::nullopt;  // no sign
    std::int64_t ms = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), ms);
    if (ec != std::errc{} || end != v.data() + v.size()) return std::nullopt;
    return std::chrono::milliseconds{ms};
}

}  // namespace awsconnect::retry
