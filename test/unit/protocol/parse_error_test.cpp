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

#include <awsconnect/envelope.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

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

// U+FFFD, the replacement for each ill-formed part.
const std::string fffd = "\xEF\xBF\xBD";

// The error a response becomes (as the client reports it), and its envelope parsed back.
boost::json::object envelope_of(const http::response& r) {
    const auto o = protocol::service_failure_of(r);
    REQUIRE(o.has_value());
    error e = protocol::to_error(*o);
    e.client_token = "tok-1";
    e.attempts = 1;
    const std::string json = to_envelope_json(e);
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(json, ec);
    REQUIRE_MESSAGE(!ec, "the envelope is not valid JSON: " << ec.message());
    return v.as_object().at("error").as_object();
}

std::string member(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    REQUIRE_MESSAGE(v != nullptr, "no member " << key);
    return std::string(v->as_string());
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

TEST_CASE("server text is made valid UTF-8: each ill-formed part becomes U+FFFD") {
    SUBCASE("a Latin-1 HTML body (a proxy's 503 page)") {
        const std::string body = "<html><body>Service indisponible, r\xE9" "essayez plus tard \xA0\xBB</body></html>";
        const auto e = parse_error(make(503, body));
        CHECK(e.message == "<html><body>Service indisponible, r" + fffd + "essayez plus tard " + fffd + fffd +
                               "</body></html>");
        // The whole way to the envelope: valid JSON, the replacement in place, the code intact.
        const auto env = envelope_of(make(503, body));
        CHECK(member(env, "code") == "SERVICE_ERROR");
        CHECK(member(env, "reason") == "service_unavailable");
        CHECK(member(env, "server_message") == e.message);
        CHECK(member(env, "service_code") == "503");
    }
    SUBCASE("a Latin-1 reason phrase") {
        CHECK(parse_error(make(502, "", {}, "Mauvaise passerelle \xE0 l'entr\xE9" "e")).message ==
              "Mauvaise passerelle " + fffd + " l'entr" + fffd + "e");
    }
    SUBCASE("overlong encodings") {
        CHECK(protocol::bounded_server_text("a\xC0\xAF" "b", 64) == "a" + fffd + fffd + "b");          // '/' in 2 bytes
        CHECK(protocol::bounded_server_text("a\xE0\x80\xAF" "b", 64) == "a" + fffd + fffd + fffd + "b");  // in 3
        CHECK(protocol::bounded_server_text("a\xF0\x80\x80\xAF" "b", 64) ==
              "a" + fffd + fffd + fffd + fffd + "b");  // in 4
        CHECK(protocol::bounded_server_text("\xC1\xBF", 64) == fffd + fffd);
    }
    SUBCASE("surrogates and values beyond U+10FFFF") {
        CHECK(protocol::bounded_server_text("x\xED\xA0\x80y", 64) == "x" + fffd + fffd + fffd + "y");  // U+D800
        CHECK(protocol::bounded_server_text("x\xED\xBF\xBFy", 64) == "x" + fffd + fffd + fffd + "y");  // U+DFFF
        CHECK(protocol::bounded_server_text("\xED\xA0\xBD\xED\xB8\x80", 64) == fffd + fffd + fffd + fffd + fffd + fffd);
        CHECK(protocol::bounded_server_text("\xF4\x90\x80\x80", 64) == fffd + fffd + fffd + fffd);  // U+110000
        CHECK(protocol::bounded_server_text("\xF5\xFE\xFF", 64) == fffd + fffd + fffd);
    }
    SUBCASE("a sequence cut short, at the end or before another character") {
        CHECK(protocol::bounded_server_text("abc\xE2\x82", 64) == "abc" + fffd);
        CHECK(protocol::bounded_server_text("\xE2\x82(\xF0\x9F\x98", 64) == fffd + "(" + fffd);
        CHECK(protocol::bounded_server_text("\x80\xBF", 64) == fffd + fffd);  // stray continuation bytes
    }
    SUBCASE("well-formed text of every length is kept as it is") {
        const std::string text = "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E \xEF\xBF\xBD \xF4\x8F\xBF\xBF";
        CHECK(protocol::bounded_server_text(text, 64) == text);
    }
    SUBCASE("truncated UTF-8 at the bound: the cut and the replacement stay within it") {
        // A character cut short by the server right at the 512-byte bound: it becomes U+FFFD
        // when it fits, and is cut off (with the mark) when it does not.
        std::string body(509, 'a');
        body += "\xE2\x82";  // 511 bytes: no cut, the broken character is replaced
        CHECK(parse_error(make(502, body)).message == std::string(509, 'a') + fffd);
        body = std::string(510, 'a') + "\xE2\x82" + "tail";  // the replacement would end at 513
        CHECK(parse_error(make(502, body)).message == std::string(510, 'a') + "...");
        body = std::string(511, 'a') + "\xFF" + "b";
        CHECK(parse_error(make(502, body)).message == std::string(511, 'a') + "...");
        body = std::string(509, 'a') + "\xFF" + std::string(10, 'b');
        CHECK(parse_error(make(502, body)).message == std::string(509, 'a') + fffd + "...");
        // In a JSON message the body parser has already refused ill-formed UTF-8, so the
        // raw text (bounded and repaired the same way) is the message.
        const std::string json = "{\"message\":\"caf\xE9\"}";
        const auto e = parse_error(make(400, json));
        CHECK_FALSE(e.body.has_value());
        CHECK(e.message == R"({"message":"caf)" + fffd + R"("})");
    }
    SUBCASE("control characters still become spaces, after the repair") {
        CHECK(protocol::bounded_server_text("a\x01\xE9\x7F", 64) == "a " + fffd + " ");
    }
}

TEST_CASE("header values a server sent are made valid UTF-8 before they reach the error") {
    http::response r = make(400, R"({"message":"bad"})", "Erreur\xE9");
    r.request_id = "req-\xFF\xFE-1";
    const auto o = protocol::service_failure_of(r);
    REQUIRE(o.has_value());
    CHECK(o->service_code == "Erreur" + fffd);
    CHECK(o->raw_code == "Erreur" + fffd);
    CHECK(o->request_id == "req-" + fffd + fffd + "-1");
    const error e = protocol::to_error(*o);
    CHECK(e.service_code == "Erreur" + fffd);
    CHECK(e.request_id == "req-" + fffd + fffd + "-1");
    CHECK(e.message == "service error (HTTP 400)");  // a non-ASCII code stays out of it
    const auto env = envelope_of(r);
    CHECK(member(env, "code") == "SERVICE_ERROR");
    CHECK(member(env, "service_code") == "Erreur" + fffd);
    CHECK(member(env, "request_id") == "req-" + fffd + fffd + "-1");
    CHECK(member(env, "server_message") == "bad");

    SUBCASE("a request id is bounded like a code") {
        r.request_id = std::string(1000, 'r');
        const auto big = protocol::service_failure_of(r);
        REQUIRE(big.has_value());
        CHECK(big->request_id == std::string(protocol::max_header_text_bytes, 'r') + "...");
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
