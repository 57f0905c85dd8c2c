// The credentials providers behind the public factories, with everything they read from the
// machine injected: the environment, the file system, the clock, the endpoint addresses and
// the timeouts. The public make_*_credentials_provider() functions call these with the real
// ones (environment::from_process(), the disk, system_clock, the AWS addresses); tests pass
// hand-built environments, temporary files, fixed clocks and local HTTP servers.
//
// The stage's namespace is awsconnect::creds: `awsconnect::credentials` is the public struct.
//
// Each provider's errors follow provider_error.hpp (label first, no secrets; a cause when it
// was configured but failed). Labels: "static", "environment", "profile <name>",
// "process", "web identity", "container", "imds".
#pragma once

#include "config/environment.hpp"
#include "config/resolve_config.hpp"

#include <awsconnect/credentials.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace awsconnect::creds {

/// The wall clock (credential expirations are wall-clock times). Empty: system_clock::now.
using clock_fn = std::function<std::chrono::system_clock::time_point()>;

std::chrono::system_clock::time_point now_or_system(const clock_fn& now);

// ---- environment ------------------------------------------------------------------------
/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION
/// from `env` (a snapshot).
credentials_provider_ptr make_environment_provider(config::environment env, clock_fn now = {});

// ---- credential_process -----------------------------------------------------------------
struct process_options {
    std::string command;
    std::chrono::milliseconds timeout{60'000};
    /// stdout beyond this is an error (the JSON document is a few KiB at most).
    std::size_t max_output_bytes = 64 * 1024;
    /// The child's environment (envp). The program is looked up in the PATH of this process.
    config::environment env;
    /// How messages name the provider ("process", "profile dev").
    std::string label = "process";
    /// credentials::source of what it returns.
    std::string source = "process";
    clock_fn now;
};
credentials_provider_ptr make_process_provider(process_options opts);

// ---- profile ----------------------------------------------------------------------------
struct profile_options {
    config::environment env;
    config::file_reader read;  ///< empty: the disk
    /// Empty: AWS_PROFILE, else "default".
    std::string profile;
    /// Where a non-empty `profile` came from (for messages).
    std::string profile_source = "the caller";
    std::chrono::milliseconds process_timeout{60'000};
    clock_fn now;
};
credentials_provider_ptr make_profile_provider(profile_options opts);

// ---- web identity from the environment --------------------------------------------------
/// AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN [+ AWS_ROLE_SESSION_NAME] from `env`. Not
/// configured without the token file. AssumeRoleWithWebIdentity is not implemented yet: when
/// both are set the provider fails (stopping a chain) instead of letting a chain fall
/// through to another identity.
credentials_provider_ptr make_web_identity_env_provider(config::environment env);

// ---- container (ECS/EKS) ----------------------------------------------------------------
struct container_options {
    config::environment env;
    config::file_reader read;  ///< for AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE; empty: the disk
    /// What AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is appended to.
    std::string relative_base = "http://169.254.170.2";
    std::chrono::milliseconds timeout{2'000};  ///< per try
    int attempts = 3;                          ///< tries on timeouts, connect errors and 5xx
    clock_fn now;
};
credentials_provider_ptr make_container_provider(container_options opts);

// ---- IMDSv2 -----------------------------------------------------------------------------
struct imds_options {
    config::environment env;
    /// Non-empty: the metadata service's base URL, ahead of AWS_EC2_METADATA_SERVICE_ENDPOINT
    /// (tests). Else that variable, else AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6
    /// (http://[fd00:ec2::254]), else http://169.254.169.254.
    std::string endpoint;
    std::chrono::milliseconds timeout{1'000};  ///< per request
    int attempts = 2;                          ///< tries per request
    clock_fn now;
};
credentials_provider_ptr make_imds_provider(imds_options opts);

// ---- chain and default chain ------------------------------------------------------------
credentials_provider_ptr make_chain_provider(std::vector<credentials_provider_ptr> providers);

struct default_chain_options {
    config::environment env;
    config::file_reader read;  ///< empty: the disk
    std::string profile;       ///< empty: AWS_PROFILE, else "default"
    std::string profile_source = "client_config.profile";
    std::chrono::milliseconds process_timeout{60'000};
    std::string container_relative_base = "http://169.254.170.2";
    std::chrono::milliseconds container_timeout{2'000};
    int container_attempts = 3;
    std::string imds_endpoint;  ///< see imds_options::endpoint
    std::chrono::milliseconds imds_timeout{1'000};
    int imds_attempts = 2;
    clock_fn now;
};
/// environment, profile (keys or credential_process; a role or SSO profile stops the chain),
/// web identity from the environment (stops the chain when configured), container, IMDS.
credentials_provider_ptr make_default_chain(default_chain_options opts);

/// The default chain for a resolved client configuration: its profile when one was named
/// (client_config.profile or AWS_PROFILE; a missing named profile then stops the chain),
/// else AWS_PROFILE/"default" as the chain finds them (a missing default profile does not).
/// `env` and `read` should be the ones resolve_config used.
credentials_provider_ptr make_default_chain_for(const config::resolved_config& cfg,
                                                config::environment env,
                                                config::file_reader read);

}  // namespace awsconnect::creds
