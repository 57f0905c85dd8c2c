// The error model: codes, kinds, conditions, and the exact JSON envelope.
#include <awsconnect/envelope.hpp>
#include <awsconnect/error.hpp>
#include <awsconnect/result.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

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

TEST_CASE("the envelope is valid JSON whatever bytes its strings hold") {
    // Defence in depth: the protocol stage repairs server text where it enters the error,
    // but the envelope must not depend on it. Every string field gets ill-formed UTF-8
    // (Latin-1, an overlong form, a surrogate, a cut sequence, a stray continuation byte),
    // plus quotes, backslashes and control characters that JSON must escape.
    const std::string fffd = "\xEF\xBF\xBD";
    error e = make_error(errc::service_unavailable, "msg \xE9t\xE9");
    e.server_message = "Erreur \xE0 \"l'entr\xE9" "e\" \\ \x01\n fin";
    e.http_status = 503;
    e.service_code = "Bad\xC0\xAF" "Code";
    e.request_id = "req\xED\xA0\x80";
    e.client_token = "tok\xE2\x82";
    e.attempts = 3;
    const std::string json = to_envelope_json(e);
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(json, ec);
    REQUIRE_MESSAGE(!ec, "not JSON: " << ec.message());
    const auto& err = v.at("error").as_object();
    auto str = [](const boost::json::value& x) { return std::string(x.as_string()); };
    CHECK(v.at("success").as_bool() == false);
    CHECK(str(err.at("code")) == "SERVICE_ERROR");
    CHECK(str(err.at("reason")) == "service_unavailable");
    CHECK(str(err.at("message")) == "msg " + fffd + "t" + fffd);
    CHECK(str(err.at("server_message")) == "Erreur " + fffd + " \"l'entr" + fffd + "e\" \\ \x01\n fin");
    CHECK(err.at("http_status").as_int64() == 503);
    CHECK(str(err.at("service_code")) == "Bad" + fffd + fffd + "Code");
    CHECK(str(err.at("request_id")) == "req" + fffd + fffd + fffd);
    CHECK(str(err.at("client_token")) == "tok" + fffd);
    CHECK(err.at("attempts").as_int64() == 3);

    SUBCASE("well-formed text is written unchanged") {
        error w = make_error(errc::resource_in_use, "in use");
        w.server_message = "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E";
        const auto wv = boost::json::parse(to_envelope_json(w));
        CHECK(std::string(wv.at("error").at("server_message").as_string()) == w.server_message);
    }
    SUBCASE("the success envelope too") {
        release_phone_number_response r;
        r.phone_number_id = "pn-\xFF";
        r.client_token = "tok-\xC3";
        r.request_id = "req-\xE9";
        r.attempts = 1;
        const auto sv = boost::json::parse(to_envelope_json(r), ec);
        REQUIRE_MESSAGE(!ec, "not JSON: " << ec.message());
        CHECK(std::string(sv.at("data").at("id").as_string()) == "pn-" + fffd);
        CHECK(std::string(sv.at("data").at("client_token").as_string()) == "tok-" + fffd);
        CHECK(std::string(sv.at("data").at("request_id").as_string()) == "req-" + fffd);
    }
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
