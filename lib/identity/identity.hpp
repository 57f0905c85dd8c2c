// The identity stage: the credential sources that need AWS calls of their own, built on the
// engine (lib/client's orchestration loop: retries, pool, deadlines, cancellation), and the
// default chain that puts every source in the SDKs' order (specs/credentials.md §1-3).
//
//   client construction (client_create.cpp) -> identity -> credentials (the plain
//   providers, the cache, the pure profile chain resolver) and the engine
//
// - STS AssumeRole (signed with the source's credentials) and AssumeRoleWithWebIdentity
//   (unsigned; the token file read again at each refresh), on engines made by an
//   `sts_context`: the regional endpoint, or AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL /
//   the profile's `services` sts endpoint_url / endpoint_url (resolve_config.hpp);
// - profile chains (profile_chain.hpp): a base (static keys, credential_process,
//   credential_source, web identity; SSO is a slot, `sso_base` below) and AssumeRole steps,
//   each step's source behind a cache of its own (5 min before expiry, one refresh at a
//   time, never used within 10 s of expiry);
// - web identity from the environment (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN
//   [+ AWS_ROLE_SESSION_NAME]).
// A source that is configured and fails stops the chain (provider_error.hpp): errors start
// with "profile NAME: " or "web identity: " and name the step that failed; never a secret.
//
// The engines are made on the executor of the first refresh that needs them, and kept.
// Thread safety: every provider may be called from several threads at once.
#pragma once

#include "client/client_services.hpp"
#include "config/environment.hpp"
#include "config/resolve_config.hpp"
#include "credentials/cached_provider.hpp"
#include "credentials/profile_chain.hpp"
#include "log/logger.hpp"

#include <awsconnect/credentials.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace awsconnect::identity {

class sts_context;

/// Everything the sources read from the outside world, injected (tests pass fakes).
struct identity_options {
    config::environment env;
    config::file_reader read;  ///< empty: the disk
    std::string profile;       ///< empty: AWS_PROFILE, else "default"
    std::string profile_source = "client_config.profile";
    /// For STS: `region` (empty: us-east-1, as the SDKs' STS clients fall back), use_fips,
    /// use_dualstack, sts_endpoint_url; retry, timeouts, pool, tls for its engines.
    config::resolved_config sts_config;
    /// Clocks, sleeps, randomness of the STS engines; empty members: the real ones.
    detail::client_services services;
    log::logger_ptr log;  ///< null: one from sts_config.logger
    /// The caches in front of each step's source (`now` empty: services.wall_now).
    creds::cached_options cache;
    std::chrono::milliseconds process_timeout{60'000};
    std::string container_relative_base = "http://169.254.170.2";
    std::chrono::milliseconds container_timeout{2'000};
    int container_attempts = 3;
    std::string imds_endpoint;  ///< see creds::imds_options::endpoint
    std::chrono::milliseconds imds_timeout{1'000};
    int imds_attempts = 2;
    /// The SSO slot: the base provider of a profile chain whose base is IAM Identity Center.
    /// Empty: such a profile is an error that stops the chain ("not supported").
    std::function<credentials_provider_ptr(const creds::sso_source&, const std::string& profile,
                                           const identity_options&)>
        sso_base;
};

/// Options for a resolved client configuration and the environment and files it was
/// resolved from: its profile when one was named (client_config.profile or AWS_PROFILE),
/// its region, FIPS/dual-stack and STS endpoint, retry, timeouts, pool, TLS and logger.
identity_options options_for(const config::resolved_config& cfg, config::environment env,
                             config::file_reader read);

/// environment, profile (keys, credential_process, role chains, web identity; SSO through
/// `sso_base`), web identity from the environment, container, IMDS.
credentials_provider_ptr make_default_chain(identity_options o);

/// The selected profile alone (the default chain's second source).
credentials_provider_ptr make_profile_provider(identity_options o);

/// AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN [+ AWS_ROLE_SESSION_NAME] (the default
/// chain's third source): not configured without the token file.
credentials_provider_ptr make_web_identity_env_provider(identity_options o);

// ---- the building blocks ----------------------------------------------------------------

/// The STS endpoint and engines shared by the steps of one chain (one transport).
std::shared_ptr<sts_context> make_sts_context(const identity_options& o);

/// One AssumeRole step: `source`'s credentials (behind a cache of its own) sign it.
/// `label` starts its errors ("profile dev").
credentials_provider_ptr make_assume_role_provider(std::shared_ptr<sts_context> sts,
                                                   credentials_provider_ptr source,
                                                   creds::assume_role_step step, std::string label,
                                                   std::string source_description);

/// AssumeRoleWithWebIdentity with the token read from `source.token_file` at every call.
credentials_provider_ptr make_web_identity_provider(std::shared_ptr<sts_context> sts,
                                                    creds::web_identity_source source, std::string label);

/// "awsconnect-<epoch ms>": the default RoleSessionName.
std::string default_session_name(std::chrono::system_clock::time_point now);

}  // namespace awsconnect::identity
