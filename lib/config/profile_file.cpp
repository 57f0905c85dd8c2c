// Parsing ~/.aws/config and ~/.aws/credentials (the rules are in profile_file.hpp).
#include "config/profile_file.hpp"

#include "http/ascii.hpp"

#include <optional>

namespace awsconnect::config {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_comment_char(char c) { return c == '#' || c == ';'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) { return http::to_lower_ascii(s); }

/// Cuts a trailing comment: from the first '#' or ';' that follows a space or tab (or, with
/// `anywhere`, from the first one at all).
std::string_view strip_comment(std::string_view s, bool anywhere) {
    bool prev_blank = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (is_comment_char(s[i]) && (anywhere || prev_blank)) return trim(s.substr(0, i));
        prev_blank = is_blank(s[i]);
    }
    return trim(s);
}

/// Where the properties of the current section go.
enum class target_kind {
    none,             ///< before the first section header
    ignored,          ///< a section we do not use: syntax is checked, contents dropped
    profile,          ///< profiles[name]
    plain_default,    ///< [default] in the config file (loses to [profile default])
    sso_session,      ///< sso_sessions[name]
    services,         ///< services[name]
};

class parser {
public:
    parser(std::string_view path, profile_file_kind kind) : path_(path), kind_(kind) {}

    result<profile_set> run(std::string_view text) {
        // A UTF-8 byte order mark (Windows editors write one) is not part of the first line.
        if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
        std::size_t pos = 0;
        std::size_t line_no = 0;
        while (pos < text.size()) {
            ++line_no;
            std::size_t nl = text.find('\n', pos);
            std::size_t end = nl == std::string_view::npos ? text.size() : nl;
            std::string_view line = text.substr(pos, end - pos);
            pos = end + 1;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (auto err = parse_line(line, line_no)) return std::move(*err);
        }
        finish();
        return std::move(out_);
    }

private:
    std::optional<error> parse_line(std::string_view line, std::size_t line_no) {
        std::string_view t = trim(line);
        if (t.empty() || is_comment_char(t.front())) return std::nullopt;
        if (is_blank(line.front())) return continuation(t, line_no);
        if (line.front() == '[') return section_header(line, line_no);
        return property(line, line_no);
    }

    std::optional<error> section_header(std::string_view line, std::size_t line_no) {
        std::string_view t = strip_comment(line, true);
        if (t.size() < 2 || t.back() != ']') {
            return fail(line_no, "a section header must end with ']'");
        }
        std::string_view name = trim(t.substr(1, t.size() - 2));
        if (name.empty()) return fail(line_no, "empty section name");
        section_ = nullptr;
        property_.clear();
        property_ignored_ = false;
        target_ = target_kind::ignored;

        // "[prefix name]": split at the first run of spaces/tabs.
        std::size_t ws = name.find_first_of(" \t");
        std::string_view prefix = ws == std::string_view::npos ? std::string_view() : name.substr(0, ws);
        std::string_view rest = ws == std::string_view::npos ? name : trim(name.substr(ws));

        if (kind_ == profile_file_kind::credentials) {
            if (prefix.empty() && is_valid_profile_name(rest)) {
                target_ = target_kind::profile;
                section_ = &out_.profiles[std::string(rest)];
            }
            return std::nullopt;
        }
        if (prefix.empty()) {
            if (rest == "default") {
                target_ = target_kind::plain_default;
                section_ = &plain_default_;
                saw_plain_default_ = true;
            }
            // A bare [name] in the config file is not a profile (the CLI ignores it).
            return std::nullopt;
        }
        if (prefix == "profile" && is_valid_profile_name(rest)) {
            target_ = target_kind::profile;
            if (rest == "default") saw_prefixed_default_ = true;
            section_ = &out_.profiles[std::string(rest)];
        } else if (prefix == "sso-session" && is_valid_profile_name(rest)) {
            target_ = target_kind::sso_session;
            section_ = &out_.sso_sessions[std::string(rest)];
        } else if (prefix == "services" && is_valid_profile_name(rest)) {
            target_ = target_kind::services;
            section_ = &out_.services[std::string(rest)];
        }
        return std::nullopt;
    }

    std::optional<error> property(std::string_view line, std::size_t line_no) {
        if (target_ == target_kind::none) {
            return fail(line_no, "a property must follow a section header such as [default]");
        }
        std::string_view t = strip_comment(line, false);
        std::size_t eq = t.find('=');
        if (eq == std::string_view::npos) {
            return fail(line_no, "expected '=' in a property line (name = value)");
        }
        std::string_view key = trim(t.substr(0, eq));
        std::string_view value = trim(t.substr(eq + 1));
        if (key.empty()) return fail(line_no, "a property needs a name before '='");
        property_ = lower(key);
        property_has_value_ = !value.empty();
        property_is_sub_section_ = false;
        // A name the SDKs reject (`in valid = x`) is dropped with its indented lines; the
        // lines are still checked, as for an ignored section.
        property_ignored_ = !is_valid_profile_name(property_);
        if (section_ != nullptr && !property_ignored_) {
            // Redefining a property replaces it, sub-section included.
            section_->sub_sections.erase(property_);
            section_->values[property_] =
                profile_value{std::string(value), path_, line_no, kind_};
        }
        return std::nullopt;
    }

    std::optional<error> continuation(std::string_view t, std::size_t line_no) {
        if (target_ == target_kind::none) {
            return fail(line_no, "a property must follow a section header such as [default]");
        }
        if (property_.empty()) {
            return fail(line_no, "an indented line must follow a property (name = value)");
        }
        if (property_has_value_) {
            // A multi-line value: "a\nb" (continuation lines keep their text as is).
            if (section_ != nullptr && !property_ignored_) {
                auto& v = section_->values[property_].value;
                v += '\n';
                v += t;
            }
            return std::nullopt;
        }
        // `name =` then indented `sub = value` lines: a sub-section.
        std::string_view s = strip_comment(t, false);
        std::size_t eq = s.find('=');
        if (eq == std::string_view::npos) {
            return fail(line_no, "expected '=' in an indented sub-property line (name = value)");
        }
        std::string_view key = trim(s.substr(0, eq));
        std::string_view value = trim(s.substr(eq + 1));
        if (key.empty()) return fail(line_no, "a sub-property needs a name before '='");
        if (section_ != nullptr && !property_ignored_) {
            if (!property_is_sub_section_) {
                section_->values.erase(property_);
                property_is_sub_section_ = true;
            }
            section_->sub_sections[property_][std::string(key)] =
                profile_value{std::string(value), path_, line_no, kind_};
        }
        return std::nullopt;
    }

    void finish() {
        // [profile default] replaces [default] entirely (it is the explicit spelling).
        if (saw_plain_default_ && !saw_prefixed_default_) {
            auto& d = out_.profiles["default"];
            d = std::move(plain_default_);
        }
    }

    error fail(std::size_t line_no, std::string_view what) const {
        std::string msg = path_;
        msg += ", line ";
        msg += std::to_string(line_no);
        msg += ": ";
        msg += what;
        return make_error(errc::invalid_configuration, std::move(msg));
    }

    std::string path_;
    profile_file_kind kind_;
    profile_set out_;
    profile_section plain_default_;
    bool saw_plain_default_ = false;
    bool saw_prefixed_default_ = false;

    target_kind target_ = target_kind::none;
    profile_section* section_ = nullptr;  // null for an ignored section
    std::string property_;                // the property indented lines belong to
    bool property_ignored_ = false;       // its name is not valid: its lines are dropped
    bool property_has_value_ = false;
    bool property_is_sub_section_ = false;
};

void merge_section(profile_section& into, const profile_section& from) {
    for (const auto& [k, v] : from.values) {
        into.sub_sections.erase(k);
        into.values[k] = v;
    }
    for (const auto& [k, sub] : from.sub_sections) {
        into.values.erase(k);
        auto& target = into.sub_sections[k];
        for (const auto& [sk, sv] : sub) target[sk] = sv;
    }
}

}  // namespace

const profile_value* profile_section::find(std::string_view key) const {
    auto it = values.find(key);
    return it == values.end() ? nullptr : &it->second;
}

const property_map* profile_section::find_sub_section(std::string_view key) const {
    auto it = sub_sections.find(key);
    return it == sub_sections.end() ? nullptr : &it->second;
}

const profile_section* profile_set::find_profile(std::string_view name) const {
    auto it = profiles.find(name);
    return it == profiles.end() ? nullptr : &it->second;
}

const profile_section* profile_set::find_sso_session(std::string_view name) const {
    auto it = sso_sessions.find(name);
    return it == sso_sessions.end() ? nullptr : &it->second;
}

const profile_section* profile_set::find_services(std::string_view name) const {
    auto it = services.find(name);
    return it == services.end() ? nullptr : &it->second;
}

const profile_value* profile_set::find_service_setting(const profile_section& profile,
                                                       std::string_view service_id,
                                                       std::string_view key) const {
    const profile_value* name = profile.find("services");
    if (name == nullptr || name->value.empty()) return nullptr;
    const profile_section* section = find_services(name->value);
    if (section == nullptr) return nullptr;
    const property_map* service = section->find_sub_section(service_id);
    if (service == nullptr) return nullptr;
    auto it = service->find(key);
    if (it == service->end() || it->second.value.empty()) return nullptr;
    return &it->second;
}

result<profile_set> parse_profile_file(std::string_view text, std::string_view path,
                                       profile_file_kind kind) {
    return parser(path, kind).run(text);
}

void merge_profile_sets(profile_set& into, const profile_set& from) {
    for (const auto& [name, p] : from.profiles) merge_section(into.profiles[name], p);
    for (const auto& [name, s] : from.sso_sessions) merge_section(into.sso_sessions[name], s);
    for (const auto& [name, s] : from.services) merge_section(into.services[name], s);
}

bool is_valid_profile_name(std::string_view name) noexcept {
    if (name.empty()) return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '/' || c == '.' || c == '%' || c == '@' ||
                  c == ':' || c == '+';
        if (!ok) return false;
    }
    return true;
}

}  // namespace awsconnect::config
