// The Connect endpoint test cases published with the rule set (botocore's
// connect/…/endpoint-tests-1.json), run against the rule set embedded in the library.
//
// Strategy: every case is checked twice: through the generic interpreter with the case's
// parameters as JSON (url, and headers/properties when a case lists them, or the error
// message, compared exactly), and through resolve_connect_endpoint, the entry point the
// client uses (same url or same message, as errc::invalid_configuration). The file comes
// from AWSCONNECT_ENDPOINT_TESTS (default: the shared copy), so a newer upstream file runs
// unchanged; a file without cases is a failure, not a pass.
#include "endpoint/resolve_endpoint.hpp"

#include "support/test_paths.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <doctest/doctest.h>

#include <string>

namespace json = boost::json;
using namespace awsconnect;
using namespace awsconnect::endpoint;

namespace {

json::array load_cases() {
    const auto path = test::testdata_path("AWSCONNECT_ENDPOINT_TESTS",
                                          "endpoints/connect-endpoint-tests.json");
    INFO("test file: ", path.string());
    const std::string text = test::read_file(path);
    REQUIRE_FALSE(text.empty());
    boost::system::error_code ec;
    json::value doc = json::parse(text, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(doc.is_object());
    const json::value* cases = doc.as_object().if_contains("testCases");
    REQUIRE(cases != nullptr);
    REQUIRE(cases->is_array());
    REQUIRE_FALSE(cases->as_array().empty());
    return cases->as_array();
}

// A case without "params" means no parameters at all.
const json::object& params_of(const json::object& test_case) {
    static const json::object none;
    const json::value* p = test_case.if_contains("params");
    if (p == nullptr) return none;
    REQUIRE(p->is_object());
    return p->as_object();
}

}  // namespace

TEST_SUITE("connect endpoint tests") {

TEST_CASE("every upstream case resolves as expected through the rules engine") {
    const auto& rules = connect_rule_set();
    REQUIRE_MESSAGE(rules.has_value(), (rules ? "" : rules.error().message));
    const json::array cases = load_cases();
    int checked = 0;
    for (const json::value& cv : cases) {
        const json::object& c = cv.as_object();
        INFO("case: ", json::serialize(c));
        parameter_map params;
        for (const auto& [name, value] : params_of(c)) params[std::string(name)] = value;

        const json::object& expect = c.at("expect").as_object();
        auto got = rules->evaluate(params);
        if (const json::value* err = expect.if_contains("error")) {
            REQUIRE_FALSE(got.has_value());
            CHECK(got.error().code == rules_errc::error_rule);
            CHECK(got.error().message == err->as_string());
        } else {
            const json::object& ep = expect.at("endpoint").as_object();
            REQUIRE_MESSAGE(got.has_value(), (got ? "" : got.error().message));
            CHECK(got->url == ep.at("url").as_string());
            if (const json::value* props = ep.if_contains("properties"))
                CHECK(json::value(got->properties) == *props);
            if (const json::value* headers = ep.if_contains("headers")) {
                json::object want_headers = headers->as_object();
                json::object got_headers;
                for (const auto& [name, values] : got->headers) {
                    json::array a;
                    for (const auto& v : values) a.emplace_back(v);
                    got_headers[name] = std::move(a);
                }
                CHECK(got_headers == want_headers);
            }
        }
        ++checked;
    }
    CHECK(checked == static_cast<int>(cases.size()));
    MESSAGE("upstream endpoint cases checked: ", checked);
}

TEST_CASE("every upstream case resolves as expected through resolve_connect_endpoint") {
    const json::array cases = load_cases();
    int checked = 0;
    for (const json::value& cv : cases) {
        const json::object& c = cv.as_object();
        INFO("case: ", json::serialize(c));
        endpoint_params p;
        for (const auto& [name, value] : params_of(c)) {
            if (name == "Region")
                p.region = std::string(value.as_string());
            else if (name == "UseFIPS")
                p.use_fips = value.as_bool();
            else if (name == "UseDualStack")
                p.use_dualstack = value.as_bool();
            else if (name == "Endpoint")
                p.endpoint = std::string(value.as_string());
            else
                FAIL("a parameter endpoint_params has no field for: ", std::string(name));
        }

        const json::object& expect = c.at("expect").as_object();
        auto got = resolve_connect_endpoint(p);
        if (const json::value* err = expect.if_contains("error")) {
            REQUIRE_FALSE(got.has_value());
            CHECK(got.error().code == errc::invalid_configuration);
            CHECK(got.error().message == err->as_string());
        } else {
            REQUIRE_MESSAGE(got.has_value(), (got ? "" : got.error().message));
            CHECK(got->url == expect.at("endpoint").at("url").as_string());
        }
        ++checked;
    }
    CHECK(checked == static_cast<int>(cases.size()));
}

}  // TEST_SUITE
