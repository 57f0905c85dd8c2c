#include "emulator/idempotency_store.hpp"

namespace awsconnect::emulator {

void idempotency_store::forget_expired(time_point now) {
    // The FIFO is in insertion order. A record may have several entries (it was replaced
    // after expiring); only the entry with the record's `seq` (the last one pushed for it)
    // erases it, so earlier entries never point at an erased key.
    while (!fifo_.empty() && expired(fifo_.front().at, now)) {
        const fifo_entry e = fifo_.front();
        fifo_.pop_front();
        const auto it = records_.find(e.token);
        if (it != records_.end() && it->second.seq == e.seq) records_.erase(it);
    }
}

const token_record* idempotency_store::find(std::string_view token, time_point now) {
    forget_expired(now);
    const auto it = records_.find(token);
    // An expired record may still be here when the clock moved back and forth (the FIFO
    // is then not in time order): check the window again.
    if (it == records_.end() || expired(it->second.at, now)) return nullptr;
    return &it->second;
}

void idempotency_store::remember(std::string_view token, const phone_number_key& key,
                                 recorded_outcome outcome, time_point now) {
    forget_expired(now);
    auto it = records_.find(token);
    if (it == records_.end()) it = records_.emplace(std::string(token), token_record{}).first;
    it->second = {key, outcome, now, next_seq_};
    fifo_.push_back({now, next_seq_, it->first});
    ++next_seq_;
}

}  // namespace awsconnect::emulator
