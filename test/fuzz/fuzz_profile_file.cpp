// Fuzz target: the shared config / credentials file parser (lib/config/profile_file).
//
// The first byte picks the file kind (config or credentials); the rest is the file text.
//
// Invariants: the result is a profile set or an invalid_configuration error whose message
// is "<path>, line <n>: ..." and never repeats the file's text; profile, sso-session and
// services names are valid profile names; property names are valid names in lower case;
// every value records the file and its kind.
// Round trip: the parsed set, written back as a file by `write_file` below, parses to the
// same set (values, sub-sections, names); merging a set into itself changes nothing.
#include "fuzz_input.hpp"

#include "config/profile_file.hpp"

#include <string>
#include <string_view>

namespace {

using namespace awsconnect;
using config::profile_file_kind;
using config::profile_set;

constexpr std::string_view path = "/fuzz/aws/config";

// Writes `set` in the file syntax. Every line ends with CR LF: the parser drops one CR
// before each LF, so a value that ends in CR keeps it. Properties are written `name=value`
// (no blanks, so a value that starts with '#' is not read as a comment); the continuation
// lines of a multi-line value and sub-properties are indented by one space.
std::string write_file(const profile_set& set, profile_file_kind kind) {
    std::string out;
    auto write_section = [&](std::string_view header, const config::profile_section& s) {
        out.append("[").append(header).append("]\r\n");
        for (const auto& [name, v] : s.values) {
            out.append(name).append("=");
            std::string_view value = v.value;
            for (std::size_t nl; (nl = value.find('\n')) != std::string_view::npos;) {
                out.append(value.substr(0, nl)).append("\r\n ");
                value.remove_prefix(nl + 1);
            }
            out.append(value).append("\r\n");
        }
        for (const auto& [name, sub] : s.sub_sections) {
            out.append(name).append("=\r\n");
            for (const auto& [k, v] : sub)
                out.append(" ").append(k).append("=").append(v.value).append("\r\n");
        }
    };
    for (const auto& [name, s] : set.profiles)
        write_section(kind == profile_file_kind::config ? "profile " + name : name, s);
    for (const auto& [name, s] : set.sso_sessions) write_section("sso-session " + name, s);
    for (const auto& [name, s] : set.services) write_section("services " + name, s);
    return out;
}

bool same_properties(const config::property_map& a, const config::property_map& b) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j)
        if (i->first != j->first || i->second.value != j->second.value) return false;
    return true;
}

bool same_sections(const std::map<std::string, config::profile_section, std::less<>>& a,
                   const std::map<std::string, config::profile_section, std::less<>>& b) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
        if (i->first != j->first || !same_properties(i->second.values, j->second.values))
            return false;
        if (i->second.sub_sections.size() != j->second.sub_sections.size()) return false;
        for (auto k = i->second.sub_sections.begin(), l = j->second.sub_sections.begin();
             k != i->second.sub_sections.end(); ++k, ++l)
            if (k->first != l->first || !same_properties(k->second, l->second)) return false;
    }
    return true;
}

bool same(const profile_set& a, const profile_set& b) {
    return same_sections(a.profiles, b.profiles) &&
           same_sections(a.sso_sessions, b.sso_sessions) &&
           same_sections(a.services, b.services);
}

void check_section(const config::profile_section& s, profile_file_kind kind) {
    for (const auto& [name, v] : s.values) {
        FUZZ_CHECK(config::is_valid_profile_name(name));
        for (char c : name) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
        FUZZ_CHECK(v.file == path && v.line > 0 && v.kind == kind);
        FUZZ_CHECK(s.sub_sections.find(name) == s.sub_sections.end());
    }
    for (const auto& [name, sub] : s.sub_sections) {
        FUZZ_CHECK(config::is_valid_profile_name(name));
        FUZZ_CHECK(!sub.empty());
        for (const auto& [k, v] : sub)
            FUZZ_CHECK(!k.empty() && v.file == path && v.line > 0 && v.kind == kind);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::input_reader in(data, size);
    const auto kind = (in.byte() & 1) ? profile_file_kind::credentials : profile_file_kind::config;
    const std::string_view text = in.rest();

    auto parsed = config::parse_profile_file(text, path, kind);
    if (!parsed) {
        const error& e = parsed.error();
        FUZZ_CHECK(e.code == make_error_code(errc::invalid_configuration));
        FUZZ_CHECK(e.message.starts_with(std::string(path) + ", line "));
        // The message names the line, never its text (it may hold a secret key): whatever
        // follows "line <n>: " is one of the parser's own phrases, which are ASCII.
        for (char c : e.message) FUZZ_CHECK(static_cast<unsigned char>(c) < 0x80 && c >= 0x20);
        return 0;
    }
    const profile_set& set = *parsed;
    if (kind == profile_file_kind::credentials)
        FUZZ_CHECK(set.services.empty() && set.sso_sessions.empty());
    for (const auto* sections : {&set.profiles, &set.sso_sessions, &set.services}) {
        for (const auto& [name, s] : *sections) {
            FUZZ_CHECK(config::is_valid_profile_name(name));
            check_section(s, kind);
        }
    }

    const std::string written = write_file(set, kind);
    auto again = config::parse_profile_file(written, path, kind);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(same(set, *again));

    profile_set merged = set;
    config::merge_profile_sets(merged, set);
    FUZZ_CHECK(same(set, merged));
    return 0;
}
