// Building an http::response from header fields (set_response_header in
// lib/http/http_response.hpp), the way the transport does.
//
// Strategy: the names AWS sends come in several casings (x-amzn-RequestId,
// X-Amzn-RequestId, x-amzn-requestid, X-Amzn-ErrorType, X-Amzn-Errortype, ...); each must
// land in its field, unknown fields must be ignored, the Date must be parsed, and the
// request-id precedence must hold in both header orders.
#include "http/http_response.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace awsconnect;

TEST_SUITE("http_response") {

TEST_CASE("request id from x-amzn-RequestId in any case") {
    for (const char* name : {"x-amzn-RequestId", "X-Amzn-RequestId", "x-amzn-requestid",
                             "X-AMZN-REQUESTID"}) {
        CAPTURE(name);
        http::response r;
        http::set_response_header(r, name, "a1b2");
        CHECK(r.request_id == "a1b2");
    }
}

TEST_CASE("x-amzn-RequestId wins over x-amz-request-id in either order") {
    http::response a;
    http::set_response_header(a, "x-amz-request-id", "s3-style");
    CHECK(a.request_id == "s3-style");
    http::set_response_header(a, "X-Amzn-RequestId", "amzn");
    CHECK(a.request_id == "amzn");

    http::response b;
    http::set_response_header(b, "x-amzn-requestid", "amzn");
    http::set_response_header(b, "X-Amz-Request-Id", "s3-style");
    CHECK(b.request_id == "amzn");
}

TEST_CASE("error type, retry-after and Date; other fields are not kept") {
    http::response r;
    http::set_response_header(r, "X-Amzn-Errortype", "ThrottlingException:http://x/");
    http::set_response_header(r, "X-AMZ-RETRY-AFTER", "1500");
    http::set_response_header(r, "content-type", "application/x-amz-json-1.1");
    http::set_response_header(r, "DATE", "Sun, 06 Nov 1994 08:49:37 GMT");
    http::set_response_header(r, "X-Amzn-ErrorType-Extra", "ignored");
    http::set_response_header(r, "Server", "ignored");
    CHECK(r.error_type == "ThrottlingException:http://x/");
    CHECK(r.retry_after == "1500");
    using namespace std::chrono;
    REQUIRE(r.date.has_value());
    CHECK(*r.date == sys_days{year{1994} / November / 6} + 8h + 49min + 37s);
    CHECK(r.status == 0);
    CHECK(r.body.empty());
}

TEST_CASE("an unparsable Date is dropped") {
    http::response r;
    http::set_response_header(r, "Date", "Sun, 06 Nov 1994 08:49:37 GMT");
    REQUIRE(r.date.has_value());
    http::set_response_header(r, "Date", "yesterday");
    CHECK_FALSE(r.date.has_value());
}

TEST_CASE("iequals compares ASCII case-insensitively, nothing more") {
    CHECK(http::iequals("Content-Type", "content-type"));
    CHECK_FALSE(http::iequals("Content-Type", "content-typ"));
    CHECK_FALSE(http::iequals("a", "b"));
    CHECK(http::iequals("", ""));
    CHECK_FALSE(http::iequals("[", "{"));  // '[' + 32 == '{': only letters fold
}

}  // TEST_SUITE

TEST_CASE("the ASCII helpers every stage shares: case-insensitive compare, lower-casing, hex digits") {
    using namespace awsconnect::http;
    static_assert(iequals("X-Amzn-RequestId", "x-amzn-requestid"));
    static_assert(!iequals("abc", "abd"));
    static_assert(!iequals("abc", "ab"));
    static_assert(istarts_with("HTTPS://host", "https://"));
    static_assert(!istarts_with("http", "https"));
    CHECK(to_lower_ascii("AbC-\xC3\x89") == "abc-\xC3\x89");  // non-ASCII bytes unchanged
    CHECK(hex_value('0') == 0);
    CHECK(hex_value('f') == 15);
    CHECK(hex_value('F') == 15);
    CHECK(hex_value('g') == -1);
    CHECK(hex_value('%') == -1);
    CHECK_FALSE(iequals("\xC3\xA9", "\xC3\x89"));  // é and É differ: only ASCII folds
}
