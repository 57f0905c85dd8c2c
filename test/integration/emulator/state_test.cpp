// The emulator's state pieces on their own, all pure: phone-number id parsing (UUIDs and
// ARNs name the same key), E.164 numbers (order and prefixes), the inventory's state
// machine (a new id per claim, IN_PROGRESS, the cooldown) and its tripwires, the
// idempotency store's window (including a clock that moves back), and the throttle's
// token bucket.
#include "emulator/idempotency_store.hpp"
#include "emulator/inventory.hpp"
#include "emulator/phone_number_id.hpp"
#include "emulator/token_bucket.hpp"

#include <doctest/doctest.h>

using namespace awsconnect::emulator;
using namespace std::chrono;

namespace {

const system_clock::time_point t0 = sys_days{year{2024} / 5 / 6};

phone_number_key key(std::uint64_t i) { return claimed_phone_number_key(i); }

}  // namespace

TEST_SUITE("emulator.state") {

TEST_CASE("phone-number ids: UUIDs and ARNs") {
    const auto a = parse_phone_number_id("00000000-0000-4000-8000-00000000002a", "us-east-1");
    CHECK(a.status == id_status::ok);
    CHECK(a.key == key(42));
    const auto upper = parse_phone_number_id("00000000-0000-4000-8000-00000000002A", "us-east-1");
    CHECK(upper.key == key(42));
    const auto arn = parse_phone_number_id(
        "arn:aws:connect:us-east-1:123456789012:phone-number/00000000-0000-4000-8000-00000000002a",
        "us-east-1");
    CHECK(arn.status == id_status::ok);
    CHECK(arn.key == key(42));
    CHECK(parse_phone_number_id("arn:aws-us-gov:connect:us-gov-west-1:123456789012:phone-number/"
                                "00000000-0000-4000-8000-00000000002a",
                                "us-east-1")
              .status == id_status::other_region);
    for (const char* bad : {"", "0000000-0000-4000-8000-00000000002a", "00000000-0000-4000-8000-00000000002a0",
                            "00000000_0000-4000-8000-00000000002a",
                            "arn:aws:connect:us-east-1:12345678901:phone-number/00000000-0000-4000-8000-00000000002a",
                            "arn:aws:connect:us-east-1:123456789012:instance/00000000-0000-4000-8000-00000000002a",
                            "arn:aws:connect:us-east-1:123456789012:phone-number/x",
                            "arn:aws:connect:us-east-1"})
        CHECK_MESSAGE(parse_phone_number_id(bad, "us-east-1").status == id_status::malformed, bad);
    std::string text;
    append_uuid(text, key(0xabcdef));
    CHECK(text == "00000000-0000-4000-8000-000000abcdef");
}

TEST_CASE("inventory: claimed -> released -> gone after the cooldown") {
    server_config c;
    c.claim_count = 2;
    c.available_per_pool = 0;
    inventory inv(c);
    inv.mark_in_use(key(2), t0);
    CHECK(inv.state_of(key(1), t0) == number_state::claimed);
    CHECK(inv.state_of(key(2), t0) == number_state::in_use);
    CHECK(inv.state_of(key(3), t0) == number_state::unknown);

    CHECK(inv.release(key(1), t0) == release_status::released);
    CHECK(inv.release(key(1), t0) == release_status::not_found);
    CHECK(inv.release(key(2), t0) == release_status::in_use);
    CHECK(inv.release(key(3), t0) == release_status::not_found);
    CHECK(inv.state_of(key(1), t0 + days(30) - 1s) == number_state::released);
    CHECK(inv.state_of(key(1), t0 + days(30)) == number_state::unknown);
    CHECK(inv.release(key(1), t0 + days(31)) == release_status::not_found);
    CHECK(inv.released_twice() == 0);

    SUBCASE("claimed again, released again: a new life, not a double release") {
        inv.claim_id(key(1), t0);
        CHECK(inv.release(key(1), t0 + 1s) == release_status::released);
        CHECK(inv.released_twice() == 0);
        CHECK(inv.claimed_twice() == 0);
    }
}

TEST_CASE("inventory: a pooled number's lifecycle, a new id per claim") {
    server_config c;
    c.number_pools = {{"US", "TOLL_FREE", "+1800"}};
    c.available_per_pool = 2;
    inventory inv(c);
    const auto number = e164::parse("+18000000001");
    REQUIRE(number.has_value());
    const auto at = inv.find_number(*number);
    REQUIRE(at.has_value());
    CHECK(inv.is_available(inv.record(*at), t0));
    CHECK(inv.claim(*at, 0, {}, t0, 2s) == claim_result::claimed);
    const phone_number_key first = inv.record(*at).id;
    CHECK(inv.claim(*at, 0, {}, t0, 2s) == claim_result::not_available);
    CHECK_FALSE(inv.is_available(inv.record(*at), t0));
    CHECK(inv.status_of(inv.record(*at), t0 + 1s) == workflow_status::in_progress);
    CHECK(inv.release(first, t0 + 1s) == release_status::in_progress);
    CHECK(inv.status_of(inv.record(*at), t0 + 2s) == workflow_status::claimed);
    CHECK(inv.claimed().size() == 1);
    CHECK(inv.release(first, t0 + 2s) == release_status::released);
    CHECK(inv.claimed().empty());
    // The cooldown: neither available nor found; then available, and a new claim is a new id.
    CHECK_FALSE(inv.is_available(inv.record(*at), t0 + 2s + days(30) - 1s));
    CHECK(inv.is_available(inv.record(*at), t0 + 2s + days(30)));
    CHECK(inv.claim(*at, 0, {}, t0 + days(31), 0s) == claim_result::claimed);
    CHECK(inv.record(*at).id != first);
    CHECK_FALSE(inv.find_claimed(first, t0 + days(31)).has_value());
    CHECK(inv.find_claimed(inv.record(*at).id, t0 + days(31)) == at);
    CHECK(inv.release(first, t0 + days(31)) == release_status::not_found);
    CHECK(inv.claimed_twice() == 0);
    CHECK(inv.released_twice() == 0);

    SUBCASE("ids are drawn from the seed: the same configuration gives the same ids") {
        inventory again(c);
        REQUIRE(again.claim(*at, 0, {}, t0, 0s) == claim_result::claimed);
        CHECK(again.record(*at).id == first);
        c.seed = 1;
        inventory other(c);
        REQUIRE(other.claim(*at, 0, {}, t0, 0s) == claim_result::claimed);
        CHECK(other.record(*at).id != first);
    }
}

TEST_CASE("e164: parsed as the model's pattern, ordered as text, prefixes") {
    CHECK(e164::parse("+18005550000")->to_string() == "+18005550000");
    for (const char* bad : {"18005550000", "+0800", "+1", "+1234567890123456", "+1 800", "+", ""})
        CHECK_MESSAGE(!e164::parse(bad).has_value(), bad);
    auto n = [](const char* t) { return *e164::parse(t); };
    CHECK(n("+12065550000") < n("+18000000000"));
    CHECK(n("+18000000000") < n("+442070000000"));
    CHECK(n("+19") < n("+442"));  // text order, not numeric order
    CHECK(n("+1800") < n("+18000"));
    CHECK(n("+18005550123").starts_with(*e164::of_prefix("+1800")));
    CHECK(n("+18005550123").starts_with(*e164::of_prefix("1800555")));
    CHECK_FALSE(n("+18105550123").starts_with(*e164::of_prefix("+1800")));
    CHECK_FALSE(n("+18").starts_with(*e164::of_prefix("+1800")));
    CHECK(*e164::of_prefix("+1800") < n("+18000000000"));  // a prefix sorts first in its range
}

TEST_CASE("inventory in claim-any mode") {
    server_config c;
    c.claim_any = true;
    c.available_per_pool = 0;
    inventory inv(c);
    CHECK(inv.state_of(key(7), t0) == number_state::claimed);
    CHECK(inv.release(key(7), t0) == release_status::released);
    CHECK(inv.state_of(key(7), t0 + days(1)) == number_state::released);
    CHECK(inv.release(key(7), t0 + days(1)) == release_status::not_found);
    CHECK(inv.state_of(key(7), t0 + days(30)) == number_state::claimed);
    CHECK(inv.release(key(7), t0 + days(30)) == release_status::released);
    CHECK(inv.released_twice() == 0);
    CHECK(inv.claimed_twice() == 0);
    CHECK(inv.size() == 1);
    CHECK(inv.claimed().empty());  // a release alone never lists it
    CHECK(inv.find_claimed(key(8), t0).has_value());  // any other use makes it up, listed
    CHECK(inv.claimed().size() == 1);
}

TEST_CASE("idempotency store: remembered for the window, then forgotten") {
    using op = connect_operation;
    auto digest = [](char c) {
        awsconnect::crypto::sha256_digest d{};
        d[0] = static_cast<unsigned char>(c);
        return d;
    };
    auto answer = [](const char* body) { return recorded_answer{200, {}, body, 0}; };
    idempotency_store store(hours(24));
    CHECK(store.find(op::release_phone_number, "a", t0) == nullptr);
    store.remember(op::release_phone_number, "a", digest(1), answer("{}"), t0);
    store.remember(op::release_phone_number, "b", digest(2), answer("{\"b\":1}"), t0 + hours(1));
    const token_record* a = store.find(op::release_phone_number, "a", t0 + hours(23));
    REQUIRE(a != nullptr);
    CHECK(a->input == digest(1));
    CHECK(a->answer.body == "{}");
    CHECK(store.find(op::claim_phone_number, "a", t0 + hours(23)) == nullptr);  // scoped by operation
    CHECK(store.find(op::release_phone_number, "a", t0 + hours(24)) == nullptr);
    CHECK(store.size() == 1);  // "a" is gone, "b" is not yet
    REQUIRE(store.find(op::release_phone_number, "b", t0 + hours(24)) != nullptr);
    CHECK(store.find(op::release_phone_number, "b", t0 + hours(25)) == nullptr);
    CHECK(store.size() == 0);

    SUBCASE("a clock that moves back and forth never revives or loses a record wrongly") {
        store.remember(op::release_phone_number, "c", digest(3), answer("{}"), t0 + hours(30));
        store.remember(op::release_phone_number, "d", digest(4), answer("{}"), t0 + hours(26));  // went back
        CHECK(store.find(op::release_phone_number, "c", t0 + hours(51)) != nullptr);
        CHECK(store.find(op::release_phone_number, "d", t0 + hours(51)) == nullptr);  // expired, though behind "c"
        store.remember(op::release_phone_number, "d", digest(5), answer("{}"), t0 + hours(51));
        CHECK(store.find(op::release_phone_number, "c", t0 + hours(54)) == nullptr);
        const token_record* d = store.find(op::release_phone_number, "d", t0 + hours(54));
        REQUIRE(d != nullptr);
        CHECK(d->input == digest(5));
        CHECK(store.find(op::release_phone_number, "d", t0 + hours(75)) == nullptr);
        CHECK(store.size() == 0);
    }
}

TEST_CASE("token bucket: burst, then rate") {
    token_bucket b({10, 3}, t0);
    CHECK(b.try_take(t0));
    CHECK(b.try_take(t0));
    CHECK(b.try_take(t0));
    CHECK_FALSE(b.try_take(t0));
    CHECK_FALSE(b.try_take(t0 + 99ms));
    CHECK(b.try_take(t0 + 100ms));
    CHECK_FALSE(b.try_take(t0 + 100ms));
    CHECK(b.try_take(t0 + 10s));  // refilled, capped at the burst
    CHECK(b.try_take(t0 + 10s));
    CHECK(b.try_take(t0 + 10s));
    CHECK_FALSE(b.try_take(t0 + 10s));
    CHECK_FALSE(b.try_take(t0));  // the clock went back: nothing refills
}

}  // TEST_SUITE
