#include "emulator/inventory.hpp"

#include "emulator/fault_plan.hpp"
#include "emulator/model_rules.hpp"

#include <algorithm>
#include <array>

namespace awsconnect::emulator {
namespace {

constexpr std::array<std::uint64_t, 16> pow10{1ull,
                                              10ull,
                                              100ull,
                                              1000ull,
                                              10000ull,
                                              100000ull,
                                              1000000ull,
                                              10000000ull,
                                              100000000ull,
                                              1000000000ull,
                                              10000000000ull,
                                              100000000000ull,
                                              1000000000000ull,
                                              10000000000000ull,
                                              100000000000000ull,
                                              1000000000000000ull};

// Numbers are a prefix and an index of `width` digits.
e164 make_number(std::uint64_t prefix_digits, std::uint8_t prefix_length, std::uint64_t index,
                 std::uint8_t width) noexcept {
    return {prefix_digits * pow10[width] + index, static_cast<std::uint8_t>(prefix_length + width)};
}

constexpr std::uint64_t preclaimed_prefix = 1555;   // +1555: pre-claimed numbers
constexpr std::uint64_t claim_any_prefix = 1999;    // +1999: claim-any numbers
constexpr std::uint64_t seven_digits = 10'000'000;

}  // namespace

// ---------------------------------------------------------------------------------------
// e164

std::optional<e164> e164::parse(std::string_view text) noexcept {
    if (!model::is_e164(text)) return std::nullopt;
    e164 n;
    for (char c : text.substr(1)) n.digits = n.digits * 10 + static_cast<std::uint64_t>(c - '0');
    n.length = static_cast<std::uint8_t>(text.size() - 1);
    return n;
}

std::optional<e164> e164::of_prefix(std::string_view prefix) noexcept {
    if (prefix.starts_with('+')) prefix.remove_prefix(1);
    if (prefix.empty() || prefix.size() > 15) return std::nullopt;
    e164 n;
    for (char c : prefix) {
        if (c < '0' || c > '9') return std::nullopt;
        n.digits = n.digits * 10 + static_cast<std::uint64_t>(c - '0');
    }
    n.length = static_cast<std::uint8_t>(prefix.size());
    return n;
}

void e164::append_to(std::string& out) const {
    char buf[16];
    std::uint64_t v = digits;
    for (int i = length - 1; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    out.push_back('+');
    out.append(buf, length);
}

std::string e164::to_string() const {
    std::string s;
    append_to(s);
    return s;
}

bool e164::starts_with(const e164& prefix) const noexcept {
    return prefix.length <= length && digits / pow10[length - prefix.length] == prefix.digits;
}

std::pair<std::uint64_t, std::uint8_t> e164::sort_key() const noexcept {
    // Left-aligned on 15 digits, then shorter first: the order of the text.
    return {digits * pow10[15 - length], length};
}

// ---------------------------------------------------------------------------------------
// Building

inventory::inventory(const server_config& config)
    : cooldown_(config.cooldown), claim_any_(config.claim_any), seed_(config.seed) {
    for (const auto& id : config.instance_ids)
        targets_.push_back({target_kind::instance, id, instance_arn(config, id)});
    for (const auto& id : config.traffic_distribution_group_ids)
        targets_.push_back({target_kind::traffic_distribution_group, id,
                            traffic_distribution_group_arn(config, id)});

    auto kind_of = [&](std::string_view country, std::string_view type) {
        for (std::size_t k = 0; k < kinds_.size(); ++k)
            if (kinds_[k].country == country && kinds_[k].type == type)
                return static_cast<std::uint16_t>(k);
        kinds_.push_back({std::string(country), std::string(type), {}});
        return static_cast<std::uint16_t>(kinds_.size() - 1);
    };

    records_.reserve(static_cast<std::size_t>(config.available_per_pool * config.number_pools.size() +
                                              config.claim_count + config.claimed_ids.size() +
                                              config.in_use_ids.size()));
    for (const auto& pool : config.number_pools) {
        const std::uint16_t kind = kind_of(pool.country, pool.type);
        const auto prefix = e164::of_prefix(pool.prefix);
        for (std::uint64_t i = 0; i < config.available_per_pool; ++i) {
            number_record r;
            r.number = make_number(prefix->digits, prefix->length, i, 7);
            r.kind = kind;
            r.state = life::available;
            const std::uint32_t at = add_record(r);
            kinds_[kind].numbers.emplace(r.number, at);
        }
    }

    // Pre-claimed numbers, on the first instance, settled.
    preclaimed_kind_ = kind_of("US", "DID");
    const time_point start{};
    for (std::uint64_t i = 0; i < config.claim_count; ++i)
        add_preclaimed(claimed_phone_number_key(i), start);
    for (const auto& id : config.claimed_ids) {
        const auto p = parse_phone_number_id(id, config.region);
        if (p.status == id_status::ok) claim_id(p.key, start);
    }
    for (const auto& id : config.in_use_ids) {
        const auto p = parse_phone_number_id(id, config.region);
        if (p.status == id_status::ok) mark_in_use(p.key, start);
    }
}

std::uint32_t inventory::add_record(number_record r) {
    records_.push_back(r);
    return static_cast<std::uint32_t>(records_.size() - 1);
}

std::uint32_t inventory::add_preclaimed(const phone_number_key& k, time_point now) {
    number_record r;
    const std::uint64_t index = next_preclaimed_++;
    r.number = index < seven_digits ? make_number(preclaimed_prefix, 4, index, 7)
                                    : make_number(preclaimed_prefix, 4, index, 10);
    r.kind = preclaimed_kind_;
    r.id = k;
    r.state = life::released;  // enter_claimed makes it claimed
    r.released_at = now - cooldown_;
    const std::uint32_t at = add_record(r);
    kinds_[preclaimed_kind_].numbers.emplace(r.number, at);
    by_id_[k] = at;
    enter_claimed(at, now);
    return at;
}

std::uint32_t inventory::add_claim_any(const phone_number_key& k, life state, time_point now) {
    number_record r;
    r.number = make_number(claim_any_prefix, 4, next_claim_any_++, 10);
    r.kind = preclaimed_kind_;
    r.id = k;
    r.claim_any = true;
    r.state = life::released;
    r.released_at = now - cooldown_;
    const std::uint32_t at = add_record(r);
    by_id_[k] = at;
    if (state == life::claimed) enter_claimed(at, now);
    return at;
}

phone_number_key inventory::next_id() {
    for (;;) {
        ++id_sequence_;
        const std::uint64_t a = mix64(seed_ ^ mix64(id_sequence_ ^ 0xC1A1'0000ull));
        const std::uint64_t b = mix64(a ^ id_sequence_);
        phone_number_key k;
        for (int i = 0; i < 8; ++i) {
            k.bytes[static_cast<std::size_t>(i)] = static_cast<unsigned char>(a >> (56 - 8 * i));
            k.bytes[static_cast<std::size_t>(8 + i)] = static_cast<unsigned char>(b >> (56 - 8 * i));
        }
        k.bytes[6] = static_cast<unsigned char>((k.bytes[6] & 0x0F) | 0x40);  // version 4
        k.bytes[8] = static_cast<unsigned char>((k.bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
        if (!by_id_.contains(k)) return k;
    }
}

void inventory::set_details(number_record& r, number_details d) {
    if (!d.description && d.tags.empty()) {
        clear_details(r);
        return;
    }
    if (r.details == 0) {
        if (!free_details_.empty()) {
            r.details = free_details_.back() + 1;
            free_details_.pop_back();
        } else {
            details_.emplace_back();
            r.details = static_cast<std::uint32_t>(details_.size());
        }
    }
    details_[r.details - 1] = std::move(d);
}

void inventory::clear_details(number_record& r) {
    if (r.details == 0) return;
    details_[r.details - 1] = {};
    free_details_.push_back(r.details - 1);
    r.details = 0;
}

void inventory::enter_claimed(std::uint32_t i, time_point) {
    number_record& r = records_[i];
    // Only reached from available or released; anything else is what this counts.
    if (r.state == life::claimed) ++claimed_twice_;
    r.state = life::claimed;
    claimed_.insert_or_assign(r.number, i);
}

void inventory::enter_released(std::uint32_t i, time_point now) {
    number_record& r = records_[i];
    // Only reached from claimed; anything else is the double release this counts.
    if (r.state == life::released) ++released_twice_;
    r.state = life::released;
    r.released_at = now;
    r.in_use = false;
    claimed_.erase(r.number);
    clear_details(r);
}

// ---------------------------------------------------------------------------------------
// Looking up

std::optional<std::uint32_t> inventory::find_instance(std::string_view instance_id) const noexcept {
    for (std::size_t i = 0; i < targets_.size(); ++i)
        if (targets_[i].kind == target_kind::instance && targets_[i].id == instance_id)
            return static_cast<std::uint32_t>(i);
    return std::nullopt;
}

std::optional<std::uint32_t> inventory::find_target_arn(std::string_view arn) const noexcept {
    for (std::size_t i = 0; i < targets_.size(); ++i)
        if (targets_[i].arn == arn) return static_cast<std::uint32_t>(i);
    return std::nullopt;
}

bool inventory::is_available(const number_record& r, time_point now) const noexcept {
    return !r.claim_any && (r.state == life::available ||
                            (r.state == life::released && now >= r.released_at + cooldown_));
}

std::optional<std::uint32_t> inventory::find_number(const e164& number) const noexcept {
    for (const auto& k : kinds_)
        if (const auto it = k.numbers.find(number); it != k.numbers.end()) return it->second;
    return std::nullopt;
}

std::optional<std::uint32_t> inventory::find_id(const phone_number_key& k) const noexcept {
    const auto it = by_id_.find(k);
    if (it == by_id_.end()) return std::nullopt;
    return it->second;
}

std::optional<std::uint32_t> inventory::find_claimed(const phone_number_key& k, time_point now) {
    const auto at = find_id(k);
    if (!at || records_[*at].id != k) {
        // Unknown, or the id of an earlier claim: claim-any mode makes the number up.
        if (!claim_any_) return std::nullopt;
        return add_claim_any(k, life::claimed, now);
    }
    number_record& r = records_[*at];
    if (r.state == life::claimed) return at;
    if (claim_any_ && r.state == life::released && now >= r.released_at + cooldown_) {
        // Claim-any: a number whose cooldown is over is claimed again, under the same id
        // (nobody else claimed it: its current id is still this one).
        r.settles_at = {};
        enter_claimed(*at, now);
        return at;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Changes

claim_result inventory::claim(std::uint32_t i, std::uint32_t target, number_details details,
                              time_point now, std::chrono::milliseconds latency) {
    if (!is_available(records_[i], now)) return claim_result::not_available;
    const phone_number_key id = next_id();
    number_record& r = records_[i];
    r.id = id;
    r.target = target;
    r.settles_at = now + latency;
    r.in_use = false;
    set_details(r, std::move(details));
    by_id_[id] = i;
    enter_claimed(i, now);
    return claim_result::claimed;
}

change_result inventory::update(const phone_number_key& k, std::uint32_t target, time_point now,
                                std::chrono::milliseconds latency) {
    const auto at = find_claimed(k, now);
    if (!at) return change_result::not_found;
    number_record& r = records_[*at];
    if (status_of(r, now) == workflow_status::in_progress) return change_result::in_progress;
    r.target = target;
    r.settles_at = now + latency;
    return change_result::done;
}

change_result inventory::update_description(const phone_number_key& k,
                                            const std::optional<std::string>& description,
                                            time_point now) {
    const auto at = find_claimed(k, now);
    if (!at) return change_result::not_found;
    number_record& r = records_[*at];
    if (status_of(r, now) == workflow_status::in_progress) return change_result::in_progress;
    if (description) {
        number_details d;
        if (const number_details* old = details_of(r)) d.tags = old->tags;
        d.description = description;
        set_details(r, std::move(d));
    }
    return change_result::done;
}

release_status inventory::release(const phone_number_key& k, time_point now) {
    std::optional<std::uint32_t> at = find_id(k);
    if (!at || records_[*at].id != k) {
        if (!claim_any_) return release_status::not_found;
        // Claim-any mode: the number was implicitly claimed; remember its release (without
        // listing it in between: the throughput path).
        at = add_claim_any(k, life::released, now);
        records_[*at].state = life::claimed;
        enter_released(*at, now);
        return release_status::released;
    }
    number_record& r = records_[*at];
    // A claim-any number whose cooldown ended is claimed again: a new life, not a second
    // release of the old one.
    if (r.state != life::claimed && !find_claimed(k, now)) return release_status::not_found;
    if (r.in_use) return release_status::in_use;
    if (status_of(r, now) == workflow_status::in_progress) return release_status::in_progress;
    enter_released(*at, now);
    return release_status::released;
}

void inventory::claim_id(const phone_number_key& k, time_point now) {
    const auto at = find_id(k);
    if (!at || records_[*at].id != k) {
        add_preclaimed(k, now);
        return;
    }
    number_record& r = records_[*at];
    r.in_use = false;
    r.settles_at = {};
    if (r.state != life::claimed) enter_claimed(*at, now);
}

void inventory::mark_in_use(const phone_number_key& k, time_point now) {
    claim_id(k, now);
    records_[*find_id(k)].in_use = true;
}

number_state inventory::state_of(const phone_number_key& k, time_point now) const {
    const auto at = find_id(k);
    const number_state unknown = claim_any_ ? number_state::claimed : number_state::unknown;
    if (!at || records_[*at].id != k) return unknown;
    const number_record& r = records_[*at];
    switch (r.state) {
        case life::claimed: return r.in_use ? number_state::in_use : number_state::claimed;
        case life::released:
            return now < r.released_at + cooldown_ ? number_state::released : unknown;
        case life::available: break;
    }
    return unknown;
}

}  // namespace awsconnect::emulator
