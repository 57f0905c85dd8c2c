#include "emulator/phone_number_id.hpp"

#include "emulator/model_rules.hpp"
#include "http/ascii.hpp"

#include <awsconnect/emulator.hpp>

namespace awsconnect::emulator {
using http::hex_value;

bool parse_uuid(std::string_view s, phone_number_key& out) noexcept {
    if (s.size() != 36) return false;
    std::size_t byte = 0;
    for (std::size_t i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return false;
            ++i;
            continue;
        }
        const int hi = hex_value(s[i]);
        const int lo = hex_value(s[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out.bytes[byte++] = static_cast<unsigned char>(hi * 16 + lo);
        i += 2;
    }
    return byte == 16;
}

parsed_phone_number_id parse_phone_number_id(std::string_view id,
                                             std::string_view region) noexcept {
    parsed_phone_number_id out;
    if (!id.starts_with("arn:")) {
        if (parse_uuid(id, out.key)) out.status = id_status::ok;
        return out;
    }
    // arn:PARTITION:connect:REGION:ACCOUNT:phone-number/UUID (the model's rules)
    const auto arn = model::parse_connect_arn(id);
    if (!arn || arn->resource_type != "phone-number" || !parse_uuid(arn->resource_id, out.key))
        return out;
    out.status = arn->region == region ? id_status::ok : id_status::other_region;
    return out;
}

void append_uuid(std::string& out, const phone_number_key& key) {
    static constexpr char digits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(digits[key.bytes[i] >> 4]);
        out.push_back(digits[key.bytes[i] & 15]);
    }
}

phone_number_key claimed_phone_number_key(std::uint64_t index) noexcept {
    // 00000000-0000-4000-8000-XXXXXXXXXXXX
    phone_number_key k;
    k.bytes[6] = 0x40;
    k.bytes[8] = 0x80;
    for (int i = 15; i >= 10; --i) {
        k.bytes[static_cast<std::size_t>(i)] = static_cast<unsigned char>(index & 0xFF);
        index >>= 8;
    }
    return k;
}

std::string claimed_phone_number_id(std::uint64_t index) {
    std::string out;
    out.reserve(36);
    append_uuid(out, claimed_phone_number_key(index & 0xFFFF'FFFF'FFFFull));
    return out;
}

}  // namespace awsconnect::emulator
