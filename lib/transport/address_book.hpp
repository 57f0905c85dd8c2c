// The addresses of one endpoint: a short-lived DNS cache with rotation and a penalty box.
//
// Pure (times come in as arguments). R12: every address a resolution returned is kept
// (A and AAAA) for `ttl`; new connections rotate across them; an address that failed to
// connect is set aside for a while (doubling per repeated failure, up to 30 s) and tried
// only when nothing better is left; stale addresses are served when resolution fails.
#pragma once

#include "transport/pool_state.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace awsconnect::transport {

template <class Address>
class address_book {
public:
    address_book(std::chrono::milliseconds ttl, std::chrono::milliseconds base_penalty)
        : ttl_(ttl), base_penalty_(base_penalty) {}

    /// A resolution's answer. Penalties of addresses that are still present are kept.
    void update(const std::vector<Address>& addresses, pool_time now) {
        std::vector<entry> next;
        next.reserve(addresses.size());
        for (const auto& a : addresses) {
            auto it = std::find_if(entries_.begin(), entries_.end(),
                                   [&](const entry& e) { return e.address == a; });
            next.push_back(it != entries_.end() ? *it : entry{a, pool_time{}, 0});
        }
        entries_ = std::move(next);
        resolved_at_ = now;
        has_answer_ = true;
    }

    bool has_answer() const { return has_answer_ && !entries_.empty(); }
    bool fresh(pool_time now) const { return has_answer() && now < resolved_at_ + ttl_; }

    /// The addresses to try for the next connection, in order: the rotation's next address
    /// first, those set aside last (by the end of their penalty). Advances the rotation.
    std::vector<Address> next_order(pool_time now) {
        std::vector<Address> good, penalized;
        const std::size_t n = entries_.size();
        std::vector<const entry*> boxed;
        for (std::size_t i = 0; i < n; ++i) {
            const entry& e = entries_[(rotation_ + i) % n];
            if (e.penalty_until <= now)
                good.push_back(e.address);
            else
                boxed.push_back(&e);
        }
        std::sort(boxed.begin(), boxed.end(),
                  [](const entry* a, const entry* b) { return a->penalty_until < b->penalty_until; });
        for (const entry* e : boxed) good.push_back(e->address);
        if (n > 0) rotation_ = (rotation_ + 1) % n;
        return good;
    }

    /// True when every known address is in the penalty box.
    bool all_penalized(pool_time now) const {
        if (entries_.empty()) return false;
        return std::all_of(entries_.begin(), entries_.end(),
                           [&](const entry& e) { return e.penalty_until > now; });
    }

    void record_failure(const Address& a, pool_time now) {
        for (auto& e : entries_)
            if (e.address == a) {
                ++e.failures;
                auto penalty = base_penalty_ * (1 << std::min(e.failures - 1, 5));
                penalty = std::min<std::chrono::milliseconds>(penalty, std::chrono::seconds(30));
                e.penalty_until = now + penalty;
            }
    }

    void record_success(const Address& a) {
        for (auto& e : entries_)
            if (e.address == a) {
                e.failures = 0;
                e.penalty_until = pool_time{};
            }
    }

    bool penalized(const Address& a, pool_time now) const {
        for (const auto& e : entries_)
            if (e.address == a) return e.penalty_until > now;
        return false;
    }

    std::size_t size() const { return entries_.size(); }

private:
    struct entry {
        Address address;
        pool_time penalty_until;
        int failures;
    };
    std::chrono::milliseconds ttl_;
    std::chrono::milliseconds base_penalty_;
    std::vector<entry> entries_;
    std::size_t rotation_ = 0;
    pool_time resolved_at_{};
    bool has_answer_ = false;
};

}  // namespace awsconnect::transport
