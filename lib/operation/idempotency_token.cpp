#include "operation/idempotency_token.hpp"

namespace awsconnect::operation {

std::string format_uuid_v4(std::array<std::uint8_t, 16> b) {
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(36, '-');
    std::size_t o = 0;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) ++o;
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 0x0F];
    }
    return out;
}

bool is_uuid_v4(std::string_view s) noexcept {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < 36; ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    const char variant = s[19];
    return s[14] == '4' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b' ||
                            variant == 'A' || variant == 'B');
}

}  // namespace awsconnect::operation
