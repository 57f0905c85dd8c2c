// Each operation's reading of a 2xx response: every member of the output shape, members
// the model does not know ignored, a body that is not the shape reported as
// malformed_response (PROTOCOL_ERROR) naming the member.
#include "operation/claim_phone_number.hpp"
#include "operation/describe_phone_number.hpp"
#include "operation/list_phone_numbers_v2.hpp"
#include "operation/release_phone_number.hpp"
#include "operation/search_available_phone_numbers.hpp"
#include "operation/update_phone_number.hpp"
#include "operation/update_phone_number_metadata.hpp"

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::operation;

namespace {
http::response ok(std::string body) {
    http::response r;
    r.status = 200;
    r.body = std::move(body);
    return r;
}
}  // namespace

TEST_SUITE("operation.parse") {

TEST_CASE("DescribePhoneNumber reads every member of ClaimedPhoneNumberSummary") {
    const auto r = ok(R"({"ClaimedPhoneNumberSummary":{
        "PhoneNumberId":"id-1","PhoneNumberArn":"arn:aws:connect:us-east-1:123456789012:phone-number/id-1",
        "PhoneNumber":"+18005550100","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE",
        "PhoneNumberDescription":"desk","TargetArn":"arn:aws:connect:us-east-1:123456789012:instance/i-1",
        "InstanceId":"i-1","Tags":{"team":"a","env":"prod"},
        "PhoneNumberStatus":{"Status":"FAILED","Message":"carrier said no"},
        "SourcePhoneNumberArn":"arn:src","SomethingNew":42}})");
    describe_phone_number_request in{"id-1"};
    describe_phone_number_response out;
    REQUIRE_FALSE(describe_phone_number::parse(r, in, out, {}));
    const auto& s = out.claimed_phone_number_summary;
    CHECK(s.phone_number_id == "id-1");
    CHECK(s.phone_number_arn == "arn:aws:connect:us-east-1:123456789012:phone-number/id-1");
    CHECK(s.phone_number == "+18005550100");
    CHECK(s.phone_number_country_code == "US");
    CHECK(s.phone_number_type == "TOLL_FREE");
    CHECK(s.phone_number_description == "desk");
    CHECK(s.target_arn == "arn:aws:connect:us-east-1:123456789012:instance/i-1");
    CHECK(s.instance_id == "i-1");
    CHECK(s.tags == tag_map{{"env", "prod"}, {"team", "a"}});
    CHECK(s.phone_number_status.status == "FAILED");
    CHECK(s.phone_number_status.message == "carrier said no");
    CHECK(s.source_phone_number_arn == "arn:src");
}

TEST_CASE("absent members stay empty; null reads as absent") {
    describe_phone_number_request in{"id-1"};
    describe_phone_number_response out;
    REQUIRE_FALSE(describe_phone_number::parse(ok(R"({"ClaimedPhoneNumberSummary":{"PhoneNumberId":"x",
        "PhoneNumberDescription":null}})"), in, out, {}));
    CHECK(out.claimed_phone_number_summary.phone_number_id == "x");
    CHECK_FALSE(out.claimed_phone_number_summary.phone_number_description.has_value());
    CHECK(out.claimed_phone_number_summary.phone_number_status.status.empty());
}

TEST_CASE("a body that is not the output shape is malformed_response, naming where") {
    describe_phone_number_request in{"id-1"};
    {
        describe_phone_number_response out;
        auto e = describe_phone_number::parse(ok("<html>"), in, out, {});
        REQUIRE(e);
        CHECK(e->code == errc::malformed_response);
        CHECK(e->kind_string() == "PROTOCOL_ERROR");
        CHECK(e->message.starts_with("DescribePhoneNumber succeeded, but its response could not be read: the body "
                                     "is not JSON"));
    }
    {
        describe_phone_number_response out;
        auto e = describe_phone_number::parse(ok(R"({"ClaimedPhoneNumberSummary":{"Tags":{"a":1}}})"), in, out, {});
        REQUIRE(e);
        CHECK(e->message ==
              "DescribePhoneNumber succeeded, but its response could not be read: ClaimedPhoneNumberSummary.Tags: "
              "expected an object of strings");
    }
    {
        list_phone_numbers_v2_request lin;
        list_phone_numbers_v2_response out;
        auto e = list_phone_numbers_v2::parse(
            ok(R"({"ListPhoneNumbersSummaryList":[{"PhoneNumberId":"a"},{"PhoneNumber":7}]})"), lin, out, {});
        REQUIRE(e);
        CHECK(e->message == "ListPhoneNumbersV2 succeeded, but its response could not be read: "
                            "ListPhoneNumbersSummaryList[1].PhoneNumber: expected a string");
    }
    {
        claim_phone_number_request cin{"+18005550100"};
        claim_phone_number_response out;
        auto e = claim_phone_number::parse(ok("[1,2]"), cin, out, {});
        REQUIRE(e);
        CHECK(e->message == "ClaimPhoneNumber succeeded, but its response could not be read: the body is not a "
                            "JSON object");
    }
}

TEST_CASE("Search, Claim, Update: their outputs; Release and UpdateMetadata: any 2xx body") {
    {
        search_available_phone_numbers_request in{"US", "DID"};
        search_available_phone_numbers_response out;
        REQUIRE_FALSE(search_available_phone_numbers::parse(
            ok(R"({"AvailableNumbersList":[{"PhoneNumber":"+12025550100","PhoneNumberCountryCode":"US",
               "PhoneNumberType":"DID"}]})"),
            in, out, {}));
        REQUIRE(out.available_numbers_list.size() == 1);
        CHECK(out.available_numbers_list[0].phone_number == "+12025550100");
        CHECK(out.available_numbers_list[0].phone_number_type == "DID");
        CHECK_FALSE(out.next_token.has_value());
    }
    {
        claim_phone_number_request in{"+12025550100"};
        claim_phone_number_response out;
        REQUIRE_FALSE(claim_phone_number::parse(ok(R"({"PhoneNumberId":"p","PhoneNumberArn":"a"})"), in, out, {}));
        CHECK(out.phone_number_id == "p");
        CHECK(out.phone_number_arn == "a");
    }
    {
        update_phone_number_request in{"p"};
        update_phone_number_response out;
        REQUIRE_FALSE(update_phone_number::parse(ok(R"({"PhoneNumberId":"p","PhoneNumberArn":"a"})"), in, out, {}));
        CHECK(out.phone_number_arn == "a");
    }
    {
        const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
        release_phone_number_request in{"p"};
        release_phone_number_response out;
        REQUIRE_FALSE(release_phone_number::parse(ok("not json at all"), in, out, {now}));
        CHECK(out.phone_number_id == "p");
        CHECK(out.released_at == now);
    }
    {
        update_phone_number_metadata_request in{"p"};
        update_phone_number_metadata_response out;
        REQUIRE_FALSE(update_phone_number_metadata::parse(ok(""), in, out, {}));
        CHECK(out.phone_number_id == "p");
    }
}

}  // TEST_SUITE
