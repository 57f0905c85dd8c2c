// The result envelopes of the lifecycle's responses: exact JSON for each response type,
// optional members only when set, and valid JSON (U+FFFD) for bytes that are not UTF-8.
#include <awsconnect/envelope.hpp>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

using namespace awsconnect;

TEST_SUITE("envelope, lifecycle") {

TEST_CASE("search: the numbers, the next token, request id and attempts") {
    search_available_phone_numbers_response r;
    r.available_numbers_list.push_back({"+18005550100", "US", "TOLL_FREE"});
    r.available_numbers_list.push_back({"+18005550101", "US", "TOLL_FREE"});
    r.next_token = "page-2";
    r.request_id = "req-1";
    r.attempts = 1;
    CHECK(to_envelope_json(r) ==
          R"({"success":true,"data":{"available_numbers_list":[)"
          R"({"phone_number":"+18005550100","phone_number_country_code":"US","phone_number_type":"TOLL_FREE"},)"
          R"({"phone_number":"+18005550101","phone_number_country_code":"US","phone_number_type":"TOLL_FREE"}],)"
          R"("next_token":"page-2","request_id":"req-1","attempts":1}})");
    r.available_numbers_list.clear();
    r.next_token.reset();
    CHECK(to_envelope_json(r) ==
          R"({"success":true,"data":{"available_numbers_list":[],"request_id":"req-1","attempts":1}})");
}

TEST_CASE("claim and update: id, ARN and the token that was sent") {
    claim_phone_number_response c;
    c.phone_number_id = "id-1";
    c.phone_number_arn = "arn:aws:connect:us-east-1:123456789012:phone-number/id-1";
    c.client_token = "tok";
    c.request_id = "req";
    c.attempts = 2;
    CHECK(to_envelope_json(c) ==
          R"({"success":true,"data":{"phone_number_id":"id-1",)"
          R"("phone_number_arn":"arn:aws:connect:us-east-1:123456789012:phone-number/id-1",)"
          R"("client_token":"tok","request_id":"req","attempts":2}})");
    update_phone_number_response u;
    u.phone_number_id = "id-2";
    u.phone_number_arn = "arn-2";
    u.client_token = "tok-2";
    u.request_id = "req-2";
    u.attempts = 1;
    CHECK(to_envelope_json(u) ==
          R"({"success":true,"data":{"phone_number_id":"id-2","phone_number_arn":"arn-2",)"
          R"("client_token":"tok-2","request_id":"req-2","attempts":1}})");
    update_phone_number_metadata_response m;
    m.phone_number_id = "id-3";
    m.client_token = "tok-3";
    m.request_id = "req-3";
    m.attempts = 3;
    CHECK(to_envelope_json(m) ==
          R"({"success":true,"data":{"phone_number_id":"id-3","client_token":"tok-3","request_id":"req-3","attempts":3}})");
}

TEST_CASE("describe: every member of the summary, optional ones only when set") {
    describe_phone_number_response r;
    auto& s = r.claimed_phone_number_summary;
    s.phone_number_id = "id";
    s.phone_number_arn = "arn";
    s.phone_number = "+12065550100";
    s.phone_number_country_code = "US";
    s.phone_number_type = "DID";
    s.target_arn = "target";
    s.tags = {{"team", "blue"}, {"cost center", "42"}};
    s.phone_number_status.status = "CLAIMED";
    r.request_id = "req";
    r.attempts = 1;
    CHECK(to_envelope_json(r) ==
          R"({"success":true,"data":{"claimed_phone_number_summary":{"phone_number_id":"id","phone_number_arn":"arn",)"
          R"("phone_number":"+12065550100","phone_number_country_code":"US","phone_number_type":"DID",)"
          R"("target_arn":"target","tags":{"cost center":"42","team":"blue"},)"
          R"("phone_number_status":{"status":"CLAIMED"}},"request_id":"req","attempts":1}})");
    s.phone_number_description = "front desk";
    s.instance_id = "inst";
    s.phone_number_status = {"FAILED", "the number is not available"};
    s.source_phone_number_arn = "src";
    s.tags.clear();
    CHECK(to_envelope_json(r) ==
          R"({"success":true,"data":{"claimed_phone_number_summary":{"phone_number_id":"id","phone_number_arn":"arn",)"
          R"("phone_number":"+12065550100","phone_number_country_code":"US","phone_number_type":"DID",)"
          R"("phone_number_description":"front desk","target_arn":"target","instance_id":"inst","tags":{},)"
          R"("phone_number_status":{"status":"FAILED","message":"the number is not available"},)"
          R"("source_phone_number_arn":"src"},"request_id":"req","attempts":1}})");
}

TEST_CASE("list: every member of each summary, and the next token") {
    list_phone_numbers_v2_response r;
    list_phone_numbers_summary a;
    a.phone_number_id = "id-a";
    a.phone_number_arn = "arn-a";
    a.phone_number = "+18005550100";
    a.phone_number_country_code = "US";
    a.phone_number_type = "TOLL_FREE";
    a.target_arn = "t";
    a.instance_id = "i";
    a.phone_number_description = "d";
    a.source_phone_number_arn = "s";
    list_phone_numbers_summary b;
    b.phone_number_id = "id-b";
    r.list_phone_numbers_summary_list = {a, b};
    r.next_token = "n";
    r.request_id = "req";
    r.attempts = 1;
    CHECK(to_envelope_json(r) ==
          R"({"success":true,"data":{"list_phone_numbers_summary_list":[)"
          R"({"phone_number_id":"id-a","phone_number_arn":"arn-a","phone_number":"+18005550100",)"
          R"("phone_number_country_code":"US","phone_number_type":"TOLL_FREE","target_arn":"t","instance_id":"i",)"
          R"("phone_number_description":"d","source_phone_number_arn":"s"},)"
          R"({"phone_number_id":"id-b","phone_number_arn":"","phone_number":"","phone_number_country_code":"",)"
          R"("phone_number_type":"","target_arn":""}],"next_token":"n","request_id":"req","attempts":1}})");
}

TEST_CASE("bytes that are not UTF-8 become U+FFFD: the envelope always parses") {
    describe_phone_number_response r;
    r.request_id = std::string("req-\xff\xfe-\xc3", 8);                 // stray bytes, a cut sequence
    r.claimed_phone_number_summary.phone_number_description = "\xed\xa0\x80";  // a surrogate
    r.claimed_phone_number_summary.tags = {{"caf\xc3\xa9", "\xc0\xaf"}};       // valid key, overlong value
    const std::string out = to_envelope_json(r);
    boost::system::error_code ec;
    const auto v = boost::json::parse(out, ec);
    REQUIRE_FALSE(ec);
    const auto& d = v.at("data").as_object();
    CHECK(d.at("request_id").as_string() == "req-\xef\xbf\xbd\xef\xbf\xbd-\xef\xbf\xbd");
    const auto& s = d.at("claimed_phone_number_summary").as_object();
    CHECK(s.at("phone_number_description").as_string() == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    CHECK(s.at("tags").at("caf\xc3\xa9").as_string() == "\xef\xbf\xbd\xef\xbf\xbd");
}

}  // TEST_SUITE
