#include "emulator/inventory.hpp"

namespace awsconnect::emulator {

void inventory::claim(const phone_number_key& k) { numbers_[k] = {number_state::claimed, {}}; }

void inventory::mark_in_use(const phone_number_key& k) {
    numbers_[k] = {number_state::in_use, {}};
}

number_state inventory::current(const entry& e, time_point now) const noexcept {
    if (e.state == number_state::released && now >= e.released_at + cooldown_)
        return claim_any_ ? number_state::claimed : number_state::unknown;
    return e.state;
}

number_state inventory::state_of(const phone_number_key& k, time_point now) const {
    const auto it = numbers_.find(k);
    if (it == numbers_.end()) return claim_any_ ? number_state::claimed : number_state::unknown;
    return current(it->second, now);
}

void inventory::mark_released(entry& e, time_point now) noexcept {
    // Only reached from `claimed`; anything else is the double release this counts.
    if (e.state == number_state::released) ++released_twice_;
    e.state = number_state::released;
    e.released_at = now;
}

release_status inventory::release(const phone_number_key& k, time_point now) {
    auto it = numbers_.find(k);
    if (it == numbers_.end()) {
        if (!claim_any_) return release_status::not_found;
        // Claim-any mode: the number was implicitly claimed; remember its release.
        it = numbers_.emplace(k, entry{number_state::claimed, {}}).first;
    }
    entry& e = it->second;
    switch (current(e, now)) {
        case number_state::claimed:
            // A released number whose cooldown ended is claimed again in claim-any mode:
            // a new life, not a second release of the old one.
            if (e.state == number_state::released) e.state = number_state::claimed;
            mark_released(e, now);
            return release_status::released;
        case number_state::in_use: return release_status::in_use;
        case number_state::released:
        case number_state::unknown: break;
    }
    return release_status::not_found;
}

}  // namespace awsconnect::emulator
