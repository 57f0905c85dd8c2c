// Idempotency tokens: which PhoneNumberId a clientToken was first used with, and the
// outcome it got, remembered for a window of emulator time.
//
// Pure: the time comes in as an argument. Expired tokens are forgotten in insertion order
// (a FIFO beside the map), so memory follows the request rate times the window.
#pragma once

#include "emulator/phone_number_id.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace awsconnect::emulator {

/// The first outcome of a release, replayed for the same token and id.
enum class recorded_outcome : std::uint8_t { released, not_found, in_use };

struct token_record {
    phone_number_key key;
    recorded_outcome outcome = recorded_outcome::released;
    std::chrono::system_clock::time_point at{};
    std::uint64_t seq = 0;  // which FIFO entry owns the record
};

class idempotency_store {
public:
    using time_point = std::chrono::system_clock::time_point;

    explicit idempotency_store(std::chrono::seconds window) noexcept : window_(window) {}

    /// The record of `token` if it was used within the window, else null. The pointer is
    /// valid until the next call that modifies the store.
    const token_record* find(std::string_view token, time_point now);
    /// Remembers the first use of `token` (replacing an expired record).
    void remember(std::string_view token, const phone_number_key& key, recorded_outcome outcome,
                  time_point now);

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
        std::string_view token;  // the map's key: node-based, stable until erased
    };
    bool expired(time_point at, time_point now) const noexcept { return now >= at + window_; }
    void forget_expired(time_point now);

    std::chrono::seconds window_;
    std::unordered_map<std::string, token_record, string_hash, std::equal_to<>> records_;
    std::deque<fifo_entry> fifo_;
    std::uint64_t next_seq_ = 1;
};

}  // namespace awsconnect::emulator
