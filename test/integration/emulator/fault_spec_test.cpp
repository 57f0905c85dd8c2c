// The fault-spec grammar and the fault plan, both pure: parse results are compared field
// by field, printing must parse back to the same spec, every error names its item, and
// the plan is checked to be reproducible (same seed and request number, same fault) and
// to follow the probabilities over many request numbers.
#include "emulator/fault_plan.hpp"

#include <awsconnect/emulator.hpp>

#include <doctest/doctest.h>

#include <map>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace std::chrono_literals;

namespace {

fault_spec parse_ok(std::string_view text) {
    auto r = parse_fault_spec(text);
    REQUIRE_MESSAGE(r.has_value(), (r.has_value() ? "" : r.error().message));
    return *r;
}

std::string parse_error(std::string_view text) {
    auto r = parse_fault_spec(text);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::invalid_configuration);
    return r.error().message;
}

fault http(int status, error_body body = error_body::json) {
    return {fault_kind::http_error, status, body, 0ms};
}
fault of(fault_kind k, std::chrono::milliseconds d = 0ms) { return {k, 0, error_body::json, d}; }

}  // namespace

TEST_SUITE("emulator.fault_spec") {

TEST_CASE("an empty spec has no faults") {
    CHECK(parse_ok("").empty());
    CHECK(parse_ok("  ").empty());
}

TEST_CASE("random rules: FAULT:PROBABILITY") {
    const fault_spec s = parse_ok("503:0.05, reset-before:0.01,delay=200ms:0.02");
    REQUIRE(s.random.size() == 3);
    CHECK(s.random[0].what == http(503));
    CHECK(s.random[0].probability == 0.05);
    CHECK(s.random[1].what == of(fault_kind::reset_before));
    CHECK(s.random[2].what == of(fault_kind::delay, 200ms));
    CHECK(s.random[2].probability == 0.02);
    CHECK(s.script.empty());
}

TEST_CASE("every fault kind parses") {
    const fault_spec s = parse_ok(
        "script:1=500,2=502-html,3=503-empty,4=504-json,5=429,6=delay=2s,7=reset-before,"
        "8=reset-after-commit,9=idle-close=150,10=truncate,11=garbage,12=stall,13=none");
    REQUIRE(s.script.size() == 13);
    CHECK(s.script[0].what == http(500));
    CHECK(s.script[1].what == http(502, error_body::html));
    CHECK(s.script[2].what == http(503, error_body::empty));
    CHECK(s.script[3].what == http(504));
    CHECK(s.script[4].what == of(fault_kind::throttle));
    CHECK(s.script[5].what == of(fault_kind::delay, 2000ms));
    CHECK(s.script[6].what == of(fault_kind::reset_before));
    CHECK(s.script[7].what == of(fault_kind::reset_after_commit));
    CHECK(s.script[8].what == of(fault_kind::idle_close, 150ms));
    CHECK(s.script[9].what == of(fault_kind::truncate));
    CHECK(s.script[10].what == of(fault_kind::garbage));
    CHECK(s.script[11].what == of(fault_kind::stall));
    CHECK(s.script[12].what == of(fault_kind::none));
    for (std::size_t i = 0; i < s.script.size(); ++i) CHECK(s.script[i].request_number == i + 1);
}

TEST_CASE("script items are sorted, and mix with random rules") {
    const fault_spec s = parse_ok("script:5=reset-after-commit,3=503-html,500:0.1");
    REQUIRE(s.script.size() == 2);
    CHECK(s.script[0].request_number == 3);
    CHECK(s.script[0].what == http(503, error_body::html));
    CHECK(s.script[1].request_number == 5);
    REQUIRE(s.random.size() == 1);
    CHECK(s.random[0].what == http(500));
}

TEST_CASE("printing parses back to the same spec") {
    for (const char* text : {"script:3=503-html,5=reset-after-commit",
                             "503:0.05,reset-before:0.01,delay=200ms:0.02",
                             "script:1=stall,2=idle-close=1s,429:0.125,garbage:0.3"}) {
        const fault_spec a = parse_ok(text);
        const fault_spec b = parse_ok(to_string(a));
        CHECK(to_string(b) == to_string(a));
        REQUIRE(a.random.size() == b.random.size());
        for (std::size_t i = 0; i < a.random.size(); ++i) {
            CHECK(a.random[i].what == b.random[i].what);
            CHECK(a.random[i].probability == b.random[i].probability);
        }
        REQUIRE(a.script.size() == b.script.size());
        for (std::size_t i = 0; i < a.script.size(); ++i) CHECK(a.script[i].what == b.script[i].what);
    }
    CHECK(to_string(parse_ok("script:3=503,500-html:0.5")) == "script:3=503-json,500-html:0.5");
}

TEST_CASE("errors name the item and what was expected") {
    CHECK(parse_error("503:0.1,bogus:0.1").starts_with("fault spec item 2 ('bogus:0.1'): unknown fault 'bogus'"));
    CHECK(parse_error("503:1.5") == "fault spec item 1 ('503:1.5'): probability must be a number in [0, 1]");
    CHECK(parse_error("503") .find("expected FAULT:PROBABILITY") != std::string::npos);
    CHECK(parse_error("script:0=503") == "fault spec item 1 ('script:0=503'): request numbers start at 1");
    CHECK(parse_error("script:x") .find("expected N=FAULT after 'script:'") != std::string::npos);
    CHECK(parse_error("delay=fast:0.1").find("bad duration 'fast'") != std::string::npos);
    CHECK(parse_error("503-xml:0.1").find("unknown body 'xml'") != std::string::npos);
    CHECK(parse_error("503:0.1,,500:0.1").find("empty item") != std::string::npos);
    CHECK(parse_error("503:0.6,500:0.5") == "fault spec: the probabilities add up to more than 1");
    CHECK(parse_error("script:2=503,2=500") == "fault spec: request 2 is scripted twice");
}

TEST_CASE("the plan: scripted numbers get their fault, others draw") {
    const fault_spec s = parse_ok("script:3=503-html,5=reset-after-commit");
    CHECK(choose_fault(s, 1, 0) == fault{});
    CHECK(choose_fault(s, 3, 0) == http(503, error_body::html));
    CHECK(choose_fault(s, 4, 0) == fault{});
    CHECK(choose_fault(s, 5, 0) == of(fault_kind::reset_after_commit));
}

TEST_CASE("the plan is reproducible and follows the probabilities") {
    const fault_spec s = parse_ok("503:0.25,reset-before:0.25");
    std::map<fault_kind, int> seen;
    int differ = 0;
    for (std::uint64_t n = 1; n <= 20000; ++n) {
        const fault f = choose_fault(s, n, 42);
        CHECK(f == choose_fault(s, n, 42));
        ++seen[f.kind];
        differ += choose_fault(s, n, 43) != f;
    }
    // 5000 expected each; the bounds are far beyond the spread of a fair draw.
    CHECK(seen[fault_kind::http_error] > 4600);
    CHECK(seen[fault_kind::http_error] < 5400);
    CHECK(seen[fault_kind::reset_before] > 4600);
    CHECK(seen[fault_kind::reset_before] < 5400);
    CHECK(seen[fault_kind::none] > 9500);
    CHECK(differ > 5000);  // another seed, another sequence
    SUBCASE("probability 1 always, 0 never") {
        const fault_spec always = parse_ok("garbage:1");
        const fault_spec never = parse_ok("garbage:0");
        for (std::uint64_t n = 1; n <= 1000; ++n) {
            CHECK(choose_fault(always, n, 7).kind == fault_kind::garbage);
            CHECK(choose_fault(never, n, 7).kind == fault_kind::none);
        }
    }
}

TEST_CASE("credentials and throttle settings") {
    auto c = parse_credential("AKID:SECRET:TOKEN");
    REQUIRE(c.has_value());
    CHECK(c->access_key_id == "AKID");
    CHECK(c->secret_access_key == "SECRET");
    CHECK(c->session_token == "TOKEN");
    CHECK(parse_credential("AKID:SECRET")->session_token.empty());
    CHECK_FALSE(parse_credential("AKID").has_value());
    CHECK_FALSE(parse_credential(":SECRET").has_value());
    CHECK(parse_credential("AKID:s3cr3t-value").has_value());
    // The text holds a secret: errors never echo it.
    CHECK(parse_credential("mykey:topsecret:").error().message.find("topsecret") ==
          std::string::npos);

    // Lists: the format of --credentials-file and AWSCONNECT_EMULATOR_CREDENTIALS.
    auto list = parse_credential_list("# keys for the test\r\nAKID1:secret1\n\n  AKID2:secret2:TOKEN2 , AKID3:s3\n");
    REQUIRE(list.has_value());
    REQUIRE(list->size() == 3);
    CHECK((*list)[0].access_key_id == "AKID1");
    CHECK((*list)[0].secret_access_key == "secret1");
    CHECK((*list)[0].session_token.empty());
    CHECK((*list)[1].access_key_id == "AKID2");
    CHECK((*list)[1].session_token == "TOKEN2");
    CHECK((*list)[2].secret_access_key == "s3");
    const auto bad = parse_credential_list("AKID1:secret1\nAKID2:topsecret:\n");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message ==
          "line 2: credentials must be AKID:SECRET or AKID:SECRET:TOKEN, none empty");
    CHECK(parse_credential_list("A:b,nosecret").error().message.starts_with("line 1, entry 2: "));
    CHECK(parse_credential_list("# only a comment\n\n").error().message ==
          "no credentials: expected AKID:SECRET or AKID:SECRET:TOKEN entries");
    CHECK_FALSE(parse_credential_list("").has_value());

    auto t = parse_throttle("100:20");
    REQUIRE(t.has_value());
    CHECK(t->rate == 100);
    CHECK(t->burst == 20);
    CHECK_FALSE(parse_throttle("0:1").has_value());
    CHECK_FALSE(parse_throttle("5").has_value());
    CHECK_FALSE(parse_throttle("5:0.5").has_value());
}

}  // TEST_SUITE
