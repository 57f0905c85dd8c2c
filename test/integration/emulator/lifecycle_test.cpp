// The phone-number lifecycle in the emulator's pure core: signed requests (our SigV4
// signer, JSON bodies as SDKs send them) go through `handle_request` — the function the
// server runs for every request — against a `service_state`, at a time the test moves.
// Each test checks exact answers (status, X-Amzn-ErrorType, body members) and counters:
// one test per operation, every modeled error, the input rules of the model, idempotency
// (replay and conflict for every token-bearing operation), IN_PROGRESS, page tokens that
// stay stable while numbers are claimed and released between pages, the 30-day cooldown
// with the clock moved by hand, and the signature covering the body.
#include "emulator/service_core.hpp"
#include "signed_request.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace std::chrono;
namespace json = boost::json;

namespace {

const system_clock::time_point t0 = sys_days{year{2024} / 5 / 6} + 7h + 8min + 9s;

const std::string instance = default_instance_id();
const std::string other_instance = "33333333-3333-4333-8333-333333333333";
const std::string tdg = "22222222-2222-4222-8222-222222222222";
const std::string arn_base = "arn:aws:connect:us-east-1:123456789012:";
const std::string instance_arn_text = arn_base + "instance/" + instance;
const std::string other_instance_arn = arn_base + "instance/" + other_instance;
const std::string tdg_arn = arn_base + "traffic-distribution-group/" + tdg;

server_config make_config() {
    server_config c;
    c.instance_ids = {instance, other_instance};
    c.traffic_distribution_group_ids = {tdg};
    c.available_per_pool = 5;
    c.claim_count = 2;
    c.claim_latency = 5s;
    c.update_latency = 10s;
    return c;
}

std::string body(const json::object& o) { return json::serialize(o); }

struct fixture {
    server_config config;
    service_settings settings;
    std::optional<service_state> state;
    sigv4::signing_key_cache keys;
    request_scratch scratch;
    system_clock::time_point now = t0;

    explicit fixture(server_config c = make_config()) : config(std::move(c)), settings(config) {
        state.emplace(config, now);
    }
    fixture(const fixture&) = delete;  // `settings` refers to `config`

    response send_signed(const test::test_request& r) {
        test::test_request copy = r;
        response out;
        handle_request(copy.view(), settings, {*state}, now, keys, scratch, out);
        return out;
    }
    response send(test::test_request r) {
        test::signer s;
        s.time = now;
        s.sign(r);
        return send_signed(r);
    }
    response search(const json::object& o) { return send(test::search_request(body(o))); }
    response claim(const json::object& o) { return send(test::claim_request(body(o))); }
    response describe(std::string_view id) { return send(test::describe_request(id)); }
    response list(const json::object& o) { return send(test::list_request(body(o))); }
    response update(std::string_view id, const json::object& o) {
        return send(test::update_request(id, body(o)));
    }
    response metadata(std::string_view id, const json::object& o) {
        return send(test::metadata_request(id, body(o)));
    }
    response release(std::string_view id, std::optional<std::string_view> token = std::nullopt) {
        return send(test::release_request(id, token));
    }

    /// Claims `number` for `target_arn` (default: the default instance, by InstanceId);
    /// returns its PhoneNumberId.
    std::string claim_number(std::string_view number, std::string_view target_arn = {}) {
        json::object o{{"PhoneNumber", number}};
        if (target_arn.empty())
            o["InstanceId"] = instance;
        else
            o["TargetArn"] = target_arn;
        const response r = claim(o);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        return std::string(json::parse(r.body).at("PhoneNumberId").as_string());
    }
    const counters& stats() const { return state->stats; }
};

json::object object_of(const response& r) { return json::parse(r.body).as_object(); }

std::vector<std::string> numbers_of(const json::array& list) {
    std::vector<std::string> out;
    for (const auto& item : list) out.emplace_back(item.at("PhoneNumber").as_string());
    return out;
}

void check_error(const response& r, int status, std::string_view type, std::string_view message = {}) {
    CHECK_MESSAGE(r.status == status, r.body);
    CHECK(r.error_type == type);
    const auto o = object_of(r);
    REQUIRE_MESSAGE(o.contains("Message"), r.body);  // the model's member name
    if (!message.empty()) CHECK(o.at("Message").as_string() == message);
}

}  // namespace

TEST_SUITE("emulator.lifecycle") {

TEST_CASE("SearchAvailablePhoneNumbers: available numbers of a country and type, in order, page by page") {
    fixture f;
    const json::object us_toll_free{{"InstanceId", instance},
                                    {"PhoneNumberCountryCode", "US"},
                                    {"PhoneNumberType", "TOLL_FREE"},
                                    {"MaxResults", 2}};
    const response first = f.search(us_toll_free);
    REQUIRE(first.status == 200);
    auto o = object_of(first);
    CHECK(o.at("AvailableNumbersList") ==
          json::parse(R"([{"PhoneNumber":"+18000000000","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE"},
                          {"PhoneNumber":"+18000000001","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE"}])"));
    REQUIRE(o.contains("NextToken"));
    json::object next = us_toll_free;
    next["NextToken"] = o.at("NextToken");
    o = object_of(f.search(next));
    CHECK(numbers_of(o.at("AvailableNumbersList").as_array()) ==
          std::vector<std::string>{"+18000000002", "+18000000003"});
    next["NextToken"] = o.at("NextToken");
    o = object_of(f.search(next));
    CHECK(numbers_of(o.at("AvailableNumbersList").as_array()) == std::vector<std::string>{"+18000000004"});
    CHECK_FALSE(o.contains("NextToken"));  // the last page

    SUBCASE("TargetArn (an instance or a traffic distribution group) names a target too") {
        for (const std::string& arn : {instance_arn_text, tdg_arn}) {
            const response r = f.search({{"TargetArn", arn}, {"PhoneNumberCountryCode", "GB"},
                                         {"PhoneNumberType", "DID"}});
            REQUIRE(r.status == 200);
            CHECK(numbers_of(object_of(r).at("AvailableNumbersList").as_array()) ==
                  std::vector<std::string>{"+442070000000", "+442070000001", "+442070000002",
                                           "+442070000003", "+442070000004"});
        }
    }
    SUBCASE("PhoneNumberPrefix, with or without '+'; MaxResults defaults to 10") {
        for (const char* prefix : {"+1800000000", "1800000000"}) {
            json::object q = us_toll_free;
            q.erase("MaxResults");
            q["PhoneNumberPrefix"] = prefix;
            CHECK(object_of(f.search(q)).at("AvailableNumbersList").as_array().size() == 5);
        }
        json::object none = us_toll_free;
        none["PhoneNumberPrefix"] = "+1206";
        CHECK(object_of(f.search(none)) == json::parse(R"({"AvailableNumbersList":[]})"));
    }
    SUBCASE("a country or type without numbers: an empty list") {
        const response r = f.search({{"InstanceId", instance}, {"PhoneNumberCountryCode", "FR"},
                                     {"PhoneNumberType", "DID"}});
        CHECK(r.status == 200);
        CHECK(r.body == R"({"AvailableNumbersList":[]})");
    }
    SUBCASE("claimed numbers are not available; pre-claimed ones neither") {
        f.claim_number("+18000000001");
        json::object q = us_toll_free;
        q.erase("MaxResults");
        CHECK(numbers_of(object_of(f.search(q)).at("AvailableNumbersList").as_array()) ==
              std::vector<std::string>{"+18000000000", "+18000000002", "+18000000003", "+18000000004"});
        const response did = f.search({{"InstanceId", instance}, {"PhoneNumberCountryCode", "US"},
                                       {"PhoneNumberType", "DID"}});
        const auto dids = numbers_of(object_of(did).at("AvailableNumbersList").as_array());
        CHECK(dids.size() == 5);
        CHECK(std::none_of(dids.begin(), dids.end(), [](const std::string& n) { return n.starts_with("+1555"); }));
    }
    SUBCASE("an unknown target: InvalidParameterException (the operation models no ResourceNotFound)") {
        check_error(f.search({{"InstanceId", "no-such-instance"}, {"PhoneNumberCountryCode", "US"},
                              {"PhoneNumberType", "DID"}}),
                    400, "InvalidParameterException", "Instance no-such-instance was not found.");
        check_error(f.search({{"TargetArn", "arn:aws:connect:eu-west-1:123456789012:instance/" + instance},
                              {"PhoneNumberCountryCode", "US"}, {"PhoneNumberType", "DID"}}),
                    400, "InvalidParameterException");
    }
    CHECK(f.stats().search_available_phone_numbers.requests >= 3);
    CHECK(f.stats().search_available_phone_numbers.commits == 0);
}

TEST_CASE("ClaimPhoneNumber: a new PhoneNumberId, IN_PROGRESS for the claim latency, then CLAIMED") {
    fixture f;
    const response r = f.claim({{"InstanceId", instance},
                                {"PhoneNumber", "+18000000002"},
                                {"PhoneNumberDescription", "front desk"},
                                {"Tags", {{"team", "support"}, {"cost-center", "42"}}},
                                {"ClientToken", "claim-token-1"}});
    REQUIRE(r.status == 200);
    const auto o = object_of(r);
    CHECK(o.size() == 2);
    const std::string id(o.at("PhoneNumberId").as_string());
    phone_number_key k;
    CHECK(parse_uuid(id, k));
    CHECK(o.at("PhoneNumberArn").as_string() == arn_base + "phone-number/" + id);
    CHECK(r.committed);

    auto status = [&] {
        return std::string(object_of(f.describe(id)).at("ClaimedPhoneNumberSummary").at("PhoneNumberStatus").at("Status").as_string());
    };
    CHECK(status() == "IN_PROGRESS");
    f.now += 4s;
    CHECK(status() == "IN_PROGRESS");
    f.now += 1s;
    CHECK(status() == "CLAIMED");

    // No longer available: another claim of it is refused.
    check_error(f.claim({{"InstanceId", instance}, {"PhoneNumber", "+18000000002"}}), 400,
                "InvalidParameterException",
                "PhoneNumber +18000000002 is not available to claim: search for available numbers "
                "with SearchAvailablePhoneNumbers.");
    SUBCASE("a number the emulator does not offer is not available either") {
        check_error(f.claim({{"InstanceId", instance}, {"PhoneNumber", "+19995550100"}}), 400,
                    "InvalidParameterException");
    }
    SUBCASE("an unknown target: ResourceNotFoundException") {
        check_error(f.claim({{"TargetArn", arn_base + "instance/00000000-0000-4000-8000-00000000beef"},
                             {"PhoneNumber", "+18000000003"}}),
                    404, "ResourceNotFoundException");
        check_error(f.claim({{"InstanceId", "nope"}, {"PhoneNumber", "+18000000003"}}), 404,
                    "ResourceNotFoundException", "Instance nope was not found.");
    }
    CHECK(f.stats().claim_phone_number.commits == 1);
    CHECK(f.stats().claimed_twice == 0);
}

TEST_CASE("DescribePhoneNumber: every member of ClaimedPhoneNumberSummary, by id or ARN") {
    fixture f;
    const std::string id = f.claim_number("+442070000003", tdg_arn);
    f.now += 5s;
    const json::value expected = json::parse(R"({"ClaimedPhoneNumberSummary":{
        "PhoneNumberId":")" + id + R"(",
        "PhoneNumberArn":")" + arn_base + "phone-number/" + id + R"(",
        "PhoneNumber":"+442070000003","PhoneNumberCountryCode":"GB","PhoneNumberType":"DID",
        "TargetArn":")" + tdg_arn + R"(","PhoneNumberStatus":{"Status":"CLAIMED"}}})");
    CHECK(json::parse(f.describe(id).body) == expected);  // a traffic distribution group: no InstanceId
    CHECK(json::parse(f.describe(arn_base + "phone-number/" + id).body) == expected);

    SUBCASE("an instance's number has its InstanceId, description and tags") {
        const response c = f.claim({{"TargetArn", instance_arn_text},
                                    {"PhoneNumber", "+18000000000"},
                                    {"PhoneNumberDescription", "sales"},
                                    {"Tags", {{"b", "2"}, {"a", "1"}}}});
        const std::string id2(object_of(c).at("PhoneNumberId").as_string());
        const auto s = object_of(f.describe(id2)).at("ClaimedPhoneNumberSummary").as_object();
        CHECK(s.at("InstanceId").as_string() == instance);
        CHECK(s.at("TargetArn").as_string() == instance_arn_text);
        CHECK(s.at("PhoneNumberDescription").as_string() == "sales");
        CHECK(s.at("Tags") == json::parse(R"({"a":"1","b":"2"})"));
        CHECK(s.at("PhoneNumberStatus").at("Status").as_string() == "IN_PROGRESS");
    }
    SUBCASE("pre-claimed numbers: +1555..., on the first instance, CLAIMED") {
        const auto s = object_of(f.describe(claimed_phone_number_id(1))).at("ClaimedPhoneNumberSummary");
        CHECK(s.at("PhoneNumber").as_string() == claimed_phone_number(1));
        CHECK(s.at("PhoneNumber").as_string() == "+15550000001");
        CHECK(s.at("InstanceId").as_string() == instance);
        CHECK(s.at("PhoneNumberStatus").at("Status").as_string() == "CLAIMED");
    }
    SUBCASE("not found, another Region, malformed") {
        check_error(f.describe("12345678-1234-4234-8234-123456789abc"), 404, "ResourceNotFoundException",
                    "Phone number 12345678-1234-4234-8234-123456789abc was not found.");
        check_error(f.describe("arn:aws:connect:eu-west-2:123456789012:phone-number/" + id), 404,
                    "ResourceNotFoundException");
        check_error(f.describe("not-an-id"), 400, "InvalidParameterException");
        check_error(f.describe("claim"), 400, "InvalidParameterException");  // GET /phone-number/claim
    }
    CHECK(f.stats().describe_phone_number.commits == 0);
}

TEST_CASE("ListPhoneNumbersV2: the claimed numbers of a target, filtered, page by page") {
    fixture f;
    const std::string a = f.claim_number("+18000000004");             // US TOLL_FREE, instance
    const std::string b = f.claim_number("+442070000001");            // GB DID, instance
    const std::string c = f.claim_number("+12060000003", tdg_arn);    // US DID, TDG
    const std::string d = f.claim_number("+448000000000", other_instance_arn);  // GB TOLL_FREE

    auto listed = [&](json::object q) {
        const response r = f.list(q);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        return numbers_of(object_of(r).at("ListPhoneNumbersSummaryList").as_array());
    };
    // The default instance: the two pre-claimed numbers and two claims, by number.
    CHECK(listed({{"InstanceId", instance}}) ==
          std::vector<std::string>{"+15550000000", "+15550000001", "+18000000004", "+442070000001"});
    CHECK(listed({{"TargetArn", instance_arn_text}}) == listed({{"InstanceId", instance}}));
    CHECK(listed({{"TargetArn", tdg_arn}}) == std::vector<std::string>{"+12060000003"});
    // No target: every claimed number of the account.
    CHECK(listed({}) == std::vector<std::string>{"+12060000003", "+15550000000", "+15550000001",
                                                 "+18000000004", "+442070000001", "+448000000000"});
    CHECK(listed({{"PhoneNumberCountryCodes", json::array{"GB"}}}) ==
          std::vector<std::string>{"+442070000001", "+448000000000"});
    CHECK(listed({{"PhoneNumberTypes", json::array{"TOLL_FREE"}}}) ==
          std::vector<std::string>{"+18000000004", "+448000000000"});
    CHECK(listed({{"PhoneNumberTypes", json::array{"TOLL_FREE", "DID"}}, {"PhoneNumberCountryCodes", json::array{"US"}}}) ==
          std::vector<std::string>{"+12060000003", "+15550000000", "+15550000001", "+18000000004"});
    CHECK(listed({{"PhoneNumberPrefix", "+1555"}}) == std::vector<std::string>{"+15550000000", "+15550000001"});
    CHECK(listed({{"PhoneNumberPrefix", "44"}}) == std::vector<std::string>{"+442070000001", "+448000000000"});

    // Every ListPhoneNumbersSummary member.
    const auto items = object_of(f.list({{"TargetArn", tdg_arn}})).at("ListPhoneNumbersSummaryList").as_array();
    CHECK(items.at(0) == json::parse(R"({"PhoneNumberId":")" + c + R"(","PhoneNumberArn":")" + arn_base +
                                     "phone-number/" + c + R"(","PhoneNumber":"+12060000003",)"
                                     R"("PhoneNumberCountryCode":"US","PhoneNumberType":"DID","TargetArn":")" +
                                     tdg_arn + R"("})"));

    SUBCASE("pages of MaxResults, NextToken until the last page") {
        std::vector<std::string> walked;
        json::object q{{"MaxResults", 4}};
        int pages = 0;
        for (;; ++pages) {
            REQUIRE(pages < 10);
            const auto o = object_of(f.list(q));
            for (auto& n : numbers_of(o.at("ListPhoneNumbersSummaryList").as_array())) walked.push_back(n);
            if (!o.contains("NextToken")) break;
            q["NextToken"] = o.at("NextToken");
        }
        CHECK(pages == 1);
        CHECK(walked == listed({}));
    }
    SUBCASE("an unknown target: ResourceNotFoundException; both: InvalidParameterException") {
        check_error(f.list({{"InstanceId", "nope"}}), 404, "ResourceNotFoundException");
        check_error(f.list({{"InstanceId", instance}, {"TargetArn", instance_arn_text}}), 400,
                    "InvalidParameterException", "Give either TargetArn or InstanceId, not both.");
    }
    SUBCASE("released numbers leave the list") {
        f.now += 5s;
        REQUIRE(f.release(a).status == 200);
        CHECK(listed({{"InstanceId", instance}}) ==
              std::vector<std::string>{"+15550000000", "+15550000001", "+442070000001"});
    }
    (void)b;
    (void)d;
}

TEST_CASE("UpdatePhoneNumber: moves a number to another target, IN_PROGRESS for the update latency") {
    fixture f;
    const std::string id = claimed_phone_number_id(0);  // CLAIMED, on the default instance
    const response r = f.update(id, {{"TargetArn", tdg_arn}, {"ClientToken", "move-1"}});
    REQUIRE(r.status == 200);
    CHECK(object_of(r) == json::parse(R"({"PhoneNumberId":")" + id + R"(","PhoneNumberArn":")" +
                                      arn_base + "phone-number/" + id + R"("})"));
    auto summary = [&] { return object_of(f.describe(id)).at("ClaimedPhoneNumberSummary").as_object(); };
    CHECK(summary().at("TargetArn").as_string() == tdg_arn);
    CHECK_FALSE(summary().contains("InstanceId"));
    CHECK(summary().at("PhoneNumberStatus").at("Status").as_string() == "IN_PROGRESS");

    // While IN_PROGRESS: Update, UpdateMetadata and Release answer ResourceInUseException.
    const std::string in_use_body = R"({"Message":"Phone number )" + id +
                                    R"( has a claim or an update in progress (status IN_PROGRESS); try again )"
                                    R"(once DescribePhoneNumber shows CLAIMED.","ResourceType":"PHONE_NUMBER",)"
                                    R"("ResourceId":")" + arn_base + "phone-number/" + id + R"("})";
    for (const response& busy : {f.update(id, {{"InstanceId", instance}}),
                                 f.metadata(id, {{"PhoneNumberDescription", "x"}}), f.release(id)}) {
        CHECK(busy.status == 409);
        CHECK(busy.error_type == "ResourceInUseException");
        CHECK(busy.body == in_use_body);
    }
    f.now += 10s;
    CHECK(summary().at("PhoneNumberStatus").at("Status").as_string() == "CLAIMED");
    CHECK(numbers_of(object_of(f.list({{"TargetArn", tdg_arn}})).at("ListPhoneNumbersSummaryList").as_array()) ==
          std::vector<std::string>{"+15550000000"});
    CHECK(f.update(id, {{"InstanceId", other_instance}}).status == 200);
    f.now += 10s;
    CHECK(summary().at("InstanceId").as_string() == other_instance);

    SUBCASE("unknown number, unknown target, malformed target") {
        check_error(f.update("12345678-1234-4234-8234-123456789abc", {{"InstanceId", instance}}), 404,
                    "ResourceNotFoundException");
        check_error(f.update(id, {{"InstanceId", "nope"}}), 404, "ResourceNotFoundException",
                    "Instance nope was not found.");
        check_error(f.update(id, {{"TargetArn", "arn:aws:connect:us-east-1:12345:instance/x"}}), 400,
                    "InvalidParameterException");
        check_error(f.update(id, {}), 400, "InvalidParameterException", "TargetArn or InstanceId is required.");
    }
    CHECK(f.stats().update_phone_number.commits == 2);
    CHECK(f.stats().in_use == 3);
}

TEST_CASE("UpdatePhoneNumberMetadata: sets the description; without one, changes nothing") {
    fixture f;
    const std::string id = claimed_phone_number_id(1);
    const response r = f.metadata(id, {{"PhoneNumberDescription", "night line"}, {"ClientToken", "meta-1"}});
    CHECK(r.status == 200);
    CHECK(r.body == "{}");
    auto description = [&] {
        const auto s = object_of(f.describe(id)).at("ClaimedPhoneNumberSummary").as_object();
        return s.contains("PhoneNumberDescription") ? std::string(s.at("PhoneNumberDescription").as_string())
                                                    : std::string("<none>");
    };
    CHECK(description() == "night line");
    CHECK(f.metadata(id, json::object{}).status == 200);
    CHECK(description() == "night line");
    CHECK(f.metadata(id, {{"PhoneNumberDescription", ""}}).status == 200);
    CHECK(description() == "");
    check_error(f.metadata("12345678-1234-4234-8234-123456789abc", {{"PhoneNumberDescription", "x"}}), 404,
                "ResourceNotFoundException");
    CHECK(f.stats().update_phone_number_metadata.commits == 2);
}

TEST_CASE("ReleasePhoneNumber in the lifecycle: IN_PROGRESS numbers are in use; the id is gone after") {
    fixture f;
    const std::string id = f.claim_number("+18000000000");
    const response busy = f.release(id, "rel-1");
    check_error(busy, 409, "ResourceInUseException");
    CHECK(object_of(busy).at("ResourceType").as_string() == "PHONE_NUMBER");
    CHECK(object_of(busy).at("ResourceId").as_string() == arn_base + "phone-number/" + id);
    f.now += 5s;
    // The same token: the in-use answer was not remembered, so the retry releases.
    const response ok = f.release(id, "rel-1");
    CHECK(ok.status == 200);
    CHECK_FALSE(ok.replayed);
    check_error(f.release(id), 404, "ResourceNotFoundException");
    check_error(f.describe(id), 404, "ResourceNotFoundException");
    check_error(f.update(id, {{"InstanceId", instance}}), 404, "ResourceNotFoundException");
    check_error(f.metadata(id, {{"PhoneNumberDescription", "x"}}), 404, "ResourceNotFoundException");
    CHECK(f.stats().commits == 1);
    CHECK(f.stats().release_phone_number.commits == 1);
}

TEST_CASE("the lifecycle on the emulator's clock: claim, release, 30 days of cooldown, available again") {
    fixture f;
    const json::object search_us_did{{"InstanceId", instance}, {"PhoneNumberCountryCode", "US"},
                                     {"PhoneNumberType", "DID"}, {"PhoneNumberPrefix", "+1206000000"}};
    auto searchable = [&] {
        const auto n = numbers_of(object_of(f.search(search_us_did)).at("AvailableNumbersList").as_array());
        return std::find(n.begin(), n.end(), "+12060000002") != n.end();
    };
    const json::object claim_it{{"InstanceId", instance}, {"PhoneNumber", "+12060000002"}};
    REQUIRE(searchable());
    const std::string first = f.claim_number("+12060000002");
    CHECK_FALSE(searchable());
    f.now += 5s;
    REQUIRE(f.release(first).status == 200);
    const auto released_at = f.now;

    // The cooldown: neither searchable nor claimable, and the id is gone.
    for (const auto later : {0s, 1s, duration_cast<seconds>(days(15)), duration_cast<seconds>(days(30)) - 1s}) {
        f.now = released_at + later;
        CAPTURE(later.count());
        CHECK_FALSE(searchable());
        check_error(f.claim(claim_it), 400, "InvalidParameterException");
        check_error(f.describe(first), 404, "ResourceNotFoundException");
        check_error(f.release(first), 404, "ResourceNotFoundException");
    }
    // 30 days later: available again; a claim gives it a new id, the old one stays gone.
    f.now = released_at + days(30);
    CHECK(searchable());
    const std::string second = f.claim_number("+12060000002");
    CHECK(second != first);
    check_error(f.describe(first), 404, "ResourceNotFoundException");
    CHECK(object_of(f.describe(second)).at("ClaimedPhoneNumberSummary").at("PhoneNumber").as_string() ==
          "+12060000002");
    CHECK(f.stats().claimed_twice == 0);
    CHECK(f.stats().released_twice == 0);
    CHECK(f.stats().claim_phone_number.commits == 2);
}

TEST_CASE("idempotency for every token-bearing operation: the first answer is replayed, another input conflicts") {
    fixture f;
    f.now += 1s;
    struct op_case {
        const char* name;
        std::function<response(const std::string& token, bool other_input)> call;
        std::function<const operation_counters&()> counters;
    };
    const std::string pre0 = claimed_phone_number_id(0), pre1 = claimed_phone_number_id(1);
    std::vector<op_case> cases{
        {"ClaimPhoneNumber",
         [&](const std::string& t, bool other) {
             return f.claim({{"InstanceId", instance},
                             {"PhoneNumber", other ? "+18000000001" : "+18000000000"},
                             {"ClientToken", t}});
         },
         [&]() -> const operation_counters& { return f.stats().claim_phone_number; }},
        {"UpdatePhoneNumber",
         [&](const std::string& t, bool other) {
             return f.update(pre0, {{"TargetArn", other ? other_instance_arn : tdg_arn}, {"ClientToken", t}});
         },
         [&]() -> const operation_counters& { return f.stats().update_phone_number; }},
        {"UpdatePhoneNumberMetadata",
         [&](const std::string& t, bool other) {
             return f.metadata(pre1, {{"PhoneNumberDescription", other ? "b" : "a"}, {"ClientToken", t}});
         },
         [&]() -> const operation_counters& { return f.stats().update_phone_number_metadata; }},
        {"ReleasePhoneNumber",
         [&](const std::string& t, bool other) { return f.release(other ? pre0 : pre1, t); },
         [&]() -> const operation_counters& { return f.stats().release_phone_number; }},
    };
    for (auto& c : cases) {
        CAPTURE(c.name);
        const std::string token = std::string("token-") + c.name;
        const response first = c.call(token, false);
        REQUIRE_MESSAGE(first.status == 200, first.body);
        CHECK(c.counters().commits == 1);
        f.now += 1h;
        const response replay = c.call(token, false);
        CHECK(replay.status == 200);
        CHECK(replay.body == first.body);  // the same PhoneNumberId for a claim
        CHECK(replay.replayed);
        CHECK_FALSE(replay.committed);
        CHECK(c.counters().commits == 1);  // nothing done again
        CHECK(c.counters().replays == 1);
        const response conflict = c.call(token, true);
        check_error(conflict, 409, "IdempotencyException");
        CHECK(c.counters().commits == 1);
        f.now += 12h;  // past any IN_PROGRESS
    }
    CHECK(f.stats().idempotency_conflict == 4);
    CHECK(f.stats().idempotent_replays == 4);

    SUBCASE("tokens are scoped by operation") {
        const response r = f.metadata(pre0, {{"PhoneNumberDescription", "z"}, {"ClientToken", "token-ClaimPhoneNumber"}});
        CHECK(r.status == 200);
        CHECK_FALSE(r.replayed);
    }
    SUBCASE("a failure is replayed too, until the window ends") {
        const std::string unknown = "12345678-1234-4234-8234-123456789abc";
        check_error(f.update(unknown, {{"InstanceId", instance}, {"ClientToken", "miss"}}), 404,
                    "ResourceNotFoundException");
        f.state->numbers.claim_id(phone_number_key{parse_phone_number_id(unknown, "us-east-1").key}, f.now);
        const response again = f.update(unknown, {{"InstanceId", instance}, {"ClientToken", "miss"}});
        CHECK(again.status == 404);
        CHECK(again.replayed);
        f.now += 24h;
        CHECK(f.update(unknown, {{"InstanceId", instance}, {"ClientToken", "miss"}}).status == 200);
    }
    SUBCASE("after 24 hours a claim token is forgotten: the same input is a new claim") {
        f.now += 24h;
        const response late = f.claim({{"InstanceId", instance}, {"PhoneNumber", "+18000000000"},
                                       {"ClientToken", "token-ClaimPhoneNumber"}});
        check_error(late, 400, "InvalidParameterException");  // it is claimed already
        CHECK_FALSE(late.replayed);
    }
    CHECK(f.stats().claimed_twice == 0);
    CHECK(f.stats().released_twice == 0);
}

TEST_CASE("the model's input rules: InvalidParameterException before anything is looked at") {
    fixture f;
    const std::string id = claimed_phone_number_id(0);
    const std::string long_text_500 = [] {
        std::string s;
        for (int i = 0; i < 500; ++i) s += "\xc3\xa9";  // 500 characters, 1000 bytes
        return s;
    }();
    struct row {
        const char* what;
        test::test_request request;
        std::string message;  // empty: any
    };
    const json::object search_ok{{"InstanceId", instance}, {"PhoneNumberCountryCode", "US"},
                                 {"PhoneNumberType", "DID"}};
    auto search_with = [&](const char* key, json::value v) {
        json::object o = search_ok;
        if (v.is_null())
            o.erase(key);
        else
            o[key] = v;
        return test::search_request(body(o));
    };
    auto claim_with = [&](const char* key, json::value v) {
        json::object o{{"InstanceId", instance}, {"PhoneNumber", "+18000000000"}};
        o[key] = v;
        return test::claim_request(body(o));
    };
    auto list_with = [&](const char* key, json::value v) { return test::list_request(body({{key, v}})); };
    json::object fifty_one_tags;
    for (int i = 0; i < 51; ++i) fifty_one_tags["k" + std::to_string(i)] = "v";

    const std::vector<row> rows{
        {"a body that is not JSON", test::claim_request("{"), "The request body must be a JSON object."},
        {"a body that is a list", test::list_request("[]"), "The request body must be a JSON object."},
        {"MaxResults 0", search_with("MaxResults", 0), "MaxResults must be between 1 and 10."},
        {"MaxResults 11", search_with("MaxResults", 11), "MaxResults must be between 1 and 10."},
        {"MaxResults 1001", list_with("MaxResults", 1001), "MaxResults must be between 1 and 1000."},
        {"MaxResults text", list_with("MaxResults", "5"), "MaxResults must be an integer."},
        {"MaxResults huge", list_with("MaxResults", json::value(std::uint64_t{1} << 63)),
         "MaxResults must be between 1 and 1000."},
        {"no country", search_with("PhoneNumberCountryCode", nullptr), "PhoneNumberCountryCode is required."},
        {"a country not in the enum", search_with("PhoneNumberCountryCode", "XX"), ""},
        {"lower-case country", search_with("PhoneNumberCountryCode", "us"), ""},
        {"no type", search_with("PhoneNumberType", nullptr), "PhoneNumberType is required."},
        {"a type not in the enum", search_with("PhoneNumberType", "MOBILE"),
         "PhoneNumberType must be one of TOLL_FREE, DID, UIFN, SHARED, THIRD_PARTY_TF, THIRD_PARTY_DID, SHORT_CODE."},
        {"no target", search_with("InstanceId", nullptr), "TargetArn or InstanceId is required."},
        {"both targets", search_with("TargetArn", json::value(instance_arn_text)),
         "Give either TargetArn or InstanceId, not both."},
        {"an ARN of another service",
         test::search_request(body({{"TargetArn", "arn:aws:s3:us-east-1:123456789012:instance/x"},
                                    {"PhoneNumberCountryCode", "US"}, {"PhoneNumberType", "DID"}})), ""},
        {"an ARN with an 11-digit account",
         test::search_request(body({{"TargetArn", "arn:aws:connect:us-east-1:12345678901:instance/x"},
                                    {"PhoneNumberCountryCode", "US"}, {"PhoneNumberType", "DID"}})), ""},
        {"a phone-number ARN as target",
         test::search_request(body({{"TargetArn", arn_base + "phone-number/" + id},
                                    {"PhoneNumberCountryCode", "US"}, {"PhoneNumberType", "DID"}})), ""},
        {"InstanceId of 101 characters", search_with("InstanceId", json::value(std::string(101, 'i'))),
         "InstanceId must be 1 to 100 characters long."},
        {"an empty InstanceId", search_with("InstanceId", ""), "InstanceId must be 1 to 100 characters long."},
        {"a prefix with letters", search_with("PhoneNumberPrefix", "+1abc"),
         "PhoneNumberPrefix must be 1 to 11 digits, optionally after a '+'."},
        {"a prefix of 12 digits", search_with("PhoneNumberPrefix", "+123456789012"), ""},
        {"an empty NextToken", search_with("NextToken", ""), "NextToken must be 1 to 100000 characters long."},
        {"a NextToken that is not ours", search_with("NextToken", "AAAA"), "NextToken is not valid for this request."},
        {"a string member as a number", search_with("PhoneNumberType", 3), "PhoneNumberType must be a string."},
        {"no PhoneNumber", test::claim_request(body({{"InstanceId", instance}})), "PhoneNumber is required."},
        {"a PhoneNumber without '+'", claim_with("PhoneNumber", "18000000000"), ""},
        {"a PhoneNumber of 16 digits", claim_with("PhoneNumber", "+1234567890123456"), ""},
        {"a PhoneNumber starting with 0", claim_with("PhoneNumber", "+0800"), ""},
        {"a description of 501 characters", claim_with("PhoneNumberDescription", json::value(long_text_500 + "x")),
         "PhoneNumberDescription must be at most 500 characters long."},
        {"Tags empty", claim_with("Tags", json::object{}), "Tags must have 1 to 50 entries."},
        {"51 Tags", claim_with("Tags", fifty_one_tags), "Tags must have 1 to 50 entries."},
        {"a tag key starting with aws:", claim_with("Tags", json::object{{"aws:x", "v"}}), ""},
        {"a tag key with '!'", claim_with("Tags", json::object{{"a!", "v"}}), ""},
        {"a tag value of 257 characters", claim_with("Tags", json::object{{"k", std::string(257, 'v')}}),
         "Tag values must be at most 256 characters long."},
        {"a tag value that is a number", claim_with("Tags", json::object{{"k", 1}}),
         "Tags must be a map of strings to strings."},
        {"a ClientToken of 501 characters", claim_with("ClientToken", json::value(long_text_500 + "x")),
         "ClientToken must be at most 500 characters long."},
        {"11 country codes",
         list_with("PhoneNumberCountryCodes", json::array{"US", "GB", "FR", "DE", "IT", "ES", "PT", "NL", "BE", "AT", "CH"}),
         "PhoneNumberCountryCodes must have at most 10 items."},
        {"7 types",
         list_with("PhoneNumberTypes", json::array{"DID", "DID", "DID", "DID", "DID", "DID", "DID"}),
         "PhoneNumberTypes must have at most 6 items."},
        {"a type list with a bad type", list_with("PhoneNumberTypes", json::array{"DID", "PAGER"}), ""},
        {"a country list that is a string", list_with("PhoneNumberCountryCodes", "US"),
         "PhoneNumberCountryCodes must be a list of strings."},
        {"an Update without a target", test::update_request(id, "{}"), "TargetArn or InstanceId is required."},
        {"a metadata description of 501 characters",
         test::metadata_request(id, body({{"PhoneNumberDescription", long_text_500 + "x"}})), ""},
        {"a malformed PhoneNumberId", test::update_request("not-an-id", body({{"InstanceId", instance}})),
         "PhoneNumberId must be a phone number id (a UUID) or a phone number ARN."},
        {"a release token of 501 characters", test::release_request(id, long_text_500 + "x"),
         "ClientToken must be at most 500 characters long."},
    };
    std::uint64_t n = 0;
    for (const row& r : rows) {
        CAPTURE(r.what);
        const response out = f.send(r.request);
        check_error(out, 400, "InvalidParameterException", r.message);
        CHECK(f.stats().invalid_parameter == ++n);
    }
    CHECK(f.stats().commits == 0);
    CHECK(f.stats().claim_phone_number.commits == 0);
    SUBCASE("500 characters are fine, whatever their bytes") {
        CHECK(f.claim({{"InstanceId", instance}, {"PhoneNumber", "+18000000000"},
                       {"PhoneNumberDescription", long_text_500}, {"ClientToken", long_text_500}})
                  .status == 200);
        CHECK(f.release(claimed_phone_number_id(1), long_text_500).status == 200);
    }
    SUBCASE("unknown members are ignored; null is absent") {
        const response r = f.search({{"InstanceId", instance}, {"PhoneNumberCountryCode", "US"},
                                     {"PhoneNumberType", "DID"}, {"TargetArn", nullptr},
                                     {"SomethingNew", 1}});
        CHECK(r.status == 200);
    }
}

TEST_CASE("page tokens are stable: numbers claimed and released between pages never make a walk skip or repeat one") {
    fixture f;
    // Numbers that exist for the whole walk: the pre-claimed two and twelve claims.
    std::vector<std::string> steady;
    for (int i = 0; i < 4; ++i) {
        for (const char* prefix : {"+1800000000", "+1206000000", "+44207000000"}) {
            const std::string n = std::string(prefix) + std::to_string(i);
            f.claim_number(n);
            steady.push_back(n);
        }
    }
    steady.push_back("+15550000000");
    steady.push_back("+15550000001");
    f.now += 5s;
    // Numbers that come and go during the walk (before and after the walk's position).
    std::vector<std::string> churn_ids;
    const std::vector<std::string> churn_numbers{"+18000000004", "+12060000004", "+442070000004",
                                                 "+448000000000", "+448000000001", "+448000000002"};
    std::size_t next_churn = 0;

    std::vector<std::string> walked;
    json::object q{{"InstanceId", instance}, {"MaxResults", 3}};
    for (int page = 0;; ++page) {
        REQUIRE(page < 20);
        const response r = f.list(q);
        REQUIRE_MESSAGE(r.status == 200, r.body);
        const auto o = object_of(r);
        for (auto& n : numbers_of(o.at("ListPhoneNumbersSummaryList").as_array())) walked.push_back(n);
        if (!o.contains("NextToken")) break;
        q["NextToken"] = o.at("NextToken");
        // Between pages: claim one number, release an earlier churn number.
        if (next_churn < churn_numbers.size()) churn_ids.push_back(f.claim_number(churn_numbers[next_churn++]));
        if (churn_ids.size() > 1) {
            f.now += 5s;
            REQUIRE(f.release(churn_ids[churn_ids.size() - 2]).status == 200);
        }
    }
    std::sort(steady.begin(), steady.end());
    std::vector<std::string> seen_steady;
    for (const auto& n : walked)
        if (std::find(steady.begin(), steady.end(), n) != steady.end()) seen_steady.push_back(n);
    CHECK(seen_steady == steady);  // each exactly once, in order
    CHECK(std::is_sorted(walked.begin(), walked.end()));
    CHECK(std::set<std::string>(walked.begin(), walked.end()).size() == walked.size());

    SUBCASE("search pages are stable the same way") {
        std::vector<std::string> found;
        json::object s{{"InstanceId", instance}, {"PhoneNumberCountryCode", "GB"},
                       {"PhoneNumberType", "DID"}, {"MaxResults", 1}};
        // Available GB DIDs now: none of 0..3 (claimed), 4 maybe churned; release 0 and 2.
        for (;;) {
            const auto o = object_of(f.search(s));
            for (auto& n : numbers_of(o.at("AvailableNumbersList").as_array())) found.push_back(n);
            if (!o.contains("NextToken")) break;
            s["NextToken"] = o.at("NextToken");
            if (found.size() == 1) f.claim_number(found[0]);  // what was found goes away: no matter
        }
        CHECK(std::set<std::string>(found.begin(), found.end()).size() == found.size());
        CHECK(std::is_sorted(found.begin(), found.end()));
    }
    SUBCASE("a token is bound to its filters") {
        json::object other = q;
        other["InstanceId"] = other_instance;
        REQUIRE(q.contains("NextToken"));
        check_error(f.list(other), 400, "InvalidParameterException", "NextToken is not valid for this request.");
    }
}

TEST_CASE("a NextToken from another request, or altered, is refused") {
    fixture f;
    const json::object q{{"InstanceId", instance}, {"PhoneNumberCountryCode", "US"},
                         {"PhoneNumberType", "TOLL_FREE"}, {"MaxResults", 1}};
    const std::string token(object_of(f.search(q)).at("NextToken").as_string());
    json::object same = q;
    same["NextToken"] = token;
    CHECK(f.search(same).status == 200);
    json::object other_type = same;
    other_type["PhoneNumberType"] = "DID";
    check_error(f.search(other_type), 400, "InvalidParameterException", "NextToken is not valid for this request.");
    check_error(f.list({{"NextToken", token}}), 400, "InvalidParameterException");  // another operation
    std::string altered = token;
    altered[5] = altered[5] == 'A' ? 'B' : 'A';
    same["NextToken"] = altered;
    check_error(f.search(same), 400, "InvalidParameterException");
}

TEST_CASE("the signature covers the body") {
    fixture f;
    test::signer s;
    s.time = f.now;
    test::test_request r = test::claim_request(body({{"InstanceId", instance}, {"PhoneNumber", "+18000000000"}}));
    s.sign(r);
    SUBCASE("a body changed after signing: InvalidSignatureException, nothing claimed") {
        r.body = body({{"InstanceId", instance}, {"PhoneNumber", "+18000000001"}});
        const response out = f.send_signed(r);
        CHECK(out.status == 403);
        CHECK(out.error_type == "InvalidSignatureException");
        CHECK(f.stats().claim_phone_number.commits == 0);
        CHECK(f.stats().claim_phone_number.errors == 1);
    }
    SUBCASE("x-amz-content-sha256 must be the body's hash") {
        test::test_request h = test::claim_request(body({{"InstanceId", instance}, {"PhoneNumber", "+18000000000"}}));
        h.set_header("x-amz-content-sha256", std::string(64, '0'));
        s.sign(h);
        const response out = f.send_signed(h);
        CHECK(out.status == 403);
        CHECK(object_of(out).at("message").as_string() ==
              "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    SUBCASE("x-amz-content-sha256 that is the body's hash: accepted") {
        test::test_request h = test::claim_request(body({{"InstanceId", instance}, {"PhoneNumber", "+18000000000"}}));
        const auto hash = crypto::to_hex(crypto::sha256_of(h.body));
        h.set_header("x-amz-content-sha256", std::string(hash.data(), hash.size()));
        s.sign(h);
        CHECK(f.send_signed(h).status == 200);
    }
    SUBCASE("UNSIGNED-PAYLOAD only without a body") {
        test::signer u = s;
        u.payload_hash = "UNSIGNED-PAYLOAD";  // signed as such: only the body is left out
        test::test_request h = test::claim_request(body({{"InstanceId", instance}, {"PhoneNumber", "+18000000000"}}));
        h.set_header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        u.sign(h);
        const response refused = f.send_signed(h);
        CHECK(refused.status == 403);
        CHECK(object_of(refused).at("message").as_string() ==
              "x-amz-content-sha256: UNSIGNED-PAYLOAD is not accepted for a request with a body: "
              "the body must be signed.");
        test::test_request d = test::describe_request(claimed_phone_number_id(0));
        d.set_header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        u.sign(d);
        CHECK(f.send_signed(d).status == 200);
    }
    SUBCASE("the signed body as sent: accepted") { CHECK(f.send_signed(r).status == 200); }
}

TEST_CASE("a TargetArn of another account: AccessDeniedException, for every operation that takes one") {
    fixture f;
    const std::string foreign = "arn:aws:connect:us-east-1:210987654321:instance/" + instance;
    const std::string message = "You do not have sufficient access to perform this action: TargetArn " +
                                foreign + " belongs to another account.";
    check_error(f.search({{"TargetArn", foreign}, {"PhoneNumberCountryCode", "US"}, {"PhoneNumberType", "DID"}}),
                403, "AccessDeniedException", message);
    check_error(f.claim({{"TargetArn", foreign}, {"PhoneNumber", "+18000000000"}}), 403, "AccessDeniedException",
                message);
    check_error(f.list({{"TargetArn", foreign}}), 403, "AccessDeniedException", message);
    check_error(f.update(claimed_phone_number_id(0), {{"TargetArn", foreign}}), 403, "AccessDeniedException",
                message);
    CHECK(f.stats().access_denied == 4);
    CHECK(f.stats().claim_phone_number.commits == 0);
    CHECK(f.stats().update_phone_number.commits == 0);
}

TEST_CASE("counters per operation, with the tripwires") {
    fixture f;
    f.search({{"InstanceId", instance}, {"PhoneNumberCountryCode", "US"}, {"PhoneNumberType", "DID"}});
    const std::string id = f.claim_number("+18000000000");
    f.describe(id);
    f.describe("12345678-1234-4234-8234-123456789abc");
    f.list({});
    f.now += 5s;
    f.update(id, {{"TargetArn", tdg_arn}});
    f.now += 10s;
    f.metadata(id, {{"PhoneNumberDescription", "d"}});
    f.release(id, "t");
    f.release(id, "t");
    auto unsigned_claim = test::claim_request("{}");
    unsigned_claim.set_header("Host", "127.0.0.1");
    f.send_signed(unsigned_claim);

    const counters& c = f.stats();
    auto check = [](const operation_counters& o, std::uint64_t requests, std::uint64_t ok, std::uint64_t commits,
                    std::uint64_t replays) {
        CHECK(o.requests == requests);
        CHECK(o.ok == ok);
        CHECK(o.errors == requests - ok);
        CHECK(o.commits == commits);
        CHECK(o.replays == replays);
    };
    check(c.search_available_phone_numbers, 1, 1, 0, 0);
    check(c.claim_phone_number, 2, 1, 1, 0);  // the unsigned one is an error
    check(c.describe_phone_number, 2, 1, 0, 0);
    check(c.list_phone_numbers_v2, 1, 1, 0, 0);
    check(c.update_phone_number, 1, 1, 1, 0);
    check(c.update_phone_number_metadata, 1, 1, 1, 0);
    check(c.release_phone_number, 2, 2, 1, 1);
    CHECK(c.commits == 1);  // releases
    CHECK(c.missing_authentication_token == 1);
    CHECK(c.claimed_twice == 0);
    CHECK(c.released_twice == 0);
    const auto j = json::parse(to_json(c)).as_object();
    CHECK(j.at("claimed_twice").as_int64() == 0);
    CHECK(j.at("operations").at("ClaimPhoneNumber") ==
          json::parse(R"({"requests":2,"ok":1,"errors":1,"commits":1,"replays":0})"));
    // The seven Connect operations and the four of the credentials services.
    CHECK(j.at("operations").as_object().size() == 11);
    CHECK(j.at("operations").at("AssumeRole") ==
          json::parse(R"({"requests":0,"ok":0,"errors":0,"commits":0,"replays":0})"));
}

TEST_CASE("claim-any numbers work with every operation that names an id") {
    server_config c = make_config();
    c.claim_any = true;
    fixture f(c);
    const std::string id = "0badc0de-0000-4000-8000-000000000123";
    const auto s = object_of(f.describe(id)).at("ClaimedPhoneNumberSummary");
    CHECK(s.at("PhoneNumber").as_string().starts_with("+1999"));
    CHECK(s.at("PhoneNumberStatus").at("Status").as_string() == "CLAIMED");
    CHECK(f.metadata(id, {{"PhoneNumberDescription", "x"}}).status == 200);
    CHECK(f.update(id, {{"InstanceId", other_instance}}).status == 200);
    f.now += 10s;
    CHECK(f.release(id).status == 200);
    check_error(f.describe(id), 404, "ResourceNotFoundException");
    CHECK(f.stats().released_twice == 0);
}

}  // TEST_SUITE
