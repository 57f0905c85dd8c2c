// The retry classifier (lib/retry/retry_classifier): every errc and every status/code
// rule of specs/retry.md §1.2 and §4, and the x-amz-retry-after parser.
//
// Strategy: table-driven. Transport errors are classified with no response (status 0);
// service errors go through the real response mapping first (service_failure_of),
// so a test fails if the two stages disagree on what a response means. Exact kinds only.
#include "retry/retry_classifier.hpp"

#include "protocol/service_error.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace awsconnect;
using retry::classify;
using retry::retry_kind;

namespace {

retry_kind transport(errc e) { return classify({e, 0, {}, false, false}); }

// The kind for a response with this status, error type header and body.
retry_kind response_kind(int status, std::string error_type, std::string body = {},
                         bool skew_corrected = false, bool skew_retry_used = false) {
    http::response r;
    r.status = status;
    r.error_type = std::move(error_type);
    r.body = std::move(body);
    const auto o = protocol::service_failure_of(r);
    REQUIRE(o.has_value());
    return classify({o->code, o->http_status, o->service_code, skew_corrected, skew_retry_used});
}

}  // namespace

TEST_SUITE("retry_classifier") {

TEST_CASE("transport errors: transient ones and final ones") {
    for (errc e : {errc::connection_refused, errc::connect_failed, errc::connection_reset,
                   errc::connection_closed, errc::attempt_timeout, errc::connect_timeout,
                   errc::tls_handshake_timeout, errc::resolve_timeout, errc::malformed_response}) {
        CAPTURE(e);
        CHECK(transport(e) == retry_kind::transient);
    }
    for (errc e : {errc::resolve_failed, errc::tls_handshake_failed,
                   errc::tls_certificate_untrusted, errc::tls_certificate_expired,
                   errc::tls_hostname_mismatch, errc::pool_saturated, errc::pool_wait_timeout,
                   errc::client_shut_down, errc::credentials_unavailable, errc::cancelled,
                   errc::operation_timeout, errc::response_too_large,
                   errc::invalid_phone_number_id, errc::retry_quota_exceeded}) {
        CAPTURE(e);
        CHECK(transport(e) == retry_kind::none);
    }
}

TEST_CASE("only the timeouts cost like timeouts") {
    CHECK(retry::is_timeout(errc::attempt_timeout));
    CHECK(retry::is_timeout(errc::connect_timeout));
    CHECK(retry::is_timeout(errc::tls_handshake_timeout));
    CHECK(retry::is_timeout(errc::resolve_timeout));
    CHECK_FALSE(retry::is_timeout(errc::connection_reset));
    CHECK_FALSE(retry::is_timeout(errc::connection_refused));
    CHECK_FALSE(retry::is_timeout(errc::operation_timeout));  // never retried anyway
    CHECK_FALSE(retry::is_timeout(errc::internal_service_error));
}

TEST_CASE("a transport failure after a status line is still transient") {
    CHECK(classify({errc::connection_closed, 200, {}, false, false}) == retry_kind::transient);
    CHECK(classify({errc::connection_reset, 503, "503", false, false}) == retry_kind::transient);
}

TEST_CASE("cancellation and the operation deadline are never retried") {
    // Even with a status that would otherwise be retried.
    CHECK(classify({errc::cancelled, 503, "503", false, false}) == retry_kind::none);
    CHECK(classify({errc::operation_timeout, 500, "InternalServiceException", false, false}) ==
          retry_kind::none);
}

TEST_CASE("throttling: the 14 codes, and 429 whatever the code") {
    CHECK(response_kind(429, "ThrottlingException") == retry_kind::throttling);
    CHECK(response_kind(400, "Throttling") == retry_kind::throttling);
    CHECK(response_kind(400, "SlowDown") == retry_kind::throttling);
    CHECK(response_kind(503, "SlowDown") == retry_kind::throttling);  // before the 5xx rule
    CHECK(response_kind(400, "PriorRequestNotComplete") == retry_kind::throttling);
    CHECK(response_kind(400, "", R"({"__type":"com.amazonaws.connect#ThrottlingException"})") ==
          retry_kind::throttling);
    CHECK(response_kind(429, "") == retry_kind::throttling);
    CHECK(response_kind(429, "SomethingElse") == retry_kind::throttling);
}

TEST_CASE("transient codes") {
    CHECK(response_kind(400, "RequestTimeout") == retry_kind::transient);
    CHECK(response_kind(408, "RequestTimeoutException") == retry_kind::transient);
    CHECK(response_kind(400, "IDPCommunicationError") == retry_kind::transient);  // STS web identity
}

TEST_CASE("500, 502, 503, 504 are retried whatever the body; other 5xx are not") {
    CHECK(response_kind(500, "InternalServiceException") == retry_kind::server_error);
    CHECK(response_kind(500, "") == retry_kind::server_error);
    CHECK(response_kind(502, "", "<html>Bad Gateway</html>") == retry_kind::server_error);
    CHECK(response_kind(503, "") == retry_kind::server_error);
    CHECK(response_kind(504, "") == retry_kind::server_error);
    CHECK(response_kind(503, "ServiceUnavailable") == retry_kind::server_error);
    CHECK(response_kind(501, "") == retry_kind::none);
    CHECK(response_kind(505, "") == retry_kind::none);
    CHECK(response_kind(599, "") == retry_kind::none);
}

TEST_CASE("other 4xx are final (cases 3 and 4)") {
    CHECK(response_kind(400, "InvalidParameterException") == retry_kind::none);
    CHECK(response_kind(403, "AccessDeniedException") == retry_kind::none);
    CHECK(response_kind(404, "ResourceNotFoundException") == retry_kind::none);
    CHECK(response_kind(409, "ResourceInUseException") == retry_kind::none);
    CHECK(response_kind(409, "IdempotencyException") == retry_kind::none);
    CHECK(response_kind(403, "UnrecognizedClientException") == retry_kind::none);
    CHECK(response_kind(403, "MissingAuthenticationTokenException") == retry_kind::none);
    CHECK(response_kind(403, "ExpiredTokenException") == retry_kind::none);
    CHECK(response_kind(418, "TeapotError") == retry_kind::none);
    CHECK(response_kind(400, "") == retry_kind::none);
}

TEST_CASE("clock-skew errors: retried once, only when this response corrected the offset") {
    for (const char* code : {"InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure",
                             "RequestTimeTooSkewed", "AccessDeniedException", "RequestExpired",
                             "RequestInTheFuture"}) {
        CAPTURE(code);
        CHECK(retry::is_clock_skew_code(code));
        CHECK(response_kind(403, code, "", /*corrected=*/true) == retry_kind::clock_skew);
        CHECK(response_kind(403, code, "", /*corrected=*/false) == retry_kind::none);
        CHECK(response_kind(403, code, "", true, /*used=*/true) == retry_kind::none);
    }
    // "Signature expired" from the emulator or the service.
    CHECK(response_kind(403, "InvalidSignatureException",
                        R"({"message":"Signature expired: 20240101T000000Z is now earlier than ..."})",
                        true) == retry_kind::clock_skew);
    // Not a skew code: a correction does not make it retryable.
    CHECK_FALSE(retry::is_clock_skew_code("UnrecognizedClientException"));
    CHECK(response_kind(403, "UnrecognizedClientException", "", true) == retry_kind::none);
    CHECK(response_kind(404, "ResourceNotFoundException", "", true) == retry_kind::none);
}

TEST_CASE("names for the observer") {
    CHECK(retry::to_string(retry_kind::none) == "");
    CHECK(retry::to_string(retry_kind::transient) == "transient");
    CHECK(retry::to_string(retry_kind::throttling) == "throttling");
    CHECK(retry::to_string(retry_kind::server_error) == "server");
    CHECK(retry::to_string(retry_kind::clock_skew) == "clock_skew");
}

TEST_CASE("x-amz-retry-after: whole non-negative milliseconds, else ignored") {
    using std::chrono::milliseconds;
    CHECK(retry::parse_retry_after("1500") == milliseconds{1500});
    CHECK(retry::parse_retry_after("0") == milliseconds{0});
    CHECK(retry::parse_retry_after(" 10000 ") == milliseconds{10000});
    CHECK(retry::parse_retry_after("9223372036854775807") == milliseconds{9223372036854775807});
    for (const char* bad : {"", " ", "abc", "-1", "+5", "1.5", "15ms", "1 5", "0x10",
                            "9223372036854775808", "Sun, 06 Nov 1994 08:49:37 GMT"}) {
        CAPTURE(bad);
        CHECK_FALSE(retry::parse_retry_after(bad).has_value());
    }
}

}  // TEST_SUITE
