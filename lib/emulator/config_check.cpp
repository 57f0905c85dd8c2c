#include "emulator/config_check.hpp"

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
    if (c.claim_count > (std::uint64_t{1} << 48)) return bad("claim_count is too large");
    if (c.throttle && (!(c.throttle->rate > 0) || !(c.throttle->burst >= 1)))
        return bad("throttle: rate must be > 0 and burst >= 1");
    for (const auto* ids : {&c.claimed_ids, &c.in_use_ids})
        for (const auto& id : *ids)
            if (parse_phone_number_id(id, c.region).status != id_status::ok)
                return bad("'" + id + "' is not a phone number id (UUID) or an ARN of " +
                           c.region);
    return std::nullopt;
}

}  // namespace awsconnect::emulator
