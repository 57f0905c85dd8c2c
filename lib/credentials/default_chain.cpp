// The default chain, in the AWS SDKs' order: environment, the shared files' profile (keys
// or credential_process), the container endpoint, EC2 instance metadata.
// (The SDKs also try web identity, SSO and assume-role profiles between the environment and
// the profile's keys; those need STS/SSO calls and are not supported here.)
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
