// Running a JSON test suite that someone else wrote (the AWS SDKs' shared suites): finding
// its file, loading it, and reporting an outcome that names every failing case.
//
// A runner turns the suite into a suite_outcome (a plain value, so a test can also run a
// runner on a broken copy and check what it reports), then check_outcome() fails the test
// when the suite cannot be read, has no cases, or has failing cases, one failed check per
// case. Header-only, for the test executables; single-threaded use.
#pragma once

#include "support/test_paths.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <doctest/doctest.h>

#include <cstddef>
#include <functional>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsconnect::test {

struct suite_outcome {
    std::string source;                 ///< the file that was read
    std::string problem;                ///< unreadable, not JSON, wrong shape, or no cases
    std::size_t cases = 0;              ///< cases run
    std::vector<std::string> failures;  ///< one per failing case: `case 12 "name": why`

    bool passed() const { return problem.empty() && cases > 0 && failures.empty(); }
};

/// The suite's file: `path` itself when it is a file, else `path / file_name` (a folder
/// holding the suite, like ../shared/testdata/profiles/).
inline std::filesystem::path suite_file(const std::filesystem::path& path,
                                        std::string_view file_name) {
    if (std::filesystem::is_regular_file(path)) return path;
    return path / file_name;
}

/// The parsed JSON of `file`, or nothing with `out.problem` set.
inline std::optional<boost::json::value> load_suite_json(const std::filesystem::path& file,
                                                         suite_outcome& out) {
    out.source = file.string();
    if (!std::filesystem::is_regular_file(file)) {
        out.problem = out.source + ": no such file, so the suite has no cases";
        return std::nullopt;
    }
    const std::string text = read_file(file);
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(text, ec);
    if (ec) {
        out.problem = out.source + ": not JSON (" + ec.message() + ")";
        return std::nullopt;
    }
    return doc;
}

/// `case 12 "name"` (1-based; names repeat in the upstream files, the index does not).
inline std::string case_label(std::size_t index, std::string_view name) {
    std::string out = "case " + std::to_string(index + 1) + " \"";
    out += name;
    out += "\"";
    return out;
}

/// The doctest verdict on an outcome: the suite must be readable and have cases, and every
/// failing case is reported as its own failed check.
inline void check_outcome(const suite_outcome& out, std::string_view suite_name) {
    INFO(suite_name << ": " << out.source);
    REQUIRE_MESSAGE(out.problem.empty(), out.problem);
    REQUIRE_MESSAGE(out.cases > 0, out.source << ": the suite has no cases");
    for (const std::string& f : out.failures) FAIL_CHECK(f);
    CHECK_MESSAGE(out.failures.empty(), out.failures.size() << " of " << out.cases
                                                            << " cases failed");
    MESSAGE(suite_name << ": " << out.cases << " cases, "
                       << (out.cases - out.failures.size()) << " passed");
}

/// Runs every case of `cases` through `run_case` (nothing: passed; text: why it failed),
/// naming each by its string member `name_key` (or `fallback`); a case that is not an
/// object fails. Records counts and failures in `out`; no case at all is a problem.
inline void run_suite_cases(const boost::json::array& cases, std::string_view name_key, std::string_view fallback,
                            const std::function<std::optional<std::string>(const boost::json::object&)>& run_case,
                            suite_outcome& out) {
    for (const boost::json::value& t : cases) {
        const std::size_t index = out.cases++;
        const boost::json::value* name = t.is_object() ? t.as_object().if_contains(name_key) : nullptr;
        const std::string label =
            case_label(index, name != nullptr && name->is_string() ? std::string_view(name->as_string()) : fallback);
        if (!t.is_object()) {
            out.failures.push_back(label + ": not an object");
            continue;
        }
        if (auto why = run_case(t.as_object())) out.failures.push_back(label + ": " + *why);
    }
    if (out.cases == 0) out.problem = out.source + ": the suite has no cases";
}

}  // namespace awsconnect::test
