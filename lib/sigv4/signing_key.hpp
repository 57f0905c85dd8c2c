// SigV4 steps 2 and 3: the string to sign and the signing key.
#pragma once

#include "crypto/sha256.hpp"

#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

namespace awsconnect::sigv4 {

/// The two forms of the signing time: "20150830T123600Z" and "20150830".
struct amz_time {
    std::array<char, 16> datetime;
    std::array<char, 8> date;
    std::string_view datetime_view() const noexcept { return {datetime.data(), datetime.size()}; }
    std::string_view date_view() const noexcept { return {date.data(), date.size()}; }
};

amz_time format_amz_time(std::chrono::system_clock::time_point t) noexcept;

/// Parses "20150830T123600Z"; false if malformed or outside the range of system_clock
/// (years 1678-2262).
bool parse_amz_datetime(std::string_view s, std::chrono::system_clock::time_point& out) noexcept;

/// "AWS4-HMAC-SHA256\n<datetime>\n<date>/<region>/<service>/aws4_request\n<hex(hash)>"
void append_string_to_sign(std::string& out, const amz_time& t, std::string_view region,
                           std::string_view service, std::string_view canonical_request_hash_hex);

/// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
crypto::sha256_digest derive_signing_key(std::string_view secret_access_key,
                                         std::string_view date, std::string_view region,
                                         std::string_view service) noexcept;

/// A small thread-safe cache of derived signing keys (with their HMAC states
/// precomputed), keyed by secret, date, region and service: the key changes once a day.
class signing_key_cache {
public:
    crypto::hmac_sha256_key get(std::string_view secret_access_key, std::string_view date,
                                std::string_view region, std::string_view service);
    /// Derivations done so far (for tests and stats).
    std::size_t derivations() const;

private:
    struct entry {
        std::string secret, date, region, service;
        crypto::hmac_sha256_key key;
        bool valid = false;
    };
    mutable std::mutex mutex_;
    std::array<entry, 4> entries_;
    std::size_t next_ = 0;
    std::size_t derivations_ = 0;
};

}  // namespace awsconnect::sigv4
