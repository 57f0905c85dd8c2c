// The shared config and credentials files (~/.aws/config, ~/.aws/credentials), parsed the
// way the AWS SDKs and the AWS CLI read them.
//
// The format, as implemented (the cross-SDK rules in smithy-rs `env_config/parse.rs` and
// `normalize.rs`, checked by the SDKs' shared suite profile-parser-tests.json; botocore's
// `configloader.py` agrees on everything we rely on):
// - `[default]` and `[profile name]` sections in the config file; a bare `[name]` other than
//   default is ignored there (the CLI ignores it too). `[name]` in the credentials file; a
//   `[profile name]` there is ignored. The config file also holds `[sso-session name]`
//   sections (IAM Identity Center: sso_start_url, sso_region, sso_registration_scopes) and
//   `[services name]` sections (service-specific settings: `sts =` + indented
//   `endpoint_url = ...`). Other sections are parsed for syntax and ignored, and so are all
//   of these in the credentials file. Section names (profile, sso-session, services) must be
//   made of letters, digits and `_-/.%@:+`; a section with another name is ignored.
// - `[profile default]` in the config file replaces `[default]` entirely. The same section
//   twice in one file is merged (later keys win).
// - Full-line comments start with `#` or `;` (after optional indentation). In a property line,
//   `#` or `;` starts a comment only after a space or tab (`key = a#b` keeps `a#b`); in a
//   section header, anywhere after the name.
// - Property names are case-insensitive (lower-cased, as botocore's configparser and the SDKs
//   do); values keep their case; spaces and tabs around names, `=` and values are dropped.
//   Section and profile names are case-sensitive. Only `=` separates a name from its value
//   (botocore also accepts `:`; the other SDKs do not, and neither do we). A property whose
//   name has characters outside `[A-Za-z0-9_-/.%@:+]` (`in valid = x`) is ignored, with its
//   indented lines, as the SDKs do.
// - An indented line continues the property above it: after `key = value` it is appended to
//   the value with a newline; after `key =` (empty value) it is a `name = value` sub-property
//   and the property becomes a sub-section (botocore's nested dict). Sub-property names keep
//   their case (botocore does not lower-case them either).
// - Blank lines are ignored; CR LF line ends and a UTF-8 byte order mark are accepted.
// A malformed line is an error naming the file and the 1-based line; the line's text is
// never echoed (it may hold a secret key).
//
// Pure: text in, profiles out. Reading the files is the caller's business (resolve_config).
// Thread-safety: none needed (no shared state); a parsed profile_set is a plain value.
#pragma once

#include <awsconnect/result.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace awsconnect::config {

enum class profile_file_kind {
    config,       ///< ~/.aws/config: [default], [profile x], [sso-session x], [services x]
    credentials,  ///< ~/.aws/credentials: [x]
};

/// One value and where it was written (for error messages).
struct profile_value {
    std::string value;
    std::string file;      ///< path of the file that set it
    std::size_t line = 0;  ///< 1-based line of its `key = value`
    /// Which kind of file set it (botocore prefers keys written in the credentials file to a
    /// credential_process, and those to keys written in the config file).
    profile_file_kind kind = profile_file_kind::config;
};

using property_map = std::map<std::string, profile_value, std::less<>>;

/// One profile (or one `[sso-session x]` or `[services x]` section).
struct profile_section {
    /// Plain properties; names lower-cased.
    property_map values;
    /// Sub-sections (`s3 =` followed by indented `name = value` lines), by property name.
    std::map<std::string, property_map, std::less<>> sub_sections;

    const profile_value* find(std::string_view key) const;
    const property_map* find_sub_section(std::string_view key) const;
};

/// Everything the files define that we use.
struct profile_set {
    std::map<std::string, profile_section, std::less<>> profiles;
    /// `[sso-session name]` sections of the config file, by name.
    std::map<std::string, profile_section, std::less<>> sso_sessions;
    /// `[services name]` sections of the config file, by name.
    std::map<std::string, profile_section, std::less<>> services;

    const profile_section* find_profile(std::string_view name) const;
    const profile_section* find_sso_session(std::string_view name) const;
    const profile_section* find_services(std::string_view name) const;

    /// A service-specific setting of `profile`: its `services = NAME`, then in
    /// `[services NAME]` the sub-section `service_id =` (the service's id, lower case:
    /// "connect", "sts", "sso") and in it `key` ("endpoint_url"). Null when any link is
    /// missing or the value is empty.
    const profile_value* find_service_setting(const profile_section& profile,
                                              std::string_view service_id,
                                              std::string_view key) const;
};

/// Parses one file's text. `path` is only used in error messages and in `profile_value::file`.
/// Fails with errc::invalid_configuration: "<path>, line <n>: <what is wrong>".
result<profile_set> parse_profile_file(std::string_view text, std::string_view path,
                                       profile_file_kind kind);

/// Adds `from` to `into`; for a profile in both, `from`'s values override `into`'s key by key
/// (botocore: the credentials file's values override the config file's for the same profile,
/// so call merge_profile_sets(config_set, credentials_set)).
void merge_profile_sets(profile_set& into, const profile_set& from);

/// Whether `name` may name a profile (or a section, or a property): letters, digits and
/// `_-/.%@:+`, not empty.
bool is_valid_profile_name(std::string_view name) noexcept;

}  // namespace awsconnect::config
