// Turning a client_config into concrete settings: explicit value, then the environment,
// then the shared config/credentials files, then the default (DESIGN.md §4), and checking
// every rule once.
//
//   setting        explicit (client_config)   environment                    profile key
//   profile        profile                    AWS_PROFILE                    -
//   region         region                     AWS_REGION, AWS_DEFAULT_REGION region
//   endpoint_url   endpoint_url               AWS_ENDPOINT_URL_CONNECT,      services -> connect
//                                             AWS_ENDPOINT_URL               endpoint_url, then
//                                                                            endpoint_url
//   STS endpoint   -                          AWS_ENDPOINT_URL_STS,          services -> sts
//                                             AWS_ENDPOINT_URL               endpoint_url, then
//                                                                            endpoint_url
//   use_fips       use_fips                   AWS_USE_FIPS_ENDPOINT          use_fips_endpoint
//   use_dualstack  use_dualstack              AWS_USE_DUALSTACK_ENDPOINT     use_dualstack_endpoint
//   retry mode     retry.mode                 AWS_RETRY_MODE                 retry_mode
//   max attempts   retry.max_attempts         AWS_MAX_ATTEMPTS               max_attempts
//   retry rules    retry.rules                AWS_NEW_RETRIES_2026           -
//   CA bundle      tls.ca_file                AWS_CA_BUNDLE                  ca_bundle
//
// The endpoint order (service-specific env, global env, the profile's `services` section,
// the profile's endpoint_url) is botocore's ConfiguredEndpointProvider and the SDKs'
// "service-specific endpoints" feature; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (or the
// profile's ignore_configured_endpoint_urls) skips every configured endpoint except the
// explicit one.
//
// Pure: the environment and the file system come in as `environment` and `file_reader`.
#pragma once

#include "config/environment.hpp"
#include "config/profile_file.hpp"

#include <awsconnect/client_config.hpp>
#include <awsconnect/result.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace awsconnect::config {

/// The selected profile's credential keys, for the credentials stage (values keep the file
/// and line they came from, so messages can point at them without quoting them).
struct profile_credentials {
    std::string profile;            ///< the profile's name
    bool profile_explicit = false;  ///< named by client_config.profile or AWS_PROFILE
    bool profile_found = false;     ///< defined in one of the files
    std::string config_file;        ///< the paths looked at ("" when none could be formed)
    std::string credentials_file;
    std::optional<profile_value> access_key_id;      ///< aws_access_key_id
    std::optional<profile_value> secret_access_key;  ///< aws_secret_access_key
    std::optional<profile_value> session_token;      ///< aws_session_token
    std::optional<profile_value> credential_process; ///< credential_process
};

struct resolved_retry {
    retry_mode mode = retry_mode::standard;
    int max_attempts = 3;
    retry_rules rules = retry_rules::v2_0;
    std::chrono::milliseconds max_backoff{20'000};
    bool quota_enabled = true;
    int initial_quota = 500;
};

/// Every setting with a concrete value.
struct resolved_config {
    std::string region;  ///< empty only when resolve_options::require_region is false
    std::string profile;
    /// Empty: use the Connect endpoint rules. Otherwise an http:// or https:// URL.
    std::string endpoint_url;
    bool use_fips = false;
    bool use_dualstack = false;
    resolved_retry retry;
    timeout_config timeouts;
    pool_config pool;
    tls_config tls;  ///< ca_file resolved (empty: the system store)
    /// The caller's provider, or null: build the default chain.
    credentials_provider_ptr credentials;
    std::string user_agent_suffix;
    std::function<void(const attempt_event&)> observer;
    log_config logger;
    profile_credentials profile_keys;

    /// Where some values came from ("client_config.region", "AWS_REGION",
    /// `profile "dev" (/home/u/.aws/config, line 2)`, "default"), for diagnostics.
    std::string region_source;
    std::string endpoint_url_source;

    /// STS's configured endpoint (AssumeRole for the credential providers); empty: the
    /// regional endpoint for `region`, `use_fips` and `use_dualstack`.
    std::string sts_endpoint_url;
    std::string sts_endpoint_url_source;
};

struct resolve_options {
    /// A missing region is an error (the client needs one); from_environment() allows it.
    bool require_region = true;
};

/// The resolved settings and every broken rule found on the way, one message each.
struct resolve_outcome {
    resolved_config config;
    std::vector<std::string> problems;
};

/// Resolves and checks everything, collecting every problem (not just the first).
resolve_outcome resolve_config_collect(const client_config& cfg, const environment& env,
                                       const file_reader& read, resolve_options opts = {});

/// The same as a result: errc::invalid_configuration with the problems joined by "; ".
result<resolved_config> resolve_config(const client_config& cfg, const environment& env,
                                       const file_reader& read, resolve_options opts = {});

/// The rules of client_config::validate(): everything that needs no environment or file.
std::vector<std::string> validate_client_config(const client_config& cfg);

/// A host label: 1 to 63 letters, digits or '-', not starting or ending with '-'.
bool is_valid_region(std::string_view region) noexcept;

}  // namespace awsconnect::config
