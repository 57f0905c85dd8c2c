#include "emulator/idempotency_store.hpp"

namespace awsconnect::emulator {

std::string_view name_of(connect_operation op) noexcept {
    switch (op) {
        case connect_operation::none: return {};
        case connect_operation::search_available_phone_numbers: return "SearchAvailablePhoneNumbers";
        case connect_operation::claim_phone_number: return "ClaimPhoneNumber";
        case connect_operation::describe_phone_number: return "DescribePhoneNumber";
        case connect_operation::list_phone_numbers_v2: return "ListPhoneNumbersV2";
        case connect_operation::update_phone_number: return "UpdatePhoneNumber";
        case connect_operation::update_phone_number_metadata: return "UpdatePhoneNumberMetadata";
        case connect_operation::release_phone_number: return "ReleasePhoneNumber";
    }
    return {};
}

std::string_view idempotency_store::key_of(connect_operation op, std::string_view token) {
    key_.clear();
    key_.push_back(static_cast<char>(op));
    key_.append(token);
    return key_;
}

void idempotency_store::forget_expired(time_point now) {
    // The FIFO is in insertion order. A record may have several entries (it was replaced
    // after expiring); only the entry with the record's `seq` (the last one pushed for it)
    // erases it, so earlier entries never point at an erased key.
    while (!fifo_.empty() && expired(fifo_.front().at, now)) {
        const fifo_entry e = fifo_.front();
        fifo_.pop_front();
        const auto it = records_.find(e.key);
        if (it != records_.end() && it->second.seq == e.seq) records_.erase(it);
    }
}

const token_record* idempotency_store::find(connect_operation op, std::string_view token, time_point now) {
    forget_expired(now);
    const auto it = records_.find(key_of(op, token));
    // An expired record may still be here when the clock moved back and forth (the FIFO
    // is then not in time order): check the window again.
    if (it == records_.end() || expired(it->second.at, now)) return nullptr;
    return &it->second;
}

void idempotency_store::remember(connect_operation op, std::string_view token,
                                 const crypto::sha256_digest& input, recorded_answer answer,
                                 time_point now) {
    forget_expired(now);
    const std::string_view key = key_of(op, token);
    auto it = records_.find(key);
    if (it == records_.end()) it = records_.emplace(std::string(key), token_record{}).first;
    it->second.input = input;
    it->second.answer = std::move(answer);
    it->second.at = now;
    it->second.seq = next_seq_;
    fifo_.push_back({now, next_seq_, it->first});
    ++next_seq_;
}

}  // namespace awsconnect::emulator
