// ReleasePhoneNumber response mapping (lib/protocol/release_phone_number_response):
// success for 2xx, and for every error response the exact errc, envelope kind, service
// code, message and request id.
//
// Strategy: one table row per modeled Connect error and per real-but-unmodeled AWS error
// (auth errors, throttling codes), plus the generic cases of spec §9 case 20 (HTML 502,
// empty 503, 501), each built as the service sends it (status, header or body code) and
// checked field by field. Whether a failure is retried is the retry classifier's job and
// is tested there; here 501 only has to be distinguishable (its status is kept).
#include "protocol/service_error.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace awsconnect;
using protocol::service_failure_of;

namespace {

http::response make(int status, std::string body, std::string error_type = {},
                    std::string reason = {}) {
    http::response r;
    r.status = status;
    r.reason = std::move(reason);
    r.error_type = std::move(error_type);
    r.body = std::move(body);
    r.request_id = "req-1";
    return r;
}

}  // namespace

TEST_SUITE("release_phone_number_response") {

TEST_CASE("every 2xx is success, whatever the body") {
    CHECK_FALSE(service_failure_of(make(200, "")).has_value());
    CHECK_FALSE(service_failure_of(make(200, "{}")).has_value());
    CHECK_FALSE(service_failure_of(make(200, R"({"unexpected":1})")).has_value());
    CHECK_FALSE(service_failure_of(make(204, "")).has_value());
    // No output members: the body is not read (the release was committed).
    CHECK_FALSE(service_failure_of(make(200, "not json")).has_value());
    // Even an error-looking body on a 200 is not an error.
    CHECK_FALSE(service_failure_of(make(200, R"({"__type":"ThrottlingException"})"))
                    .has_value());
    CHECK(service_failure_of(make(199, "")).has_value());
    CHECK(service_failure_of(make(300, "")).has_value());
}

TEST_CASE("the seven modeled Connect errors map to their errc and envelope code") {
    struct row {
        int status;
        const char* type;
        errc code;
        error_kind kind;
        const char* envelope;
    };
    const row rows[] = {
        {400, "InvalidParameterException", errc::invalid_parameter, error_kind::invalid_parameter,
         "INVALID_PARAMETER"},
        {403, "AccessDeniedException", errc::access_denied, error_kind::access_denied,
         "ACCESS_DENIED"},
        {404, "ResourceNotFoundException", errc::resource_not_found,
         error_kind::resource_not_found, "RESOURCE_NOT_FOUND"},
        {409, "ResourceInUseException", errc::resource_in_use, error_kind::resource_in_use,
         "RESOURCE_IN_USE"},
        {409, "IdempotencyException", errc::idempotency_conflict,
         error_kind::idempotency_conflict, "IDEMPOTENCY_CONFLICT"},
        {429, "ThrottlingException", errc::throttled, error_kind::throttled, "THROTTLED"},
        {500, "InternalServiceException", errc::internal_service_error, error_kind::service_error,
         "SERVICE_ERROR"},
    };
    for (const auto& r : rows) {
        CAPTURE(r.type);
        // The same error three ways: header (with Coral's URI suffix), body code, body __type.
        const std::string t = r.type;
        const http::response variants[] = {
            make(r.status, R"({"message":"m"})", t + ":http://internal.amazon.com/coral/com.amazonaws.connect/"),
            make(r.status, R"({"code":")" + t + R"(","message":"m"})"),
            make(r.status, R"({"__type":"com.amazonaws.connect#)" + t + R"(","Message":"m"})"),
        };
        for (const auto& v : variants) {
            const auto o = service_failure_of(v);
            REQUIRE(o.has_value());
            CHECK(o->code == r.code);
            CHECK(kind_of(o->code) == r.kind);
            CHECK(to_string(kind_of(o->code)) == r.envelope);
            CHECK(o->service_code == t);
            CHECK(o->http_status == r.status);
            CHECK(o->message == "m");
            CHECK(o->request_id == "req-1");
        }
    }
}

TEST_CASE("authentication errors") {
    struct row {
        int status;
        const char* type;
        const char* message;
        errc code;
    };
    const row rows[] = {
        {403, "InvalidSignatureException",
         "The request signature we calculated does not match the signature you provided.",
         errc::invalid_signature},
        {403, "SignatureDoesNotMatch", "no match", errc::invalid_signature},
        {403, "InvalidSignatureException",
         "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z "
         "(20240101T001000Z - 5 min.)",
         errc::signature_expired},
        {403, "SignatureDoesNotMatch", "Signature expired: 20240101T000000Z", errc::signature_expired},
        {403, "UnrecognizedClientException", "The security token included in the request is invalid.",
         errc::unrecognized_client},
        {403, "InvalidClientTokenId", "x", errc::unrecognized_client},
        {403, "MissingAuthenticationTokenException", "Missing Authentication Token",
         errc::missing_authentication_token},
        {403, "ExpiredTokenException", "The security token included in the request is expired",
         errc::expired_token},
        {400, "ExpiredToken", "x", errc::expired_token},
        {400, "RequestExpired", "x", errc::expired_token},
    };
    for (const auto& r : rows) {
        CAPTURE(r.type);
        CAPTURE(r.message);
        const auto o = service_failure_of(
            make(r.status, std::string(R"({"message":")") + r.message + "\"}", r.type));
        REQUIRE(o.has_value());
        CHECK(o->code == r.code);
        CHECK(kind_of(o->code) == error_kind::auth_error);
        CHECK(o->service_code == r.type);
    }
}

TEST_CASE("every throttling code, and any 429, is THROTTLED") {
    for (const char* c :
         {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
          "TooManyRequestsException", "ProvisionedThroughputExceededException",
          "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
          "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
          "EC2ThrottledException"}) {
        CAPTURE(c);
        CHECK(protocol::is_throttling_code(c));
        const auto o = service_failure_of(make(400, "", c));
        REQUIRE(o.has_value());
        CHECK(o->code == errc::throttled);
    }
    CHECK_FALSE(protocol::is_throttling_code("throttlingexception"));  // codes are exact
    CHECK_FALSE(protocol::is_throttling_code(""));

    const auto o = service_failure_of(make(429, "", {}, "Too Many Requests"));
    REQUIRE(o.has_value());
    CHECK(o->code == errc::throttled);
    CHECK(o->service_code == "429");
}

TEST_CASE("unknown codes are kept with status, raw code, message and request id") {
    const auto o = service_failure_of(make(
        418, R"({"message":"short and stout"})", "com.example#TeapotError:http://example.com/"));
    REQUIRE(o.has_value());
    CHECK(o->code == errc::unknown_service_error);
    CHECK(kind_of(o->code) == error_kind::service_error);
    CHECK(o->http_status == 418);
    CHECK(o->service_code == "TeapotError");
    CHECK(o->raw_code == "com.example#TeapotError:http://example.com/");
    CHECK(o->message == "short and stout");
    CHECK(o->request_id == "req-1");

    // A known 5xx status with an unknown code: the code is kept, it is not "unavailable".
    const auto u = service_failure_of(make(503, R"({"__type":"DependencyFailedException"})"));
    REQUIRE(u.has_value());
    CHECK(u->code == errc::unknown_service_error);
    CHECK(u->service_code == "DependencyFailedException");

    // The front ends' own unavailability codes are service_unavailable (found by the fault
    // matrix: the emulator's 503 and 504 carry them).
    for (const char* code : {"ServiceUnavailableException", "ServiceUnavailable", "BadGatewayException", "GatewayTimeoutException"}) {
        CAPTURE(code);
        const auto a = service_failure_of(make(503, std::string(R"({"__type":")") + code + "\"}"));
        REQUIRE(a.has_value());
        CHECK(a->code == errc::service_unavailable);
        CHECK(a->service_code == code);
    }

    // A 4xx with no code at all: the status is the code.
    const auto n = service_failure_of(make(400, "", {}, "Bad Request"));
    REQUIRE(n.has_value());
    CHECK(n->code == errc::unknown_service_error);
    CHECK(n->service_code == "400");
    CHECK(n->raw_code == "");
    CHECK(n->message == "Bad Request");
}

TEST_CASE("case 20: generic 5xx without a code") {
    SUBCASE("502 with an HTML body") {
        const auto o = service_failure_of(
            make(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", {}, "Bad Gateway"));
        REQUIRE(o.has_value());
        CHECK(o->code == errc::service_unavailable);
        CHECK(o->service_code == "502");
        CHECK(o->raw_code == "");
        CHECK(o->message == "<html><body><h1>502 Bad Gateway</h1></body></html>");
    }
    SUBCASE("503 with an empty body") {
        const auto o = service_failure_of(make(503, "", {}, "Service Unavailable"));
        REQUIRE(o.has_value());
        CHECK(o->code == errc::service_unavailable);
        CHECK(o->service_code == "503");
        CHECK(o->message == "Service Unavailable");
    }
    SUBCASE("504 and 500 without a code") {
        CHECK(service_failure_of(make(504, ""))->code == errc::service_unavailable);
        CHECK(service_failure_of(make(500, ""))->service_code == "500");
    }
    SUBCASE("501: same errc, its status kept so the classifier can refuse to retry it") {
        const auto o = service_failure_of(make(501, "", {}, "Not Implemented"));
        REQUIRE(o.has_value());
        CHECK(o->code == errc::service_unavailable);
        CHECK(o->http_status == 501);
        CHECK(o->service_code == "501");
        CHECK(o->message == "Not Implemented");
    }
}

TEST_CASE("ResourceInUseException carries ResourceType and ResourceId") {
    const auto o = service_failure_of(make(
        409,
        R"({"message":"Phone number is in use","ResourceType":"PHONE_NUMBER","ResourceId":"pn-42"})",
        "ResourceInUseException"));
    REQUIRE(o.has_value());
    CHECK(o->code == errc::resource_in_use);
    CHECK(o->resource_type == "PHONE_NUMBER");
    CHECK(o->resource_id == "pn-42");

    // Without them (or on other errors) they stay empty.
    const auto bare = service_failure_of(make(409, "{}", "ResourceInUseException"));
    CHECK(bare->resource_type == "");
    CHECK(bare->resource_id == "");
    const auto other = service_failure_of(
        make(404, R"({"ResourceId":"pn-42"})", "ResourceNotFoundException"));
    CHECK(other->resource_id == "");
}

TEST_CASE("to_error keeps client and server text apart") {
    const auto o = service_failure_of(
        make(404, R"({"message":"Phone number pn-1 not found"})", "ResourceNotFoundException"));
    REQUIRE(o.has_value());
    const error e = protocol::to_error(*o);
    CHECK(e.code == errc::resource_not_found);
    CHECK(e.kind_string() == "RESOURCE_NOT_FOUND");
    CHECK(e.message == "resource not found (HTTP 404, ResourceNotFoundException)");
    CHECK(e.server_message == "Phone number pn-1 not found");
    CHECK(e.http_status == 404);
    CHECK(e.service_code == "ResourceNotFoundException");
    CHECK(e.request_id == "req-1");
    CHECK(e.attempts == 0);  // the caller fills attempts and client_token

    const error g = protocol::to_error(*service_failure_of(make(502, "<html/>")));
    CHECK(g.message == "service unavailable (HTTP 502)");
    CHECK(g.service_code == "502");
}

TEST_CASE("fuzz regression: a non-ASCII error type stays out of the (ASCII) message") {
    // Found by fuzz_http_response: error::message promises ASCII.
    protocol::service_failure f;
    f.code = errc::unknown_service_error;
    f.http_status = 400;
    f.service_code = "Caf\xc3\xa9" "Error";
    const error e = protocol::to_error(f);
    CHECK(e.message.size() >= 10);
    CHECK(e.message.substr(e.message.size() - 10) == "(HTTP 400)");
    for (const char ch : e.message) CHECK(static_cast<unsigned char>(ch) < 0x80);
    CHECK(e.service_code == "Caf\xc3\xa9" "Error");
}

}  // TEST_SUITE
