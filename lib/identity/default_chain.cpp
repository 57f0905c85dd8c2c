// The default chain, in the AWS SDKs' order (specs/credentials.md §1), built in this one
// place: environment keys, the shared files' profile (keys, credential_process, role
// chains, web identity; SSO through identity_options::sso_base), web identity from the
// environment, the container endpoint, EC2 instance metadata. A source that is configured
// and fails stops the chain: another identity is never used in its place.
// Also the public factories that need the identity stage.
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"
#include "identity/identity.hpp"

namespace awsconnect::identity {
namespace {

identity_options normalized(identity_options o) {
    if (!o.read) o.read = config::disk_file_reader();
    if (!o.cache.now && o.services.wall_now) o.cache.now = o.services.wall_now;
    return o;
}

/// AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN [+ AWS_ROLE_SESSION_NAME], as smithy-rs reads
/// them: no token file is "not configured" (AWS_ROLE_ARN alone means nothing); the token
/// file without AWS_ROLE_ARN is a configuration error. Messages name the variables, never
/// the token.
class web_identity_env_provider final : public credentials_provider {
public:
    explicit web_identity_env_provider(identity_options o) {
        auto token_file = o.env.get("AWS_WEB_IDENTITY_TOKEN_FILE");
        if (!token_file) {
            settings_ = creds::not_configured(label, "AWS_WEB_IDENTITY_TOKEN_FILE not set");
            return;
        }
        auto role_arn = o.env.get("AWS_ROLE_ARN");
        if (!role_arn) {
            settings_ = creds::provider_failed(label, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
                                               errc::invalid_configuration);
            return;
        }
        creds::web_identity_source s;
        s.token_file = std::string(*token_file);
        s.role_arn = std::string(*role_arn);
        if (auto name = o.env.get("AWS_ROLE_SESSION_NAME")) s.session_name = std::string(*name);
        settings_ = make_web_identity_provider(make_sts_context(o), std::move(s), std::string(label));
    }

    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        if (!settings_) co_return settings_.error();
        co_return co_await (*settings_)->get_credentials();
    }

    std::string_view name() const noexcept override { return "web identity"; }

private:
    static constexpr std::string_view label = "web identity";
    result<credentials_provider_ptr> settings_{credentials_provider_ptr{}};
};

}  // namespace

identity_options options_for(const config::resolved_config& cfg, config::environment env,
                             config::file_reader read) {
    identity_options o;
    o.env = std::move(env);
    o.read = std::move(read);
    if (cfg.profile_keys.profile_explicit) o.profile = cfg.profile;
    o.sts_config = cfg;
    return o;
}


credentials_provider_ptr make_web_identity_env_provider(identity_options o) {
    return std::make_shared<web_identity_env_provider>(normalized(std::move(o)));
}

credentials_provider_ptr make_default_chain(identity_options in) {
    identity_options o = normalized(std::move(in));

    creds::container_options c;
    c.env = o.env;
    c.read = o.read;
    c.relative_base = o.container_relative_base;
    c.timeout = o.container_timeout;
    c.attempts = o.container_attempts;
    c.now = o.cache.now;

    creds::imds_options i;
    i.env = o.env;
    i.endpoint = o.imds_endpoint;
    i.timeout = o.imds_timeout;
    i.attempts = o.imds_attempts;
    i.now = o.cache.now;

    return creds::make_chain_provider({
        creds::make_environment_provider(o.env, o.cache.now),
        make_profile_provider(o),
        make_web_identity_env_provider(o),
        creds::make_container_provider(std::move(c)),
        creds::make_imds_provider(std::move(i)),
    });
}

}  // namespace awsconnect::identity

namespace awsconnect {
namespace {

/// Options for the public factories: the process environment and the disk, resolved as a
/// client would resolve them for `profile` (its region and STS endpoint settings).
identity::identity_options public_options(std::string profile) {
    auto env = config::environment::from_process();
    auto read = config::disk_file_reader();
    client_config cc;
    cc.profile = profile;
    config::resolve_options ro;
    ro.require_region = false;
    // Problems (a bad setting elsewhere in the profile) are the client's to report; the
    // settings that did resolve are used.
    auto resolved = config::resolve_config_collect(cc, env, read, ro);
    identity::identity_options o = identity::options_for(resolved.config, env, read);
    o.profile = std::move(profile);
    o.profile_source = "the caller";
    return o;
}

}  // namespace

credentials_provider_ptr make_default_credentials_provider(std::string profile) {
    return identity::make_default_chain(public_options(std::move(profile)));
}

credentials_provider_ptr make_profile_credentials_provider(std::string profile) {
    return identity::make_profile_provider(public_options(std::move(profile)));
}

}  // namespace awsconnect
