// The restJson1 error-parsing cases of the Smithy protocol test suite
// (shared/testdata/restjson-errors.json, from smithy-lang/smithy errors.smithy).
//
// Strategy: each case gives a status, headers and a body; we build the response the way
// the transport does (header by header through set_response_header, so the header-name
// casing of the vectors is exercised), then check that both parse_error and the
// ReleasePhoneNumber mapping report exactly the expected error code. The file comes from
// AWSCONNECT_RESTJSON_ERRORS (default: the shared copy), so an updated upstream extract
// runs unchanged; a missing or empty file is a failure, not a pass.
#include "http/http_response.hpp"
#include "protocol/parse_error.hpp"
#include "protocol/service_error.hpp"

#include "support/test_paths.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

using namespace awsconnect;

TEST_SUITE("restjson_errors") {

TEST_CASE("every Smithy restJson1 error case yields its expected error code") {
    const auto path =
        test::testdata_path("AWSCONNECT_RESTJSON_ERRORS", "restjson-errors.json");
    CAPTURE(path.string());
    const std::string text = test::read_file(path);
    REQUIRE_FALSE(text.empty());

    const boost::json::value doc = boost::json::parse(text);
    REQUIRE(doc.is_array());
    const auto& cases = doc.as_array();
    REQUIRE_FALSE(cases.empty());
    const char* env = std::getenv("AWSCONNECT_RESTJSON_ERRORS");
    if (env == nullptr || *env == '\0') CHECK(cases.size() == 14);

    int checked = 0;
    for (const auto& c : cases) {
        const auto& o = c.as_object();
        const std::string name(o.at("name").as_string());
        const std::string expected(o.at("expected_error_code").as_string());
        CAPTURE(name);

        http::response r;
        r.status = static_cast<int>(o.at("status").to_number<int>());
        for (const auto& [key, value] : o.at("headers").as_object())
            http::set_response_header(r, key, value.as_string());
        r.body = std::string(o.at("body").as_string());

        const auto info = protocol::parse_error(r);
        CHECK(info.code == expected);

        const auto outcome = protocol::service_failure_of(r);
        REQUIRE(outcome.has_value());
        CHECK(outcome->service_code == expected);
        CHECK(outcome->http_status == r.status);
        // None of these codes is a Connect error: they are kept as unknown service errors.
        CHECK(outcome->code == errc::unknown_service_error);
        ++checked;
    }
    CHECK(checked == static_cast<int>(cases.size()));
}

TEST_CASE("the message of the Smithy InvalidGreeting case comes from its Message member") {
    // The one vector with a message: {"Message": "Hi"} (capital M).
    http::response r;
    r.status = 400;
    http::set_response_header(r, "X-Amzn-Errortype", "InvalidGreeting");
    r.body = "{\n    \"Message\": \"Hi\"\n}";
    CHECK(protocol::parse_error(r).message == "Hi");
}

}  // TEST_SUITE
