#include "emulator/config_check.hpp"

#include "emulator/credentials_service.hpp"
#include "emulator/model_rules.hpp"
#include "emulator/phone_number_id.hpp"

namespace awsconnect::emulator {

std::optional<error> check_config(const server_config& c) {
    auto bad = [](std::string m) { return make_error(errc::invalid_configuration, std::move(m)); };
    if (c.threads < 1 || c.threads > 256) return bad("threads must be between 1 and 256");
    if (c.credentials.empty()) return bad("at least one credential is required");
    for (const auto& k : c.credentials)
        if (k.access_key_id.empty() || k.secret_access_key.empty())
            return bad("a credential has an empty access key id or secret");
    if (c.region.empty()) return bad("the region is empty");
    if (c.cert_file.empty() != c.key_file.empty())
        return bad("give both a certificate file and a key file, or neither");
    if (c.max_header_bytes < 256) return bad("max_header_bytes must be at least 256");
    if (c.idempotency_window.count() <= 0) return bad("the idempotency window must be positive");
    if (c.cooldown.count() < 0) return bad("the cooldown must not be negative");
    if (c.max_signature_skew.count() <= 0) return bad("max_signature_skew must be positive");
    constexpr std::uint64_t max_numbers = 10'000'000;  // 7 digits
    if (c.claim_count + c.claimed_ids.size() + c.in_use_ids.size() > max_numbers)
        return bad("claim_count, claimed_ids and in_use_ids together may name at most "
                   "10000000 numbers");
    if (c.available_per_pool > max_numbers)
        return bad("available_per_pool must be at most 10000000");
    if (!model::is_account_id(c.account_id)) return bad("the account id must be 12 digits");
    if (c.instance_ids.empty()) return bad("at least one instance is required");
    auto check_ids = [&](const std::vector<std::string>& ids, const char* what) -> std::optional<error> {
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const std::string& id = ids[i];
            if (!model::is_valid_instance_id(id) || id.find_first_of("/: \t\r\n") != std::string::npos)
                return bad(std::string(what) + " '" + id +
                           "' must be 1 to 100 characters without '/', ':' or spaces");
            for (std::size_t j = 0; j < i; ++j)
                if (ids[j] == id) return bad(std::string(what) + " '" + id + "' is given twice");
        }
        return std::nullopt;
    };
    if (auto e = check_ids(c.instance_ids, "instance id")) return e;
    if (auto e = check_ids(c.traffic_distribution_group_ids, "traffic distribution group id")) return e;
    // Pools: the model's country codes and types, prefixes that leave room for 7 digits
    // and overlap neither each other nor the reserved +1555 and +1999.
    std::vector<std::string> prefixes{"1555", "1999"};
    for (const auto& p : c.number_pools) {
        const std::string where = "number pool " + p.country + ":" + p.type + ":" + p.prefix;
        if (!model::is_country_code(p.country))
            return bad(where + ": the country must be one of the model's ISO codes");
        if (!model::is_phone_number_type(p.type))
            return bad(where + ": the type must be TOLL_FREE, DID, UIFN, SHARED, THIRD_PARTY_TF, "
                               "THIRD_PARTY_DID or SHORT_CODE");
        const std::string_view digits = std::string_view(p.prefix).substr(p.prefix.starts_with('+') ? 1 : 0);
        if (!p.prefix.starts_with('+') || digits.empty() || digits.size() > 8 ||
            digits.find_first_not_of("0123456789") != std::string_view::npos || digits[0] == '0')
            return bad(where + ": the prefix must be '+' and 1 to 8 digits, the first not 0");
        for (const auto& other : prefixes)
            if (other.starts_with(digits) || digits.starts_with(other))
                return bad(where + ": the prefix overlaps +" + other +
                           " (another pool, or the reserved +1555 and +1999)");
        prefixes.emplace_back(digits);
    }
    if (c.claim_latency.count() < 0 || c.update_latency.count() < 0)
        return bad("claim_latency and update_latency must not be negative");
    if (c.throttle && (!(c.throttle->rate > 0) || !(c.throttle->burst >= 1)))
        return bad("throttle: rate must be > 0 and burst >= 1");
    // The credentials services.
    for (const auto& arn : c.roles) {
        role_ref r;
        if (!parse_role_arn(arn, r))
            return bad("role '" + arn + "' is not a role ARN (arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME)");
        if (r.partition != model::partition_of(c.region))
            return bad("role '" + arn + "' is not in the partition of " + c.region);
    }
    // Tokens and client secrets are never echoed.
    for (const auto& t : c.sso_access_tokens)
        if (t.empty()) return bad("an SSO access token is empty");
    for (std::size_t i = 0; i < c.oidc_clients.size(); ++i) {
        const auto& k = c.oidc_clients[i];
        if (k.client_id.empty() || k.client_secret.empty() || k.refresh_tokens.empty())
            return bad("an OIDC client needs a client id, a secret and at least one refresh token");
        for (const auto& r : k.refresh_tokens)
            if (r.empty()) return bad("OIDC client " + k.client_id + ": a refresh token is empty");
        for (std::size_t j = 0; j < i; ++j)
            if (c.oidc_clients[j].client_id == k.client_id)
                return bad("OIDC client " + k.client_id + " is given twice");
    }
    if (c.sso_credentials_lifetime.count() < 1 || c.sso_credentials_lifetime.count() > 12 * 3600)
        return bad("sso_credentials_lifetime must be between 1 second and 12 hours");
    if (c.sso_token_lifetime.count() < 1 || c.sso_token_lifetime.count() > 24 * 3600)
        return bad("sso_token_lifetime must be between 1 second and 24 hours");
    for (const auto* ids : {&c.claimed_ids, &c.in_use_ids})
        for (const auto& id : *ids)
            if (parse_phone_number_id(id, c.region).status != id_status::ok)
                return bad("'" + id + "' is not a phone number id (UUID) or an ARN of " +
                           c.region);
    return std::nullopt;
}

}  // namespace awsconnect::emulator
