// The profile provider: the keys or the credential_process of a profile in the shared
// config/credentials files, which are read again on every call (the cache above calls
// rarely, and rotated keys are then picked up).
//
// What the profile names is decided by classify_profile (profile_source.hpp): within a
// profile, botocore's order: keys written in the credentials file, then credential_process,
// then keys written in the config file; an assumed role or IAM Identity Center come before
// all of them. A profile with half a key pair is an error naming the missing key (never the
// value of the other one). A profile that names a role or SSO is an error that stops the
// chain (falling through to the container or the instance role would use another identity);
// only a profile naming nothing falls through. The identity stage's profile provider
// (lib/identity/profile_provider.cpp) resolves role and web identity profiles itself and
// hands every other profile to this one.
#include "config/shared_config_files.hpp"
#include "credentials/profile_source.hpp"
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"

namespace awsconnect::creds {
namespace {

class profile_provider final : public credentials_provider {
public:
    explicit profile_provider(profile_options o) : o_(std::move(o)) {
        if (!o_.read) o_.read = config::disk_file_reader();
    }

    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        auto files = config::load_shared_config(o_.env, o_.read, o_.profile, o_.profile_source);
        const std::string label = "profile " + files.profile_name;
        if (!files.problems.empty()) {
            // "<path>, line <n>: ..." (the parser never quotes a line).
            co_return provider_failed(label, files.problems.front(), errc::invalid_configuration);
        }
        const config::profile_section* p = files.selected();
        if (p == nullptr) {
            std::string why = "not found in " + files.describe_files();
            if (files.profile_explicit()) {
                co_return provider_failed(label, why, errc::invalid_configuration);
            }
            co_return not_configured(label, why);
        }

        const profile_source src = classify_profile(*p, files.credentials_file);
        switch (src.kind) {
        case profile_source_kind::none:
            co_return not_configured(label, "no aws_access_key_id or credential_process");
        case profile_source_kind::static_keys:
            co_return static_keys(label, files.profile_name, *p);
        case profile_source_kind::process: {
            process_options po;
            po.command = src.at->value;
            po.timeout = o_.process_timeout;
            po.env = o_.env;
            po.label = label;
            po.source = label + " (credential_process)";
            po.now = o_.now;
            co_return co_await make_process_provider(std::move(po))->get_credentials();
        }
        case profile_source_kind::invalid:
            co_return provider_failed(label, src.problem + " (" + where(*src.at) + ")",
                                      errc::invalid_configuration);
        case profile_source_kind::assume_role:
        case profile_source_kind::web_identity:
        case profile_source_kind::sso:
            // The profile names an identity we cannot produce yet. Stop here: the container
            // or the instance role behind us is another identity.
            co_return provider_failed(label, src.key + " is set (" + where(*src.at) + "): " +
                                                 not_supported_yet(src) +
                                                 "; no other source of credentials is tried in its place");
        }
        co_return provider_failed(label, "unknown kind of profile");
    }

    std::string_view name() const noexcept override { return "profile"; }

private:
    static std::string where(const config::profile_value& v) {
        return v.file + ", line " + std::to_string(v.line);
    }

    static std::string not_supported_yet(const profile_source& src) {
        switch (src.kind) {
        case profile_source_kind::assume_role:
            return "assuming a role (AssumeRole with " + src.role_source_key + ") is not supported yet";
        case profile_source_kind::web_identity:
            return "assuming a role with web_identity_token_file (AssumeRoleWithWebIdentity) is not "
                   "supported yet";
        case profile_source_kind::sso: return "IAM Identity Center (SSO) credentials are not supported yet";
        default: return std::string(to_string(src.kind)) + " is not supported";
        }
    }

    static result<credentials_ptr> static_keys(const std::string& label, const std::string& name,
                                               const config::profile_section& p) {
        auto non_empty = [&](std::string_view key) -> const config::profile_value* {
            const config::profile_value* v = p.find(key);
            return v != nullptr && !v->value.empty() ? v : nullptr;
        };
        const config::profile_value* id = non_empty("aws_access_key_id");
        const config::profile_value* secret = non_empty("aws_secret_access_key");
        if (id == nullptr) {
            return provider_failed(label,
                                   "aws_access_key_id is missing (aws_secret_access_key is set in " +
                                       where(*secret) + ")",
                                   errc::invalid_configuration);
        }
        if (secret == nullptr) {
            return provider_failed(label,
                                   "aws_secret_access_key is missing (aws_access_key_id is set in " +
                                       where(*id) + ")",
                                   errc::invalid_configuration);
        }
        credentials c;
        c.access_key_id = id->value;
        c.secret_access_key = secret->value;
        if (const config::profile_value* t = p.find("aws_session_token")) {
            c.session_token = t->value;
        }
        c.source = "profile " + name;
        return std::make_shared<const credentials>(std::move(c));
    }

    profile_options o_;
};

}  // namespace

credentials_provider_ptr make_profile_provider(profile_options opts) {
    return std::make_shared<profile_provider>(std::move(opts));
}

}  // namespace awsconnect::creds
