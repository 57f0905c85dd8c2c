// awsconnect: the client's configuration.
//
// A plain aggregate. Fields left unset (empty strings, empty optionals, null pointers) are
// resolved when the client is built, the way the AWS SDKs do it: explicit value, then the
// environment, then the shared config/credentials files (~/.aws/config, ~/.aws/credentials,
// for the profile named by `profile` or AWS_PROFILE), then the default. Every rule is then
// checked once, and a broken one is reported with one clear message per rule.
//
//   setting          environment                               profile key
//   region           AWS_REGION, AWS_DEFAULT_REGION            region
//   credentials      AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, aws_access_key_id, ...,
//                    AWS_SESSION_TOKEN, container, IMDS        credential_process
//   endpoint_url     AWS_ENDPOINT_URL_CONNECT, AWS_ENDPOINT_URL endpoint_url
//   use_fips         AWS_USE_FIPS_ENDPOINT                     use_fips_endpoint
//   use_dualstack    AWS_USE_DUALSTACK_ENDPOINT                use_dualstack_endpoint
//   retry.mode       AWS_RETRY_MODE                            retry_mode
//   retry.max_attempts AWS_MAX_ATTEMPTS                        max_attempts
//   tls.ca_file      AWS_CA_BUNDLE                             ca_bundle
//   profile          AWS_PROFILE (files: AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)
//
// Thread safety: a value; copy it freely. Exception safety: the functions below do not throw.
#pragma once

#include <awsconnect/log.hpp>
#include <awsconnect/result.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsconnect {

// Declared here so this header (and the pure configuration stage) needs no Asio; providers
// are made with the factories of <awsconnect/credentials.hpp>.
class credentials_provider;
using credentials_provider_ptr = std::shared_ptr<credentials_provider>;

enum class retry_mode {
    standard,  ///< SDK standard mode: backoff with full jitter and a retry quota
    adaptive,  ///< standard plus a client-side send-rate limiter that learns from throttling
};

/// Which version of the AWS retry rules to follow (see specs/retry.md).
enum class retry_rules {
    v2_0,  ///< what the SDKs ship by default (base 1 s, costs 5/10)
    v2_1,  ///< "Retry Behavior 2.1" (base 50 ms / 1 s throttling, costs 14/5)
};

struct retry_config {
    /// Unset: AWS_RETRY_MODE, profile retry_mode, else standard ("legacy" is read as standard).
    std::optional<retry_mode> mode;
    /// Total attempts (1 = no retries). Unset: AWS_MAX_ATTEMPTS, profile max_attempts, else 3.
    std::optional<int> max_attempts;
    /// Unset: v2_1 when AWS_NEW_RETRIES_2026=true, else v2_0.
    std::optional<retry_rules> rules;
    /// Upper bound of one backoff delay.
    std::chrono::milliseconds max_backoff{20'000};
    /// The client-side retry quota (token bucket) shared by all calls of a client. Turning it
    /// off removes the circuit breaker against retry storms.
    bool quota_enabled = true;
    int initial_quota = 500;
};

struct timeout_config {
    std::chrono::milliseconds resolve{2'000};        ///< one DNS resolution
    std::chrono::milliseconds connect{1'000};        ///< one TCP connect, per address
    std::chrono::milliseconds tls_handshake{2'000};  ///< one TLS handshake
    /// One attempt: waiting for a connection, connecting, writing, and reading the response.
    std::chrono::milliseconds attempt{10'000};
    /// The whole call, retries, backoff sleeps and waiting for credentials included. No
    /// attempt starts that cannot finish before it. (A credentials refresh that is still
    /// running at the deadline goes on in the background, for the calls that follow.)
    std::chrono::milliseconds operation{60'000};
};

struct pool_config {
    std::size_t max_connections = 64;     ///< per endpoint
    std::size_t max_pending = 0;          ///< waiters allowed; 0 = 4 x max_connections
    std::size_t max_concurrent_connects = 4;
    std::size_t initial_size = 0;         ///< connections opened ahead of the first call
    /// Idle connections are closed after this (lowered to the server's Keep-Alive timeout
    /// minus 1 s when it sends one).
    std::chrono::milliseconds idle_timeout{15'000};
    /// Connections are retired once idle after this, +/- `lifetime_jitter`.
    std::chrono::milliseconds max_lifetime{300'000};
    double lifetime_jitter = 0.2;
    std::chrono::milliseconds dns_ttl{30'000};
    /// How long an address that failed to connect is set aside (first failure; doubles up to
    /// 30 s on repeated failures).
    std::chrono::milliseconds address_penalty{1'000};
    std::size_t max_response_header_bytes = 16 * 1024;
    std::size_t max_response_body_bytes = 1024 * 1024;
};

struct tls_config {
    /// PEM bundle of trusted CAs. Unset: AWS_CA_BUNDLE, profile ca_bundle, else the system
    /// store (OpenSSL's default paths).
    std::string ca_file;
    /// Directory of hashed CA certificates (c_rehash layout), in addition to `ca_file`.
    std::string ca_directory;
    /// DANGER: accept any certificate and any host name. Only for local testing; the client
    /// logs a warning when it is built with this set (`client_config::logger`: on stderr
    /// unless the caller set a sink or turned warnings off).
    bool insecure_skip_verify = false;
};

/// What the optional observer sees after every attempt.
///
/// Lifetimes: the string_views (request_id, client_token, retry_kind) point into the
/// call's own state and are valid only during the observer call; copy them to keep them.
struct attempt_event {
    int attempt = 0;          ///< 1-based
    int max_attempts = 0;
    /// Empty code: the attempt succeeded. Otherwise why it failed.
    boost::system::error_code error;
    int http_status = 0;
    std::string_view request_id;
    std::string_view client_token;
    /// The retry kind the classifier gave: "", "transient", "throttling", "server", "clock_skew"
    std::string_view retry_kind;
    /// Whether another attempt follows, and after how long.
    bool will_retry = false;
    std::chrono::milliseconds delay{0};
    /// Retry quota left after this attempt's accounting.
    int quota_left = 0;
    /// Stale-connection replays inside this attempt (they cost no quota).
    int stale_replays = 0;
};

struct client_config {
    /// AWS Region, e.g. "us-east-1". Unset: AWS_REGION, AWS_DEFAULT_REGION, profile region.
    std::string region;
    /// Where credentials come from. Unset: the default chain (environment, profile files,
    /// credential_process, container, IMDS).
    credentials_provider_ptr credentials;
    /// Endpoint override, e.g. "http://127.0.0.1:8080" (plain http allowed for local use).
    /// Unset: AWS_ENDPOINT_URL_CONNECT, AWS_ENDPOINT_URL, profile endpoint_url, else the
    /// Connect endpoint rules.
    std::string endpoint_url;
    std::optional<bool> use_fips;
    std::optional<bool> use_dualstack;
    /// Shared-config profile. Unset: AWS_PROFILE, else "default".
    std::string profile;

    retry_config retry;
    timeout_config timeouts;
    pool_config pool;
    tls_config tls;

    /// Appended to the User-Agent header ("awsconnect/<version> <suffix>").
    std::string user_agent_suffix;
    /// Called after every attempt, on the thread that ran it. Keep it short; it must not throw.
    std::function<void(const attempt_event&)> observer;
    /// The library's log lines (<awsconnect/log.hpp>, which has an example): by default
    /// warnings only, on stderr. The client never writes to stderr otherwise.
    log_config logger;

    /// A configuration with everything resolved from the environment and the shared files
    /// now (region, endpoint, retry, TLS bundle, profile). Fails with
    /// errc::invalid_configuration naming the file and line of a malformed file.
    static result<client_config> from_environment();
    /// The same for a named profile.
    static result<client_config> from_profile(std::string_view profile);

    /// Every broken rule, one message each; empty when valid. Unset fields are not errors
    /// here (they are resolved when the client is built).
    std::vector<std::string> validate() const;
};

}  // namespace awsconnect
