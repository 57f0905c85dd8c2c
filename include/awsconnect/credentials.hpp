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

namespace awsconnect {

struct credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  ///< empty for long-term credentials
    /// When temporary credentials stop working; absent for long-term credentials.
    std::optional<std::chrono::system_clock::time_point> expiration;
    /// Which provider produced them ("environment", "profile default", "imds", ...).
    std::string source;

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

}  // namespace awsconnect
