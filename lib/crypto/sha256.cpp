// SHA-256 through OpenSSL's low-level SHA256_* functions.
//
// OpenSSL 3 marks them deprecated in favour of EVP, but EVP_Digest* with the implicit
// "SHA256" fetch costs a provider lookup per call and the EVP_MAC HMAC a context
// allocation per call; on the signing path that is more than the hashing itself. The
// low-level functions are still shipped by OpenSSL 3 and go straight to the assembly
// (SHA-NI) implementation. Remove this suppression if OpenSSL ever drops them.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "crypto/sha256.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstring>

namespace awsconnect::crypto {

static_assert(sizeof(SHA256_CTX) <= 112, "sha256::state_ is too small for SHA256_CTX");
static_assert(alignof(SHA256_CTX) <= 8);

namespace {
SHA256_CTX* ctx(unsigned char* p) noexcept { return reinterpret_cast<SHA256_CTX*>(p); }
}  // namespace

sha256::sha256() noexcept { SHA256_Init(ctx(state_)); }

void sha256::update(const void* data, std::size_t size) noexcept {
    SHA256_Update(ctx(state_), data, size);
}

sha256_digest sha256::finish() noexcept {
    sha256_digest d;
    SHA256_Final(d.data(), ctx(state_));
    return d;
}

sha256_digest sha256_of(std::string_view data) noexcept {
    sha256 h;
    h.update(data);
    return h.finish();
}

hmac_sha256_key::hmac_sha256_key(std::span<const unsigned char> key) noexcept {
    unsigned char block[64] = {};
    if (key.size() > sizeof block) {
        sha256 h;
        h.update(key.data(), key.size());
        const auto d = h.finish();
        std::memcpy(block, d.data(), d.size());
    } else {
        std::memcpy(block, key.data(), key.size());
    }
    unsigned char pad[64];
    for (int i = 0; i < 64; ++i) pad[i] = block[i] ^ 0x36;
    inner_.update(pad, sizeof pad);
    for (int i = 0; i < 64; ++i) pad[i] = block[i] ^ 0x5c;
    outer_.update(pad, sizeof pad);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
}

sha256_digest hmac_sha256_key::mac(std::string_view message) const noexcept {
    sha256 inner = inner_;
    inner.update(message);
    const auto inner_digest = inner.finish();
    sha256 outer = outer_;
    outer.update(inner_digest.data(), inner_digest.size());
    return outer.finish();
}

void hex_lower(const unsigned char* data, std::size_t size, char* out) noexcept {
    static constexpr char digits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < size; ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0x0f];
    }
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace awsconnect::crypto
