// restJson1 error parsing (lib/protocol/parse_error): the code sanitizing rule, where the
// error type and the message come from and in which order, and how server text that is
// not JSON is kept (bounded, printable).
//
// Strategy: responses are built by hand (the transport's job is tested elsewhere); each
// case pins one rule with exact expected strings, including the spec's §9 cases 18
// (header, __type and code all give ThrottlingException; the header wins; message
// precedence) and 19 (sanitize examples).
#include "protocol/parse_error.hpp"
#include "protocol/service_error.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace awsconnect;
using protocol::parse_error;
using protocol::sanitize_error_code;

namespace {

http::response make(int status, std::string body, std::string error_type = {},
                    std::string reason = {}) {
    http::response r;
    r.status = status;
    r.body = std::move(body);
    r.error_type = std::move(error_type);
    r.reason = std::move(reason);
    return r;
}

}  // namespace

TEST_SUITE("parse_error") {

TEST_CASE("sanitize: cut at the first ':', then keep what follows the first '#' (case 19)") {
    CHECK(sanitize_error_code(
              "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/"
              "com.amazon.coral.validate/") == "FooError");
    CHECK(sanitize_error_code("FooError") == "FooError");
    CHECK(sanitize_error_code("ns#Foo") == "Foo");
    CHECK(sanitize_error_code("FooError:http://internal.amazon.com/coral/") == "FooError");
    CHECK(sanitize_error_code("com.amazonaws.connect#ThrottlingException") ==
          "ThrottlingException");
    // The '#' after the ':' is part of the cut-off URI, not a namespace separator.
    CHECK(sanitize_error_code("Foo:http://x/#frag") == "Foo");
    // Only the first '#' separates.
    CHECK(sanitize_error_code("a#b#c") == "b#c");
    CHECK(sanitize_error_code("") == "");
    CHECK(sanitize_error_code(":x") == "");
}

TEST_CASE("case 18: header, body __type and body code each give ThrottlingException") {
    SUBCASE("header with a URI suffix") {
        auto e = parse_error(
            make(429, "", "ThrottlingException:http://internal.amazon.com/coral/"));
        CHECK(e.code == "ThrottlingException");
        CHECK(e.raw_code == "ThrottlingException:http://internal.amazon.com/coral/");
    }
    SUBCASE("body __type with a namespace") {
        auto e = parse_error(make(429, R"({"__type":"com.amazonaws.connect#ThrottlingException"})"));
        CHECK(e.code == "ThrottlingException");
        CHECK(e.raw_code == "com.amazonaws.connect#ThrottlingException");
    }
    SUBCASE("body code") {
        auto e = parse_error(make(429, R"({"code":"ThrottlingException"})"));
        CHECK(e.code == "ThrottlingException");
    }
}

TEST_CASE("precedence of the error type: header, then code, then __type") {
    CHECK(parse_error(make(400, R"({"__type":"ns#ResourceNotFoundException"})",
                           "ThrottlingException"))
              .code == "ThrottlingException");
    CHECK(parse_error(make(400, R"({"__type":"A","code":"B"})")).code == "B");
    CHECK(parse_error(make(400, R"({"code":"B","__type":"A"})")).code == "B");
    // A source whose sanitized value is empty does not count: the next one is used.
    CHECK(parse_error(make(400, R"({"__type":"Real"})", ":uri-only")).code == "Real");
    CHECK(parse_error(make(400, R"({"code":"","__type":"Real"})")).code == "Real");
    // Non-string members are not error types.
    CHECK(parse_error(make(400, R"({"code":7,"__type":"Real"})")).code == "Real");
    // Surrounding whitespace in the header is not part of the code.
    CHECK(parse_error(make(400, "", "  ThrottlingException ")).code == "ThrottlingException");
}

TEST_CASE("only top-level members count") {
    auto e = parse_error(make(500, R"({"Nested":{"__type":"Inner","message":"inner"}})"));
    CHECK(e.code == "");
    CHECK(e.raw_code == "");
    CHECK(e.message == "");
    REQUIRE(e.body.has_value());
    CHECK(e.body->contains("Nested"));
}

TEST_CASE("message precedence: message, then Message, then errorMessage") {
    CHECK(parse_error(make(400, R"({"errorMessage":"c","Message":"b","message":"a"})")).message ==
          "a");
    CHECK(parse_error(make(400, R"({"errorMessage":"c","Message":"b"})")).message == "b");
    CHECK(parse_error(make(400, R"({"errorMessage":"c"})")).message == "c");
    CHECK(parse_error(make(400, R"({"message":"","Message":"b"})")).message == "b");
    // A JSON object without any message: no message (the reason is not invented into it).
    CHECK(parse_error(make(400, R"({"code":"X"})", {}, "Bad Request")).message == "");
}

TEST_CASE("a body that is not a JSON object becomes the message") {
    SUBCASE("HTML from a proxy") {
        auto e = parse_error(make(502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n</html>\r\n",
                                  {}, "Bad Gateway"));
        CHECK(e.code == "");
        CHECK_FALSE(e.body.has_value());
        CHECK(e.message == "<html>  <head><title>502 Bad Gateway</title></head>  </html>");
    }
    SUBCASE("plain text") {
        CHECK(parse_error(make(503, "upstream overloaded")).message == "upstream overloaded");
    }
    SUBCASE("JSON that is not an object") {
        auto e = parse_error(make(500, R"(["ThrottlingException"])"));
        CHECK(e.code == "");
        CHECK_FALSE(e.body.has_value());
        CHECK(e.message == R"(["ThrottlingException"])");
    }
    SUBCASE("truncated JSON") {
        auto e = parse_error(make(500, R"({"code":"Thrott)"));
        CHECK(e.code == "");
        CHECK(e.message == R"({"code":"Thrott)");
    }
    SUBCASE("the header still gives the code") {
        auto e = parse_error(make(500, "oops", "InternalServiceException"));
        CHECK(e.code == "InternalServiceException");
        CHECK(e.message == "oops");
    }
}

TEST_CASE("an empty body takes the status reason as its message") {
    CHECK(parse_error(make(503, "", {}, "Slow Down Please")).message == "Slow Down Please");
    CHECK(parse_error(make(503, "  \r\n", {}, "Service Unavailable")).message ==
          "Service Unavailable");
    // No reason phrase on the status line (HTTP/2 style): the standard one.
    CHECK(parse_error(make(503, "")).message == "Service Unavailable");
    CHECK(parse_error(make(502, "")).message == "Bad Gateway");
    CHECK(parse_error(make(599, "")).message == "");
}

TEST_CASE("server text is bounded and made printable") {
    SUBCASE("a long raw body is cut at 512 bytes and marked") {
        const std::string body(2000, 'x');
        auto e = parse_error(make(502, body));
        CHECK(e.message == std::string(protocol::max_raw_message_bytes, 'x') + "...");
    }
    SUBCASE("a long JSON message is cut at 2048 bytes") {
        const std::string m(5000, 'm');
        auto e = parse_error(make(400, R"({"message":")" + m + R"("})"));
        CHECK(e.message == std::string(protocol::max_json_message_bytes, 'm') + "...");
    }
    SUBCASE("control characters become spaces") {
        auto e = parse_error(make(400, R"({"message":"a\u0000b\u001bc\td\u007fe"})"));
        CHECK(e.message == "a b c d e");
    }
    SUBCASE("a cut never splits a UTF-8 character") {
        // 510 ASCII bytes, then "é" (2 bytes) straddling the 512 boundary at 511..512.
        std::string body(511, 'a');
        body += "\xC3\xA9zz";
        auto e = parse_error(make(502, body));
        CHECK(e.message == std::string(511, 'a') + "...");
        CHECK(protocol::bounded_server_text("ab\xE2\x82\xAC", 4) == "ab...");
        CHECK(protocol::bounded_server_text("ab\xE2\x82\xAC", 5) == "ab\xE2\x82\xAC");
    }
}

TEST_CASE("fuzz regression: an error type that sanitizes to blanks is no code") {
    // Found by fuzz_error_parse: "aws#\t\t:..." sanitized to whitespace and counted as a code,
    // so a 503 became unknown_service_error with an empty service_code.
    http::response r;
    r.status = 503;
    r.error_type = "aws#\t\t:http://internal";
    CHECK(parse_error(r).code.empty());
    const auto o = protocol::service_failure_of(r);
    REQUIRE(o.has_value());
    CHECK(o->code == errc::service_unavailable);
    CHECK(o->service_code == "503");
    r.body = R"({"code":"ThrottlingException"})";
    CHECK(parse_error(r).code == "ThrottlingException");
}

}  // TEST_SUITE
