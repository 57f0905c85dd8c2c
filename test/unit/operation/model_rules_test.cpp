// The model's constraints as the operations check them (lib/operation/model_rules).
#include "operation/model_rules.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace awsconnect;
using namespace awsconnect::operation;

namespace {
const validation_context ctx{"us-east-1"};
std::string repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}
}  // namespace

TEST_SUITE("operation.model_rules") {

TEST_CASE("ARNs: the account is exactly 12 digits; Connect resources parse to their parts") {
    CHECK(is_account_id("123456789012"));
    CHECK_FALSE(is_account_id("12345678901"));
    CHECK_FALSE(is_account_id("1234567890123"));
    CHECK_FALSE(is_account_id("12345678901a"));
    CHECK_FALSE(is_account_id(""));

    const auto p = parse_phone_number_arn("arn:aws:connect:us-east-1:123456789012:phone-number/abc-1");
    REQUIRE(p);
    CHECK(p->partition == "aws");
    CHECK(p->region == "us-east-1");
    CHECK(p->account == "123456789012");
    CHECK(p->id == "abc-1");
    CHECK_FALSE(parse_phone_number_arn("arn:aws:connect:us-east-1:1234:phone-number/abc"));
    CHECK_FALSE(parse_phone_number_arn("arn:aws:connect:us-east-1:123456789012:phone-number/"));
    CHECK_FALSE(parse_phone_number_arn("arn:aws:connect:us-east-1:123456789012:phone-number/a/b"));
    CHECK_FALSE(parse_phone_number_arn("arn:aws:lambda:us-east-1:123456789012:phone-number/abc"));
    CHECK_FALSE(parse_phone_number_arn("arn:aws:connect:us-east-1:123456789012:instance/abc"));

    const auto i = parse_target_arn("arn:aws:connect:eu-west-2:123456789012:instance/i-1");
    REQUIRE(i);
    CHECK(i->kind == target_kind::instance);
    CHECK(i->region == "eu-west-2");
    CHECK(i->id == "i-1");
    const auto t = parse_target_arn("arn:aws-cn:connect:cn-north-1:123456789012:traffic-distribution-group/t-1");
    REQUIRE(t);
    CHECK(t->kind == target_kind::traffic_distribution_group);
    CHECK(t->partition == "aws-cn");
    CHECK_FALSE(parse_target_arn("arn:aws:connect:us-east-1:123456789012:phone-number/abc"));
    CHECK_FALSE(parse_target_arn("arn:aws:connect:us-east-1:123456789012:instance/"));
    CHECK_FALSE(parse_target_arn("not an arn"));
}

TEST_CASE("patterns: E.164, the prefix, tag keys (Unicode letters, separators and numbers)") {
    CHECK(is_e164("+18005550100"));
    CHECK(is_e164("+44"));
    CHECK(is_e164("+123456789012345"));
    CHECK_FALSE(is_e164("+1234567890123456"));  // 16 digits
    CHECK_FALSE(is_e164("+0800"));
    CHECK_FALSE(is_e164("18005550100"));
    CHECK_FALSE(is_e164("+1"));
    CHECK_FALSE(is_e164("+1 800"));

    CHECK(is_phone_number_prefix("+1800"));
    CHECK(is_phone_number_prefix("44"));
    CHECK(is_phone_number_prefix("+12345678901"));
    CHECK_FALSE(is_phone_number_prefix("+123456789012"));
    CHECK_FALSE(is_phone_number_prefix("+"));
    CHECK_FALSE(is_phone_number_prefix(""));
    CHECK_FALSE(is_phone_number_prefix("1-800"));

    CHECK(is_tag_key("team"));
    CHECK(is_tag_key("cost center/eu_1.a:b=c+d-e@f"));
    CHECK(is_tag_key("\xC3\xA9quipe"));            // équipe: a Latin letter with accent
    CHECK(is_tag_key("\xE6\x97\xA5\xE6\x9C\xAC"));  // 日本
    CHECK(is_tag_key("\xD9\xA3"));                  // ARABIC-INDIC DIGIT THREE (Nd)
    CHECK(is_tag_key(repeat("a", 128)));
    CHECK_FALSE(is_tag_key(repeat("a", 129)));
    CHECK(is_tag_key(repeat("\xC3\xA9", 128)));  // 128 characters, 256 bytes
    CHECK_FALSE(is_tag_key(""));
    CHECK_FALSE(is_tag_key("aws:reserved"));
    CHECK(is_tag_key("AWS:upper"));  // the prefix rule is case-sensitive, as the pattern
    CHECK_FALSE(is_tag_key("a#b"));
    CHECK_FALSE(is_tag_key("\xF0\x9F\x98\x80"));  // an emoji (So): not L, Z or N
    CHECK_FALSE(is_tag_key("tab\tkey"));
    CHECK_FALSE(is_tag_key("\xC3"));  // not UTF-8
}

TEST_CASE("the client token: 1 to 500 characters counted as Unicode characters, not bytes") {
    CHECK_FALSE(check_client_token(std::nullopt));
    CHECK_FALSE(check_client_token(repeat("a", 500)));
    CHECK_FALSE(check_client_token(repeat("\xC3\xA9", 500)));  // 1000 bytes, 500 characters
    const auto too_long = check_client_token(repeat("a", 501));
    REQUIRE(too_long);
    CHECK(too_long->code == errc::invalid_client_token);
    CHECK(too_long->message == "ClientToken is 501 characters long; at most 500 are allowed");
    const auto empty = check_client_token(std::string());
    REQUIRE(empty);
    CHECK(empty->code == errc::invalid_client_token);
    const auto bad = check_client_token(std::string("ab\xFF"));
    REQUIRE(bad);
    CHECK(bad->message == "ClientToken is not valid UTF-8 (at byte 2)");
}

TEST_CASE("the target: exactly one, or at most one; the ARN's Region is the client's") {
    const std::optional<std::string> none;
    const std::optional<std::string> arn = "arn:aws:connect:us-east-1:123456789012:instance/i-1";
    const std::optional<std::string> id = "i-1";
    CHECK_FALSE(check_target(arn, none, target_rule::exactly_one, ctx));
    CHECK_FALSE(check_target(none, id, target_rule::exactly_one, ctx));
    CHECK_FALSE(check_target(none, none, target_rule::at_most_one, ctx));
    auto both = check_target(arn, id, target_rule::at_most_one, ctx);
    REQUIRE(both);
    CHECK(both->code == errc::invalid_input);
    CHECK(both->kind_string() == "VALIDATION_ERROR");
    auto missing = check_target(none, none, target_rule::exactly_one, ctx);
    REQUIRE(missing);
    CHECK(missing->code == errc::invalid_input);
    auto region = check_target(std::string("arn:aws:connect:eu-west-1:123456789012:instance/i-1"), none,
                               target_rule::exactly_one, ctx);
    REQUIRE(region);
    CHECK(region->code == errc::region_mismatch);
    CHECK(region->message == "TargetArn names Region \"eu-west-1\" but this client calls us-east-1");
    auto not_target = check_target(std::string("arn:aws:connect:us-east-1:123456789012:phone-number/p"), none,
                                   target_rule::exactly_one, ctx);
    REQUIRE(not_target);
    CHECK(not_target->code == errc::invalid_input);
    auto long_id = check_target(none, repeat("i", 101), target_rule::exactly_one, ctx);
    REQUIRE(long_id);
    CHECK(long_id->message == "InstanceId is 101 characters long; at most 100 are allowed");
}

TEST_CASE("enums, ranges, tags: one message per rule, naming the model's member") {
    CHECK_FALSE(check_enum("PhoneNumberType", "TOLL_FREE", phone_number_types()));
    auto bad_type = check_enum("PhoneNumberType", "FREE", phone_number_types());
    REQUIRE(bad_type);
    CHECK(bad_type->message ==
          "PhoneNumberType must be one of TOLL_FREE, DID, UIFN, SHARED, THIRD_PARTY_TF, THIRD_PARTY_DID, "
          "SHORT_CODE; got \"FREE\"");
    CHECK(country_codes().size() == 237);
    CHECK(is_one_of("US", country_codes()));
    CHECK(is_one_of("GB", country_codes()));
    CHECK_FALSE(is_one_of("us", country_codes()));
    CHECK(workflow_statuses().size() == 3);

    CHECK_FALSE(check_range("MaxResults", 10, 1, 10));
    auto r = check_range("MaxResults", 11, 1, 10);
    REQUIRE(r);
    CHECK(r->message == "MaxResults must be between 1 and 10; got 11");

    tag_map tags;
    CHECK_FALSE(check_tags(tags));  // empty: not sent
    tags["team"] = repeat("v", 256);
    CHECK_FALSE(check_tags(tags));
    tags["team"] = repeat("v", 257);
    auto long_value = check_tags(tags);
    REQUIRE(long_value);
    CHECK(long_value->message == "Tags value of key \"team\": is 257 characters long; at most 256 are allowed");
    tags.clear();
    for (int i = 0; i < 51; ++i) tags["k" + std::to_string(i)] = "v";
    auto many = check_tags(tags);
    REQUIRE(many);
    CHECK(many->message == "Tags has 51 entries; at most 50 are allowed");
    tags.clear();
    tags["aws:x"] = "v";
    REQUIRE(check_tags(tags));

    CHECK(quote_for_message("abc") == "\"abc\"");
    CHECK(quote_for_message("a\nb") == "(3 bytes)");
    CHECK(quote_for_message(repeat("x", 65)) == "(65 bytes)");
}

}  // TEST_SUITE
