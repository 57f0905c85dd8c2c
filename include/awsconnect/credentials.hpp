// awsconnect: AWS credentials and the providers that find them.
//
// A provider is asked for credentials before each attempt; the client wraps whatever it
// is given in a caching provider, so a provider that reaches the network (container,
// IMDS, credential_process) is asked only when the cached credentials near expiry.
//
// Thread safety: providers may be called concurrently from several threads.
// Secrets: `credentials` prints redacted, and no error message ever contains a secret key,
// a session token or an authorization header.
#pragma once

#include <awsconnect/result.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsconnect {

struct credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  ///< empty for long-term credentials
    /// When temporary credentials stop working; absent for long-term credentials.
    std::optional<std::chrono::system_clock::time_point> expiration;
    /// Which provider produced them ("environment", "profile default", "imds", ...).
    std::string source;
    /// The AWS account they belong to, where the source says (the account of an assumed
    /// role's ARN); empty when unknown.
    std::string account_id{};

    bool expired_at(std::chrono::system_clock::time_point now) const noexcept {
        return expiration.has_value() && *expiration <= now;
    }
};

/// Prints the access key id, the source and the expiration; the secret key and the session
/// token are written as "<redacted>".
std::ostream& operator<<(std::ostream& os, const credentials& c);

using credentials_ptr = std::shared_ptr<const credentials>;

/// Something that can produce credentials.
class credentials_provider {
public:
    virtual ~credentials_provider() = default;

    /// Resolves credentials on the calling coroutine's executor. Fails with
    /// errc::credentials_unavailable and a message saying why (never a secret).
    virtual boost::asio::awaitable<result<credentials_ptr>> get_credentials() = 0;

    /// A short name for messages: "static", "environment", "profile", "process",
    /// "container", "imds", "chain", "cached".
    virtual std::string_view name() const noexcept = 0;
};

using credentials_provider_ptr = std::shared_ptr<credentials_provider>;

/// Always the given credentials.
credentials_provider_ptr make_static_credentials_provider(credentials c);

// The providers below read the process environment once, when they are made.
// In a chain (make_chain_credentials_provider, the default chain), a provider that finds
// nothing configured lets the next one try; one that is configured but fails (a profile
// whose credential_process exits with an error, a container endpoint that does not answer)
// stops the chain, as the AWS SDKs do, so that another identity is never used by surprise.

/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION.
credentials_provider_ptr make_environment_credentials_provider();

/// The credentials of a profile in the shared files, read again on each call: its keys
/// (aws_access_key_id, aws_secret_access_key, aws_session_token), its credential_process,
/// or its role chain: role_arn with source_profile or credential_source (Environment,
/// Ec2InstanceMetadata, EcsContainer) through STS AssumeRole, role_arn with
/// web_identity_token_file through AssumeRoleWithWebIdentity (the regional STS endpoint of
/// the profile's region, or AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's services
/// sts endpoint_url, endpoint_url). Empty `profile`: AWS_PROFILE, else "default". A profile
/// naming IAM Identity Center (sso_session, sso_start_url, sso_account_id, sso_role_name)
/// fails, naming the key: not supported yet; in a chain the failure stops it (another
/// identity is never used in its place).
credentials_provider_ptr make_profile_credentials_provider(std::string profile = {});

/// Runs `command` with `/bin/sh -c` (as the Go, JavaScript, Java and Rust SDKs do: pipelines
/// and variables work) and reads its Version 1 JSON from stdout (at most 64 KiB). The
/// child is killed after `timeout`.
credentials_provider_ptr make_process_credentials_provider(
    std::string command, std::chrono::milliseconds timeout = std::chrono::seconds(60));

/// ECS/EKS: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on http://169.254.170.2) or
/// AWS_CONTAINER_CREDENTIALS_FULL_URI (http only to loopback or the ECS/EKS addresses;
/// https to any host), with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read on each call) or
/// AWS_CONTAINER_AUTHORIZATION_TOKEN as the Authorization header.
credentials_provider_ptr make_container_credentials_provider();

/// EC2 instance metadata, IMDSv2 only (session token first). Off when
/// AWS_EC2_METADATA_DISABLED=true; AWS_EC2_METADATA_SERVICE_ENDPOINT moves it.
credentials_provider_ptr make_imds_credentials_provider();

/// Tries `providers` in order (see above for when it stops); the error names each provider
/// tried and why it failed.
credentials_provider_ptr make_chain_credentials_provider(
    std::vector<credentials_provider_ptr> providers);

/// The SDKs' default chain: environment, profile (as make_profile_credentials_provider),
/// web identity from the environment (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN
/// [+ AWS_ROLE_SESSION_NAME], the token file read at each refresh), container, IMDS. Empty
/// `profile`: AWS_PROFILE, else "default". A source that is configured and fails (an SSO
/// profile too: not supported yet) stops the chain instead of falling through to the
/// container or IMDS.
credentials_provider_ptr make_default_credentials_provider(std::string profile = {});

/// Caches what `inner` returns: long-term credentials forever, temporary ones until 5
/// minutes (minus up to 1 minute of jitter) before they expire. One refresh at a time;
/// callers without usable credentials wait for it, and stop waiting with errc::cancelled
/// when their coroutine is cancelled (the refresh goes on and fills the cache). If a
/// refresh fails, the last credentials are returned while they have not expired.
credentials_provider_ptr make_cached_credentials_provider(credentials_provider_ptr inner);

}  // namespace awsconnect
