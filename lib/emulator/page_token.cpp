#include "emulator/page_token.hpp"

#include <array>
#include <cstring>

namespace awsconnect::emulator {
namespace {

constexpr unsigned char version = 1;
constexpr std::size_t filter_bytes = 8, mac_bytes = 12;
// version, operation, filter digest, digits (big-endian), length
constexpr std::size_t payload_bytes = 1 + 1 + filter_bytes + 8 + 1;
constexpr std::size_t token_bytes = payload_bytes + mac_bytes;

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int value_of(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

std::string base64url(const unsigned char* data, std::size_t n) {
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < n; ++i) {
        acc = (acc << 8) | data[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(alphabet[(acc >> bits) & 63]);
        }
    }
    if (bits > 0) out.push_back(alphabet[(acc << (6 - bits)) & 63]);
    return out;
}

// Exactly `n` bytes, or false.
bool unbase64url(std::string_view text, unsigned char* out, std::size_t n) {
    if (text.size() != (n * 8 + 5) / 6) return false;
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t o = 0;
    for (char c : text) {
        const int v = value_of(c);
        if (v < 0) return false;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o == n) return false;
            out[o++] = static_cast<unsigned char>(acc >> bits);
        }
    }
    // The unused low bits of the last character must be zero (one text per token).
    return o == n && (acc & ((1u << bits) - 1)) == 0;
}

std::array<unsigned char, payload_bytes> payload(connect_operation op, const crypto::sha256_digest& filters,
                                                 const e164& last) {
    std::array<unsigned char, payload_bytes> p{};
    p[0] = version;
    p[1] = static_cast<unsigned char>(op);
    std::memcpy(p.data() + 2, filters.data(), filter_bytes);
    for (int i = 0; i < 8; ++i)
        p[2 + filter_bytes + static_cast<std::size_t>(i)] =
            static_cast<unsigned char>(last.digits >> (56 - 8 * i));
    p[payload_bytes - 1] = last.length;
    return p;
}

crypto::sha256_digest mac_of(const crypto::hmac_sha256_key& key, const unsigned char* p) {
    return key.mac({reinterpret_cast<const char*>(p), payload_bytes});
}

}  // namespace

std::string encode_page_token(connect_operation op, const crypto::sha256_digest& filters,
                              const e164& last, const crypto::hmac_sha256_key& key) {
    std::array<unsigned char, token_bytes> t{};
    const auto p = payload(op, filters, last);
    std::memcpy(t.data(), p.data(), p.size());
    const auto mac = mac_of(key, p.data());
    std::memcpy(t.data() + payload_bytes, mac.data(), mac_bytes);
    return base64url(t.data(), t.size());
}

std::optional<e164> decode_page_token(std::string_view token, connect_operation op,
                                      const crypto::sha256_digest& filters,
                                      const crypto::hmac_sha256_key& key) {
    std::array<unsigned char, token_bytes> t{};
    if (!unbase64url(token, t.data(), t.size())) return std::nullopt;
    const auto mac = mac_of(key, t.data());
    if (!crypto::constant_time_equal({reinterpret_cast<const char*>(mac.data()), mac_bytes},
                                     {reinterpret_cast<const char*>(t.data() + payload_bytes), mac_bytes}))
        return std::nullopt;
    if (t[0] != version || t[1] != static_cast<unsigned char>(op) ||
        std::memcmp(t.data() + 2, filters.data(), filter_bytes) != 0)
        return std::nullopt;
    e164 last;
    for (int i = 0; i < 8; ++i)
        last.digits = (last.digits << 8) | t[2 + filter_bytes + static_cast<std::size_t>(i)];
    last.length = t[payload_bytes - 1];
    if (last.length < 1 || last.length > 15) return std::nullopt;
    return last;
}

}  // namespace awsconnect::emulator
