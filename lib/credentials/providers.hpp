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
// "process", "container", "imds".
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
    /// The child's environment (envp): `/bin/sh -c command` looks programs up in its PATH.
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

// The default chain, and the sources that call STS (roles, web identity), are the identity
// stage's (lib/identity/identity.hpp).

}  // namespace awsconnect::creds
