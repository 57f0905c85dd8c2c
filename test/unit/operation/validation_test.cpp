// Each operation's local validation (VALIDATION_ERROR, nothing sent): a table of requests
// and the exact rule each one breaks, or none.
#include "operation/claim_phone_number.hpp"
#include "operation/describe_phone_number.hpp"
#include "operation/list_phone_numbers_v2.hpp"
#include "operation/release_phone_number.hpp"
#include "operation/search_available_phone_numbers.hpp"
#include "operation/update_phone_number.hpp"
#include "operation/update_phone_number_metadata.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

using namespace awsconnect;
using namespace awsconnect::operation;

namespace {

const validation_context ctx{"us-east-1"};
const std::string instance_arn = "arn:aws:connect:us-east-1:123456789012:instance/i-1";
const std::string tdg_arn = "arn:aws:connect:us-east-1:123456789012:traffic-distribution-group/t-1";

struct row {
    std::string name;
    std::function<std::optional<error>()> validate;
    std::optional<errc> expected;  // nothing: valid
    std::string message;           // checked when not empty
};

void run(const std::vector<row>& rows) {
    for (const auto& r : rows) {
        CAPTURE(r.name);
        const auto e = r.validate();
        if (!r.expected) {
            CHECK_MESSAGE(!e.has_value(), (e ? e->message : ""));
            continue;
        }
        REQUIRE(e.has_value());
        CHECK(e->code == *r.expected);
        CHECK(e->kind_string() == "VALIDATION_ERROR");
        if (!r.message.empty()) CHECK(e->message == r.message);
    }
}

template <class Op, class F>
std::function<std::optional<error>()> with(F build) {
    return [build] {
        typename Op::input in = build();
        return Op::validate(in, ctx);
    };
}

}  // namespace

TEST_SUITE("operation.validation") {

TEST_CASE("SearchAvailablePhoneNumbers") {
    using op = search_available_phone_numbers;
    auto base = [] {
        search_available_phone_numbers_request r{"US", "TOLL_FREE"};
        r.instance_id = "i-1";
        return r;
    };
    run({
        {"valid", with<op>(base), std::nullopt, ""},
        {"valid with a traffic distribution group and every option",
         with<op>([&] {
             auto r = base();
             r.instance_id.reset();
             r.target_arn = tdg_arn;
             r.phone_number_prefix = "+1800";
             r.max_results = 10;
             r.next_token = "x";
             return r;
         }),
         std::nullopt, ""},
        {"no target", with<op>([&] {
             auto r = base();
             r.instance_id.reset();
             return r;
         }),
         errc::invalid_input, ""},
        {"both targets", with<op>([&] {
             auto r = base();
             r.target_arn = instance_arn;
             return r;
         }),
         errc::invalid_input, "TargetArn and InstanceId are mutually exclusive: give one of them"},
        {"unknown country", with<op>([&] {
             auto r = base();
             r.phone_number_country_code = "XX";
             return r;
         }),
         errc::invalid_input, ""},
        {"missing type", with<op>([&] {
             auto r = base();
             r.phone_number_type.clear();
             return r;
         }),
         errc::invalid_input, "PhoneNumberType is required"},
        {"bad prefix", with<op>([&] {
             auto r = base();
             r.phone_number_prefix = "1-800";
             return r;
         }),
         errc::invalid_input, "PhoneNumberPrefix must be 1 to 11 digits, optionally after a '+'; got \"1-800\""},
        {"MaxResults 11", with<op>([&] {
             auto r = base();
             r.max_results = 11;
             return r;
         }),
         errc::invalid_input, "MaxResults must be between 1 and 10; got 11"},
        {"MaxResults 0", with<op>([&] {
             auto r = base();
             r.max_results = 0;
             return r;
         }),
         errc::invalid_input, ""},
        {"empty NextToken", with<op>([&] {
             auto r = base();
             r.next_token = "";
             return r;
         }),
         errc::invalid_input, "NextToken must not be empty"},
        {"TargetArn in another Region", with<op>([&] {
             auto r = base();
             r.instance_id.reset();
             r.target_arn = "arn:aws:connect:eu-west-2:123456789012:instance/i-1";
             return r;
         }),
         errc::region_mismatch, ""},
    });
}

TEST_CASE("ClaimPhoneNumber") {
    using op = claim_phone_number;
    auto base = [] {
        claim_phone_number_request r{"+18005550100"};
        r.target_arn = instance_arn;
        return r;
    };
    run({
        {"valid", with<op>(base), std::nullopt, ""},
        {"valid with everything", with<op>([&] {
             auto r = base();
             r.phone_number_description = std::string(500, 'd');
             r.tags = {{"team", "a"}, {"cost center", ""}};
             r.client_token = std::string(500, 't');
             return r;
         }),
         std::nullopt, ""},
        {"no phone number", with<op>([&] {
             auto r = base();
             r.phone_number.clear();
             return r;
         }),
         errc::invalid_input, "PhoneNumber is required"},
        {"not E.164", with<op>([&] {
             auto r = base();
             r.phone_number = "18005550100";
             return r;
         }),
         errc::invalid_input, ""},
        {"no target", with<op>([&] {
             auto r = base();
             r.target_arn.reset();
             return r;
         }),
         errc::invalid_input, ""},
        {"a phone-number ARN as target", with<op>([&] {
             auto r = base();
             r.target_arn = "arn:aws:connect:us-east-1:123456789012:phone-number/p";
             return r;
         }),
         errc::invalid_input, ""},
        {"description of 501 characters", with<op>([&] {
             auto r = base();
             r.phone_number_description = std::string(501, 'd');
             return r;
         }),
         errc::invalid_input, "PhoneNumberDescription is 501 characters long; at most 500 are allowed"},
        {"a reserved tag key", with<op>([&] {
             auto r = base();
             r.tags = {{"aws:createdBy", "x"}};
             return r;
         }),
         errc::invalid_input, ""},
        {"an empty token", with<op>([&] {
             auto r = base();
             r.client_token = "";
             return r;
         }),
         errc::invalid_client_token, ""},
        {"a 501-character token", with<op>([&] {
             auto r = base();
             r.client_token = std::string(501, 't');
             return r;
         }),
         errc::invalid_client_token, ""},
    });
}

TEST_CASE("DescribePhoneNumber, UpdatePhoneNumber, UpdatePhoneNumberMetadata, ReleasePhoneNumber") {
    const std::string id = "00000000-0000-4000-8000-000000000001";
    run({
        {"describe: valid", with<describe_phone_number>([&] { return describe_phone_number_request{id}; }),
         std::nullopt, ""},
        {"describe: an ARN", with<describe_phone_number>([&] {
             return describe_phone_number_request{"arn:aws:connect:us-east-1:123456789012:phone-number/" + id};
         }),
         std::nullopt, ""},
        {"describe: empty", with<describe_phone_number>([] { return describe_phone_number_request{}; }),
         errc::invalid_phone_number_id, "PhoneNumberId is required and must not be empty"},
        {"describe: an ARN with an 11-digit account", with<describe_phone_number>([&] {
             return describe_phone_number_request{"arn:aws:connect:us-east-1:12345678901:phone-number/" + id};
         }),
         errc::invalid_phone_number_id, ""},
        {"describe: an ARN in another Region", with<describe_phone_number>([&] {
             return describe_phone_number_request{"arn:aws:connect:eu-west-1:123456789012:phone-number/" + id};
         }),
         errc::region_mismatch, ""},
        {"update: valid", with<update_phone_number>([&] {
             update_phone_number_request r{id};
             r.instance_id = "i-2";
             return r;
         }),
         std::nullopt, ""},
        {"update: no target", with<update_phone_number>([&] { return update_phone_number_request{id}; }),
         errc::invalid_input, ""},
        {"update: a control character in the id", with<update_phone_number>([&] {
             update_phone_number_request r{"a\x01"};
             r.instance_id = "i-2";
             return r;
         }),
         errc::invalid_phone_number_id, "PhoneNumberId contains a control character (at byte 1)"},
        {"metadata: valid without a description",
         with<update_phone_number_metadata>([&] { return update_phone_number_metadata_request{id}; }), std::nullopt,
         ""},
        {"metadata: a token of 501 characters", with<update_phone_number_metadata>([&] {
             return update_phone_number_metadata_request{id, std::string(501, 'x')};
         }),
         errc::invalid_client_token, ""},
        {"release: valid", with<release_phone_number>([&] { return release_phone_number_request{id}; }),
         std::nullopt, ""},
        {"release: 501 bytes", with<release_phone_number>([] { return release_phone_number_request{std::string(501, 'a')}; }),
         errc::invalid_phone_number_id, "PhoneNumberId is 501 bytes long; at most 500 are allowed"},
    });
}

TEST_CASE("ListPhoneNumbersV2") {
    using op = list_phone_numbers_v2;
    run({
        {"valid with nothing (every instance of the account)", with<op>([] { return list_phone_numbers_v2_request{}; }),
         std::nullopt, ""},
        {"valid with every filter", with<op>([] {
             list_phone_numbers_v2_request r;
             r.instance_id = "i-1";
             r.max_results = 1000;
             r.phone_number_country_codes = {"US", "GB", "DE", "FR", "IT", "ES", "NL", "BE", "AT", "CH"};
             r.phone_number_types = {"TOLL_FREE", "DID", "UIFN", "SHARED", "THIRD_PARTY_TF", "THIRD_PARTY_DID"};
             r.phone_number_prefix = "+1";
             return r;
         }),
         std::nullopt, ""},
        {"both targets", with<op>([] {
             list_phone_numbers_v2_request r;
             r.instance_id = "i-1";
             r.target_arn = instance_arn;
             return r;
         }),
         errc::invalid_input, ""},
        {"11 country codes", with<op>([] {
             list_phone_numbers_v2_request r;
             r.phone_number_country_codes = std::vector<std::string>(11, "US");
             return r;
         }),
         errc::invalid_input, "PhoneNumberCountryCodes has 11 entries; at most 10 are allowed"},
        {"7 types", with<op>([] {
             list_phone_numbers_v2_request r;
             r.phone_number_types = std::vector<std::string>(7, "DID");
             return r;
         }),
         errc::invalid_input, "PhoneNumberTypes has 7 entries; at most 6 are allowed"},
        {"a bad type", with<op>([] {
             list_phone_numbers_v2_request r;
             r.phone_number_types = {"DID", "MOBILE"};
             return r;
         }),
         errc::invalid_input, ""},
        {"MaxResults 1001", with<op>([] {
             list_phone_numbers_v2_request r;
             r.max_results = 1001;
             return r;
         }),
         errc::invalid_input, "MaxResults must be between 1 and 1000; got 1001"},
    });
}

}  // TEST_SUITE
