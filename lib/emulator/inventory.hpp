// The emulator's phone numbers and their states: claimed -> released (cooldown) -> gone.
//
// Pure: the time comes in as an argument. A number is released only from `claimed`, so a
// double release cannot happen; `released_twice()` counts the transitions that would
// prove otherwise (a tripwire that must stay 0).
#pragma once

#include "emulator/phone_number_id.hpp"

#include <awsconnect/emulator.hpp>

#include <chrono>
#include <cstdint>
#include <unordered_map>

namespace awsconnect::emulator {

enum class release_status : std::uint8_t {
    released,   ///< was claimed, now released (a commit)
    not_found,  ///< unknown, or released and in (or past) its cooldown
    in_use,     ///< marked in use: not releasable
};

class inventory {
public:
    using time_point = std::chrono::system_clock::time_point;

    inventory(std::chrono::seconds cooldown, bool claim_any) noexcept
        : cooldown_(cooldown), claim_any_(claim_any) {}

    void reserve(std::size_t n) { numbers_.reserve(n); }
    /// Claims a number (again, if it was released or in use).
    void claim(const phone_number_key& k);
    void mark_in_use(const phone_number_key& k);

    number_state state_of(const phone_number_key& k, time_point now) const;
    release_status release(const phone_number_key& k, time_point now);

    std::uint64_t released_twice() const noexcept { return released_twice_; }
    std::size_t size() const noexcept { return numbers_.size(); }

private:
    struct entry {
        number_state state = number_state::unknown;
        time_point released_at{};
    };
    // The state an entry has now: a released number whose cooldown is over is gone.
    number_state current(const entry& e, time_point now) const noexcept;
    void mark_released(entry& e, time_point now) noexcept;

    std::chrono::seconds cooldown_;
    bool claim_any_;
    std::unordered_map<phone_number_key, entry, phone_number_key_hash> numbers_;
    std::uint64_t released_twice_ = 0;
};

}  // namespace awsconnect::emulator
