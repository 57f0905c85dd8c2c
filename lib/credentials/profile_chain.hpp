// Profile chains: how the selected profile of the shared config files becomes a chain of
// credential sources, a base source and then zero or more STS AssumeRole steps, each step
// signed with the credentials of the one before (credentials.md §2; checked with the SDKs'
// shared suite assume-role-tests.json).
//
// The rules, per profile, starting at the selected one (an empty value counts as unset):
// 1. A profile reached through source_profile (not the selected one) that has a key pair
//    (`aws_access_key_id` + `aws_secret_access_key`) is the base, for its keys, even when it
//    also has a role of its own (the SDKs: smithy-rs, botocore, Go).
// 2. `role_arn` without `web_identity_token_file` is an AssumeRole step (role_arn,
//    external_id, role_session_name, duration_seconds 900..43200 with 3600 by default;
//    `mfa_serial` is an error: a library cannot prompt for a code). Its source is exactly one
//    of `credential_source` (Environment | Ec2InstanceMetadata | EcsContainer: the base) or
//    `source_profile` (both, or neither, is an error). A source_profile naming another profile
//    continues the chain there, even when this profile also has keys: the role is used. One
//    naming the profile itself makes this profile's own keys, credential_process or SSO
//    settings the base. A source_profile that is not defined, or a loop (a profile reached
//    twice, keys or not), is an error.
// 3. Otherwise the profile is the base, the first of:
//    - `web_identity_token_file` + `role_arn`: AssumeRoleWithWebIdentity, with
//      role_session_name and duration_seconds as above; together with source_profile or
//      credential_source it is an error (the SDKs disagree on which would win);
//    - `sso_session` (its `[sso-session]` holds sso_start_url and sso_region, which the
//      profile must then not set) or the legacy `sso_start_url` + `sso_region`; with
//      `sso_account_id` and `sso_role_name`, both or neither (neither: a token-only profile,
//      which yields no AWS credentials: the SSO provider reports it). Any of sso_session,
//      sso_start_url, sso_account_id, sso_role_name makes an SSO profile; sso_region alone
//      does not;
//    - `login_session` (AWS Sign-In console sessions): an error, not supported;
//    - keys written in the credentials file (`aws_access_key_id`, `aws_secret_access_key`,
//      `aws_session_token`, `aws_account_id`); half a pair, or a session token alone, is an
//      error naming the missing key;
//    - `credential_process` (with `aws_account_id` as the account when the process gives none);
//    - keys written in the config file (botocore's order: credentials-file keys, then the
//      process, then config-file keys).
//    Then half of a role's configuration with nothing else (`web_identity_token_file`,
//    `credential_source` or `source_profile` without `role_arn`) is an error; next to keys or
//    a process such a key is ignored, as botocore reads it. A profile with none of these
//    configures no credentials.
// Within one profile this is the order of classify_profile (profile_source.hpp), which the
// profile provider uses until the sources are built on this chain. Checked here rather than
// ignored or left to the providers, where smithy-rs (the suite's origin) does not:
// mfa_serial, duration_seconds, the credential_source name, and web identity together with a
// source; credential_source without role_arn is an error (smithy-rs takes it as the base;
// botocore and the Java SDK ignore it).
//
// Error kinds, for the providers: `profile_not_found` (the selected profile is not defined:
// a failure when it was named explicitly, nothing configured for an implicit "default"),
// `no_credentials` (the selected profile configures none: the default chain moves on), and
// `invalid` (configured but unusable: the chain stops, CREDENTIALS_UNAVAILABLE). Messages
// name the profile at fault and, where known, the file and line; never a secret.
//
// Pure: profiles in, chain or error out; no I/O and no clock (the providers read the files,
// run the process, call STS and SSO, and generate the default session name). Thread-safety:
// none needed, values only.
#pragma once

#include "config/profile_file.hpp"

#include <boost/system/result.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace awsconnect::creds {

/// `aws_access_key_id` + `aws_secret_access_key` [+ `aws_session_token`] of a profile.
struct static_keys_source {
    std::string access_key_id;
    std::string secret_access_key;  ///< secret
    std::string session_token;      ///< secret; empty: long-term keys
    std::string account_id;         ///< `aws_account_id`; empty: unknown
};

/// `credential_process`: a shell command line printing Version 1 JSON.
struct process_source {
    std::string command;
    std::string account_id;  ///< `aws_account_id`, used when the output has none
};

/// `credential_source` values.
enum class named_source_kind {
    environment,            ///< "Environment": AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY ...
    ec2_instance_metadata,  ///< "Ec2InstanceMetadata": IMDSv2
    ecs_container,          ///< "EcsContainer": the container endpoint (ECS, EKS Pod Identity)
};
/// "Environment", "Ec2InstanceMetadata", "EcsContainer".
std::string_view to_string(named_source_kind k) noexcept;

struct named_source {
    named_source_kind kind;
};

/// `role_arn` + `web_identity_token_file`: STS AssumeRoleWithWebIdentity (unsigned), the
/// token read from the file at each refresh.
struct web_identity_source {
    std::string role_arn;
    std::string token_file;
    std::string session_name;  ///< `role_session_name`; empty: generated by the provider
    std::chrono::seconds duration{3600};
};

/// IAM Identity Center: a cached SSO access token, then SSO GetRoleCredentials.
struct sso_source {
    /// `sso_session`: the `[sso-session NAME]` section; empty for the legacy form, where the
    /// start URL and region are in the profile (token cache key: sha1 of the session name,
    /// else of the start URL).
    std::string session_name;
    std::string start_url;
    std::string region;
    std::string registration_scopes;  ///< `sso_registration_scopes` of the session, or empty
    /// Both set, or both empty (a token-only profile: no AWS credentials from it).
    std::string account_id;
    std::string role_name;
};

using base_source =
    std::variant<static_keys_source, process_source, named_source, web_identity_source,
                 sso_source>;

/// One STS AssumeRole, signed with the credentials of the step before.
struct assume_role_step {
    std::string profile;  ///< the profile that configures it (for messages)
    std::string role_arn;
    std::string external_id;   ///< empty: none
    std::string session_name;  ///< `role_session_name`; empty: generated by the provider
    std::chrono::seconds duration{3600};
};

struct profile_chain {
    std::string base_profile;  ///< the profile the base source comes from
    base_source base;
    /// In the order they are assumed: roles[0] with the base's credentials, roles[1] with
    /// those of roles[0], ...; the last one gives the selected profile's credentials.
    std::vector<assume_role_step> roles;
};

enum class profile_chain_problem {
    profile_not_found,  ///< the selected profile is not defined (or no profile is)
    no_credentials,     ///< the selected profile configures no credentials
    invalid,            ///< configured, but the configuration cannot work
};
/// "profile_not_found", "no_credentials", "invalid".
std::string_view to_string(profile_chain_problem p) noexcept;

struct profile_chain_error {
    profile_chain_problem problem;
    std::string profile;  ///< the profile at fault (the selected one, or one of its sources)
    /// What is wrong, without the selected profile's name (the provider's label carries it):
    /// "source profile B: aws_secret_access_key is missing (aws_access_key_id is set in
    /// /home/u/.aws/credentials, line 3)". Never a secret.
    std::string message;
};

/// Called by boost::system::result<T, profile_chain_error>::value() (found by ADL): throws
/// std::invalid_argument with the message.
[[noreturn]] void throw_exception_from_error(const profile_chain_error& e,
                                             const boost::source_location& loc);

template <class T>
using profile_chain_result = boost::system::result<T, profile_chain_error>;

/// The chain of `selected` in `profiles` (both files merged, sso-session sections included).
profile_chain_result<profile_chain> resolve_profile_chain(const config::profile_set& profiles,
                                                          std::string_view selected);

/// A one-line description without secrets, for logs and messages:
/// "static keys (profile base) -> AssumeRole arn:aws:iam::1:role/R (profile dev)".
std::string describe(const profile_chain& chain);

}  // namespace awsconnect::creds
