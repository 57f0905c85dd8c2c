// What a profile of the shared files names as its source of credentials, decided before
// anything is fetched, the way the AWS SDKs decide it (specs/credentials.md §1-2).
//
// Precedence inside one profile (botocore's provider order, smithy-rs's profile chain):
//   1. `role_arn`: an assumed role. With `web_identity_token_file` it is AssumeRoleWithWebIdentity
//      (web_identity); with `source_profile` or `credential_source` (exactly one) it is
//      AssumeRole (assume_role). Neither, or both of the last two: a configuration error.
//   2. IAM Identity Center: `sso_session`, `sso_start_url`, `sso_account_id`, `sso_role_name`.
//   3. Keys written in the credentials file, then `credential_process`, then keys written in
//      the config file (half a key pair is the static_keys kind; the provider reports it).
//   4. A key that names a source of credentials but means nothing without `role_arn`
//      (`source_profile`, `credential_source`, `web_identity_token_file`): a configuration error.
//   5. None of these: the profile configures no credentials (the default chain moves on).
// A profile whose kind is a source we cannot use yet (assume_role, web_identity, sso) must
// stop the chain with an error naming the key, never fall through to another identity: the
// profile provider does that, and the implementation of those sources replaces that branch.
//
// Values are never copied into `problem` or anywhere else: keys and file positions only.
// Pure: a parsed profile in, a classification out.
#pragma once

#include "config/profile_file.hpp"

#include <string>
#include <string_view>

namespace awsconnect::creds {

enum class profile_source_kind {
    none,          ///< nothing that produces credentials
    static_keys,   ///< aws_access_key_id / aws_secret_access_key (maybe only one of them)
    process,       ///< credential_process
    assume_role,   ///< role_arn + source_profile or credential_source
    web_identity,  ///< role_arn + web_identity_token_file
    sso,           ///< sso_session / sso_start_url / sso_account_id / sso_role_name
    invalid,       ///< names a source of credentials, but not a usable one (see `problem`)
};

struct profile_source {
    profile_source_kind kind = profile_source_kind::none;
    /// The key that decided the kind ("role_arn", "sso_session", "credential_process", ...);
    /// empty for none.
    std::string key;
    /// Where that key was written (points into the classified profile); null for none.
    const config::profile_value* at = nullptr;
    /// assume_role: "source_profile" or "credential_source", the key naming the role's source.
    std::string role_source_key;
    /// invalid: what is wrong, naming keys only ("role_arn is set but ...").
    std::string problem;
};

/// Classifies `p`. `credentials_file` is the path of the shared credentials file (keys written
/// there come before credential_process). The result points into `p`.
profile_source classify_profile(const config::profile_section& p, std::string_view credentials_file);

/// "assume role", "web identity", ...: the kind, for messages.
std::string_view to_string(profile_source_kind k) noexcept;

}  // namespace awsconnect::creds
