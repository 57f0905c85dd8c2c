// Resolving a profile into a chain of credential sources (the rules are in profile_chain.hpp).
#include "credentials/profile_chain.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace awsconnect::creds {
namespace {

using config::profile_file_kind;
using config::profile_section;
using config::profile_value;

constexpr int min_duration_seconds = 900;     // STS AssumeRole / AssumeRoleWithWebIdentity
constexpr int max_duration_seconds = 43200;   // 12 h, the most a role can allow
constexpr int default_duration_seconds = 3600;

/// A value that is set and not empty (an empty value counts as unset, as `key =` in a file
/// most often means "nothing here").
const profile_value* get(const profile_section& p, std::string_view key) {
    const profile_value* v = p.find(key);
    return v != nullptr && !v->value.empty() ? v : nullptr;
}

std::string value_or_empty(const profile_value* v) {
    return v != nullptr ? v->value : std::string();
}

/// " in /home/u/.aws/config, line 3", or nothing for values that come from no file.
std::string where(const profile_value& v) {
    if (v.file.empty()) return {};
    return " in " + v.file + ", line " + std::to_string(v.line);
}

const char* const nothing_configured =
    "configures no credentials (no aws_access_key_id, credential_process, role_arn, "
    "web_identity_token_file, sso_session, sso_start_url or credential_source)";

using base_result = profile_chain_result<std::optional<base_source>>;

class resolver {
public:
    resolver(const config::profile_set& set, std::string_view selected)
        : set_(set), selected_(selected) {}

    profile_chain_result<profile_chain> run() {
        if (set_.profiles.empty()) {
            return error(profile_chain_problem::profile_not_found, selected_,
                         "not found: no profiles are defined");
        }
        if (set_.find_profile(selected_) == nullptr) {
            return error(profile_chain_problem::profile_not_found, selected_, "not found");
        }
        profile_chain chain;
        std::vector<std::string> visited;
        std::string name = selected_;
        while (true) {
            const profile_section* p = set_.find_profile(name);
            if (p == nullptr) {
                return invalid(visited.back(), "source_profile " + name + " is not defined");
            }
            if (std::find(visited.begin(), visited.end(), name) != visited.end()) {
                std::string path;
                for (const auto& v : visited) path += v + " -> ";
                return invalid(visited.back(),
                               "source_profile " + name + " forms a loop: " + path + name);
            }
            visited.push_back(name);

            const profile_value* role_arn = get(*p, "role_arn");
            const bool role = role_arn != nullptr && get(*p, "web_identity_token_file") == nullptr;
            if (role && visited.size() > 1) {
                // A source profile with a key pair is used for its keys, not for its own role
                // (the suite's "ignore assume role when static credentials present").
                const profile_value* id = get(*p, "aws_access_key_id");
                const profile_value* secret = get(*p, "aws_secret_access_key");
                if (id != nullptr && secret != nullptr) {
                    auto keys = static_keys(name, *p, id, secret, get(*p, "aws_session_token"));
                    if (!keys) return keys.error();
                    chain.base = std::move(**keys);
                    chain.base_profile = name;
                    break;
                }
            }
            if (role) {
                auto step = role_step(name, *p, *role_arn);
                if (!step) return step.error();
                chain.roles.push_back(std::move(*step));
                const profile_value* source_profile = get(*p, "source_profile");
                const profile_value* credential_source = get(*p, "credential_source");
                if (source_profile != nullptr && credential_source != nullptr) {
                    return invalid(name,
                                   "both source_profile and credential_source are set; a role "
                                   "takes its source credentials from one of them");
                }
                if (source_profile == nullptr && credential_source == nullptr) {
                    return invalid(name,
                                   "role_arn is set without source_profile or credential_source "
                                   "(the credentials that assume the role)");
                }
                if (credential_source != nullptr) {
                    auto source = named(name, *credential_source);
                    if (!source) return source.error();
                    chain.base = *source;
                    chain.base_profile = name;
                    break;
                }
                if (!config::is_valid_profile_name(source_profile->value)) {
                    return invalid(name, "source_profile" + where(*source_profile) +
                                             " is not a valid profile name (letters, digits and "
                                             "_-/.%@:+)");
                }
                if (source_profile->value == name) {
                    // The profile's own keys (or process, or SSO) assume its role.
                    auto base = base_of(name, *p, true);
                    if (!base) return base.error();
                    if (!*base) {
                        return invalid(name,
                                       "source_profile names the profile itself, which has no "
                                       "aws_access_key_id, credential_process or SSO settings "
                                       "to assume its role with");
                    }
                    chain.base = std::move(**base);
                    chain.base_profile = name;
                    break;
                }
                name = source_profile->value;
                continue;
            }

            auto base = base_of(name, *p, false);
            if (!base) return base.error();
            if (!*base) {
                if (visited.size() == 1) {
                    return error(profile_chain_problem::no_credentials, name, nothing_configured);
                }
                return invalid(name, nothing_configured);
            }
            chain.base = std::move(**base);
            chain.base_profile = name;
            break;
        }
        // Collected from the selected profile down; assumed from the base up.
        std::reverse(chain.roles.begin(), chain.roles.end());
        return chain;
    }

private:
    profile_chain_error error(profile_chain_problem problem, std::string_view profile,
                              std::string message) const {
        return {problem, std::string(profile), std::move(message)};
    }

    /// An error in `profile`: the message names it when it is not the selected profile (the
    /// provider's label names that one).
    profile_chain_error invalid(std::string_view profile, std::string why) const {
        std::string message;
        if (profile != selected_) {
            message = "source profile ";
            message += profile;
            message += ": ";
        }
        message += why;
        return error(profile_chain_problem::invalid, profile, std::move(message));
    }

    profile_chain_result<std::chrono::seconds> duration(std::string_view name,
                                                        const profile_section& p) const {
        const profile_value* v = get(p, "duration_seconds");
        if (v == nullptr) return std::chrono::seconds(default_duration_seconds);
        long long n = 0;
        bool ok = v->value.size() <= 6;
        for (char c : v->value) {
            if (c < '0' || c > '9') ok = false;
            if (ok) n = n * 10 + (c - '0');
        }
        if (!ok || n < min_duration_seconds || n > max_duration_seconds) {
            // The value is not quoted: messages stay ASCII whatever the file holds.
            return invalid(name, "duration_seconds" + where(*v) +
                                     " must be a whole number of seconds from 900 to 43200");
        }
        return std::chrono::seconds(n);
    }

    profile_chain_result<assume_role_step> role_step(std::string_view name,
                                                     const profile_section& p,
                                                     const profile_value& role_arn) const {
        if (const profile_value* mfa = get(p, "mfa_serial")) {
            return invalid(name, "mfa_serial is set" + where(*mfa) +
                                     ": assuming this role needs an MFA code, which cannot be "
                                     "prompted for here (use a role without mfa_serial, or "
                                     "temporary credentials from aws sts get-session-token)");
        }
        auto d = duration(name, p);
        if (!d) return d.error();
        assume_role_step step;
        step.profile = std::string(name);
        step.role_arn = role_arn.value;
        step.external_id = value_or_empty(get(p, "external_id"));
        step.session_name = value_or_empty(get(p, "role_session_name"));
        step.duration = *d;
        return step;
    }

    profile_chain_result<named_source> named(std::string_view name,
                                             const profile_value& v) const {
        if (v.value == "Environment") return named_source{named_source_kind::environment};
        if (v.value == "Ec2InstanceMetadata") {
            return named_source{named_source_kind::ec2_instance_metadata};
        }
        if (v.value == "EcsContainer") return named_source{named_source_kind::ecs_container};
        return invalid(name, "credential_source" + where(v) +
                                 " must be Environment, Ec2InstanceMetadata or EcsContainer");
    }

    /// The base source a profile configures itself, or nothing. `self_source`: the profile's
    /// role names it as its own source_profile (so source_profile is expected).
    base_result base_of(std::string_view name, const profile_section& p, bool self_source) const {
        const profile_value* role_arn = get(p, "role_arn");
        const profile_value* token_file = get(p, "web_identity_token_file");
        const profile_value* credential_source = get(p, "credential_source");
        // `self_source`: the profile's role names it as its own source_profile.
        const profile_value* source_profile = self_source ? nullptr : get(p, "source_profile");
        if (role_arn != nullptr && token_file != nullptr) {
            if (source_profile != nullptr || credential_source != nullptr) {
                return invalid(name, std::string("both web_identity_token_file and ") +
                                         (source_profile != nullptr ? "source_profile"
                                                                    : "credential_source") +
                                         " are set; a role is assumed with a web identity token "
                                         "or with the credentials of a source, not both");
            }
            auto d = duration(name, p);
            if (!d) return d.error();
            web_identity_source w;
            w.role_arn = role_arn->value;
            w.token_file = token_file->value;
            w.session_name = value_or_empty(get(p, "role_session_name"));
            w.duration = *d;
            return std::optional<base_source>(std::move(w));
        }
        auto sso = sso_of(name, p);
        if (!sso || *sso) return sso;
        if (const profile_value* login = get(p, "login_session")) {
            return invalid(name, "login_session is set" + where(*login) +
                                     ": AWS Sign-In console sessions are not supported");
        }
        const profile_value* process = get(p, "credential_process");
        const profile_value* id = get(p, "aws_access_key_id");
        const profile_value* secret = get(p, "aws_secret_access_key");
        const profile_value* token = get(p, "aws_session_token");
        auto in_credentials_file = [](const profile_value* v) {
            return v != nullptr && v->kind == profile_file_kind::credentials;
        };
        const bool keys = id != nullptr || secret != nullptr || token != nullptr;
        const bool keys_in_credentials_file = in_credentials_file(id) ||
                                              in_credentials_file(secret) ||
                                              in_credentials_file(token);
        if (keys && (keys_in_credentials_file || process == nullptr)) {
            return static_keys(name, p, id, secret, token);
        }
        if (process != nullptr) {
            process_source s;
            s.command = process->value;
            s.account_id = value_or_empty(get(p, "aws_account_id"));
            return std::optional<base_source>(std::move(s));
        }
        // Half of a role's configuration, and nothing else: the user meant a role, and there
        // is none to assume (next to keys or a process, such a key is ignored, as botocore
        // reads it).
        if (token_file != nullptr) {
            return invalid(name, "web_identity_token_file is set" + where(*token_file) +
                                     " without role_arn (the role to assume with the token)");
        }
        if (credential_source != nullptr) {
            return invalid(name, "credential_source is set" + where(*credential_source) +
                                     " without role_arn (there is no role to assume)");
        }
        if (source_profile != nullptr) {
            return invalid(name, "source_profile is set" + where(*source_profile) +
                                     " without role_arn (there is no role to assume)");
        }
        return std::optional<base_source>();
    }

    base_result static_keys(std::string_view name, const profile_section& p,
                            const profile_value* id, const profile_value* secret,
                            const profile_value* token) const {
        if (id == nullptr || secret == nullptr) {
            std::string missing = id == nullptr && secret == nullptr
                                      ? "aws_access_key_id and aws_secret_access_key are missing"
                                  : id == nullptr ? "aws_access_key_id is missing"
                                                  : "aws_secret_access_key is missing";
            // Name the key that is there and where (never its value).
            const profile_value* present = id != nullptr ? id : secret != nullptr ? secret : token;
            const char* present_name = id != nullptr       ? "aws_access_key_id"
                                       : secret != nullptr ? "aws_secret_access_key"
                                                           : "aws_session_token";
            return invalid(name, missing + " (" + present_name + " is set" + where(*present) + ")");
        }
        static_keys_source k;
        k.access_key_id = id->value;
        k.secret_access_key = secret->value;
        k.session_token = value_or_empty(token);
        k.account_id = value_or_empty(get(p, "aws_account_id"));
        return std::optional<base_source>(std::move(k));
    }

    base_result sso_of(std::string_view name, const profile_section& p) const {
        const profile_value* session = get(p, "sso_session");
        const profile_value* start_url = get(p, "sso_start_url");
        const profile_value* region = get(p, "sso_region");
        const profile_value* account = get(p, "sso_account_id");
        const profile_value* role = get(p, "sso_role_name");
        // sso_region alone names no source of credentials (it is needed with sso_start_url).
        if (!session && !start_url && !account && !role) return std::optional<base_source>();
        sso_source s;
        if (session != nullptr) {
            if (!config::is_valid_profile_name(session->value)) {
                return invalid(name, "sso_session" + where(*session) +
                                         " is not a valid sso-session name (letters, digits and "
                                         "_-/.%@:+)");
            }
            s.session_name = session->value;
            const std::string section = "[sso-session " + session->value + "]";
            // With a session, the start URL and region are the session's (smithy-rs rejects
            // them in the profile too: two places to say one thing).
            if (start_url != nullptr || region != nullptr) {
                const profile_value* v = start_url != nullptr ? start_url : region;
                const std::string key = v == start_url ? "sso_start_url" : "sso_region";
                return invalid(name, key + " is set" + where(*v) +
                                         " with sso_session: it belongs in " + section + " only");
            }
            const profile_section* sso_session = set_.find_sso_session(session->value);
            if (sso_session == nullptr) {
                return invalid(name, "sso_session" + where(*session) + " names " + section +
                                         ", which is not defined");
            }
            start_url = get(*sso_session, "sso_start_url");
            region = get(*sso_session, "sso_region");
            if (start_url == nullptr || region == nullptr) {
                return invalid(name, section + " has no " +
                                         (start_url == nullptr ? "sso_start_url" : "sso_region"));
            }
            s.registration_scopes = value_or_empty(get(*sso_session, "sso_registration_scopes"));
        } else if (start_url == nullptr || region == nullptr) {
            const std::string key = start_url == nullptr ? "sso_start_url" : "sso_region";
            return invalid(name, key + " is missing (SSO needs sso_session, or sso_start_url and "
                                       "sso_region)");
        }
        if ((account == nullptr) != (role == nullptr)) {
            return invalid(name, account != nullptr
                                     ? "sso_account_id is set" + where(*account) +
                                           " without sso_role_name"
                                     : "sso_role_name is set" + where(*role) +
                                           " without sso_account_id");
        }
        s.start_url = start_url->value;
        s.region = region->value;
        s.account_id = value_or_empty(account);
        s.role_name = value_or_empty(role);
        return std::optional<base_source>(std::move(s));
    }

    const config::profile_set& set_;
    std::string selected_;
};

struct describe_base {
    std::string operator()(const static_keys_source&) const { return "static keys"; }
    std::string operator()(const process_source&) const { return "credential_process"; }
    std::string operator()(const named_source& s) const {
        return "credential_source " + std::string(to_string(s.kind));
    }
    std::string operator()(const web_identity_source& s) const {
        return "web identity token file " + s.token_file + " for " + s.role_arn;
    }
    std::string operator()(const sso_source& s) const {
        std::string out = s.session_name.empty() ? "SSO " + s.start_url
                                                 : "SSO session " + s.session_name;
        if (!s.account_id.empty()) out += ", account " + s.account_id + ", role " + s.role_name;
        return out;
    }
};

}  // namespace

std::string_view to_string(named_source_kind k) noexcept {
    switch (k) {
        case named_source_kind::environment: return "Environment";
        case named_source_kind::ec2_instance_metadata: return "Ec2InstanceMetadata";
        case named_source_kind::ecs_container: return "EcsContainer";
    }
    return "unknown";
}

std::string_view to_string(profile_chain_problem p) noexcept {
    switch (p) {
        case profile_chain_problem::profile_not_found: return "profile_not_found";
        case profile_chain_problem::no_credentials: return "no_credentials";
        case profile_chain_problem::invalid: return "invalid";
    }
    return "unknown";
}

void throw_exception_from_error(const profile_chain_error& e, const boost::source_location&) {
    throw std::invalid_argument(e.message);
}

profile_chain_result<profile_chain> resolve_profile_chain(const config::profile_set& profiles,
                                                          std::string_view selected) {
    return resolver(profiles, selected).run();
}

std::string describe(const profile_chain& chain) {
    std::string out = std::visit(describe_base{}, chain.base);
    out += " (profile " + chain.base_profile + ")";
    for (const auto& r : chain.roles) {
        out += " -> AssumeRole " + r.role_arn + " (profile " + r.profile + ")";
    }
    return out;
}

}  // namespace awsconnect::creds
