// SHA-256 and HMAC-SHA256 over OpenSSL, with no per-call provider lookups.
//
// SigV4 hashes one canonical request and computes five HMACs per signature (four of them
// cached with the signing key), so these wrappers sit on the hot path. They call
// OpenSSL's SHA-256 block functions directly (SHA-NI where the CPU has it) and keep the
// HMAC key's inner and outer states precomputed. OpenSSL headers stay in sha256.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace awsconnect::crypto {

using sha256_digest = std::array<unsigned char, 32>;

/// An incremental SHA-256. Copyable (the copy continues from the same state).
class sha256 {
public:
    sha256() noexcept;
    void update(const void* data, std::size_t size) noexcept;
    void update(std::string_view s) noexcept { update(s.data(), s.size()); }
    sha256_digest finish() noexcept;

private:
    // Storage for OpenSSL's SHA256_CTX (112 bytes on every platform OpenSSL 3 supports;
    // checked by a static_assert in sha256.cpp).
    alignas(8) unsigned char state_[112];
};

sha256_digest sha256_of(std::string_view data) noexcept;

/// An HMAC-SHA256 key with its inner and outer hash states precomputed, so each MAC costs
/// the message's blocks plus one outer block.
class hmac_sha256_key {
public:
    hmac_sha256_key() noexcept = default;
    explicit hmac_sha256_key(std::span<const unsigned char> key) noexcept;
    explicit hmac_sha256_key(std::string_view key) noexcept
        : hmac_sha256_key(std::span<const unsigned char>(
              reinterpret_cast<const unsigned char*>(key.data()), key.size())) {}

    sha256_digest mac(std::string_view message) const noexcept;

private:
    sha256 inner_;
    sha256 outer_;
};

inline sha256_digest hmac_sha256(std::span<const unsigned char> key,
                                 std::string_view message) noexcept {
    return hmac_sha256_key(key).mac(message);
}

/// Lower-case hex of `size` bytes into `out` (2 * size chars, no terminator).
void hex_lower(const unsigned char* data, std::size_t size, char* out) noexcept;

inline std::array<char, 64> to_hex(const sha256_digest& d) noexcept {
    std::array<char, 64> out;
    hex_lower(d.data(), d.size(), out.data());
    return out;
}

/// Compares two byte strings in time that depends only on their length.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace awsconnect::crypto
