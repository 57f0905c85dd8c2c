// The CLI's value formats (tools/cli/arguments.hpp): --tags in the AWS CLI's shorthand and
// in JSON, list options, base64 and the --starting-token of a walk cut short by
// --max-items, with exact values and the messages of bad input.
#include "arguments.hpp"

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::cli;

namespace {
template <class T>
T ok(const parsed<T>& p) {
    if (const auto* msg = std::get_if<std::string>(&p)) FAIL("unexpected error: " << *msg);
    return std::get<T>(p);
}
template <class T>
std::string err(const parsed<T>& p) {
    REQUIRE(std::holds_alternative<std::string>(p));
    return std::get<std::string>(p);
}
}  // namespace

TEST_SUITE("cli arguments") {

TEST_CASE("--tags shorthand: pairs, spaces trimmed, quoted values with , and =, empty values") {
    CHECK(ok(parse_tags("team=blue,env=prod")) == tag_map{{"team", "blue"}, {"env", "prod"}});
    CHECK(ok(parse_tags(" team = blue , env=prod ")) == tag_map{{"team", "blue"}, {"env", "prod"}});
    CHECK(ok(parse_tags(R"(note="a,b=c",'cost center'='4 2')")) == tag_map{{"note", "a,b=c"}, {"cost center", "4 2"}});
    CHECK(ok(parse_tags("empty=")) == tag_map{{"empty", ""}});
    CHECK(ok(parse_tags("k=v=w")) == tag_map{{"k", "v=w"}});
}

TEST_CASE("--tags JSON: an object of strings") {
    CHECK(ok(parse_tags(R"({"team":"blue","a b":"c,d"})")) == tag_map{{"team", "blue"}, {"a b", "c,d"}});
    CHECK(ok(parse_tags("{}")).empty());
    CHECK(err(parse_tags(R"({"n":1})")) == "--tags: the value of 'n' is not a string");
    CHECK(err(parse_tags(R"({"n":)")).rfind("--tags: not a JSON object of strings", 0) == 0);
}

TEST_CASE("--tags: bad shorthand is a clear error") {
    CHECK(err(parse_tags("")) == "--tags: no tags given (expected Key=Value,... or a JSON object)");
    CHECK(err(parse_tags("team")) ==
          "--tags: expected Key=Value, found 'team' without '=' (write Key=Value,Key2=Value2 or JSON)");
    CHECK(err(parse_tags("=v")) == "--tags: a tag has an empty key");
    CHECK(err(parse_tags("a=1,a=2")) == "--tags: the key 'a' is given twice");
    CHECK(err(parse_tags("a=1,")) == "--tags: a comma with no tag after it");
    CHECK(err(parse_tags(R"(a="open)")) == "--tags: a quote is not closed");
    CHECK(err(parse_tags(R"(a="x"y)")) == "--tags: unexpected text after the value of 'a'");
}

TEST_CASE("list options: several values, comma-separated values, JSON arrays") {
    CHECK(ok(parse_string_list({"US", "GB"})) == std::vector<std::string>{"US", "GB"});
    CHECK(ok(parse_string_list({"US,GB", "CA"})) == std::vector<std::string>{"US", "GB", "CA"});
    CHECK(ok(parse_string_list({R"(["TOLL_FREE","DID"])"})) == std::vector<std::string>{"TOLL_FREE", "DID"});
    CHECK(err(parse_string_list({"US,,GB"})) == "an empty value in 'US,,GB'");
    CHECK(err(parse_string_list({"[1]"})) == "not a JSON array of non-empty strings: '[1]'");
    CHECK(err(parse_string_list({"[\"US\""})) == "not a JSON array of strings: '[\"US\"'");
}

TEST_CASE("base64: RFC 4648 test vectors, both ways; other characters refused") {
    const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                           {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        CHECK(base64_encode(plain) == encoded);
        CHECK(base64_decode(encoded) == std::optional<std::string>(plain));
    }
    CHECK(base64_decode("Zm9vYg") == std::optional<std::string>("foob"));  // padding optional
    CHECK_FALSE(base64_decode("Zm9v!"));
    CHECK_FALSE(base64_decode("Z"));
}

TEST_CASE("--starting-token: the AWS CLI's format, both ways") {
    const starting_token mid{std::string("page-2"), 3};
    const std::string text = encode_starting_token(mid);
    CHECK(base64_decode(text) == std::optional<std::string>(R"({"NextToken":"page-2","boto_truncate_amount":3})"));
    CHECK(ok(decode_starting_token(text)) == mid);
    // The first page, cut after 2 items; a page boundary (no truncation).
    CHECK(base64_decode(encode_starting_token({std::nullopt, 2})) ==
          std::optional<std::string>(R"({"NextToken":null,"boto_truncate_amount":2})"));
    CHECK(ok(decode_starting_token(encode_starting_token({std::string("p3"), 0}))) == starting_token{std::string("p3"), 0});
    // What the AWS CLI itself prints (spaces after the colons).
    CHECK(ok(decode_starting_token(base64_encode(R"({"NextToken": "abc", "boto_truncate_amount": 1})"))) ==
          starting_token{std::string("abc"), 1});
    const std::string bad = "--starting-token: not a token printed by --max-items (as 'next_token')";
    CHECK(err(decode_starting_token("not base64!")) == bad);
    CHECK(err(decode_starting_token(base64_encode("[1]"))) == bad);
    CHECK(err(decode_starting_token(base64_encode(R"({"NextToken":"a","other":1})"))) == bad);
    CHECK(err(decode_starting_token(base64_encode(R"({"boto_truncate_amount":-1})"))) == bad);
}

}  // TEST_SUITE
