// The profile source of the default chain: the selected profile of the shared files, read
// again at every call (rotated keys are picked up).
//
// A profile whose own kind (classify_profile) is keys, credential_process, nothing or a
// broken configuration is the plain profile provider's (lib/credentials/profile_provider.cpp,
// unchanged). A role or web identity profile is resolved into its chain
// (resolve_profile_chain) and the chain is built into providers: the base, then one
// AssumeRole provider per step, each step's source behind a cache of its own (in the step's
// engine). The built chain is kept while the files resolve to the same chain (keys
// included), so the caches live from one refresh to the next; a change rebuilds it.
// IAM Identity Center is `identity_options::sso_base`'s: without it, an SSO profile is
// the plain provider's "not supported" error, and a role whose base is SSO likewise.
#include "config/shared_config_files.hpp"
#include "credentials/profile_source.hpp"
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"
#include "identity/identity.hpp"

#include <mutex>

namespace awsconnect::identity {
namespace {

creds::profile_options plain_options(const identity_options& o) {
    creds::profile_options p;
    p.env = o.env;
    p.read = o.read;
    p.profile = o.profile;
    p.profile_source = o.profile_source;
    p.process_timeout = o.process_timeout;
    p.now = o.cache.now;
    return p;
}

/// Everything a built chain depends on, secrets included: kept in memory only, compared,
/// never printed.
std::string fingerprint(const creds::profile_chain& c) {
    std::string f;
    auto add = [&](std::string_view v) {
        f += std::to_string(v.size());
        f += ':';
        f += v;
    };
    add(c.base_profile);
    f += std::to_string(c.base.index());
    std::visit(
        [&](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, creds::static_keys_source>) {
                add(b.access_key_id), add(b.secret_access_key), add(b.session_token), add(b.account_id);
            } else if constexpr (std::is_same_v<T, creds::process_source>) {
                add(b.command), add(b.account_id);
            } else if constexpr (std::is_same_v<T, creds::named_source>) {
                f += std::to_string(static_cast<int>(b.kind));
            } else if constexpr (std::is_same_v<T, creds::web_identity_source>) {
                add(b.role_arn), add(b.token_file), add(b.session_name), f += std::to_string(b.duration.count());
            } else {
                add(b.session_name), add(b.start_url), add(b.region), add(b.registration_scopes), add(b.account_id),
                    add(b.role_name);
            }
        },
        c.base);
    for (const auto& r : c.roles) {
        add(r.profile), add(r.role_arn), add(r.external_id), add(r.session_name);
        f += std::to_string(r.duration.count());
    }
    return f;
}

std::string describe_base(const creds::profile_chain& c) {
    std::string kind = std::visit(
        [](const auto& b) -> std::string {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, creds::static_keys_source>) return "static keys";
            else if constexpr (std::is_same_v<T, creds::process_source>) return "credential_process";
            else if constexpr (std::is_same_v<T, creds::named_source>)
                return "credential_source " + std::string(creds::to_string(b.kind));
            else if constexpr (std::is_same_v<T, creds::web_identity_source>)
                return "AssumeRoleWithWebIdentity " + b.role_arn;
            else return "IAM Identity Center (SSO)";
        },
        c.base);
    return kind + " (profile " + c.base_profile + ")";
}

class profile_provider final : public credentials_provider {
public:
    explicit profile_provider(identity_options o) : o_(std::move(o)) {
        if (!o_.read) o_.read = config::disk_file_reader();
        if (!o_.cache.now && o_.services.wall_now) o_.cache.now = o_.services.wall_now;
        plain_ = creds::make_profile_provider(plain_options(o_));
    }

    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        auto files = config::load_shared_config(o_.env, o_.read, o_.profile, o_.profile_source);
        const config::profile_section* p = files.selected();
        if (!files.problems.empty() || p == nullptr) co_return co_await plain_->get_credentials();
        const auto kind = creds::classify_profile(*p, files.credentials_file).kind;
        const bool chain_kind = kind == creds::profile_source_kind::assume_role ||
                                kind == creds::profile_source_kind::web_identity ||
                                (kind == creds::profile_source_kind::sso && o_.sso_base);
        if (!chain_kind) co_return co_await plain_->get_credentials();

        const std::string label = "profile " + files.profile_name;
        auto chain = creds::resolve_profile_chain(files.profiles, files.profile_name);
        if (!chain) {
            const auto& e = chain.error();
            if (e.problem == creds::profile_chain_problem::no_credentials) co_return creds::not_configured(label, e.message);
            co_return creds::provider_failed(label, e.message, errc::invalid_configuration);
        }
        auto top = built_for(*chain, label);
        if (!top) co_return top.error();
        co_return co_await (*top)->get_credentials();
    }

    std::string_view name() const noexcept override { return "profile"; }

private:
    result<credentials_provider_ptr> built_for(const creds::profile_chain& chain, const std::string& label) {
        std::string f = fingerprint(chain);
        std::lock_guard lock(mutex_);
        if (top_ && f == fingerprint_) return top_;
        auto top = build(chain, label);
        if (!top) return top;
        top_ = *top;
        fingerprint_ = std::move(f);
        return top;
    }

    result<credentials_provider_ptr> build(const creds::profile_chain& chain, const std::string& label) {
        auto sts = make_sts_context(o_);
        const std::string base_label = "profile " + chain.base_profile;
        credentials_provider_ptr base;
        if (const auto* keys = std::get_if<creds::static_keys_source>(&chain.base)) {
            credentials c;
            c.access_key_id = keys->access_key_id;
            c.secret_access_key = keys->secret_access_key;
            c.session_token = keys->session_token;
            c.source = base_label;
            c.account_id = keys->account_id;
            base = make_static_credentials_provider(std::move(c));
        } else if (const auto* process = std::get_if<creds::process_source>(&chain.base)) {
            creds::process_options po;
            po.command = process->command;
            po.timeout = o_.process_timeout;
            po.env = o_.env;
            po.label = base_label;
            po.source = base_label + " (credential_process)";
            po.now = o_.cache.now;
            base = creds::make_process_provider(std::move(po));
        } else if (const auto* named = std::get_if<creds::named_source>(&chain.base)) {
            base = named_source_provider(named->kind);
        } else if (const auto* web = std::get_if<creds::web_identity_source>(&chain.base)) {
            base = make_web_identity_provider(sts, *web, label);
        } else if (const auto* sso = std::get_if<creds::sso_source>(&chain.base)) {
            // The SSO slot (identity_options::sso_base).
            if (!o_.sso_base)
                return creds::provider_failed(label, "the chain's base, " + describe_base(chain) +
                                                         ", is not supported yet; no other source of credentials "
                                                         "is tried in its place");
            base = o_.sso_base(*sso, chain.base_profile, o_);
        }
        credentials_provider_ptr top = std::move(base);
        std::string source = describe_base(chain);
        for (const auto& step : chain.roles) {
            top = make_assume_role_provider(sts, std::move(top), step, label, source);
            source = "AssumeRole " + step.role_arn + " (profile " + step.profile + ")";
        }
        return top;
    }

    credentials_provider_ptr named_source_provider(creds::named_source_kind k) const {
        switch (k) {
        case creds::named_source_kind::environment: return creds::make_environment_provider(o_.env, o_.cache.now);
        case creds::named_source_kind::ec2_instance_metadata: {
            creds::imds_options i;
            i.env = o_.env;
            i.endpoint = o_.imds_endpoint;
            i.timeout = o_.imds_timeout;
            i.attempts = o_.imds_attempts;
            i.now = o_.cache.now;
            return creds::make_imds_provider(std::move(i));
        }
        case creds::named_source_kind::ecs_container: break;
        }
        creds::container_options c;
        c.env = o_.env;
        c.read = o_.read;
        c.relative_base = o_.container_relative_base;
        c.timeout = o_.container_timeout;
        c.attempts = o_.container_attempts;
        c.now = o_.cache.now;
        return creds::make_container_provider(std::move(c));
    }

    identity_options o_;
    credentials_provider_ptr plain_;
    std::mutex mutex_;
    std::string fingerprint_;
    credentials_provider_ptr top_;
};

}  // namespace

credentials_provider_ptr make_profile_provider(identity_options o) {
    return std::make_shared<profile_provider>(std::move(o));
}

}  // namespace awsconnect::identity
