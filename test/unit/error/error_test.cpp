// The error model: codes, kinds, conditions, and the exact JSON envelope.
#include <awsconnect/envelope.hpp>
#include <awsconnect/error.hpp>
#include <awsconnect/result.hpp>

#include <doctest/doctest.h>

#include <sstream>

using namespace awsconnect;
using namespace std::chrono;

TEST_SUITE("error") {

TEST_CASE("every errc maps to its envelope code") {
    CHECK(kind_of(errc::invalid_phone_number_id) == error_kind::validation_error);
    CHECK(kind_of(errc::region_mismatch) == error_kind::validation_error);
    CHECK(kind_of(errc::invalid_parameter) == error_kind::invalid_parameter);
    CHECK(kind_of(errc::idempotency_conflict) == error_kind::idempotency_conflict);
    CHECK(kind_of(errc::service_unavailable) == error_kind::service_error);
    CHECK(kind_of(errc::signature_expired) == error_kind::auth_error);
    CHECK(kind_of(errc::pool_saturated) == error_kind::connection_error);
    CHECK(kind_of(errc::tls_hostname_mismatch) == error_kind::tls_error);
    CHECK(kind_of(errc::operation_timeout) == error_kind::timeout);
    CHECK(kind_of(errc::retry_quota_exceeded) == error_kind::retry_quota_exceeded);
    CHECK(kind_of(errc::cancelled) == error_kind::cancelled);
    CHECK(kind_of(errc::response_too_large) == error_kind::protocol_error);
    CHECK(to_string(error_kind::idempotency_conflict) == "IDEMPOTENCY_CONFLICT");
    CHECK(to_string(error_kind::credentials_unavailable) == "CREDENTIALS_UNAVAILABLE");
    CHECK(to_string(errc::attempt_timeout) == "attempt_timeout");
}

TEST_CASE("error codes are in awsconnect's category and compare with their kind") {
    boost::system::error_code ec = errc::connect_timeout;
    CHECK(ec.category().name() == std::string("awsconnect"));
    CHECK(ec.message() == "connect timed out");
    CHECK(ec == error_kind::timeout);
    CHECK(ec != error_kind::connection_error);
    CHECK(ec == make_error_code(errc::connect_timeout));
}

TEST_CASE("success envelope, exact JSON") {
    release_phone_number_response r;
    r.phone_number_id = "00000000-0000-4000-8000-000000000001";
    r.client_token = "3f1c7a2e-9b4d-4e8a-a1c2-5d6e7f809a1b";
    r.request_id = "a1b2c3";
    r.attempts = 2;
    r.released_at = sys_days{year{2025} / 1 / 1} + 1h + 2min + 3s + 999ms;
    CHECK(to_envelope_json(r) ==
          R"({"success":true,"data":{"id":"00000000-0000-4000-8000-000000000001",)"
          R"("client_token":"3f1c7a2e-9b4d-4e8a-a1c2-5d6e7f809a1b","request_id":"a1b2c3",)"
          R"("attempts":2,"released_at":"2025-01-01T01:02:03Z"}})");
}

TEST_CASE("validation error envelope, exact JSON") {
    const error e = make_error(errc::invalid_phone_number_id, "Invalid request parameters");
    CHECK(to_envelope_json(e) ==
          R"({"success":false,"error":{"code":"VALIDATION_ERROR","message":"Invalid request parameters",)"
          R"("reason":"invalid_phone_number_id","attempts":0}})");
}

TEST_CASE("service error envelope carries status, service code, request id and token") {
    error e = make_error(errc::resource_not_found, "the service returned ResourceNotFoundException (HTTP 404)");
    e.server_message = "Phone number \"x\" not found";
    e.http_status = 404;
    e.service_code = "ResourceNotFoundException";
    e.request_id = "req-1";
    e.client_token = "tok-1";
    e.attempts = 1;
    const result<release_phone_number_response> r = e;
    CHECK(to_envelope_json(r) ==
          R"({"success":false,"error":{"code":"RESOURCE_NOT_FOUND",)"
          R"J("message":"the service returned ResourceNotFoundException (HTTP 404)",)J"
          R"("reason":"resource_not_found","server_message":"Phone number \"x\" not found",)"
          R"("http_status":404,"service_code":"ResourceNotFoundException","request_id":"req-1",)"
          R"("client_token":"tok-1","attempts":1}})");
}

TEST_CASE("value() on an error throws awsconnect::exception with the error inside") {
    const result<int> r = make_error(errc::throttled, "slow down");
    REQUIRE_FALSE(r.has_value());
    try {
        (void)r.value();
        FAIL("value() did not throw");
    } catch (const exception& ex) {
        CHECK(ex.get().code == errc::throttled);
        CHECK(std::string(ex.what()) == "THROTTLED: slow down");
    }
}

TEST_CASE("an error prints its fields") {
    error e = make_error(errc::attempt_timeout, "attempt 1 timed out after 1000 ms");
    e.client_token = "tok";
    e.attempts = 1;
    std::ostringstream os;
    os << e;
    CHECK(os.str() == "TIMEOUT (awsconnect:" + std::to_string(int(errc::attempt_timeout)) +
                          "): attempt 1 timed out after 1000 ms client_token=tok attempts=1");
}

}  // TEST_SUITE
