// What the credentials services (STS, SSO, SSO-OIDC) issue and accept, shared by every
// request: the temporary credentials issued (looked up by SigV4 verification, for Connect
// calls and role chains), the SSO access tokens (configured ones, and those CreateToken
// issued, with their expiry), the OIDC clients and their refresh tokens, and the generator
// of ids, secrets and tokens.
//
// Thread safety: internally synchronized (one shared mutex; lookups take it shared), so it
// may be used outside the service state's lock, which SigV4 verification runs outside of.
// Deterministic: what it issues depends only on the seed and the order of issue.
#pragma once

#include <awsconnect/emulator.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

namespace awsconnect::emulator {

class identity_store {
public:
    using time_point = std::chrono::system_clock::time_point;

    /// Issued credentials kept at most; beyond it, the expired ones are dropped first
    /// (then the oldest to expire), so a long run stays bounded.
    static constexpr std::size_t max_issued = 100'000;

    explicit identity_store(const server_config& config);

    /// An issued credential by access key id (a copy: the store may change meanwhile).
    std::optional<credential> find_credential(std::string_view access_key_id) const;
    /// New temporary credentials expiring at `expiration`: access key id "ASIA" + 16
    /// upper-case letters and digits, a 40-character secret, a 356-character session token.
    credential issue_credential(time_point expiration, time_point now);

    /// A 21-character upper-case id ("AROA" + 17) for AssumedRoleUser.AssumedRoleId.
    std::string new_role_id();
    /// A request id (UUID form) for an answer whose body names it.
    std::string new_request_id();

    /// Whether GetRoleCredentials accepts `token` at `now`.
    bool sso_token_valid(std::string_view token, time_point now) const;

    enum class grant : std::uint8_t { ok, invalid_client, invalid_grant };
    struct issued_token {
        std::string access_token;
        std::string refresh_token;
    };
    /// CreateToken's refresh_token grant: checks the client, its secret (in constant time)
    /// and the refresh token; on ok, `out` holds a new access token (valid until
    /// `expiration`) and a new refresh token, both accepted from now on (the old refresh
    /// token stays valid too).
    grant refresh(std::string_view client_id, std::string_view client_secret,
                  std::string_view refresh_token, time_point now, time_point expiration,
                  issued_token& out);

    /// Issued credentials held now (tests).
    std::size_t issued_count() const;

private:
    std::string random_text(std::string_view alphabet, std::size_t n);  // under the lock

    struct client {
        std::string secret;
        std::map<std::string, bool, std::less<>> refresh_tokens;  // value unused
    };

    mutable std::shared_mutex mutex_;
    std::uint64_t seed_;
    std::uint64_t sequence_ = 0;
    std::map<std::string, credential, std::less<>> credentials_;
    std::map<std::string, std::optional<time_point>, std::less<>> sso_tokens_;  // nullopt: never expires
    std::map<std::string, client, std::less<>> clients_;
};

}  // namespace awsconnect::emulator
