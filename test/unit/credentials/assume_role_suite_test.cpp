// The AWS SDKs' shared assume-role suite (assume-role-tests.json, from smithy-rs), run
// against resolve_profile_chain.
//
// Strategy: each case gives profiles (and sso-session sections) as name -> property maps and
// a selected profile; we build the same profile set the parser would (property names
// lower-case), resolve the chain, render it in the suite's own shape (`AccessKey`,
// `NamedSource`, `CredentialProcess`, `WebIdentityToken`, `Sso`, then `AssumeRole` steps,
// optional fields left out when unset) and compare it with `ProfileChain` exactly. For
// `Error` an error is required (our wording differs). Failure messages never show the
// secret key or session token of a case: they are redacted, and a difference there is
// reported by name.
//
// The suite comes from AWSCONNECT_ASSUME_ROLE_SUITE (a folder holding assume-role-tests.json,
// or the file itself; default: the shared copy), so other copies of the suite run
// unchanged. A suite without cases fails, and every failing case is named; the last two
// tests prove both on a temporary empty folder and on a deliberately corrupted copy.
#include "credentials/profile_chain.hpp"
#include "http/ascii.hpp"

#include "support/json_suite.hpp"
#include "support/test_paths.hpp"
#include "temp_dir.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <string>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace awsconnect;
using namespace awsconnect::creds;

namespace {

constexpr std::string_view suite_file_name = "assume-role-tests.json";

/// The folder (or file) named by AWSCONNECT_ASSUME_ROLE_SUITE, else the shared copy.
fs::path configured_suite() {
    return test::testdata_path("AWSCONNECT_ASSUME_ROLE_SUITE", "profiles");
}

// input.profiles / input.sso_sessions -> sections, as the parser would store them. Returns a
// reason when the input is not in the suite's format.
std::optional<std::string> to_sections(
    const json::value& in, std::map<std::string, config::profile_section, std::less<>>& out) {
    if (!in.is_object()) return std::string("sections are not an object");
    for (const auto& [name, props] : in.as_object()) {
        if (!props.is_object()) return "section " + std::string(name) + " is not an object";
        config::profile_section& s = out[std::string(name)];
        for (const auto& [key, value] : props.as_object()) {
            if (!value.is_string()) return "property " + std::string(key) + " is not a string";
            s.values[http::to_lower_ascii(key)] = config::profile_value{
                std::string(value.as_string()), "", 0, config::profile_file_kind::config};
        }
    }
    return std::nullopt;
}

void set_if(json::object& o, std::string_view key, const std::string& value) {
    if (!value.empty()) o[key] = value;
}

struct render_base {
    json::value operator()(const static_keys_source& k) const {
        json::object o{{"access_key_id", k.access_key_id},
                       {"secret_access_key", k.secret_access_key}};
        set_if(o, "session_token", k.session_token);
        set_if(o, "account_id", k.account_id);
        return json::object{{"AccessKey", std::move(o)}};
    }
    json::value operator()(const process_source& p) const {
        json::object o{{"command", p.command}};
        set_if(o, "account_id", p.account_id);
        return json::object{{"CredentialProcess", std::move(o)}};
    }
    json::value operator()(const named_source& n) const {
        return json::object{{"NamedSource", to_string(n.kind)}};
    }
    json::value operator()(const web_identity_source& w) const {
        json::object o{{"role_arn", w.role_arn}, {"web_identity_token_file", w.token_file}};
        set_if(o, "role_session_name", w.session_name);
        return json::object{{"WebIdentityToken", std::move(o)}};
    }
    json::value operator()(const sso_source& s) const {
        json::object o{{"sso_region", s.region}, {"sso_start_url", s.start_url}};
        set_if(o, "sso_session", s.session_name);
        set_if(o, "sso_account_id", s.account_id);
        set_if(o, "sso_role_name", s.role_name);
        return json::object{{"Sso", std::move(o)}};
    }
};

// Our chain in the suite's shape.
json::array render(const profile_chain& chain) {
    json::array out;
    out.push_back(std::visit(render_base{}, chain.base));
    for (const assume_role_step& r : chain.roles) {
        json::object o{{"role_arn", r.role_arn}};
        set_if(o, "external_id", r.external_id);
        set_if(o, "role_session_name", r.session_name);
        out.push_back(json::object{{"AssumeRole", std::move(o)}});
    }
    return out;
}

// Optional fields may be written as null upstream: the same as absent.
json::value without_nulls(const json::value& v) {
    if (v.is_array()) {
        json::array a;
        for (const auto& e : v.as_array()) a.push_back(without_nulls(e));
        return a;
    }
    if (v.is_object()) {
        json::object o;
        for (const auto& [k, e] : v.as_object())
            if (!e.is_null()) o[k] = without_nulls(e);
        return o;
    }
    return v;
}

// The secrets of a case never reach the test output.
json::value redacted(const json::value& v) {
    json::value out = v;
    if (out.is_array()) {
        for (auto& e : out.as_array()) e = redacted(e);
    } else if (out.is_object()) {
        for (auto& [k, e] : out.as_object()) {
            if (k == "secret_access_key" || k == "session_token") e = "<redacted>";
            else e = redacted(e);
        }
    }
    return out;
}

// Nothing when the case passes, else why it fails.
std::optional<std::string> run_case(const json::object& c) {
    const json::value* input = c.if_contains("input");
    const json::value* output = c.if_contains("output");
    if (input == nullptr || !input->is_object() || output == nullptr || !output->is_object())
        return std::string("no input or output object");
    const json::value* selected = input->as_object().if_contains("selected_profile");
    const json::value* profiles = input->as_object().if_contains("profiles");
    // The suite's 2021-2023 revisions name it "profile".
    if (profiles == nullptr) profiles = input->as_object().if_contains("profile");
    if (selected == nullptr || !selected->is_string() || profiles == nullptr)
        return std::string("input needs profiles and selected_profile");

    config::profile_set set;
    if (auto why = to_sections(*profiles, set.profiles)) return why;
    if (const json::value* s = input->as_object().if_contains("sso_sessions"))
        if (auto why = to_sections(*s, set.sso_sessions)) return why;

    auto got = resolve_profile_chain(set, selected->as_string());
    const json::object& out = output->as_object();
    if (const json::value* err = out.if_contains("Error")) {
        if (got) {
            return "expected an error (upstream: \"" +
                   std::string(err->is_string() ? std::string_view(err->as_string()) : "") +
                   "\"), got the chain " + json::serialize(redacted(render(*got)));
        }
        return std::nullopt;
    }
    const json::value* want = out.if_contains("ProfileChain");
    if (want == nullptr || !want->is_array())
        return std::string("output has neither ProfileChain nor Error");
    const json::value expected = without_nulls(*want);
    if (!got) {
        return "expected the chain " + json::serialize(redacted(expected)) + ", got the error [" +
               std::string(to_string(got.error().problem)) + "] " + got.error().message;
    }
    const json::value actual = render(*got);
    if (actual == expected) return std::nullopt;
    if (redacted(actual) == redacted(expected))
        return std::string("a secret_access_key or session_token differs from the expected one");
    return "expected the chain " + json::serialize(redacted(expected)) + ", got " +
           json::serialize(redacted(actual));
}

/// Runs the suite in `folder_or_file` (a folder holding assume-role-tests.json, or a file).
test::suite_outcome run_assume_role_suite(const fs::path& folder_or_file) {
    test::suite_outcome out;
    auto doc = test::load_suite_json(test::suite_file(folder_or_file, suite_file_name), out);
    if (!doc) return out;
    if (!doc->is_array()) {
        out.problem = out.source + ": not an array of cases, so the suite has no cases";
        return out;
    }
    test::run_suite_cases(doc->as_array(), "docs", "(no docs)", run_case, out);
    return out;
}

}  // namespace

TEST_SUITE("assume-role suite") {

TEST_CASE("every case of the assume-role suite") {
    test::check_outcome(run_assume_role_suite(configured_suite()), "assume-role suite");
}

TEST_CASE("the runner fails on a suite without cases") {
    test::temp_dir dir;
    SUBCASE("an empty folder") {
        auto out = run_assume_role_suite(dir.path());
        CHECK_FALSE(out.passed());
        CHECK(out.cases == 0);
        CHECK(out.problem == (dir.path() / suite_file_name).string() +
                                 ": no such file, so the suite has no cases");
    }
    SUBCASE("a file with no cases") {
        const auto file = dir.write(std::string(suite_file_name), "[]");
        auto out = run_assume_role_suite(file);
        CHECK_FALSE(out.passed());
        CHECK(out.problem == file + ": the suite has no cases");
    }
}

TEST_CASE("the runner names the case of a corrupted copy, and only that one") {
    auto doc = json::parse(test::read_file(test::suite_file(configured_suite(), suite_file_name)));
    json::array& cases = doc.as_array();
    test::temp_dir dir;
    std::optional<std::size_t> target;

    SUBCASE("an expected role_arn changed") {
        for (std::size_t i = 0; i < cases.size() && !target; ++i) {
            json::object& out = cases[i].at("output").as_object();
            if (!out.contains("ProfileChain")) continue;
            for (auto& step : out.at("ProfileChain").as_array()) {
                if (!step.as_object().contains("AssumeRole")) continue;
                json::value& arn = step.at("AssumeRole").at("role_arn");
                arn = std::string(arn.as_string()) + "-corrupted";
                target = i;
                break;
            }
        }
        REQUIRE(target.has_value());
        dir.write(std::string(suite_file_name), json::serialize(doc));
        auto out = run_assume_role_suite(dir.path());
        CHECK_FALSE(out.passed());
        CHECK(out.cases == cases.size());
        REQUIRE(out.failures.size() == 1);
        const std::string label = test::case_label(*target, cases[*target].at("docs").as_string());
        CHECK(out.failures[0].starts_with(label + ": expected the chain "));
        CHECK(out.failures[0].find("-corrupted") != std::string::npos);
    }
    SUBCASE("an expected secret key changed: reported without showing it") {
        for (std::size_t i = 0; i < cases.size() && !target; ++i) {
            json::object& out = cases[i].at("output").as_object();
            if (!out.contains("ProfileChain")) continue;
            json::value& first = out.at("ProfileChain").as_array().at(0);
            if (!first.as_object().contains("AccessKey")) continue;
            first.at("AccessKey").at("secret_access_key") = "corrupted-secret";
            target = i;
        }
        REQUIRE(target.has_value());
        dir.write(std::string(suite_file_name), json::serialize(doc));
        auto out = run_assume_role_suite(dir.path());
        REQUIRE(out.failures.size() == 1);
        const std::string label = test::case_label(*target, cases[*target].at("docs").as_string());
        CHECK(out.failures[0] == label + ": a secret_access_key or session_token differs from "
                                         "the expected one");
    }
    SUBCASE("an expected error turned into an expected chain") {
        for (std::size_t i = 0; i < cases.size() && !target; ++i) {
            json::object& out = cases[i].at("output").as_object();
            if (!out.contains("Error")) continue;
            out.erase("Error");
            out["ProfileChain"] = json::array{json::object{{"NamedSource", "Environment"}}};
            target = i;
        }
        REQUIRE(target.has_value());
        dir.write(std::string(suite_file_name), json::serialize(doc));
        auto out = run_assume_role_suite(dir.path());
        REQUIRE(out.failures.size() == 1);
        const std::string label = test::case_label(*target, cases[*target].at("docs").as_string());
        CHECK(out.failures[0].starts_with(label + ": expected the chain "
                                                  "[{\"NamedSource\":\"Environment\"}], got the "
                                                  "error ["));
    }
}

}  // TEST_SUITE
