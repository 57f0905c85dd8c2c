#include "emulator/identity_store.hpp"

#include "crypto/sha256.hpp"
#include "emulator/fault_plan.hpp"
#include "emulator/response_writer.hpp"

#include <mutex>

namespace awsconnect::emulator {
namespace {

constexpr std::string_view upper_digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view base64_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view token_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::uint64_t salt = 0x4944454E54495459ull;  // "IDENTITY"

}  // namespace

identity_store::identity_store(const server_config& config) : seed_(config.seed ^ salt) {
    for (const auto& t : config.sso_access_tokens) sso_tokens_[t] = std::nullopt;
    for (const auto& c : config.oidc_clients) {
        client& k = clients_[c.client_id];
        k.secret = c.client_secret;
        for (const auto& r : c.refresh_tokens) k.refresh_tokens[r] = true;
    }
}

std::string identity_store::random_text(std::string_view alphabet, std::size_t n) {
    std::uint64_t state = mix64(seed_ ^ mix64(++sequence_));
    std::string out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        state = mix64(state);
        out.push_back(alphabet[(state >> 32) % alphabet.size()]);
    }
    return out;
}

std::optional<credential> identity_store::find_credential(std::string_view access_key_id) const {
    std::shared_lock lock(mutex_);
    const auto it = credentials_.find(access_key_id);
    if (it == credentials_.end()) return std::nullopt;
    return it->second;
}

credential identity_store::issue_credential(time_point expiration, time_point now) {
    std::unique_lock lock(mutex_);
    if (credentials_.size() >= max_issued) {
        std::erase_if(credentials_, [&](const auto& e) { return *e.second.expiration <= now; });
        while (credentials_.size() >= max_issued) {
            auto oldest = credentials_.begin();
            for (auto it = credentials_.begin(); it != credentials_.end(); ++it)
                if (*it->second.expiration < *oldest->second.expiration) oldest = it;
            credentials_.erase(oldest);
        }
    }
    credential c;
    do {
        c.access_key_id = "ASIA" + random_text(upper_digits, 16);
    } while (credentials_.contains(c.access_key_id));
    c.secret_access_key = random_text(base64_chars, 40);
    // The shape of an STS session token: long, base64 text.
    c.session_token = "IQoJb3JpZ2luX2VjE" + random_text(base64_chars, 339);
    c.expiration = expiration;
    credentials_.emplace(c.access_key_id, c);
    return c;
}

std::string identity_store::new_role_id() {
    std::unique_lock lock(mutex_);
    return "AROA" + random_text(upper_digits, 17);
}

std::string identity_store::new_request_id() {
    std::unique_lock lock(mutex_);
    const auto id = format_request_id(seed_, ++sequence_);
    return {id.data(), id.size()};
}

bool identity_store::sso_token_valid(std::string_view token, time_point now) const {
    if (token.empty()) return false;
    std::shared_lock lock(mutex_);
    const auto it = sso_tokens_.find(token);
    return it != sso_tokens_.end() && (!it->second || now < *it->second);
}

identity_store::grant identity_store::refresh(std::string_view client_id,
                                              std::string_view client_secret,
                                              std::string_view refresh_token,
                                              time_point now, time_point expiration,
                                              issued_token& out) {
    std::unique_lock lock(mutex_);
    const auto it = clients_.find(client_id);
    if (it == clients_.end() || !crypto::constant_time_equal(it->second.secret, client_secret))
        return grant::invalid_client;
    if (!it->second.refresh_tokens.contains(refresh_token)) return grant::invalid_grant;
    do {
        out.access_token = "aoa" + random_text(token_chars, 61) + ":" + random_text(token_chars, 32);
    } while (sso_tokens_.contains(out.access_token));
    out.refresh_token = "aor" + random_text(token_chars, 61) + ":" + random_text(token_chars, 32);
    if (sso_tokens_.size() >= max_issued)  // keep a long run bounded: drop expired tokens
        std::erase_if(sso_tokens_, [&](const auto& e) { return e.second && *e.second <= now; });
    sso_tokens_[out.access_token] = expiration;
    it->second.refresh_tokens[out.refresh_token] = true;
    return grant::ok;
}

std::size_t identity_store::issued_count() const {
    std::shared_lock lock(mutex_);
    return credentials_.size();
}

}  // namespace awsconnect::emulator
