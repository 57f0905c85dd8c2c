// The emulator's state pieces on their own, all pure: phone-number id parsing (UUIDs and
// ARNs name the same key), the inventory's state machine and its released-twice tripwire,
// the idempotency store's window (including a clock that moves back), and the throttle's
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
    inventory inv(days(30), false);
    inv.claim(key(1));
    inv.mark_in_use(key(2));
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
        inv.claim(key(1));
        CHECK(inv.release(key(1), t0 + 1s) == release_status::released);
        CHECK(inv.released_twice() == 0);
    }
}

TEST_CASE("inventory in claim-any mode") {
    inventory inv(days(30), true);
    CHECK(inv.state_of(key(7), t0) == number_state::claimed);
    CHECK(inv.release(key(7), t0) == release_status::released);
    CHECK(inv.state_of(key(7), t0 + days(1)) == number_state::released);
    CHECK(inv.release(key(7), t0 + days(1)) == release_status::not_found);
    CHECK(inv.state_of(key(7), t0 + days(30)) == number_state::claimed);
    CHECK(inv.release(key(7), t0 + days(30)) == release_status::released);
    CHECK(inv.released_twice() == 0);
    CHECK(inv.size() == 1);
}

TEST_CASE("idempotency store: remembered for the window, then forgotten") {
    idempotency_store store(hours(24));
    CHECK(store.find("a", t0) == nullptr);
    store.remember("a", key(1), recorded_outcome::released, t0);
    store.remember("b", key(2), recorded_outcome::in_use, t0 + hours(1));
    const token_record* a = store.find("a", t0 + hours(23));
    REQUIRE(a != nullptr);
    CHECK(a->key == key(1));
    CHECK(a->outcome == recorded_outcome::released);
    CHECK(store.find("a", t0 + hours(24)) == nullptr);
    CHECK(store.size() == 1);  // "a" is gone, "b" is not yet
    REQUIRE(store.find("b", t0 + hours(24)) != nullptr);
    CHECK(store.find("b", t0 + hours(25)) == nullptr);
    CHECK(store.size() == 0);

    SUBCASE("a clock that moves back and forth never revives or loses a record wrongly") {
        store.remember("c", key(3), recorded_outcome::released, t0 + hours(30));
        store.remember("d", key(4), recorded_outcome::released, t0 + hours(26));  // went back
        CHECK(store.find("c", t0 + hours(51)) != nullptr);
        CHECK(store.find("d", t0 + hours(51)) == nullptr);  // expired, though behind "c"
        store.remember("d", key(5), recorded_outcome::not_found, t0 + hours(51));
        CHECK(store.find("c", t0 + hours(54)) == nullptr);
        const token_record* d = store.find("d", t0 + hours(54));
        REQUIRE(d != nullptr);
        CHECK(d->key == key(5));
        CHECK(store.find("d", t0 + hours(75)) == nullptr);
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
