// Phone-number ids as the emulator keys them: 16 bytes of a UUID.
//
// ReleasePhoneNumber accepts a PhoneNumberId (a UUID) or a phone-number ARN
// (arn:PARTITION:connect:REGION:ACCOUNT:phone-number/UUID); both name the same number, so
// the inventory and the idempotency store key numbers by the UUID's bytes. Pure.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace awsconnect::emulator {

struct phone_number_key {
    std::array<unsigned char, 16> bytes{};
    friend bool operator==(const phone_number_key&, const phone_number_key&) = default;
};

struct phone_number_key_hash {
    std::size_t operator()(const phone_number_key& k) const noexcept {
        // UUID bytes are already well mixed except for the deterministic claim ids, whose
        // entropy sits in the last bytes: fold both halves and mix.
        std::uint64_t a = 0, b = 0;
        for (int i = 0; i < 8; ++i) a = (a << 8) | k.bytes[i];
        for (int i = 8; i < 16; ++i) b = (b << 8) | k.bytes[i];
        std::uint64_t x = a ^ (b * 0x9E3779B97F4A7C15ull);
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9ull;
        x ^= x >> 29;
        return static_cast<std::size_t>(x);
    }
};

enum class id_status : std::uint8_t {
    ok,            ///< a UUID, or an ARN of this Region
    malformed,     ///< neither a UUID nor a phone-number ARN
    other_region,  ///< a well-formed ARN naming another Region
};

struct parsed_phone_number_id {
    id_status status = id_status::malformed;
    phone_number_key key;
};

/// Parses a (percent-decoded) PhoneNumberId. UUID hex digits may be of either case.
parsed_phone_number_id parse_phone_number_id(std::string_view id, std::string_view region) noexcept;

/// Parses exactly 8-4-4-4-12 hex digits.
bool parse_uuid(std::string_view s, phone_number_key& out) noexcept;

/// Appends the key as a lower-case UUID.
void append_uuid(std::string& out, const phone_number_key& key);

/// The key of claimed_phone_number_id(index).
phone_number_key claimed_phone_number_key(std::uint64_t index) noexcept;

}  // namespace awsconnect::emulator
