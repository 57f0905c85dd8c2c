// Every fault kind over real sockets, scripted by request number so each test knows which
// request gets which fault; then what a client sees (a status and body, a reset, a parse
// error, a close, nothing at all), whether the number was released, and that a retry with
// the same token gets the replayed success where the commit happened. Random rules are
// checked for reproducibility: two emulators with the same spec and seed answer the same
// sequence. Waiting is bounded everywhere; nothing is asserted about durations.
#include "emulator_fixture.hpp"

#include <algorithm>
#include <thread>

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace awsconnect::emulator::test;
using namespace std::chrono;

namespace {

const std::string id0 = claimed_phone_number_id(0);
const std::string id1 = claimed_phone_number_id(1);

std::unique_ptr<server> with_faults(std::string_view spec, bool tls = false, std::uint64_t seed = 0) {
    server_config c;
    c.claim_count = 64;
    c.tls = tls;
    c.seed = seed;
    auto parsed = parse_fault_spec(spec);
    REQUIRE(parsed.has_value());
    c.faults = *parsed;
    return start_emulator(c);
}

}  // namespace

TEST_SUITE("emulator.faults") {

TEST_CASE("delay: the request waits, then is handled normally") {
    auto s = with_faults("script:1=delay=50ms");
    auto c = connect_to(*s);
    CHECK(c->exchange(release_bytes(*s, id0)).status == 200);
    const counters n = s->get_counters();
    CHECK(n.faults.delay == 1);
    CHECK(n.commits == 1);
}

TEST_CASE("5xx with JSON, HTML or empty bodies: nothing is handled, the connection stays usable") {
    const bool tls = true;
    auto s = with_faults("script:1=500,2=502-html,3=503-empty,4=504-json", tls);
    auto c = connect_to(*s);

    const http_reply r500 = c->exchange(release_bytes(*s, id0, "tok"));
    CHECK(r500.status == 500);
    CHECK(r500.header("X-Amzn-ErrorType") == "InternalServiceException");
    CHECK(r500.header("Content-Type") == "application/json");
    CHECK(r500.body == R"({"Message":"Internal Service Error"})");

    const http_reply r502 = c->exchange(release_bytes(*s, id0, "tok"));
    CHECK(r502.status == 502);
    CHECK_FALSE(r502.has_header("X-Amzn-ErrorType"));
    CHECK(r502.header("Content-Type") == "text/html");
    CHECK(r502.body.find("<h1>502 Bad Gateway</h1>") != std::string::npos);

    const http_reply r503 = c->exchange(release_bytes(*s, id0, "tok"));
    CHECK(r503.status == 503);
    CHECK(r503.body.empty());
    CHECK(r503.header("Content-Length") == "0");
    CHECK_FALSE(r503.has_header("Content-Type"));

    const http_reply r504 = c->exchange(release_bytes(*s, id0, "tok"));
    CHECK(r504.status == 504);
    CHECK(r504.header("X-Amzn-ErrorType") == "GatewayTimeoutException");

    for (const auto* r : {&r500, &r502, &r503, &r504}) {
        CHECK(r->has_header("Date"));
        CHECK(r->has_header("x-amzn-RequestId"));
    }
    CHECK(s->state_of(id0) == number_state::claimed);
    // The retry with the same token is the first real handling: a commit, not a replay.
    const http_reply retry = c->exchange(release_bytes(*s, id0, "tok"));
    CHECK(retry.status == 200);
    const counters n = s->get_counters();
    CHECK(n.injected_5xx == 4);
    CHECK(n.faults.http_500 == 1);
    CHECK(n.faults.http_502 == 1);
    CHECK(n.faults.http_503 == 1);
    CHECK(n.faults.http_504 == 1);
    CHECK(n.commits == 1);
    CHECK(n.idempotent_replays == 0);
    CHECK(n.requests_total == 5);
}

TEST_CASE("429: an injected ThrottlingException") {
    auto s = with_faults("script:1=429");
    auto c = connect_to(*s);
    const http_reply r = c->exchange(release_bytes(*s, id0));
    CHECK(r.status == 429);
    CHECK(r.header("X-Amzn-ErrorType") == "ThrottlingException");
    CHECK(r.body == R"({"Message":"Rate exceeded"})");
    CHECK(s->state_of(id0) == number_state::claimed);
    const counters n = s->get_counters();
    CHECK(n.injected_429 == 1);
    CHECK(n.faults.throttle == 1);
    CHECK(n.throttled == 0);  // the token bucket's counter is apart
}

TEST_CASE("reset-before: the connection is reset, nothing is committed") {
    bool tls = false;
    SUBCASE("plain") { tls = false; }
    SUBCASE("TLS") { tls = true; }
    auto s = with_faults("script:1=reset-before", tls);
    auto c = connect_to(*s);
    const http_reply r = c->exchange(release_bytes(*s, id0, "tok"));
    CHECK_FALSE(r.complete);
    CHECK(r.error);
    CHECK(s->state_of(id0) == number_state::claimed);
    // The retry on a new connection does the release.
    auto again = connect_to(*s);
    CHECK(again->exchange(release_bytes(*s, id0, "tok")).status == 200);
    const counters n = s->get_counters();
    CHECK(n.faults.reset_before == 1);
    CHECK(n.commits == 1);
    CHECK(n.idempotent_replays == 0);
}

TEST_CASE("reset-after-commit: the number IS released; the retry with the same token is replayed") {
    bool tls = false;
    SUBCASE("plain") { tls = false; }
    SUBCASE("TLS") { tls = true; }
    auto s = with_faults("script:1=reset-after-commit", tls);
    auto c = connect_to(*s);
    const http_reply r = c->exchange(release_bytes(*s, id0, "tok"));
    CHECK_FALSE(r.complete);
    CHECK(r.error);
    CHECK(s->state_of(id0) == number_state::released);
    auto again = connect_to(*s);
    const http_reply retry = again->exchange(release_bytes(*s, id0, "tok"));
    CHECK(retry.status == 200);
    CHECK(retry.body == "{}");
    // Without the token the second release would have been a 404.
    CHECK(again->exchange(release_bytes(*s, id0, "other")).status == 404);
    const counters n = s->get_counters();
    CHECK(n.faults.reset_after_commit == 1);
    CHECK(n.commits == 1);
    CHECK(n.idempotent_replays == 1);
    CHECK(n.released_twice == 0);
}

TEST_CASE("idle-close: a normal keep-alive answer, then the idle connection is closed") {
    bool tls = false;
    SUBCASE("plain") { tls = false; }
    SUBCASE("TLS") { tls = true; }
    auto s = with_faults("script:1=idle-close=100ms", tls);
    auto c = connect_to(*s);
    const http_reply r = c->exchange(release_bytes(*s, id0));
    CHECK(r.status == 200);
    CHECK(r.keep_alive);
    CHECK_FALSE(r.has_header("Connection"));
    CHECK(c->wait_closed(5s));
    CHECK(s->get_counters().faults.idle_close == 1);
    CHECK(s->state_of(id0) == number_state::released);
}

TEST_CASE("truncate: the response is cut short after the commit; the retry is replayed") {
    bool tls = false;
    SUBCASE("plain") { tls = false; }
    SUBCASE("TLS") { tls = true; }
    auto s = with_faults("script:1=truncate", tls);
    auto c = connect_to(*s);
    const http_reply r = c->exchange(release_bytes(*s, id0, "tok"));
    CHECK_FALSE(r.complete);
    CHECK(r.error);
    CHECK(s->state_of(id0) == number_state::released);
    auto again = connect_to(*s);
    CHECK(again->exchange(release_bytes(*s, id0, "tok")).status == 200);
    const counters n = s->get_counters();
    CHECK(n.faults.truncate == 1);
    CHECK(n.commits == 1);
    CHECK(n.idempotent_replays == 1);
}

TEST_CASE("truncate: the head promises more than is sent") {
    // Seen at the byte level on plain HTTP: the complete head, then fewer body bytes than
    // Content-Length, then EOF.
    auto s = with_faults("script:1=truncate");
    auto c = connect_to(*s);
    REQUIRE_FALSE(c->send(release_bytes(*s, id0)));
    const http_reply r = c->read_reply();
    CHECK(r.error == boost::beast::http::error::partial_message);
}

TEST_CASE("garbage: bytes that are not HTTP, nothing committed, then close") {
    bool tls = false;
    SUBCASE("plain") { tls = false; }
    SUBCASE("TLS") { tls = true; }
    auto s = with_faults("script:1=garbage", tls);
    auto c = connect_to(*s);
    const http_reply r = c->exchange(release_bytes(*s, id0));
    CHECK_FALSE(r.complete);
    CHECK(r.error.category() == boost::beast::http::make_error_code(boost::beast::http::error::bad_version).category());
    CHECK(s->state_of(id0) == number_state::claimed);
    CHECK(s->get_counters().faults.garbage == 1);
}

TEST_CASE("stall: no answer; the connection stays open until the client gives up or the emulator stops") {
    bool tls = false;
    SUBCASE("plain") { tls = false; }
    SUBCASE("TLS") { tls = true; }
    auto s = with_faults("script:1=stall", tls);
    auto c = connect_to(*s);
    REQUIRE_FALSE(c->send(release_bytes(*s, id0)));
    const http_reply r = c->read_reply(300ms);
    CHECK_FALSE(r.complete);
    CHECK(r.error == boost::beast::error::timeout);
    CHECK_FALSE(c->wait_closed(200ms));  // still open
    CHECK(s->state_of(id0) == number_state::claimed);
    CHECK(s->get_counters().faults.stall == 1);
    CHECK(s->get_counters().connections_open == 1);

    SUBCASE("the client gives up: the emulator lets the connection go") {
        c->close();
        // The gauge drops once the emulator sees the close; poll it, bounded.
        for (int i = 0; i < 500 && s->get_counters().connections_open != 0; ++i)
            std::this_thread::sleep_for(10ms);
        CHECK(s->get_counters().connections_open == 0);
    }
    SUBCASE("the emulator stops: the stalled connection is closed") {
        s->stop();
        CHECK(c->wait_closed(5s));
    }
}

TEST_CASE("scripted faults count Connect requests only, from set_faults or reset_counters") {
    auto s = with_faults("");
    auto c = connect_to(*s);
    CHECK(c->exchange(release_bytes(*s, id0)).status == 200);
    CHECK(c->exchange(simple_request("GET", "/__emulator/health")).status == 200);
    s->set_faults(*parse_fault_spec("script:2=503"));
    CHECK(c->exchange(release_bytes(*s, id1)).status == 200);                        // 1
    CHECK(c->exchange(simple_request("GET", "/__emulator/counters")).status == 200);  // admin
    CHECK(c->exchange(release_bytes(*s, claimed_phone_number_id(2))).status == 503);  // 2
    s->reset_counters();
    CHECK(c->exchange(release_bytes(*s, claimed_phone_number_id(3))).status == 200);  // 1
    CHECK(c->exchange(release_bytes(*s, claimed_phone_number_id(4))).status == 503);  // 2
}

TEST_CASE("random faults are reproducible with the same seed") {
    auto statuses = [](std::uint64_t seed) {
        auto s = with_faults("503:0.2,429:0.2,500-html:0.1", false, seed);
        auto c = connect_to(*s);
        std::vector<int> out;
        for (int i = 0; i < 60; ++i)
            out.push_back(c->exchange(release_bytes(*s, claimed_phone_number_id(static_cast<std::uint64_t>(i)))).status);
        const counters n = s->get_counters();
        CHECK(n.faults.total() == n.faults.http_503 + n.faults.throttle + n.faults.http_500);
        CHECK(static_cast<std::size_t>(std::count(out.begin(), out.end(), 200)) == n.commits);
        CHECK(n.ok + n.injected_5xx + n.injected_429 == 60);
        return out;
    };
    const auto a = statuses(1234);
    CHECK(a == statuses(1234));
    CHECK(a != statuses(99));
    CHECK(std::count(a.begin(), a.end(), 200) > 0);
    CHECK(std::count(a.begin(), a.end(), 200) < 60);
}

}  // TEST_SUITE
