// Classifying a profile's source of credentials (see profile_source.hpp).
#include "credentials/profile_source.hpp"

#include <array>

namespace awsconnect::creds {

namespace {

/// The key's value when it is set to something (an empty value is "not set", as for the keys).
const config::profile_value* non_empty(const config::profile_section& p, std::string_view key) {
    const config::profile_value* v = p.find(key);
    return v != nullptr && !v->value.empty() ? v : nullptr;
}

profile_source decided(profile_source_kind kind, std::string_view key, const config::profile_value* at) {
    profile_source s;
    s.kind = kind;
    s.key = std::string(key);
    s.at = at;
    return s;
}

profile_source invalid(std::string_view key, const config::profile_value* at, std::string problem) {
    profile_source s = decided(profile_source_kind::invalid, key, at);
    s.problem = std::move(problem);
    return s;
}

}  // namespace

profile_source classify_profile(const config::profile_section& p, std::string_view credentials_file) {
    const auto* role_arn = non_empty(p, "role_arn");
    const auto* source_profile = non_empty(p, "source_profile");
    const auto* credential_source = non_empty(p, "credential_source");
    const auto* token_file = non_empty(p, "web_identity_token_file");

    // 1. An assumed role.
    if (role_arn != nullptr) {
        if (token_file != nullptr) return decided(profile_source_kind::web_identity, "role_arn", role_arn);
        if (source_profile != nullptr && credential_source != nullptr) {
            return invalid("role_arn", role_arn,
                           "role_arn has both source_profile and credential_source (set only one)");
        }
        if (source_profile == nullptr && credential_source == nullptr) {
            return invalid("role_arn", role_arn,
                           "role_arn needs source_profile, credential_source or web_identity_token_file "
                           "(none is set)");
        }
        profile_source s = decided(profile_source_kind::assume_role, "role_arn", role_arn);
        s.role_source_key = source_profile != nullptr ? "source_profile" : "credential_source";
        return s;
    }

    // 2. IAM Identity Center: any of its keys (a partial SSO profile is still an SSO profile).
    static constexpr std::array<std::string_view, 4> sso_keys = {"sso_session", "sso_start_url",
                                                                 "sso_account_id", "sso_role_name"};
    for (std::string_view k : sso_keys) {
        if (const auto* v = non_empty(p, k)) return decided(profile_source_kind::sso, k, v);
    }

    // 3. Keys in the credentials file, credential_process, keys in the config file.
    const auto* id = non_empty(p, "aws_access_key_id");
    const auto* secret = non_empty(p, "aws_secret_access_key");
    const auto* process = non_empty(p, "credential_process");
    const auto* first_key = id != nullptr ? id : secret;
    const char* first_key_name = id != nullptr ? "aws_access_key_id" : "aws_secret_access_key";
    const bool keys_in_credentials_file = (id != nullptr && id->file == credentials_file) ||
                                          (secret != nullptr && secret->file == credentials_file);
    if (first_key != nullptr && (keys_in_credentials_file || process == nullptr)) {
        return decided(profile_source_kind::static_keys, first_key_name, first_key);
    }
    if (process != nullptr) return decided(profile_source_kind::process, "credential_process", process);

    // 4. Half of a role's configuration: the user meant a role, and there is none to assume.
    for (const auto* v : {source_profile, credential_source, token_file}) {
        if (v == nullptr) continue;
        const std::string key = v == source_profile      ? "source_profile"
                                : v == credential_source ? "credential_source"
                                                         : "web_identity_token_file";
        return invalid(key, v, key + " is set but role_arn is not (there is no role to assume)");
    }

    // 5. Nothing.
    return {};
}

std::string_view to_string(profile_source_kind k) noexcept {
    switch (k) {
    case profile_source_kind::none: return "none";
    case profile_source_kind::static_keys: return "static keys";
    case profile_source_kind::process: return "credential_process";
    case profile_source_kind::assume_role: return "assume role";
    case profile_source_kind::web_identity: return "web identity";
    case profile_source_kind::sso: return "IAM Identity Center (SSO)";
    case profile_source_kind::invalid: return "invalid";
    }
    return "?";
}

}  // namespace awsconnect::creds
