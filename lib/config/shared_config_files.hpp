// Finding, reading and merging the shared config and credentials files for one profile.
//
// Which files: AWS_CONFIG_FILE (default ~/.aws/config) and AWS_SHARED_CREDENTIALS_FILE
// (default ~/.aws/credentials); a leading `~` is the HOME variable. A file that does not
// exist (or cannot be read) is skipped, as the SDKs do. Which profile: the caller's choice,
// else AWS_PROFILE, else "default". The credentials file's values override the config
// file's for the same profile (botocore's session does `profile.update(credentials_values)`).
//
// Used by resolve_config (region, endpoint, retry, TLS) and by the profile credentials
// provider (which reads the files again on each refresh, so rotated keys are picked up).
// Pure apart from the injected environment and file reader.
#pragma once

#include "config/environment.hpp"
#include "config/profile_file.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace awsconnect::config {

struct shared_config {
    /// Both files, merged.
    profile_set profiles;
    /// The selected profile's name, and where that choice came from: "client_config.profile",
    /// "AWS_PROFILE" or "default" (nobody chose; the default profile).
    std::string profile_name;
    std::string profile_name_source;
    /// The paths looked at (empty when no path could be formed, e.g. no HOME), and whether
    /// each file was found.
    std::string config_file;
    std::string credentials_file;
    bool config_file_found = false;
    bool credentials_file_found = false;
    /// Parse errors, one per malformed file ("<path>, line <n>: ..."). The profiles of a
    /// malformed file are left out.
    std::vector<std::string> problems;

    /// The selected profile, or null when neither file defines it.
    const profile_section* selected() const { return profiles.find_profile(profile_name); }
    /// Whether the profile was named explicitly (a missing explicit profile is an error,
    /// a missing "default" is not).
    bool profile_explicit() const { return profile_name_source != "default"; }
    /// `profile "dev"`, for messages.
    std::string describe_profile() const;
    /// "/home/u/.aws/config or /home/u/.aws/credentials", for "not found in ..." messages.
    std::string describe_files() const;
};

/// Expands a leading "~" or "~/" with HOME. Returns empty when HOME is needed and unset.
std::string expand_home(std::string_view path, const environment& env);

/// Reads both files for `profile_override` (empty: AWS_PROFILE, else "default").
/// `profile_source` names where a non-empty override came from (for messages).
shared_config load_shared_config(const environment& env, const file_reader& read,
                                 std::string_view profile_override = {},
                                 std::string_view profile_source = "client_config.profile");

/// `profile "dev" (/home/u/.aws/config, line 3)`: where a profile value was written.
std::string describe_profile_value(std::string_view profile, const profile_value& v);

}  // namespace awsconnect::config
