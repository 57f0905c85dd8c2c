// Every operation's serialization, checked against the service model
// (test/data/model/connect-phone-numbers.json, botocore's): the method and the URI template,
// the body's members (names and nothing else), the members bound to the path and the query,
// where the idempotency token goes, an empty body for GET and DELETE; every error the model
// lists for an operation maps to its code; the paginators' token and result members.
#include "operation/claim_phone_number.hpp"
#include "operation/describe_phone_number.hpp"
#include "operation/list_phone_numbers_v2.hpp"
#include "operation/release_phone_number.hpp"
#include "operation/search_available_phone_numbers.hpp"
#include "operation/update_phone_number.hpp"
#include "operation/update_phone_number_metadata.hpp"
#include "protocol/service_error.hpp"
#include "support/test_paths.hpp"

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

#include <map>
#include <set>

using namespace awsconnect;
using namespace awsconnect::operation;
namespace json = boost::json;

namespace {

const json::object& model() {
    static const json::value m = [] {
        const auto path = test::testdata_path("AWSCONNECT_MODEL", "model") / "connect-phone-numbers.json";
        const std::string text = test::read_file(path);
        REQUIRE_MESSAGE(!text.empty(), "cannot read the model at " << path);
        return json::parse(text);
    }();
    return m.as_object();
}

const json::object& operation_of(std::string_view name) { return model().at("operations").at(name).as_object(); }
const json::object& shape(std::string_view name) { return model().at("shapes").at(name).as_object(); }

struct bindings {
    std::set<std::string> body, uri, query;
    std::string token_member, token_location, token_wire_name;
};

bindings bindings_of(std::string_view operation) {
    bindings b;
    const auto& input = shape(operation_of(operation).at("input").at("shape").as_string());
    for (const auto& m : input.at("members").as_object()) {
        const auto& mv = m.value().as_object();
        const std::string name(m.key());
        std::string location = mv.contains("location") ? std::string(mv.at("location").as_string()) : "";
        std::string wire = mv.contains("locationName") ? std::string(mv.at("locationName").as_string()) : name;
        if (location == "uri") b.uri.insert(wire);
        else if (location == "querystring") b.query.insert(wire);
        else b.body.insert(name);
        if (mv.contains("idempotencyToken")) {
            b.token_member = name;
            b.token_location = location.empty() ? "body" : location;
            b.token_wire_name = wire;
        }
    }
    return b;
}

std::set<std::string> keys_of(const std::string& body) {
    std::set<std::string> out;
    if (body.empty()) return out;
    const json::value v = json::parse(body);
    for (const auto& kv : v.as_object()) out.insert(std::string(kv.key()));
    return out;
}

std::set<std::string> query_names(const std::string& query) {
    std::set<std::string> out;
    std::string_view q = query;
    while (!q.empty()) {
        const auto amp = q.find('&');
        const auto part = q.substr(0, amp);
        out.insert(std::string(part.substr(0, part.find('='))));
        if (amp == std::string_view::npos) break;
        q.remove_prefix(amp + 1);
    }
    return out;
}

// The request URI template with its labels filled in (percent-encoded once).
std::string expected_path(std::string_view operation, const std::string& id) {
    std::string uri(operation_of(operation).at("http").at("requestUri").as_string());
    const auto label = uri.find("{PhoneNumberId}");
    if (label != std::string::npos) {
        std::string enc;
        append_path_label(enc, "", id);
        uri.replace(label, 15, enc);
    }
    return uri;
}

const std::string id = "00000000-0000-4000-8000-0000000000a1";
const std::string instance_arn = "arn:aws:connect:us-east-1:123456789012:instance/i-1";
const std::string token = "tok en/+=";

template <class Op>
void check_against_model(const typename Op::input& in, const std::set<std::string>& unset_body_members = {}) {
    const std::string name(Op::op.name);
    CAPTURE(name);
    const auto& op = operation_of(name);
    CHECK(Op::op.method == std::string_view(op.at("http").at("method").as_string()));
    const bindings b = bindings_of(name);

    serialized_input out;
    Op::serialize(in, token, out);
    CHECK(out.path == expected_path(name, id));

    // The body holds the body-bound members that are set, by their model names.
    std::set<std::string> expected_body;
    for (const auto& m : b.body)
        if (!unset_body_members.contains(m)) expected_body.insert(m);
    CHECK(keys_of(out.body) == expected_body);
    if (Op::op.method == "GET" || Op::op.method == "DELETE") CHECK(out.body.empty());
    else CHECK_FALSE(out.body.empty());

    // The query holds the query-bound members (Release's clientToken).
    CHECK(query_names(out.query) == b.query);

    // The token is where the model binds it.
    if (b.token_member.empty()) {
        CHECK(Op::op.token == token_location::none);
    } else if (b.token_location == "querystring") {
        CHECK(Op::op.token == token_location::query);
        CHECK(out.query == b.token_wire_name + "=tok%20en%2F%2B%3D");
    } else {
        CHECK(Op::op.token == token_location::body);
        CHECK(json::parse(out.body).at(b.token_member).as_string() == token);
    }
}

}  // namespace

TEST_SUITE("operation.model") {

TEST_CASE("the model is there and has the seven operations") {
    for (auto n : {"SearchAvailablePhoneNumbers", "ClaimPhoneNumber", "DescribePhoneNumber", "ListPhoneNumbersV2",
                   "UpdatePhoneNumber", "UpdatePhoneNumberMetadata", "ReleasePhoneNumber"})
        CHECK(model().at("operations").as_object().contains(n));
}

TEST_CASE("serialization of every operation against the model: method, URI, body members, query, token") {
    {
        search_available_phone_numbers_request r{"US", "TOLL_FREE"};
        r.target_arn = instance_arn;
        r.phone_number_prefix = "+1800";
        r.max_results = 10;
        r.next_token = "n";
        // TargetArn and InstanceId are exclusive: the body has one of them.
        check_against_model<search_available_phone_numbers>(r, {"InstanceId"});
    }
    {
        claim_phone_number_request r{"+18005550100"};
        r.instance_id = "i-1";
        r.phone_number_description = "front desk";
        r.tags = {{"team", "support"}};
        check_against_model<claim_phone_number>(r, {"TargetArn"});
    }
    check_against_model<describe_phone_number>(describe_phone_number_request{id});
    {
        list_phone_numbers_v2_request r;
        r.target_arn = instance_arn;
        r.max_results = 1000;
        r.next_token = "n";
        r.phone_number_country_codes = {"US", "GB"};
        r.phone_number_types = {"DID"};
        r.phone_number_prefix = "+44";
        check_against_model<list_phone_numbers_v2>(r, {"InstanceId"});
    }
    {
        update_phone_number_request r{id};
        r.target_arn = instance_arn;
        check_against_model<update_phone_number>(r, {"InstanceId"});
    }
    {
        update_phone_number_metadata_request r{id};
        r.phone_number_description = "new";
        check_against_model<update_phone_number_metadata>(r);
    }
    check_against_model<release_phone_number>(release_phone_number_request{id});
}

TEST_CASE("exact bytes: JSON bodies carry only what is set, with the model's names") {
    claim_phone_number_request c{"+18005550100"};
    c.instance_id = "i-1";
    serialized_input out;
    claim_phone_number::serialize(c, "t-1", out);
    CHECK(out.path == "/phone-number/claim");
    CHECK(out.query.empty());
    CHECK(out.body == R"({"InstanceId":"i-1","PhoneNumber":"+18005550100","ClientToken":"t-1"})");

    list_phone_numbers_v2::serialize(list_phone_numbers_v2_request{}, "", out);
    CHECK(out.path == "/phone-number/list");
    CHECK(out.body == "{}");  // a POST always has a JSON body

    describe_phone_number::serialize(describe_phone_number_request{"a/b c"}, "", out);
    CHECK(out.path == "/phone-number/a%2Fb%20c");
    CHECK(out.body.empty());

    release_phone_number::serialize(release_phone_number_request{"x"}, "t 1", out);
    CHECK(out.path == "/phone-number/x");
    CHECK(out.query == "clientToken=t%201");
    CHECK(out.body.empty());

    update_phone_number_metadata_request m{"x"};
    update_phone_number_metadata::serialize(m, "t", out);
    CHECK(out.path == "/phone-number/x/metadata");
    CHECK(out.body == R"({"ClientToken":"t"})");
}

TEST_CASE("every error the model lists for an operation maps to its code") {
    const std::map<std::string, errc> expected = {
        {"InvalidParameterException", errc::invalid_parameter},
        {"InvalidRequestException", errc::invalid_request},
        {"AccessDeniedException", errc::access_denied},
        {"ResourceNotFoundException", errc::resource_not_found},
        {"ResourceInUseException", errc::resource_in_use},
        {"IdempotencyException", errc::idempotency_conflict},
        {"ThrottlingException", errc::throttled},
        {"InternalServiceException", errc::internal_service_error},
    };
    int checked = 0;
    for (auto n : {"SearchAvailablePhoneNumbers", "ClaimPhoneNumber", "DescribePhoneNumber", "ListPhoneNumbersV2",
                   "UpdatePhoneNumber", "UpdatePhoneNumberMetadata", "ReleasePhoneNumber"}) {
        for (const auto& e : operation_of(n).at("errors").as_array()) {
            const std::string name(e.at("shape").as_string());
            CAPTURE(n);
            CAPTURE(name);
            REQUIRE_MESSAGE(expected.contains(name), "an error of the model has no mapping");
            const int status = static_cast<int>(shape(name).at("error").at("httpStatusCode").as_int64());
            http::response r;
            r.status = status;
            r.body = R"({"__type":")" + name + R"(","Message":"m"})";
            const auto f = protocol::service_failure_of(r);
            REQUIRE(f.has_value());
            CHECK(f->code == expected.at(name));
            CHECK(f->http_status == status);
            CHECK(f->service_code == name);
            CHECK(f->message == "m");
            ++checked;
        }
    }
    CHECK(checked == 42);
}

TEST_CASE("the paginators: NextToken in and out, the result lists our parse reads") {
    const auto& p = model().at("paginators").as_object();
    CHECK(p.size() == 2);
    const auto& list = p.at("ListPhoneNumbersV2").as_object();
    CHECK(list.at("input_token") == "NextToken");
    CHECK(list.at("output_token") == "NextToken");
    CHECK(list.at("limit_key") == "MaxResults");
    CHECK(list.at("result_key") == "ListPhoneNumbersSummaryList");
    const auto& search = p.at("SearchAvailablePhoneNumbers").as_object();
    CHECK(search.at("result_key") == "AvailableNumbersList");

    http::response r;
    r.status = 200;
    r.body = R"({"NextToken":"t2","ListPhoneNumbersSummaryList":[{"PhoneNumberId":"a"},{"PhoneNumberId":"b"}]})";
    list_phone_numbers_v2_request in;
    list_phone_numbers_v2_response out;
    REQUIRE_FALSE(list_phone_numbers_v2::parse(r, in, out, {}));
    CHECK(out.next_token == "t2");
    REQUIRE(out.list_phone_numbers_summary_list.size() == 2);
    CHECK(out.list_phone_numbers_summary_list[1].phone_number_id == "b");
}

}  // TEST_SUITE
