// The default chain, in the AWS SDKs' order (specs/credentials.md §1): environment keys, the
// shared files' profile, web identity from the environment, the container endpoint, EC2
// instance metadata.
// Assume-role, web identity and SSO need STS/SSO calls that are not implemented yet. A
// profile naming one of them, or AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, is an error
// that stops the chain (profile_source.hpp, web_identity_provider.cpp): the container or
// instance role behind them would be another identity than the one configured.
#include "credentials/providers.hpp"

namespace awsconnect::creds {

credentials_provider_ptr make_default_chain(default_chain_options o) {
    if (!o.read) o.read = config::disk_file_reader();

    profile_options p;
    p.env = o.env;
    p.read = o.read;
    p.profile = o.profile;
    p.profile_source = o.profile_source;
    p.process_timeout = o.process_timeout;
    p.now = o.now;

    container_options c;
    c.env = o.env;
    c.read = o.read;
    c.relative_base = o.container_relative_base;
    c.timeout = o.container_timeout;
    c.attempts = o.container_attempts;
    c.now = o.now;

    imds_options i;
    i.env = o.env;
    i.endpoint = o.imds_endpoint;
    i.timeout = o.imds_timeout;
    i.attempts = o.imds_attempts;
    i.now = o.now;

    return make_chain_provider({
        make_environment_provider(o.env, o.now),
        make_profile_provider(std::move(p)),
        make_web_identity_env_provider(o.env),
        make_container_provider(std::move(c)),
        make_imds_provider(std::move(i)),
    });
}

credentials_provider_ptr make_default_chain_for(const config::resolved_config& cfg,
                                                config::environment env,
                                                config::file_reader read) {
    default_chain_options o;
    o.env = std::move(env);
    o.read = std::move(read);
    if (cfg.profile_keys.profile_explicit) o.profile = cfg.profile;
    return make_default_chain(std::move(o));
}

}  // namespace awsconnect::creds

namespace awsconnect {

credentials_provider_ptr make_default_credentials_provider(std::string profile) {
    creds::default_chain_options o;
    o.env = config::environment::from_process();
    o.profile = std::move(profile);
    o.profile_source = "the caller";
    return creds::make_default_chain(std::move(o));
}

}  // namespace awsconnect
