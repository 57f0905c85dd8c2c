// Idempotency tokens: for each (operation, ClientToken), a digest of the input it was first
// used with and the answer it got, remembered for a window of emulator time.
//
// Pure: the time comes in as an argument. Expired tokens are forgotten in insertion order
// (a FIFO beside the map), so memory follows the request rate times the window. Tokens are
// scoped by operation: the same token on Claim and on Release names two records.
#pragma once

#include "crypto/sha256.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace awsconnect::emulator {

/// The operations of the service (counters, idempotency scopes, routing).
enum class connect_operation : std::uint8_t {
    none,  ///< not a Connect operation
    search_available_phone_numbers,
    claim_phone_number,
    describe_phone_number,
    list_phone_numbers_v2,
    update_phone_number,
    update_phone_number_metadata,
    release_phone_number,
};

/// The model's name of `op` ("ClaimPhoneNumber", ...; "" for none).
std::string_view name_of(connect_operation op) noexcept;

/// A first answer, replayed byte for byte.
struct recorded_answer {
    int status = 200;
    std::string_view error_type;  ///< a string literal (the emulator's error types are)
    std::string body;
    std::uint8_t outcome = 0;     ///< the service core's `outcome`, for the counters
};

struct token_record {
    crypto::sha256_digest input{};  ///< what the token was first used with
    recorded_answer answer;
    std::chrono::system_clock::time_point at{};
    std::uint64_t seq = 0;  // which FIFO entry owns the record
};

class idempotency_store {
public:
    using time_point = std::chrono::system_clock::time_point;

    explicit idempotency_store(std::chrono::seconds window) noexcept : window_(window) {}

    /// The record of `token` for `op` if it was used within the window, else null. The
    /// pointer is valid until the next call that modifies the store.
    const token_record* find(connect_operation op, std::string_view token, time_point now);
    /// Remembers the first use of `token` for `op` (replacing an expired record).
    void remember(connect_operation op, std::string_view token, const crypto::sha256_digest& input,
                  recorded_answer answer, time_point now);

    std::size_t size() const noexcept { return records_.size(); }

private:
    struct string_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    struct fifo_entry {
        time_point at;
        std::uint64_t seq;
        std::string_view key;  // the map's key: node-based, stable until erased
    };
    bool expired(time_point at, time_point now) const noexcept { return now >= at + window_; }
    void forget_expired(time_point now);
    // The map key: the operation's byte, then the token.
    std::string_view key_of(connect_operation op, std::string_view token);

    std::chrono::seconds window_;
    std::unordered_map<std::string, token_record, string_hash, std::equal_to<>> records_;
    std::deque<fifo_entry> fifo_;
    std::uint64_t next_seq_ = 1;
    std::string key_;  // reused
};

}  // namespace awsconnect::emulator
