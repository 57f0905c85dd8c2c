// ReleasePhoneNumber's semantics in the emulator's pure core (the other operations are in
// lifecycle_test.cpp): requests signed at a fixed
// time go through `handle_request` against a `service_state`, and each test checks the
// exact response (status, X-Amzn-ErrorType, body) and the counters. Time moves only when
// a test moves it, so cooldowns, idempotency windows and the throttle are exact.
#include "emulator/service_core.hpp"
#include "signed_request.hpp"

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace std::chrono;

namespace {

const system_clock::time_point t0 = sys_days{year{2024} / 5 / 6} + 7h + 8min + 9s;

const std::string id0 = claimed_phone_number_id(0);
const std::string id1 = claimed_phone_number_id(1);
const std::string in_use_id = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

phone_number_key key_of(std::string_view uuid) {
    phone_number_key k;
    REQUIRE(parse_uuid(uuid, k));
    return k;
}

struct fixture {
    server_config config;
    std::optional<service_state> state;
    service_settings settings;
    sigv4::signing_key_cache keys;
    request_scratch scratch;
    system_clock::time_point now = t0;

    explicit fixture(server_config c = make_config()) : config(std::move(c)), settings(config) {
        state.emplace(config, now);
    }
    fixture(const fixture&) = delete;  // `settings` refers to `config`

    static server_config make_config() {
        server_config c;
        c.claim_count = 4;
        c.in_use_ids = {in_use_id};
        return c;
    }

    response send(test::test_request r) {
        response out;
        handle_request(r.view(), settings, {*state}, now, keys, scratch, out);
        return out;
    }
    response release(std::string_view id, std::optional<std::string_view> token = std::nullopt) {
        test::signer s;
        s.time = now;
        return send(test::signed_release(id, token, s));
    }
    const counters& stats() const { return state->stats; }
};

}  // namespace

TEST_SUITE("emulator.core") {

TEST_CASE("claimed ids are 00000000-0000-4000-8000- and 12 hex digits of the index") {
    CHECK(claimed_phone_number_id(0) == "00000000-0000-4000-8000-000000000000");
    CHECK(claimed_phone_number_id(0xabcdef) == "00000000-0000-4000-8000-000000abcdef");
}

TEST_CASE("a claimed number is released once: 200 {}, then 404 ResourceNotFoundException") {
    fixture f;
    const response first = f.release(id0, "token-1");
    CHECK(first.status == 200);
    CHECK(first.body == "{}");
    CHECK(first.error_type.empty());
    CHECK(first.committed);

    const response again = f.release(id0, "token-2");
    CHECK(again.status == 404);
    CHECK(again.error_type == "ResourceNotFoundException");
    CHECK(again.body ==
          R"({"Message":"Phone number 00000000-0000-4000-8000-000000000000 was not found."})");
    CHECK_FALSE(again.committed);

    CHECK(f.stats().ok == 1);
    CHECK(f.stats().not_found == 1);
    CHECK(f.stats().commits == 1);
    CHECK(f.stats().released_twice == 0);
    CHECK(f.state->numbers.state_of(claimed_phone_number_key(0), f.now) == number_state::released);
}

TEST_CASE("an ARN names the same number as its id") {
    fixture f;
    const std::string arn = "arn:aws:connect:us-east-1:123456789012:phone-number/" + id1;
    CHECK(f.release(arn).status == 200);
    CHECK(f.release(id1).status == 404);
    SUBCASE("an ARN of another Region is not found here") {
        const response r =
            f.release("arn:aws:connect:eu-west-2:123456789012:phone-number/" + id0);
        CHECK(r.status == 404);
        CHECK(r.error_type == "ResourceNotFoundException");
        CHECK(f.release(id0).status == 200);  // untouched
    }
}

TEST_CASE("unknown numbers are not found") {
    fixture f;
    const response r = f.release("12345678-1234-4234-8234-123456789abc");
    CHECK(r.status == 404);
    CHECK(r.error_type == "ResourceNotFoundException");
    CHECK(f.stats().commits == 0);
}

TEST_CASE("a number in use answers 409 ResourceInUseException and stays in use") {
    fixture f;
    const response r = f.release(in_use_id, "t");
    CHECK(r.status == 409);
    CHECK(r.error_type == "ResourceInUseException");
    CHECK(r.body ==
          R"({"Message":"Phone number aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee is in use.",)"
          R"("ResourceType":"PHONE_NUMBER","ResourceId":)"
          R"("arn:aws:connect:us-east-1:123456789012:phone-number/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"})");
    CHECK(f.stats().in_use == 1);
    CHECK(f.state->numbers.state_of(key_of(in_use_id), f.now) == number_state::in_use);
}

TEST_CASE("malformed input answers 400 InvalidParameterException") {
    fixture f;
    response r;
    SUBCASE("not a UUID") { r = f.release("not-a-uuid"); }
    SUBCASE("a UUID with a bad digit") { r = f.release("00000000-0000-4000-8000-00000000000g"); }
    SUBCASE("an ARN of another service") {
        r = f.release("arn:aws:s3:us-east-1:123456789012:phone-number/" + id0);
    }
    SUBCASE("a token longer than 500 characters") { r = f.release(id0, std::string(501, 'a')); }
    SUBCASE("an empty id") { r = f.release(""); }
    CHECK(r.status == 400);
    CHECK(r.error_type == "InvalidParameterException");
    CHECK(f.stats().invalid_parameter == 1);
    CHECK(f.stats().commits == 0);
}

TEST_CASE("a 500-character token is fine") {
    fixture f;
    CHECK(f.release(id0, std::string(500, 'a')).status == 200);
}

TEST_CASE("idempotency: the same token and id replay the first outcome") {
    fixture f;
    CHECK(f.release(id0, "tok").status == 200);
    const response replay = f.release(id0, "tok");
    CHECK(replay.status == 200);
    CHECK(replay.body == "{}");
    CHECK(replay.replayed);
    CHECK_FALSE(replay.committed);
    CHECK(f.stats().commits == 1);
    CHECK(f.stats().idempotent_replays == 1);
    CHECK(f.stats().ok == 2);
    CHECK(f.stats().released_twice == 0);

    SUBCASE("an ARN of the same number is the same id") {
        const std::string arn = "arn:aws:connect:us-east-1:123456789012:phone-number/" + id0;
        CHECK(f.release(arn, "tok").status == 200);
        CHECK(f.stats().idempotent_replays == 2);
    }
    SUBCASE("the same token with another id: 409 IdempotencyException") {
        const response r = f.release(id1, "tok");
        CHECK(r.status == 409);
        CHECK(r.error_type == "IdempotencyException");
        CHECK(f.stats().idempotency_conflict == 1);
        CHECK(f.release(id1, "other").status == 200);  // id1 was not touched
    }
    SUBCASE("errors are replayed too") {
        CHECK(f.release("12345678-1234-4234-8234-123456789abc", "miss").status == 404);
        f.state->numbers.claim_id(key_of("12345678-1234-4234-8234-123456789abc"), f.now);
        const response r = f.release("12345678-1234-4234-8234-123456789abc", "miss");
        CHECK(r.status == 404);
        CHECK(r.replayed);
    }
    SUBCASE("after the window the token is forgotten") {
        f.now += hours(24);
        const response r = f.release(id1, "tok");
        CHECK(r.status == 200);  // a new request, not a conflict
        CHECK_FALSE(r.replayed);
        CHECK(f.release(id0, "tok").status == 409);  // now "tok" belongs to id1
    }
}

TEST_CASE("without a clientToken there is no idempotency") {
    fixture f;
    CHECK(f.release(id0).status == 200);
    CHECK(f.release(id0).status == 404);
    CHECK(f.stats().idempotent_replays == 0);
}

TEST_CASE("released numbers stay not found through the cooldown and after it") {
    fixture f;
    CHECK(f.release(id0).status == 200);
    f.now += days(29);
    CHECK(f.release(id0).status == 404);
    f.now += days(2);
    CHECK(f.release(id0).status == 404);
    CHECK(f.state->numbers.state_of(claimed_phone_number_key(0), f.now) == number_state::unknown);
}

TEST_CASE("claim-any: every well-formed id is claimed once per cooldown") {
    server_config c;
    c.claim_any = true;
    fixture f(c);
    const std::string id = "0badc0de-0000-4000-8000-000000000123";
    CHECK(f.release(id).status == 200);
    CHECK(f.release(id).status == 404);
    f.now += days(30);
    CHECK(f.release(id).status == 200);  // claimed again after its cooldown
    CHECK(f.stats().commits == 2);
    CHECK(f.stats().released_twice == 0);
    CHECK(f.release("nope").status == 400);
}

TEST_CASE("the throttle: a token bucket on the emulator's clock answers 429 ThrottlingException") {
    server_config c = fixture::make_config();
    c.throttle = throttle_config{2, 2};
    fixture f(c);
    CHECK(f.release(id0).status == 200);
    CHECK(f.release(id1).status == 200);
    const response r = f.release(claimed_phone_number_id(2));
    CHECK(r.status == 429);
    CHECK(r.error_type == "ThrottlingException");
    CHECK(r.body == R"({"Message":"Rate exceeded"})");
    f.now += milliseconds(500);  // one token at 2 per second
    CHECK(f.release(claimed_phone_number_id(2)).status == 200);
    CHECK(f.release(claimed_phone_number_id(3)).status == 429);
    CHECK(f.stats().throttled == 2);
    CHECK(f.stats().commits == 3);
}

TEST_CASE("authentication comes first: an unsigned request changes nothing") {
    fixture f;
    auto r = test::release_request(id0, "t");
    r.set_header("Host", "127.0.0.1");
    const response out = f.send(r);
    CHECK(out.status == 403);
    CHECK(out.error_type == "MissingAuthenticationTokenException");
    CHECK(out.body == R"({"message":"Missing Authentication Token"})");
    CHECK(f.stats().missing_authentication_token == 1);
    CHECK(f.release(id0, "t").status == 200);  // the token was not recorded either
}

TEST_CASE("other paths and methods: UnknownOperationException") {
    fixture f;
    test::signer s;
    s.time = f.now;
    SUBCASE("another path: 404") {
        auto r = test::release_request(id0);
        r.path = "/users/" + id0;
        s.sign(r);
        const response out = f.send(r);
        CHECK(out.status == 404);
        CHECK(out.error_type == "UnknownOperationException");
    }
    SUBCASE("another method on the phone-number path: 405") {
        auto r = test::release_request(id0);
        r.method = "POST";
        s.sign(r);
        const response out = f.send(r);
        CHECK(out.status == 405);
        CHECK(out.allow == "GET, PUT, DELETE");
        CHECK(out.error_type == "UnknownOperationException");
    }
    SUBCASE("an unencoded '/' in the id: another path") {
        auto r = test::release_request(id0);
        r.path = "/phone-number/arn:aws:connect:us-east-1:123456789012:phone-number/" + id0;
        s.sign(r);
        CHECK(f.send(r).status == 404);
    }
    SUBCASE("admin paths are not Connect operations") {
        auto r = test::release_request(id0);
        r.method = "GET";
        r.path = "/__emulator/counters";
        r.query.clear();
        CHECK(f.send(r).status == 404);
    }
    CHECK(f.stats().unknown_operation == 1);
}

TEST_CASE("routing") {
    auto op = [](std::string_view method, std::string_view path) {
        const route r = route_request(method, path, true);
        return r.kind == route_kind::connect ? r.op : connect_operation::none;
    };
    CHECK(op("DELETE", "/phone-number/abc") == connect_operation::release_phone_number);
    CHECK(route_request("DELETE", "/phone-number/abc", true).encoded_id == "abc");
    CHECK(op("GET", "/phone-number/abc") == connect_operation::describe_phone_number);
    CHECK(op("PUT", "/phone-number/abc") == connect_operation::update_phone_number);
    CHECK(op("PUT", "/phone-number/abc/metadata") == connect_operation::update_phone_number_metadata);
    CHECK(route_request("PUT", "/phone-number/abc/metadata", true).encoded_id == "abc");
    CHECK(op("POST", "/phone-number/claim") == connect_operation::claim_phone_number);
    CHECK(op("POST", "/phone-number/list") == connect_operation::list_phone_numbers_v2);
    CHECK(op("POST", "/phone-number/search-available") ==
          connect_operation::search_available_phone_numbers);
    // Other methods on the fixed paths name an id ("claim" is not one: 400 later).
    CHECK(op("GET", "/phone-number/claim") == connect_operation::describe_phone_number);
    CHECK(route_request("POST", "/phone-number/abc", true).kind == route_kind::method_not_allowed);
    CHECK(route_request("POST", "/phone-number/abc", true).allow == "GET, PUT, DELETE");
    CHECK(route_request("GET", "/phone-number/abc/metadata", true).allow == "PUT");
    CHECK(route_request("PUT", "/phone-number/abc/other", true).kind == route_kind::unknown);
    CHECK(route_request("GET", "/phone-numbers/abc", true).kind == route_kind::unknown);
    CHECK(route_request("GET", "/__emulator/counters", true).kind == route_kind::admin_counters);
    CHECK(route_request("GET", "/__emulator/counters", false).kind == route_kind::unknown);
    CHECK(route_request("POST", "/__emulator/counters/reset", true).kind == route_kind::admin_reset);
    CHECK(route_request("GET", "/__emulator/counters/reset", true).kind ==
          route_kind::method_not_allowed);
    CHECK(route_request("GET", "/__emulator/health", true).kind == route_kind::admin_health);
    CHECK(route_request("GET", "/__emulator/clock", true).kind == route_kind::admin_clock);
    CHECK(route_request("POST", "/__emulator/clock", true).kind == route_kind::admin_clock);
    CHECK(route_request("DELETE", "/__emulator/clock", true).allow == "GET, POST");
}

}  // TEST_SUITE
