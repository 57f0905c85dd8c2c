// The string functions of the rules-engine library, called directly: parseURL,
// isValidHostLabel, uriEncode and substring.
//
// Strategy: tables of inputs with their exact expected outputs, taken from the Smithy
// specification's examples (parseURL's table, the RFC 3986 unreserved set) and from the
// edges each rule names (63-character labels, a port of 65535 vs 65536, substring bounds,
// non-ASCII input). The interpreter's own tests (rule_engine_test.cpp) check that the
// functions are wired to the right names and argument types.
#include "endpoint/rule_functions.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <optional>
#include <string>

namespace json = boost::json;
using namespace awsconnect::endpoint::functions;

namespace {

struct url_case {
    const char* input;
    const char* scheme;
    const char* authority;
    const char* path;
    const char* normalized_path;
    bool is_ip;
};

}  // namespace

TEST_SUITE("endpoint rule functions") {

TEST_CASE("parseURL splits valid http(s) URLs") {
    const url_case cases[] = {
        // The examples of the Smithy standard library.
        {"https://example.com", "https", "example.com", "", "/", false},
        {"http://example.com:80/foo/bar", "http", "example.com:80", "/foo/bar", "/foo/bar/", false},
        {"https://127.0.0.1", "https", "127.0.0.1", "", "/", true},
        {"https://[fe80::1]", "https", "[fe80::1]", "", "/", true},
        // More.
        {"https://example.com/", "https", "example.com", "/", "/", false},
        {"https://example.com/a/b/", "https", "example.com", "/a/b/", "/a/b/", false},
        {"http://192.168.1.1:1234/foo/", "http", "192.168.1.1:1234", "/foo/", "/foo/", true},
        {"https://[2001:db8::7348]:443", "https", "[2001:db8::7348]:443", "", "/", true},
        {"https://999.999.abc.blah", "https", "999.999.abc.blah", "", "/", false},
        {"http://99_ab-.com", "http", "99_ab-.com", "", "/", false},  // labels not validated
        {"HTTPS://Example.com", "https", "Example.com", "", "/", false},
        {"https://user:secret@example.com/x", "https", "example.com", "/x", "/x/", false},
        {"https://example.com:/p", "https", "example.com", "/p", "/p/", false},
        {"https://example.com:65535", "https", "example.com:65535", "", "/", false},
    };
    for (const auto& c : cases) {
        INFO("url: ", std::string(c.input));
        auto got = parse_url(c.input);
        REQUIRE(got.has_value());
        CHECK(got->size() == 5);
        CHECK(got->at("scheme").as_string() == std::string_view(c.scheme));
        CHECK(got->at("authority").as_string() == std::string_view(c.authority));
        CHECK(got->at("path").as_string() == std::string_view(c.path));
        CHECK(got->at("normalizedPath").as_string() == std::string_view(c.normalized_path));
        CHECK(got->at("isIp").as_bool() == c.is_ip);
    }
}

TEST_CASE("parseURL rejects what is not an http(s) endpoint") {
    const char* invalid[] = {
        "https://example.com:8443?foo=bar&faz=baz",  // a query (the spec's example)
        "https://example.com/path?query1=foo",
        "https://example.com#frag",
        "acbd://example.com",  // other schemes
        "ftp://example.com",
        "example.com",  // no scheme
        "/just/a/path",
        "https://",  // no host
        "https:///path",
        "http://abc.com:a/foo",  // not a port
        "https://example.com:65536",
        "https://example.com:123456",
        "https://exa mple.com",
        "https://[v1.fe]",  // IPvFuture
        "",
    };
    for (const char* s : invalid) {
        INFO("url: ", std::string(s));
        CHECK_FALSE(parse_url(s).has_value());
    }
}

TEST_CASE("isValidHostLabel follows RFC 1123 labels") {
    CHECK(is_valid_host_label("a", false));
    CHECK(is_valid_host_label("us-east-1", false));
    CHECK(is_valid_host_label("0abc", false));
    CHECK(is_valid_host_label("ABC-def-9", false));
    CHECK(is_valid_host_label(std::string(63, 'a'), false));
    CHECK(is_valid_host_label("abc-", false));  // as Smithy's reference implementation

    CHECK_FALSE(is_valid_host_label("", false));
    CHECK_FALSE(is_valid_host_label(std::string(64, 'a'), false));
    CHECK_FALSE(is_valid_host_label("-abc", false));
    CHECK_FALSE(is_valid_host_label("a_b", false));
    CHECK_FALSE(is_valid_host_label("a b", false));
    CHECK_FALSE(is_valid_host_label("a.b", false));  // dots only with allowSubDomains
    CHECK_FALSE(is_valid_host_label("a/b", false));
    CHECK_FALSE(is_valid_host_label("caf\xc3\xa9", false));
}

TEST_CASE("isValidHostLabel with allowSubDomains checks each dotted part") {
    CHECK(is_valid_host_label("a.b.c", true));
    CHECK(is_valid_host_label("bucket.s3", true));
    CHECK(is_valid_host_label("single", true));
    CHECK(is_valid_host_label(std::string(63, 'a') + "." + std::string(63, 'b'), true));

    CHECK_FALSE(is_valid_host_label("", true));
    CHECK_FALSE(is_valid_host_label("a..b", true));
    CHECK_FALSE(is_valid_host_label(".a", true));
    CHECK_FALSE(is_valid_host_label("a.", true));
    CHECK_FALSE(is_valid_host_label("a.-b", true));
    CHECK_FALSE(is_valid_host_label("a." + std::string(64, 'b'), true));
}

TEST_CASE("uriEncode percent-encodes everything but the unreserved characters") {
    CHECK(uri_encode("") == "");
    CHECK(uri_encode("AZaz09-._~") == "AZaz09-._~");
    CHECK(uri_encode("a b") == "a%20b");
    CHECK(uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\") ==
          "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C");
    CHECK(uri_encode("caf\xc3\xa9") == "caf%C3%A9");  // UTF-8 bytes, upper-case hex
}

TEST_CASE("substring takes [start, stop) from the front or from the back") {
    CHECK(substring("abcdefg", 0, 4, false) == std::optional<std::string>("abcd"));
    CHECK(substring("abcdefg", 2, 5, false) == std::optional<std::string>("cde"));
    CHECK(substring("abcdefg", 0, 7, false) == std::optional<std::string>("abcdefg"));
    CHECK(substring("abcdefg", 0, 4, true) == std::optional<std::string>("defg"));
    CHECK(substring("abcdefg", 1, 3, true) == std::optional<std::string>("ef"));
    CHECK(substring("abcdefg", 6, 7, true) == std::optional<std::string>("a"));

    CHECK_FALSE(substring("abc", 0, 4, false).has_value());   // too short
    CHECK_FALSE(substring("abc", 0, 4, true).has_value());
    CHECK_FALSE(substring("abc", 2, 2, false).has_value());   // empty range
    CHECK_FALSE(substring("abc", 2, 1, false).has_value());   // reversed range
    CHECK_FALSE(substring("abc", -1, 2, false).has_value());  // negative start
    CHECK_FALSE(substring("", 0, 1, false).has_value());
    CHECK_FALSE(substring("ab\xc3\xa9", 0, 1, false).has_value());  // non-ASCII anywhere
}

}  // TEST_SUITE
