// The phone-number lifecycle over real sockets on 127.0.0.1: every operation through the
// in-process server (TLS and plain HTTP, keep-alive) with signed requests, the emulator's
// clock moved in-process and through POST /__emulator/clock (refused unless allowed), the
// counters at GET /__emulator/counters, page walks that stay stable while another
// connection claims and releases at the same time, faults, the throttle and expiring
// credentials on operations other than Release, and racing claims on several threads.
// Every network step has a hard timeout (test_client); waits are on observed conditions.
#include "emulator_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace awsconnect::emulator::test;
using namespace std::chrono;
namespace json = boost::json;

namespace {

const std::string instance = default_instance_id();
const std::string arn_base = "arn:aws:connect:us-east-1:123456789012:";
const std::string tdg = "22222222-2222-4222-8222-222222222222";
const std::string tdg_arn = arn_base + "traffic-distribution-group/" + tdg;

server_config lifecycle_config(bool tls) {
    server_config c;
    c.tls = tls;
    c.claim_count = 2;
    c.available_per_pool = 10;
    c.traffic_distribution_group_ids = {tdg};
    return c;
}

std::string body(const json::object& o) { return json::serialize(o); }
json::object object_of(const http_reply& r) { return json::parse(r.body).as_object(); }

// Signs `r` at the emulator's time and sends it on `c`.
http_reply call(test_client& c, const server& s, test_request r) {
    signer_for(s).sign(r);
    return c.exchange(r.wire());
}

std::vector<std::string> numbers_of(const json::value& list) {
    std::vector<std::string> out;
    for (const auto& item : list.as_array()) out.emplace_back(item.at("PhoneNumber").as_string());
    return out;
}

// An unauthenticated admin POST with a body.
std::string admin_post(std::string_view path, std::string_view json_body) {
    return simple_request("POST", path,
                          "Content-Type: application/json\r\nContent-Length: " +
                              std::to_string(json_body.size()) + "\r\n") +
           std::string(json_body);
}

void check_headers(const http_reply& r) {
    CHECK(r.complete);
    CHECK(r.header("Content-Type") == "application/json");
    CHECK(r.header("x-amzn-RequestId").size() == 36);
    CHECK(r.header("Content-Length") == std::to_string(r.body.size()));
}

}  // namespace

TEST_SUITE("emulator.lifecycle_server") {

TEST_CASE("every operation over the wire, TLS and plain HTTP, on one keep-alive connection") {
    for (const bool tls : {true, false}) {
        CAPTURE(tls);
        auto s = start_emulator(lifecycle_config(tls));
        auto c = connect_to(*s);

        const http_reply found = call(*c, *s, search_request(body({{"InstanceId", instance},
                                                                    {"PhoneNumberCountryCode", "US"},
                                                                    {"PhoneNumberType", "TOLL_FREE"},
                                                                    {"MaxResults", 1}})));
        check_headers(found);
        REQUIRE(found.status == 200);
        const auto numbers = numbers_of(object_of(found).at("AvailableNumbersList"));
        REQUIRE(numbers == std::vector<std::string>{"+18000000000"});

        const http_reply claimed = call(*c, *s, claim_request(body({{"InstanceId", instance},
                                                                    {"PhoneNumber", numbers[0]},
                                                                    {"ClientToken", "wire-claim"}})));
        check_headers(claimed);
        REQUIRE(claimed.status == 200);
        const std::string id(object_of(claimed).at("PhoneNumberId").as_string());

        const http_reply described = call(*c, *s, describe_request(id));
        check_headers(described);
        REQUIRE(described.status == 200);
        CHECK(object_of(described).at("ClaimedPhoneNumberSummary").at("PhoneNumber").as_string() == numbers[0]);

        const http_reply listed = call(*c, *s, list_request(body({{"InstanceId", instance}})));
        REQUIRE(listed.status == 200);
        CHECK(numbers_of(object_of(listed).at("ListPhoneNumbersSummaryList")) ==
              std::vector<std::string>{"+15550000000", "+15550000001", "+18000000000"});

        const http_reply moved = call(*c, *s, update_request(id, body({{"TargetArn", tdg_arn}, {"ClientToken", "wire-move"}})));
        REQUIRE(moved.status == 200);
        const http_reply labelled =
            call(*c, *s, metadata_request(arn_base + "phone-number/" + id,
                                          body({{"PhoneNumberDescription", "über"}, {"ClientToken", "wire-meta"}})));
        REQUIRE(labelled.status == 200);
        CHECK(labelled.body == "{}");
        const auto summary = object_of(call(*c, *s, describe_request(id))).at("ClaimedPhoneNumberSummary");
        CHECK(summary.at("TargetArn").as_string() == tdg_arn);
        CHECK(summary.at("PhoneNumberDescription").as_string() == "über");

        const http_reply released = call(*c, *s, release_request(id, "wire-release"));
        REQUIRE(released.status == 200);
        const http_reply gone = call(*c, *s, describe_request(id));
        CHECK(gone.status == 404);
        CHECK(gone.header("X-Amzn-ErrorType") == "ResourceNotFoundException");
        CHECK(object_of(gone).at("Message").as_string() == "Phone number " + id + " was not found.");

        const counters n = s->get_counters();
        CHECK(n.connections_accepted == 1);
        CHECK(n.claim_phone_number.commits == 1);
        CHECK(n.update_phone_number.commits == 1);
        CHECK(n.update_phone_number_metadata.commits == 1);
        CHECK(n.release_phone_number.commits == 1);
        CHECK(n.describe_phone_number.requests == 3);
        CHECK(n.ok == 8);
        CHECK(n.not_found == 1);
    }
}

TEST_CASE("the cooldown on the emulator's clock: advance_clock in-process, POST /__emulator/clock over HTTP") {
    server_config config = lifecycle_config(false);
    config.fixed_time = sys_days{year{2030} / 1 / 2} + 3h;
    config.allow_clock_control = true;
    auto s = start_emulator(config);
    auto c = connect_to(*s);
    const json::object search{{"InstanceId", instance}, {"PhoneNumberCountryCode", "GB"},
                              {"PhoneNumberType", "TOLL_FREE"}, {"PhoneNumberPrefix", "+44800000000"}};
    auto searchable = [&] {
        const http_reply r = call(*c, *s, search_request(body(search)));
        REQUIRE_MESSAGE(r.status == 200, r.body);
        const auto n = numbers_of(object_of(r).at("AvailableNumbersList"));
        return std::find(n.begin(), n.end(), "+448000000003") != n.end();
    };
    const json::object claim{{"InstanceId", instance}, {"PhoneNumber", "+448000000003"}};
    REQUIRE(searchable());
    const http_reply first = call(*c, *s, claim_request(body(claim)));
    REQUIRE(first.status == 200);
    const std::string id(object_of(first).at("PhoneNumberId").as_string());
    REQUIRE(call(*c, *s, release_request(id)).status == 200);

    CHECK_FALSE(searchable());
    CHECK(call(*c, *s, claim_request(body(claim))).status == 400);
    s->advance_clock(days(29));
    CHECK_FALSE(searchable());
    CHECK(call(*c, *s, claim_request(body(claim))).status == 400);
    CHECK(call(*c, *s, release_request(id)).status == 404);

    // The last day through the admin path.
    const http_reply moved = c->exchange(admin_post("/__emulator/clock", R"({"advance_seconds":86400})"));
    REQUIRE(moved.status == 200);
    CHECK(object_of(moved).at("now").as_string() == "2030-02-01T03:00:00Z");
    CHECK(object_of(moved).at("epoch_seconds").as_int64() ==
          duration_cast<seconds>(s->now().time_since_epoch()).count());
    CHECK(searchable());
    const http_reply again = call(*c, *s, claim_request(body(claim)));
    REQUIRE(again.status == 200);
    CHECK(object_of(again).at("PhoneNumberId").as_string() != id);

    const http_reply now = c->exchange(simple_request("GET", "/__emulator/clock"));
    CHECK(now.status == 200);
    CHECK(object_of(now).at("now").as_string() == "2030-02-01T03:00:00Z");
    const http_reply bad = c->exchange(admin_post("/__emulator/clock", "{}"));
    CHECK(bad.status == 400);
    CHECK(bad.header("X-Amzn-ErrorType") == "BadRequestException");
    CHECK(s->get_counters().claimed_twice == 0);
}

TEST_CASE("POST /__emulator/clock answers 403 unless allowed; the clock does not move") {
    server_config config = lifecycle_config(false);
    config.fixed_time = sys_days{year{2030} / 1 / 2};
    auto s = start_emulator(config);
    auto c = connect_to(*s);
    const http_reply r = c->exchange(admin_post("/__emulator/clock", R"({"advance_seconds":999999})"));
    CHECK(r.status == 403);
    CHECK(r.header("X-Amzn-ErrorType") == "AccessDeniedException");
    CHECK(json::parse(r.body).at("message").as_string() ==
          "POST /__emulator/clock is turned off: start the emulator with --allow-clock "
          "(server_config::allow_clock_control) to allow it.");
    CHECK(s->now() == config.fixed_time);
    CHECK(c->exchange(simple_request("GET", "/__emulator/clock")).status == 200);
}

TEST_CASE("the counters at GET /__emulator/counters: per operation, claimed_twice, released_twice") {
    auto s = start_emulator(lifecycle_config(false));
    auto c = connect_to(*s);
    const http_reply claimed = call(*c, *s, claim_request(body({{"InstanceId", instance},
                                                                {"PhoneNumber", "+12060000001"},
                                                                {"ClientToken", "k"}})));
    REQUIRE(claimed.status == 200);
    REQUIRE(call(*c, *s, claim_request(body({{"InstanceId", instance},
                                             {"PhoneNumber", "+12060000001"},
                                             {"ClientToken", "k"}}))).body == claimed.body);
    REQUIRE(call(*c, *s, list_request("{}")).status == 200);
    const auto j = object_of(c->exchange(simple_request("GET", "/__emulator/counters")));
    CHECK(j.at("claimed_twice").as_int64() == 0);
    CHECK(j.at("released_twice").as_int64() == 0);
    CHECK(j.at("idempotent_replays").as_int64() == 1);
    CHECK(j.at("operations").at("ClaimPhoneNumber") ==
          json::parse(R"({"requests":2,"ok":2,"errors":0,"commits":1,"replays":1})"));
    CHECK(j.at("operations").at("ListPhoneNumbersV2").at("requests").as_int64() == 1);
    CHECK(j.at("operations").at("ReleasePhoneNumber").at("requests").as_int64() == 0);
}

TEST_CASE("a list walk stays exact while another connection claims and releases at the same time") {
    server_config config = lifecycle_config(false);
    config.claim_count = 30;  // the numbers that exist for the whole walk: +1555...
    config.available_per_pool = 200;
    auto s = start_emulator(config);

    // The churn: claim a number from the pools (all sort around the walk's +1555 numbers:
    // +1206... before, +1800... and +44... after), release the one before, repeat.
    std::atomic<bool> stop{false};
    std::atomic<int> churned{0};
    std::atomic<int> churn_failures{0};
    std::thread churn([&] {
        test_client cc(s->url(), s->ca_file());
        if (cc.connect()) {
            ++churn_failures;
            return;
        }
        const std::vector<std::string> prefixes{"+1206", "+1800", "+44207", "+44800"};
        std::string previous;
        for (int i = 0; i < 400 && !stop; ++i) {
            std::string digits = std::to_string(i / 4);
            digits.insert(0, 7 - digits.size(), '0');
            const std::string number = prefixes[static_cast<std::size_t>(i % 4)] + digits;
            const http_reply r = call(cc, *s, claim_request(body({{"InstanceId", instance}, {"PhoneNumber", number}})));
            if (r.status != 200) {
                ++churn_failures;
                return;
            }
            if (!previous.empty() && call(cc, *s, release_request(previous)).status != 200) {
                ++churn_failures;
                return;
            }
            previous = std::string(json::parse(r.body).at("PhoneNumberId").as_string());
            ++churned;
        }
    });

    auto c = connect_to(*s);
    std::vector<std::string> walked;
    json::object q{{"InstanceId", instance}, {"MaxResults", 3}};
    int pages = 0;
    for (;; ++pages) {
        REQUIRE(pages < 200);
        // Let the churn move between pages (waiting on what it did, with a bound).
        const int before = churned.load();
        for (int spin = 0; spin < 2000 && churned.load() < before + 2 && churn_failures == 0 && churned < 400; ++spin)
            std::this_thread::sleep_for(1ms);
        const http_reply r = call(*c, *s, list_request(body(q)));
        REQUIRE_MESSAGE(r.status == 200, r.body);
        const auto o = object_of(r);
        for (auto& n : numbers_of(o.at("ListPhoneNumbersSummaryList"))) walked.push_back(n);
        if (!o.contains("NextToken")) break;
        q["NextToken"] = o.at("NextToken");
    }
    stop = true;
    churn.join();
    CHECK(churn_failures == 0);
    CHECK(churned > pages);  // the walk really ran alongside the churn

    std::vector<std::string> steady;
    for (const auto& n : walked)
        if (n.starts_with("+1555")) steady.push_back(n);
    std::vector<std::string> expected;
    for (std::uint64_t i = 0; i < 30; ++i) expected.push_back(claimed_phone_number(i));
    CHECK(steady == expected);  // each exactly once, in order
    CHECK(std::is_sorted(walked.begin(), walked.end()));
    CHECK(std::set<std::string>(walked.begin(), walked.end()).size() == walked.size());
    CHECK(s->get_counters().claimed_twice == 0);
    CHECK(s->get_counters().released_twice == 0);
}

TEST_CASE("racing claims of one number on several threads: exactly one wins") {
    server_config config = lifecycle_config(false);
    config.threads = 4;
    auto s = start_emulator(config);
    constexpr int racers = 12;
    std::vector<std::unique_ptr<test_client>> clients;
    for (int i = 0; i < racers; ++i) clients.push_back(connect_to(*s));
    // Everything signed and sent first, then the answers read: the requests overlap.
    for (int i = 0; i < racers; ++i) {
        test_request r = claim_request(body({{"InstanceId", instance},
                                             {"PhoneNumber", "+18000000007"},
                                             {"ClientToken", "racer-" + std::to_string(i)}}));
        signer_for(*s).sign(r);
        REQUIRE_FALSE(clients[static_cast<std::size_t>(i)]->send(r.wire()));
    }
    int won = 0, refused = 0;
    for (auto& c : clients) {
        const http_reply r = c->read_reply();
        won += r.status == 200;
        refused += r.status == 400 && r.header("X-Amzn-ErrorType") == "InvalidParameterException";
    }
    CHECK(won == 1);
    CHECK(refused == racers - 1);
    const counters n = s->get_counters();
    CHECK(n.claim_phone_number.commits == 1);
    CHECK(n.claimed_twice == 0);
}

TEST_CASE("faults, the throttle and expiring credentials apply to every operation") {
    server_config config = lifecycle_config(false);
    config.fixed_time = sys_days{year{2030} / 1 / 2};
    config.credentials.push_back({"AKIDTEMP", "temp-secret", "session", config.fixed_time.value() + 1h});
    auto s = start_emulator(config);
    auto c = connect_to(*s);
    const std::string claim_body =
        body({{"InstanceId", instance}, {"PhoneNumber", "+12060000005"}, {"ClientToken", "after-reset"}});

    SUBCASE("reset-after-commit on a claim: the retry with the same token gets the same PhoneNumberId") {
        s->set_faults(*parse_fault_spec("script:1=reset-after-commit"));
        test_request r = claim_request(claim_body);
        signer_for(*s).sign(r);
        const http_reply lost = c->exchange(r.wire());
        CHECK_FALSE(lost.complete);  // reset: the answer never came
        CHECK(s->get_counters().claim_phone_number.commits == 1);  // but the claim happened
        auto again = connect_to(*s);
        const http_reply retry = again->exchange(r.wire());
        REQUIRE(retry.status == 200);
        const std::string id(object_of(retry).at("PhoneNumberId").as_string());
        CHECK(object_of(call(*again, *s, describe_request(id))).at("ClaimedPhoneNumberSummary").at("PhoneNumber").as_string() ==
              "+12060000005");
        const counters n = s->get_counters();
        CHECK(n.claim_phone_number.commits == 1);
        CHECK(n.claim_phone_number.replays == 1);
        CHECK(n.claimed_twice == 0);
    }
    SUBCASE("a 503 before handling: nothing claimed; the retry claims") {
        s->set_faults(*parse_fault_spec("script:1=503"));
        const http_reply failed = call(*c, *s, claim_request(claim_body));
        CHECK(failed.status == 503);
        CHECK(s->get_counters().claim_phone_number.requests == 0);  // never reached the handler
        CHECK(call(*c, *s, claim_request(claim_body)).status == 200);
        CHECK(s->get_counters().claim_phone_number.commits == 1);
    }
    SUBCASE("the throttle answers searches and lists too") {
        s->set_throttle(throttle_config{1, 1});
        CHECK(call(*c, *s, list_request("{}")).status == 200);
        const http_reply r = call(*c, *s, search_request(body({{"InstanceId", instance},
                                                                 {"PhoneNumberCountryCode", "US"},
                                                                 {"PhoneNumberType", "DID"}})));
        CHECK(r.status == 429);
        CHECK(r.header("X-Amzn-ErrorType") == "ThrottlingException");
        CHECK(s->get_counters().search_available_phone_numbers.errors == 1);
    }
    SUBCASE("temporary credentials stop working for every operation when they expire") {
        signer temp = signer_for(*s);
        temp.who = config.credentials.back();
        test_request before = describe_request(claimed_phone_number_id(0));
        temp.sign(before);
        CHECK(c->exchange(before.wire()).status == 200);
        s->advance_clock(2h);
        temp.time = s->now();
        test_request after = claim_request(claim_body);
        temp.sign(after);
        const http_reply r = c->exchange(after.wire());
        CHECK(r.status == 403);
        CHECK(r.header("X-Amzn-ErrorType") == "ExpiredTokenException");
        CHECK(s->get_counters().claim_phone_number.commits == 0);
    }
}

}  // TEST_SUITE
