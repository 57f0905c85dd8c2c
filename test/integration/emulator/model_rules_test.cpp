// The model's input rules on their own (lib/emulator/model_rules): lengths in code points,
// the patterns, the enums, ARNs. Pure functions, so tables.
#include "emulator/model_rules.hpp"
#include "operation/model_rules.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace awsconnect::emulator::model;

TEST_SUITE("emulator.model_rules") {

TEST_CASE("lengths are counted in code points, and text must be UTF-8") {
    CHECK(utf8_code_points("") == 0u);
    CHECK(utf8_code_points("abc") == 3u);
    CHECK(utf8_code_points("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80") == 3u);  // é € 😀
    for (const char* bad : {"\xc3", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "a\x80"})
        CHECK_MESSAGE(!utf8_code_points(bad).has_value(), bad);
    std::string e500;
    for (int i = 0; i < 500; ++i) e500 += "\xc3\xa9";
    CHECK(is_valid_client_token(e500));        // 500 characters, 1000 bytes
    CHECK_FALSE(is_valid_client_token(e500 + "x"));
    CHECK(is_valid_client_token(""));
    CHECK_FALSE(is_valid_client_token("\xff"));
    CHECK(is_valid_description(e500));
    CHECK_FALSE(is_valid_description(e500 + "x"));
    CHECK(is_valid_instance_id(std::string(100, 'i')));
    CHECK_FALSE(is_valid_instance_id(std::string(101, 'i')));
    CHECK_FALSE(is_valid_instance_id(""));
    CHECK_FALSE(is_valid_next_token(""));
    CHECK(is_valid_next_token(std::string(100000, 't')));
    CHECK_FALSE(is_valid_next_token(std::string(100001, 't')));
}

TEST_CASE("phone numbers and prefixes") {
    for (const char* ok : {"+12", "+18005550100", "+442071234567", "+123456789012345"})
        CHECK_MESSAGE(is_e164(ok), ok);
    for (const char* bad : {"", "+", "+1", "18005550100", "+0800", "+1234567890123456", "+1 800", "+1-800"})
        CHECK_MESSAGE(!is_e164(bad), bad);
    for (const char* ok : {"1", "+1", "+1800", "44207", "12345678901", "+12345678901"})
        CHECK_MESSAGE(is_phone_number_prefix(ok), ok);
    for (const char* bad : {"", "+", "123456789012", "+1a", "++1", "1+"})
        CHECK_MESSAGE(!is_phone_number_prefix(bad), bad);
}

TEST_CASE("the enums are the model's") {
    CHECK(country_codes().size() == 237);
    CHECK(is_country_code("US"));
    CHECK(is_country_code("GB"));
    CHECK(is_country_code("AN"));
    CHECK_FALSE(is_country_code("us"));
    CHECK_FALSE(is_country_code("UK"));
    CHECK(phone_number_types().size() == 7);
    for (const char* t : {"TOLL_FREE", "DID", "UIFN", "SHARED", "THIRD_PARTY_TF", "THIRD_PARTY_DID", "SHORT_CODE"})
        CHECK(is_phone_number_type(t));
    CHECK_FALSE(is_phone_number_type("did"));
}

TEST_CASE("tags") {
    CHECK(is_valid_tag_key("cost-center"));
    CHECK(is_valid_tag_key("a b_c.d:e/f=g+h-i@j"));
    CHECK(is_valid_tag_key("\xc3\xa9quipe"));  // letters beyond ASCII
    CHECK(is_valid_tag_key(std::string(128, 'k')));
    CHECK_FALSE(is_valid_tag_key(std::string(129, 'k')));
    CHECK_FALSE(is_valid_tag_key(""));
    CHECK_FALSE(is_valid_tag_key("aws:reserved"));
    CHECK(is_valid_tag_key("AWS:not-reserved"));  // the model's pattern is case-sensitive
    CHECK_FALSE(is_valid_tag_key("a!"));
    CHECK_FALSE(is_valid_tag_key("a\xc2\x85"));  // a C1 control
    CHECK(is_valid_tag_value(""));
    CHECK(is_valid_tag_value(std::string(256, 'v')));
    CHECK_FALSE(is_valid_tag_value(std::string(257, 'v')));
}

TEST_CASE("ARNs: exactly 12 digits of account, a TYPE/ID resource") {
    CHECK(is_account_id("123456789012"));
    for (const char* bad : {"12345678901", "1234567890123", "12345678901a", ""})
        CHECK_MESSAGE(!is_account_id(bad), bad);
    const auto a = parse_connect_arn("arn:aws-us-gov:connect:us-gov-west-1:123456789012:instance/abc-1");
    REQUIRE(a.has_value());
    CHECK(a->partition == "aws-us-gov");
    CHECK(a->region == "us-gov-west-1");
    CHECK(a->account == "123456789012");
    CHECK(a->resource_type == "instance");
    CHECK(a->resource_id == "abc-1");
    for (const char* bad : {"arn:aws:s3:us-east-1:123456789012:instance/x",
                            "arn:aws:connect:us-east-1:12345678901:instance/x",
                            "arn:aws:connect:us-east-1:123456789012:instance",
                            "arn:aws:connect:us-east-1:123456789012:instance/",
                            "arn:aws:connect:us-east-1:123456789012:/x",
                            "arn:aws:connect:us-east-1:123456789012:instance/x/phone-number/y",
                            "arn:aws:connect:US-EAST-1:123456789012:instance/x",
                            "arn:AWS:connect:us-east-1:123456789012:instance/x",
                            "arn:aws:connect::123456789012:instance/x", "arn:aws:connect", ""})
        CHECK_MESSAGE(!parse_connect_arn(bad).has_value(), bad);
    CHECK(partition_of("us-east-1") == "aws");
    CHECK(partition_of("cn-north-1") == "aws-cn");
    CHECK(partition_of("us-gov-west-1") == "aws-us-gov");
}

TEST_CASE("issue 13 C14: the client and the emulator apply one rule each (tokens in characters, 12-digit accounts)") {
    namespace op = awsconnect::operation;
    std::string e500, e501;
    for (int i = 0; i < 500; ++i) e500 += "\xC3\xA9";  // 500 characters, 1000 bytes
    e501 = e500 + "x";
    const std::string tokens[] = {"t", std::string(500, 'a'), std::string(501, 'a'), e500, e501};
    for (const auto& t : tokens) {
        CAPTURE(t.size());
        CHECK(is_valid_client_token(t) == !op::check_client_token(t).has_value());
    }
    CHECK(is_valid_client_token(e500));
    CHECK_FALSE(is_valid_client_token(e501));
    const std::string accounts[] = {"123456789012", "12345678901", "1234567890123", "12345678901a", ""};
    for (const auto& a : accounts) CHECK(is_account_id(a) == op::is_account_id(a));
    const std::string arns[] = {
        "arn:aws:connect:us-east-1:123456789012:phone-number/p",
        "arn:aws:connect:us-east-1:1234567890:phone-number/p",
        "arn:AWS:connect:us-east-1:123456789012:phone-number/p",
        "arn:aws:connect:US-EAST-1:123456789012:phone-number/p",
        "arn:aws:connect:us-east-1:123456789012:instance/i/x",
    };
    for (const auto& a : arns) {
        CAPTURE(a);
        CHECK(parse_connect_arn(a).has_value() == op::parse_phone_number_arn(a).has_value() +
                                                     op::parse_target_arn(a).has_value());
    }
    const std::string keys[] = {"team", "\xE2\x80\x8B", "\xEF\xBC\x81", "\xF0\x9F\x98\x80", "aws:x", "\xC3\xA9t\xC3\xA9"};
    for (const auto& k : keys) CHECK(is_valid_tag_key(k) == op::is_tag_key(k));
    CHECK_FALSE(is_valid_tag_key("\xE2\x80\x8B"));  // ZERO WIDTH SPACE is a format character (Cf)
}

}  // TEST_SUITE
