// The AWS SDKs' shared profile-parser suite (profile-parser-tests.json, from smithy-rs), run
// against parse_profile_file + merge_profile_sets.
//
// Strategy: each case gives a config file and/or a credentials file; we parse both (as the
// SDKs do: config first, the credentials file's values winning) and compare every profile
// and every sso-session section, property by property, with the expected output, or expect
// a parse error for `errorContaining` (our wording differs: the error is what is required).
// Property names compare case-insensitively (we store them lower-case). The suite writes a
// sub-property block (`s3 =` then indented `name = value` lines) as its raw text
// "\nname = value"; we expose it as a sub-section, which must hold the same pairs.
//
// The suite comes from AWSCONNECT_PROFILE_SUITE (a folder holding profile-parser-tests.json,
// or the file itself; default: the shared copy), so other copies of the suite run
// unchanged. A suite without cases fails, and every failing case is named; the last two
// tests prove both on a temporary empty folder and on a deliberately corrupted copy.
#include "config/profile_file.hpp"
#include "http/ascii.hpp"

#include "support/json_suite.hpp"
#include "support/test_paths.hpp"
#include "unit/credentials/temp_dir.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace awsconnect;
using namespace awsconnect::config;

namespace {

constexpr std::string_view suite_file_name = "profile-parser-tests.json";

/// The folder (or file) named by AWSCONNECT_PROFILE_SUITE, else the shared copy.
fs::path configured_suite() { return test::testdata_path("AWSCONNECT_PROFILE_SUITE", "profiles"); }

// One property as the comparison sees it: a plain value, or a sub-property block.
struct property {
    bool block = false;
    std::string value;                         // plain
    std::map<std::string, std::string> pairs;  // block
    bool operator==(const property&) const = default;
};
using section_props = std::map<std::string, property>;
using sections = std::map<std::string, section_props>;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "\nname = value\nname2 = value2" -> {name: value, name2: value2}. Returns false on a line
// without '=' (the suite never writes one).
bool parse_block(std::string_view raw, std::map<std::string, std::string>& pairs) {
    raw.remove_prefix(1);  // the newline after `s3 =`
    while (true) {
        const std::size_t nl = raw.find('\n');
        std::string_view line = trim(raw.substr(0, nl));
        if (!line.empty()) {
            const std::size_t eq = line.find('=');
            if (eq == std::string_view::npos) return false;
            pairs[std::string(trim(line.substr(0, eq)))] = std::string(trim(line.substr(eq + 1)));
        }
        if (nl == std::string_view::npos) return true;
        raw.remove_prefix(nl + 1);
    }
}

// The expected sections of one kind ("profiles", "sso_sessions"); an absent member means
// none (as in the upstream harness). Returns a reason when the expectation is not in the
// suite's format.
std::optional<std::string> expected_sections(const json::object& config, std::string_view member,
                                             sections& out) {
    const json::value* v = config.if_contains(member);
    if (v == nullptr) return std::nullopt;
    if (!v->is_object()) return std::string(member) + " is not an object";
    for (const auto& [name, props] : v->as_object()) {
        if (!props.is_object()) return "section " + std::string(name) + " is not an object";
        section_props& s = out[std::string(name)];
        for (const auto& [key, value] : props.as_object()) {
            if (!value.is_string()) return "property " + std::string(key) + " is not a string";
            const std::string k = http::to_lower_ascii(key);
            if (s.count(k) != 0) return "property " + k + " is listed twice";
            property p;
            const std::string_view raw = value.as_string();
            if (!raw.empty() && raw.front() == '\n') {
                p.block = true;
                if (!parse_block(raw, p.pairs))
                    return "sub-property block of " + k + " has a line without '='";
            } else {
                p.value = std::string(raw);
            }
            s.emplace(k, std::move(p));
        }
    }
    return std::nullopt;
}

sections actual_sections(const std::map<std::string, profile_section, std::less<>>& in) {
    sections out;
    for (const auto& [name, section] : in) {
        section_props& s = out[name];
        for (const auto& [key, v] : section.values) s[key] = property{false, v.value, {}};
        for (const auto& [key, sub] : section.sub_sections) {
            property p;
            p.block = true;
            for (const auto& [k, v] : sub) p.pairs[k] = v.value;
            s[key] = std::move(p);
        }
    }
    return out;
}

std::string render(const sections& s) {
    json::object o;
    for (const auto& [name, props] : s) {
        json::object po;
        for (const auto& [key, p] : props) {
            if (!p.block) {
                po[key] = p.value;
                continue;
            }
            json::object block;
            for (const auto& [k, v] : p.pairs) block[k] = v;
            po[key] = std::move(block);
        }
        o[name] = std::move(po);
    }
    return json::serialize(o);
}

// Parses the case's files; the error message of the first file that fails, if one does.
result<profile_set> parse_input(const json::object& input) {
    profile_set set;
    if (const json::value* c = input.if_contains("configFile")) {
        auto r = parse_profile_file(c->as_string(), "suite/config", profile_file_kind::config);
        if (!r) return r;
        set = std::move(*r);
    }
    if (const json::value* c = input.if_contains("credentialsFile")) {
        auto r = parse_profile_file(c->as_string(), "suite/credentials",
                                    profile_file_kind::credentials);
        if (!r) return r;
        merge_profile_sets(set, *r);
    }
    return set;
}

// Nothing when the case passes, else why it fails.
std::optional<std::string> run_case(const json::object& c) {
    const json::value* input = c.if_contains("input");
    const json::value* output = c.if_contains("output");
    if (input == nullptr || !input->is_object() || output == nullptr || !output->is_object())
        return std::string("no input or output object");
    for (const char* f : {"configFile", "credentialsFile"}) {
        const json::value* v = input->as_object().if_contains(f);
        if (v != nullptr && !v->is_string()) return std::string(f) + " is not a string";
    }
    const json::object& out = output->as_object();
    auto parsed = parse_input(input->as_object());

    if (const json::value* err = out.if_contains("errorContaining")) {
        if (parsed) {
            return "expected a parse error (upstream: \"" + std::string(err->as_string()) +
                   "\") but it parsed as " + render(actual_sections(parsed->profiles));
        }
        return std::nullopt;
    }
    // {"config": {"profiles": ...}}; the suite's 2021-2023 revisions wrote {"profiles": ...}.
    const json::value* config = out.if_contains("config");
    if (config == nullptr && out.contains("profiles")) config = output;
    if (config == nullptr || !config->is_object())
        return std::string("output has neither config nor errorContaining");
    for (const auto& [member, v] : config->as_object()) {
        if (member != "profiles" && member != "sso_sessions")
            return "output.config." + std::string(member) + " is not supported by this runner";
    }
    if (!parsed) return "expected a successful parse, got: " + parsed.error().message;

    const json::object& want = config->as_object();
    sections want_profiles, want_sessions;
    if (auto why = expected_sections(want, "profiles", want_profiles)) return why;
    if (auto why = expected_sections(want, "sso_sessions", want_sessions)) return why;
    const sections got_profiles = actual_sections(parsed->profiles);
    const sections got_sessions = actual_sections(parsed->sso_sessions);
    if (got_profiles != want_profiles) {
        return "profiles: expected " + render(want_profiles) + ", got " + render(got_profiles);
    }
    if (got_sessions != want_sessions) {
        return "sso_sessions: expected " + render(want_sessions) + ", got " +
               render(got_sessions);
    }
    return std::nullopt;
}

/// Runs the suite in `folder_or_file` (a folder holding profile-parser-tests.json, or a file).
test::suite_outcome run_profile_parser_suite(const fs::path& folder_or_file) {
    test::suite_outcome out;
    auto doc = test::load_suite_json(test::suite_file(folder_or_file, suite_file_name), out);
    if (!doc) return out;
    const json::value* tests = doc->is_object() ? doc->as_object().if_contains("tests") : nullptr;
    if (tests == nullptr || !tests->is_array()) {
        out.problem = out.source + ": no \"tests\" array, so the suite has no cases";
        return out;
    }
    test::run_suite_cases(tests->as_array(), "name", "(unnamed)", run_case, out);
    return out;
}

}  // namespace

TEST_SUITE("profile parser suite") {

TEST_CASE("every case of the profile parser suite") {
    test::check_outcome(run_profile_parser_suite(configured_suite()), "profile parser suite");
}

TEST_CASE("the runner fails on a suite without cases") {
    test::temp_dir dir;
    SUBCASE("an empty folder") {
        auto out = run_profile_parser_suite(dir.path());
        CHECK_FALSE(out.passed());
        CHECK(out.cases == 0);
        CHECK(out.problem == (dir.path() / suite_file_name).string() +
                                 ": no such file, so the suite has no cases");
    }
    SUBCASE("a file with an empty tests array") {
        const auto file = dir.write(std::string(suite_file_name), R"({"tests": []})");
        auto out = run_profile_parser_suite(dir.path());
        CHECK_FALSE(out.passed());
        CHECK(out.problem == file + ": the suite has no cases");
    }
}

TEST_CASE("the runner names the case of a corrupted copy, and only that one") {
    auto doc = json::parse(
        test::read_file(test::suite_file(configured_suite(), suite_file_name)));
    json::array& tests = doc.at("tests").as_array();
    test::temp_dir dir;

    SUBCASE("an expected property value changed") {
        // The first case that expects a profile with a plain property value.
        std::optional<std::size_t> target;
        for (std::size_t i = 0; i < tests.size() && !target; ++i) {
            json::object& out = tests[i].at("output").as_object();
            if (!out.contains("config")) continue;
            for (auto& [name, props] : out.at("config").at("profiles").as_object()) {
                for (auto& [key, value] : props.as_object()) {
                    if (value.as_string().starts_with("\n")) continue;
                    value = std::string(value.as_string()) + "-corrupted";
                    target = i;
                    break;
                }
                if (target) break;
            }
        }
        REQUIRE(target.has_value());
        dir.write(std::string(suite_file_name), json::serialize(doc));
        auto out = run_profile_parser_suite(dir.path());
        CHECK_FALSE(out.passed());
        CHECK(out.cases == tests.size());
        REQUIRE(out.failures.size() == 1);
        const std::string label = test::case_label(
            *target, tests[*target].at("name").as_string());
        CHECK(out.failures[0].starts_with(label + ": profiles: expected "));
        CHECK(out.failures[0].find("-corrupted") != std::string::npos);
    }
    SUBCASE("an expected error turned into an expected success") {
        std::optional<std::size_t> target;
        for (std::size_t i = 0; i < tests.size() && !target; ++i) {
            json::object& out = tests[i].at("output").as_object();
            if (!out.contains("errorContaining")) continue;
            out.erase("errorContaining");
            out["config"] = json::object{{"profiles", json::object{}}};
            target = i;
        }
        REQUIRE(target.has_value());
        dir.write(std::string(suite_file_name), json::serialize(doc));
        auto out = run_profile_parser_suite(dir.path());
        CHECK_FALSE(out.passed());
        REQUIRE(out.failures.size() == 1);
        const std::string label = test::case_label(
            *target, tests[*target].at("name").as_string());
        CHECK(out.failures[0].starts_with(label + ": expected a successful parse, got: "));
    }
}

}  // TEST_SUITE
