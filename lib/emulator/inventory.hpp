// The emulator's phone numbers, their targets and their lifecycle:
//   available -> claimed (IN_PROGRESS until settled, then CLAIMED) -> released (cooldown)
//   -> available again.
//
// Pure: the time comes in as an argument, and new PhoneNumberIds are drawn from a
// generator seeded by the configuration (same configuration, same ids). One record per
// E.164 number, kept for the inventory's life (indexes are stable); a claim gives the
// record a new PhoneNumberId, so the id of an earlier claim answers "not found". Numbers
// leave `released` lazily: a released number whose cooldown is over counts as available
// wherever it is looked at.
//
// Indexes: by PhoneNumberId (every id ever given), by number per (country, type) (search
// and claim), and the claimed numbers ordered by number (list). Ordering by number gives
// stable pagination: a page token names the last number returned, and the next page starts
// after it, so a number that exists for a whole walk is returned exactly once however many
// numbers are claimed or released meanwhile.
//
// The tripwires `released_twice` and `claimed_twice` count transitions the state machine
// forbids (release of a released number, claim of a claimed one): they must stay 0.
// Not thread-safe: the service state's lock guards it.
#pragma once

#include "emulator/phone_number_id.hpp"

#include <awsconnect/emulator.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace awsconnect::emulator {

/// An E.164 number held as its digits. Ordered as its text is ("+1206..." < "+1800..."
/// < "+44..."), so ranges by prefix are contiguous.
struct e164 {
    std::uint64_t digits = 0;  ///< the digits after '+', as a number (no leading 0)
    std::uint8_t length = 0;   ///< how many digits (2..15)

    /// The number of a string matching the model's PhoneNumber pattern; nothing otherwise.
    static std::optional<e164> parse(std::string_view text) noexcept;
    /// The number made of `prefix` (digits, '+' optional, 1..15 of them) alone: it sorts
    /// first among the numbers starting with those digits.
    static std::optional<e164> of_prefix(std::string_view prefix) noexcept;

    std::string to_string() const;
    void append_to(std::string& out) const;
    /// Whether the digits start with those of `prefix` (as `of_prefix` read it).
    bool starts_with(const e164& prefix) const noexcept;

    friend bool operator==(const e164&, const e164&) = default;
    friend bool operator<(const e164& a, const e164& b) noexcept { return a.sort_key() < b.sort_key(); }

private:
    std::pair<std::uint64_t, std::uint8_t> sort_key() const noexcept;
};

enum class target_kind : std::uint8_t { instance, traffic_distribution_group };

struct target {
    target_kind kind = target_kind::instance;
    std::string id;
    std::string arn;
};

/// Where a number is in its life (`released` includes "released, cooldown over" until it
/// is looked at; see `inventory::is_available`).
enum class life : std::uint8_t { available, claimed, released };

/// The status DescribePhoneNumber shows for a claimed number.
enum class workflow_status : std::uint8_t { in_progress, claimed };

struct number_record {
    e164 number;
    phone_number_key id;          ///< the current claim's id (or the last one)
    std::chrono::system_clock::time_point settles_at{};   ///< IN_PROGRESS before this
    std::chrono::system_clock::time_point released_at{};  ///< when it entered the cooldown
    std::uint32_t target = 0;     ///< index into `targets()`
    std::uint32_t details = 0;    ///< 1 + index of its description and tags; 0: none
    std::uint16_t kind = 0;       ///< index into `kinds()` (country, type)
    life state = life::available;
    bool in_use = false;          ///< --in-use: Release answers 409
    bool claim_any = false;       ///< made up by claim-any mode (no pool: never available)
};

/// What a claimed number carries besides its target.
struct number_details {
    std::optional<std::string> description;
    std::vector<std::pair<std::string, std::string>> tags;  ///< sorted by key
};

/// A (country, type) and every pooled number of it, by number.
struct number_kind {
    std::string country;
    std::string type;
    std::map<e164, std::uint32_t> numbers;  ///< number -> record
};

enum class claim_result : std::uint8_t { claimed, not_available };
enum class change_result : std::uint8_t { done, not_found, in_progress };
enum class release_status : std::uint8_t {
    released,     ///< was claimed, now released (a commit)
    not_found,    ///< unknown, or released and in (or past) its cooldown
    in_use,       ///< marked in use: not releasable
    in_progress,  ///< a claim or an update is not settled yet: not releasable
};

class inventory {
public:
    using time_point = std::chrono::system_clock::time_point;

    /// Builds the targets and the numbers of `config` (which check_config accepted).
    explicit inventory(const server_config& config);

    // ---- Targets.
    const std::vector<target>& targets() const noexcept { return targets_; }
    std::optional<std::uint32_t> find_instance(std::string_view instance_id) const noexcept;
    /// The target whose ARN is exactly `arn`.
    std::optional<std::uint32_t> find_target_arn(std::string_view arn) const noexcept;

    // ---- Numbers.
    const std::vector<number_kind>& kinds() const noexcept { return kinds_; }
    const number_record& record(std::uint32_t i) const noexcept { return records_[i]; }
    const number_details* details_of(const number_record& r) const noexcept {
        return r.details == 0 ? nullptr : &details_[r.details - 1];
    }
    bool is_available(const number_record& r, time_point now) const noexcept;
    workflow_status status_of(const number_record& r, time_point now) const noexcept {
        return now < r.settles_at ? workflow_status::in_progress : workflow_status::claimed;
    }
    /// The pooled record of `number` (any state), if the emulator has it.
    std::optional<std::uint32_t> find_number(const e164& number) const noexcept;
    /// The claimed number whose current id is `k` (claim-any: made up if unknown, or
    /// claimed again if its cooldown is over), or nothing.
    std::optional<std::uint32_t> find_claimed(const phone_number_key& k, time_point now);
    /// Claimed numbers by number, for List.
    const std::map<e164, std::uint32_t>& claimed() const noexcept { return claimed_; }

    // ---- The operations' changes.
    /// Claims an available pooled number for `target`: a new id, IN_PROGRESS until
    /// now + `latency`.
    claim_result claim(std::uint32_t record, std::uint32_t target, number_details details,
                       time_point now, std::chrono::milliseconds latency);
    /// Moves a claimed, settled number to `target` (IN_PROGRESS until now + `latency`).
    change_result update(const phone_number_key& k, std::uint32_t target, time_point now,
                         std::chrono::milliseconds latency);
    /// Sets (or, with nothing, keeps) the description of a claimed, settled number.
    change_result update_description(const phone_number_key& k,
                                     const std::optional<std::string>& description,
                                     time_point now);
    release_status release(const phone_number_key& k, time_point now);

    // ---- Run-time changes from the host (server::claim, server::mark_in_use).
    void claim_id(const phone_number_key& k, time_point now);
    void mark_in_use(const phone_number_key& k, time_point now);
    number_state state_of(const phone_number_key& k, time_point now) const;

    std::uint64_t released_twice() const noexcept { return released_twice_; }
    std::uint64_t claimed_twice() const noexcept { return claimed_twice_; }
    std::size_t size() const noexcept { return records_.size(); }

private:
    std::uint32_t add_record(number_record r);
    std::uint32_t add_preclaimed(const phone_number_key& k, time_point now);
    std::uint32_t add_claim_any(const phone_number_key& k, life state, time_point now);
    phone_number_key next_id();
    void set_details(number_record& r, number_details d);
    void clear_details(number_record& r);
    void enter_claimed(std::uint32_t i, time_point now);
    void enter_released(std::uint32_t i, time_point now);
    std::optional<std::uint32_t> find_id(const phone_number_key& k) const noexcept;

    std::chrono::seconds cooldown_;
    bool claim_any_;
    std::uint64_t seed_;
    std::vector<target> targets_;
    std::vector<number_kind> kinds_;
    std::uint16_t preclaimed_kind_ = 0;
    std::vector<number_record> records_;
    std::vector<number_details> details_;
    std::vector<std::uint32_t> free_details_;
    std::unordered_map<phone_number_key, std::uint32_t, phone_number_key_hash> by_id_;
    std::map<e164, std::uint32_t> claimed_;
    std::uint64_t next_preclaimed_ = 0;   ///< the next +1555 index
    std::uint64_t next_claim_any_ = 0;    ///< the next +1999 index
    std::uint64_t id_sequence_ = 0;
    std::uint64_t released_twice_ = 0;
    std::uint64_t claimed_twice_ = 0;
};

}  // namespace awsconnect::emulator
