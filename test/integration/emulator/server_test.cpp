// The emulator over real sockets on 127.0.0.1: TLS with its generated certificate
// (verified by OpenSSL against the CA file), plain HTTP, keep-alive, the headers every
// response carries, the semantics and SigV4 failures end to end, the admin paths and the
// counters, limits, Connection: close, many connections at once, several threads, the
// emulator's clock, and a clean stop that closes open connections. Every network step
// has a hard timeout (test_client); no assertion depends on timing.
#include "emulator/phone_number_id.hpp"
#include "emulator/service_core.hpp"
#include "emulator/tls_certificate.hpp"
#include "emulator_fixture.hpp"
#include "http/http_date.hpp"

#include <boost/json/parse.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <unistd.h>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace awsconnect::emulator::test;
using namespace std::chrono;

namespace {

server_config tls_config(std::uint64_t claim_count = 8) {
    server_config c;
    c.claim_count = claim_count;
    return c;
}

server_config plain_config(std::uint64_t claim_count = 8) {
    server_config c = tls_config(claim_count);
    c.tls = false;
    return c;
}

const std::string id0 = claimed_phone_number_id(0);
const std::string id1 = claimed_phone_number_id(1);

bool is_uuid(std::string_view s) {
    phone_number_key k;
    return parse_uuid(s, k);
}

void check_common_headers(const http_reply& r) {
    CHECK(r.complete);
    CHECK(http::parse_http_date(r.header("Date")).has_value());
    CHECK(is_uuid(r.header("x-amzn-RequestId")));
    CHECK(r.header("Content-Length") == std::to_string(r.body.size()));
}

}  // namespace

TEST_SUITE("emulator.server") {

TEST_CASE("the generated certificate: EC P-256, SAN IP:127.0.0.1 and DNS:localhost, verified by OpenSSL") {
    auto s = start_emulator(tls_config());
    REQUIRE(s->url().starts_with("https://127.0.0.1:"));
    REQUIRE(std::filesystem::exists(s->ca_file()));

    // Read the CA file with OpenSSL.
    FILE* f = std::fopen(s->ca_file().c_str(), "r");
    REQUIRE(f != nullptr);
    X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    REQUIRE(cert != nullptr);
    EVP_PKEY* key = X509_get0_pubkey(cert);
    CHECK(EVP_PKEY_get_base_id(key) == EVP_PKEY_EC);
    char group[64] = {};
    size_t group_len = 0;
    EVP_PKEY_get_group_name(key, group, sizeof group, &group_len);
    CHECK(std::string(group) == "prime256v1");
    CHECK(X509_check_ip_asc(cert, "127.0.0.1", 0) == 1);
    CHECK(X509_check_host(cert, "localhost", 0, 0, nullptr) == 1);
    CHECK(X509_check_host(cert, "example.com", 0, 0, nullptr) != 1);
    X509_free(cert);

    SUBCASE("a client trusting the CA file connects, by IP and by name") {
        test_client by_ip(s->url(), s->ca_file());
        CHECK_FALSE(by_ip.connect());
        test_client by_name(s->url(), s->ca_file(), "localhost");
        CHECK_FALSE(by_name.connect());
    }
    SUBCASE("a client that does not trust it fails the handshake") {
        test_client untrusting(s->url());
        CHECK(untrusting.connect());
        CHECK(s->get_counters().tls_handshakes == 0);
    }
    SUBCASE("a name the certificate does not carry fails the handshake") {
        test_client wrong(s->url(), s->ca_file(), "example.com");
        CHECK(wrong.connect());
    }
    SUBCASE("the CA file is removed at stop") {
        const std::string ca = s->ca_file();
        s->stop();
        CHECK_FALSE(std::filesystem::exists(ca));
        s.reset();
    }
}

TEST_CASE("a release over keep-alive TLS, then not found on the same connection") {
    auto s = start_emulator(tls_config());
    auto c = connect_to(*s);
    const http_reply ok = c->exchange(release_bytes(*s, id0, "token-1"));
    check_common_headers(ok);
    CHECK(ok.status == 200);
    CHECK(ok.body == "{}");
    CHECK(ok.header("Content-Type") == "application/json");
    CHECK_FALSE(ok.has_header("X-Amzn-ErrorType"));
    CHECK(ok.keep_alive);

    const http_reply again = c->exchange(release_bytes(*s, id0, "token-2"));
    check_common_headers(again);
    CHECK(again.status == 404);
    CHECK(again.header("X-Amzn-ErrorType") == "ResourceNotFoundException");
    CHECK(boost::json::parse(again.body).as_object().at("Message").as_string() ==
          "Phone number " + id0 + " was not found.");
    CHECK(again.header("x-amzn-RequestId") != ok.header("x-amzn-RequestId"));

    const counters n = s->get_counters();
    CHECK(n.connections_accepted == 1);
    CHECK(n.tls_handshakes == 1);
    CHECK(n.requests_total == 2);
    CHECK(n.ok == 1);
    CHECK(n.not_found == 1);
    CHECK(n.commits == 1);
    CHECK(s->state_of(id0) == number_state::released);
    CHECK(s->state_of(id1) == number_state::claimed);
}

TEST_CASE("TLS sessions resume") {
    auto s = start_emulator(tls_config());
    test_client first(s->url(), s->ca_file());
    REQUIRE_FALSE(first.connect());
    REQUIRE(first.exchange(release_bytes(*s, id0)).status == 200);  // tickets arrive by now
    test_client second(s->url(), s->ca_file());
    second.resume_session_from(first);
    REQUIRE_FALSE(second.connect());
    CHECK(second.session_resumed());
    CHECK(second.exchange(release_bytes(*s, id1)).status == 200);
    const counters n = s->get_counters();
    CHECK(n.tls_handshakes == 2);
    CHECK(n.tls_resumed == 1);
}

TEST_CASE("plain HTTP works the same") {
    auto s = start_emulator(plain_config());
    CHECK(s->url().starts_with("http://127.0.0.1:"));
    CHECK(s->ca_file().empty());
    auto c = connect_to(*s);
    CHECK(c->exchange(release_bytes(*s, id0)).status == 200);
    CHECK(c->exchange(release_bytes(*s, id0)).status == 404);
}

TEST_CASE("semantics over the wire: in use, invalid, idempotent replay and conflict, ARN") {
    server_config config = plain_config();
    config.in_use_ids = {"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"};
    auto s = start_emulator(config);
    auto c = connect_to(*s);

    const http_reply in_use = c->exchange(release_bytes(*s, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"));
    check_common_headers(in_use);
    CHECK(in_use.status == 409);
    CHECK(in_use.header("X-Amzn-ErrorType") == "ResourceInUseException");

    const http_reply invalid = c->exchange(release_bytes(*s, "not-an-id"));
    CHECK(invalid.status == 400);
    CHECK(invalid.header("X-Amzn-ErrorType") == "InvalidParameterException");

    CHECK(c->exchange(release_bytes(*s, id0, "tok")).status == 200);
    const http_reply replay = c->exchange(release_bytes(*s, id0, "tok"));
    CHECK(replay.status == 200);
    const http_reply conflict = c->exchange(release_bytes(*s, id1, "tok"));
    CHECK(conflict.status == 409);
    CHECK(conflict.header("X-Amzn-ErrorType") == "IdempotencyException");

    const std::string arn = "arn:aws:connect:us-east-1:123456789012:phone-number/" + id1;
    CHECK(c->exchange(release_bytes(*s, arn, "arn-token")).status == 200);
    CHECK(s->state_of(id1) == number_state::released);

    const counters n = s->get_counters();
    CHECK(n.in_use == 1);
    CHECK(n.invalid_parameter == 1);
    CHECK(n.idempotent_replays == 1);
    CHECK(n.idempotency_conflict == 1);
    CHECK(n.commits == 2);
    CHECK(n.released_twice == 0);
}

TEST_CASE("SigV4 failures over the wire: 403 with AWS's error types") {
    server_config config = plain_config();
    config.credentials.push_back({"AKIDTEMP", "temp-secret", "session-token"});
    auto s = start_emulator(config);
    auto c = connect_to(*s);
    auto expect = [&](const std::string& bytes, std::string_view type, std::string_view start) {
        const http_reply r = c->exchange(bytes);
        check_common_headers(r);
        CHECK(r.status == 403);
        CHECK(r.header("X-Amzn-ErrorType") == type);
        const std::string message(boost::json::parse(r.body).as_object().at("message").as_string());
        CHECK_MESSAGE(message.starts_with(start), message);
    };

    test_request unsigned_request = release_request(id0, "t");
    unsigned_request.set_header("Host", "127.0.0.1");
    expect(unsigned_request.wire(), "MissingAuthenticationTokenException", "Missing Authentication Token");

    signer unknown = signer_for(*s);
    unknown.who = {"AKIDNOBODY", "x", ""};
    expect(signed_release(id0, "t", unknown).wire(), "UnrecognizedClientException",
           "The security token included in the request is invalid.");

    signer wrong_secret = signer_for(*s);
    wrong_secret.who.secret_access_key = "wrong";
    expect(signed_release(id0, "t", wrong_secret).wire(), "InvalidSignatureException",
           "The request signature we calculated does not match the signature you provided.");

    signer late = signer_for(*s);
    late.time -= minutes(6);
    expect(signed_release(id0, "t", late).wire(), "InvalidSignatureException", "Signature expired: ");

    signer bad_token = signer_for(*s);
    bad_token.who = {"AKIDTEMP", "temp-secret", "not-the-token"};
    expect(signed_release(id0, "t", bad_token).wire(), "UnrecognizedClientException",
           "The security token included in the request is invalid.");

    signer good_token = signer_for(*s);
    good_token.who = {"AKIDTEMP", "temp-secret", "session-token"};
    CHECK(c->exchange(signed_release(id0, "t", good_token).wire()).status == 200);

    const counters n = s->get_counters();
    CHECK(n.missing_authentication_token == 1);
    CHECK(n.unrecognized_client == 2);
    CHECK(n.invalid_signature == 1);
    CHECK(n.signature_expired == 1);
    CHECK(n.ok == 1);
    CHECK(n.commits == 1);
}

TEST_CASE("the admin paths: counters as JSON, reset, health; unauthenticated and not Connect requests") {
    auto s = start_emulator(plain_config());
    auto c = connect_to(*s);
    REQUIRE(c->exchange(release_bytes(*s, id0)).status == 200);
    REQUIRE(c->exchange(release_bytes(*s, id0)).status == 404);

    const http_reply r = c->exchange(simple_request("GET", "/__emulator/counters"));
    check_common_headers(r);
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type") == "application/json");
    const auto json = boost::json::parse(r.body).as_object();
    CHECK(json.at("requests_total").as_int64() == 2);
    CHECK(json.at("ok").as_int64() == 1);
    CHECK(json.at("not_found").as_int64() == 1);
    CHECK(json.at("commits").as_int64() == 1);
    CHECK(json.at("released_twice").as_int64() == 0);
    CHECK(json.at("connections_accepted").as_int64() == 1);
    CHECK(json.at("connections_open").as_int64() == 1);
    CHECK(json.at("faults").as_object().at("total").as_int64() == 0);
    CHECK(json.at("cpu_time_ns").as_int64() > 0);

    CHECK(c->exchange(simple_request("GET", "/__emulator/health")).body == R"({"status":"ok"})");
    CHECK(c->exchange(simple_request("DELETE", "/__emulator/counters")).status == 405);
    CHECK(c->exchange(simple_request("GET", "/__emulator/nothing")).status == 404);
    // The reset path is off unless allowed: 403, nothing reset.
    const http_reply refused = c->exchange(simple_request("POST", "/__emulator/counters/reset", "Content-Length: 0\r\n"));
    CHECK(refused.status == 403);
    CHECK(refused.header("X-Amzn-ErrorType") == "AccessDeniedException");
    CHECK(boost::json::parse(refused.body).as_object().at("message").as_string() ==
          "POST /__emulator/counters/reset is turned off: start the emulator with --allow-reset "
          "(server_config::allow_counters_reset) to allow it.");
    CHECK(s->get_counters().requests_total == 2);
    CHECK(s->get_counters().commits == 1);

    server_config resettable = plain_config();
    resettable.allow_counters_reset = true;
    s = start_emulator(resettable);
    c = connect_to(*s);
    REQUIRE(c->exchange(release_bytes(*s, id0)).status == 200);
    CHECK(c->exchange(simple_request("POST", "/__emulator/counters/reset", "Content-Length: 0\r\n")).status == 200);

    const counters n = s->get_counters();
    CHECK(n.requests_total == 0);
    CHECK(n.ok == 0);
    CHECK(n.commits == 0);
    CHECK(n.admin_requests == 0);  // the reset came last and zeroed it
    CHECK(n.connections_open == 1);
    CHECK(s->state_of(id0) == number_state::released);  // the inventory is not reset

    SUBCASE("admin paths can be turned off") {
        server_config config = plain_config();
        config.admin_paths = false;
        auto quiet = start_emulator(config);
        auto q = connect_to(*quiet);
        const http_reply off = q->exchange(simple_request("GET", "/__emulator/counters"));
        CHECK(off.status == 404);
        CHECK(off.header("X-Amzn-ErrorType") == "UnknownOperationException");
        CHECK(quiet->get_counters().unknown_operation == 1);
    }
}

TEST_CASE("other operations: 404 and 405 UnknownOperationException") {
    auto s = start_emulator(plain_config());
    auto c = connect_to(*s);
    signer g = signer_for(*s);
    test_request other = release_request(id0);
    other.path = "/instance";
    g.sign(other);
    const http_reply r = c->exchange(other.wire());
    check_common_headers(r);
    CHECK(r.status == 404);
    CHECK(r.header("X-Amzn-ErrorType") == "UnknownOperationException");
    test_request post = release_request(id0);
    post.method = "POST";
    g.sign(post);
    const http_reply m = c->exchange(post.wire());
    CHECK(m.status == 405);
    CHECK(m.header("Allow") == "GET, PUT, DELETE");
    CHECK(s->get_counters().unknown_operation == 2);
}

TEST_CASE("limits and malformed requests are answered, then the connection closes") {
    server_config config = plain_config();
    config.max_header_bytes = 1024;
    config.max_body_bytes = 16;
    auto s = start_emulator(config);
    auto c = connect_to(*s);
    http_reply r;
    SUBCASE("header too large: 431") {
        r = c->exchange(simple_request("DELETE", "/phone-number/" + id0,
                                       "X-Big: " + std::string(2000, 'x') + "\r\n"));
        CHECK(r.status == 431);
    }
    SUBCASE("body too large: 413") {
        test_request big = release_request(id0);
        big.body = std::string(100, 'x');
        signer_for(*s).sign(big);
        r = c->exchange(big.wire());
        CHECK(r.status == 413);
    }
    SUBCASE("not HTTP: 400") {
        r = c->exchange("THIS IS NOT HTTP\r\n\r\n");
        CHECK(r.status == 400);
    }
    check_common_headers(r);
    CHECK_FALSE(r.keep_alive);
    CHECK(c->wait_closed(5s));
    CHECK(s->get_counters().bad_request == 1);
    CHECK(s->state_of(id0) == number_state::claimed);
}

TEST_CASE("Connection: close is honoured") {
    auto s = start_emulator(plain_config());
    auto c = connect_to(*s);
    test_request r = release_request(id0);
    r.set_header("Connection", "close");
    signer_for(*s).sign(r);
    const http_reply reply = c->exchange(r.wire());
    CHECK(reply.status == 200);
    CHECK(reply.header("Connection") == "close");
    CHECK(c->wait_closed(5s));
}

TEST_CASE("pipelined requests are answered in order") {
    auto s = start_emulator(plain_config());
    auto c = connect_to(*s);
    REQUIRE_FALSE(c->send(release_bytes(*s, id0) + release_bytes(*s, id0) + release_bytes(*s, id1)));
    CHECK(c->read_reply().status == 200);
    CHECK(c->read_reply().status == 404);
    CHECK(c->read_reply().status == 200);
}

TEST_CASE("many connections at once, on one thread or several") {
    int threads = 1;
    SUBCASE("one thread") { threads = 1; }
    SUBCASE("four threads") { threads = 4; }
    CAPTURE(threads);
    server_config config = tls_config(64);
    config.threads = threads;
    auto s = start_emulator(config);
    std::vector<std::unique_ptr<test_client>> clients;
    for (int i = 0; i < 64; ++i) clients.push_back(connect_to(*s));
    CHECK(s->get_counters().connections_open == 64);
    // All requests in flight before any reply is read.
    for (int i = 0; i < 64; ++i)
        REQUIRE_FALSE(clients[i]->send(release_bytes(*s, claimed_phone_number_id(i))));
    for (int i = 0; i < 64; ++i) CHECK(clients[i]->read_reply().status == 200);
    // And again on the same connections, each releasing another's number: all 404.
    for (int i = 0; i < 64; ++i)
        CHECK(clients[i]->exchange(release_bytes(*s, claimed_phone_number_id(63 - i))).status == 404);
    const counters n = s->get_counters();
    CHECK(n.connections_accepted == 64);
    CHECK(n.commits == 64);
    CHECK(n.not_found == 64);
    CHECK(n.released_twice == 0);
    clients.clear();
}

TEST_CASE("several threads share one inventory: each number is released exactly once") {
    server_config config = plain_config(200);
    config.threads = 3;
    auto s = start_emulator(config);
    // Three connections race to release the same 200 numbers.
    std::vector<std::unique_ptr<test_client>> clients;
    for (int i = 0; i < 3; ++i) clients.push_back(connect_to(*s));
    int ok = 0, not_found = 0;
    for (int n = 0; n < 200; ++n) {
        for (auto& c : clients) REQUIRE_FALSE(c->send(release_bytes(*s, claimed_phone_number_id(n))));
        for (auto& c : clients) {
            const int status = c->read_reply().status;
            ok += status == 200;
            not_found += status == 404;
        }
    }
    CHECK(ok == 200);
    CHECK(not_found == 400);
    const counters n = s->get_counters();
    CHECK(n.commits == 200);
    CHECK(n.released_twice == 0);
}

TEST_CASE("the emulator's clock: frozen time in the Date header and the cooldown") {
    const system_clock::time_point t0 = sys_days{year{2030} / 1 / 2} + 3h;
    server_config config = plain_config();
    config.fixed_time = t0;
    config.claim_any = true;
    auto s = start_emulator(config);
    auto c = connect_to(*s);
    const http_reply r = c->exchange(release_bytes(*s, id0));
    CHECK(r.status == 200);
    CHECK(r.header("Date") == "Wed, 02 Jan 2030 03:00:00 GMT");

    // A request signed at the real time is 5+ minutes off the emulator's clock.
    signer real;
    const http_reply skewed = c->exchange(signed_release(id1, std::nullopt, real).wire());
    CHECK(skewed.status == 403);
    CHECK(skewed.header("X-Amzn-ErrorType") == "InvalidSignatureException");

    s->advance_clock(days(29));
    CHECK(c->exchange(release_bytes(*s, id0)).status == 404);
    s->advance_clock(days(1));
    CHECK(s->now() == t0 + days(30));
    CHECK(c->exchange(release_bytes(*s, id0)).status == 200);  // claim-any: claimed again
    s->set_clock(t0);
    CHECK(c->exchange(release_bytes(*s, id1)).header("Date") == "Wed, 02 Jan 2030 03:00:00 GMT");
    CHECK(s->get_counters().released_twice == 0);
}

TEST_CASE("the server answers what handle_request answers: one pipeline for the wire, the tests and the fuzzer") {
    // The same requests, at the same frozen time, through the core in-process and through
    // the server over the wire: status, error type and body agree byte for byte.
    const system_clock::time_point t0 = sys_days{year{2030} / 1 / 2} + 3h;
    server_config config = plain_config(4);
    config.fixed_time = t0;
    config.in_use_ids = {"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"};
    config.credentials.push_back({"AKIDTEMP", "temp-secret", "session-token"});
    auto s = start_emulator(config);
    auto c = connect_to(*s);

    service_state state(config, t0);
    const service_settings settings(config);
    sigv4::signing_key_cache keys;
    request_scratch scratch;

    signer good;
    good.time = t0;
    signer wrong = good;
    wrong.who.secret_access_key = "wrong";
    signer temp = good;
    temp.who = {"AKIDTEMP", "temp-secret", "session-token"};
    test_request unsigned_request = release_request(id0, "t");
    unsigned_request.set_header("Host", "127.0.0.1");
    test_request other_path = release_request(id0);
    other_path.path = "/instance";
    good.sign(other_path);
    test_request post = release_request(id0);
    post.method = "POST";
    good.sign(post);

    std::vector<test_request> table{
        signed_release(id0, "t1", good),            // 200
        signed_release(id0, "t1", good),            // replayed 200
        signed_release(id1, "t1", good),            // 409 IdempotencyException
        signed_release(id0, "t2", good),            // 404
        signed_release("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", std::nullopt, good),  // 409 in use
        signed_release("not-an-id", std::nullopt, good),                            // 400
        signed_release(id1, std::string(501, 'x'), good),                           // 400 token
        signed_release(id1, "t3", wrong),           // 403 InvalidSignatureException
        signed_release(claimed_phone_number_id(2), "t4", temp),       // 200 with a session token
        unsigned_request,                           // 403 MissingAuthenticationToken
        other_path,                                 // 404 UnknownOperationException
        post,                                       // 405
    };
    for (std::size_t i = 0; i < table.size(); ++i) {
        CAPTURE(i);
        response core;
        handle_request(table[i].view(), settings, {state}, t0, keys, scratch, core);
        const http_reply wire = c->exchange(table[i].wire());
        REQUIRE(wire.complete);
        CHECK(wire.status == core.status);
        CHECK(wire.header("X-Amzn-ErrorType") == core.error_type);
        CHECK(wire.header("Allow") == core.allow);
        CHECK(wire.body == core.body);
    }
    const counters wire_counters = s->get_counters();
    CHECK(wire_counters.ok == state.stats.ok);
    CHECK(wire_counters.commits == state.stats.commits);
    CHECK(wire_counters.idempotent_replays == state.stats.idempotent_replays);
    CHECK(wire_counters.invalid_signature == state.stats.invalid_signature);
    CHECK(wire_counters.unknown_operation == state.stats.unknown_operation);
}

TEST_CASE("the throttle over the wire, and turned on and off at run time") {
    server_config config = plain_config();
    config.fixed_time = system_clock::now();
    config.throttle = throttle_config{1, 2};
    auto s = start_emulator(config);
    auto c = connect_to(*s);
    CHECK(c->exchange(release_bytes(*s, claimed_phone_number_id(0))).status == 200);
    CHECK(c->exchange(release_bytes(*s, claimed_phone_number_id(1))).status == 200);
    const http_reply r = c->exchange(release_bytes(*s, claimed_phone_number_id(2)));
    check_common_headers(r);
    CHECK(r.status == 429);
    CHECK(r.header("X-Amzn-ErrorType") == "ThrottlingException");
    s->advance_clock(seconds(1));
    CHECK(c->exchange(release_bytes(*s, claimed_phone_number_id(2))).status == 200);
    s->set_throttle(std::nullopt);
    for (int i = 3; i < 8; ++i)
        CHECK(c->exchange(release_bytes(*s, claimed_phone_number_id(i))).status == 200);
    CHECK(s->get_counters().throttled == 1);
}

TEST_CASE("the inventory changes at run time") {
    auto s = start_emulator(plain_config(0));
    auto c = connect_to(*s);
    const std::string id = "12345678-1234-4234-8234-123456789abc";
    CHECK(s->state_of(id) == number_state::unknown);
    CHECK(c->exchange(release_bytes(*s, id)).status == 404);
    CHECK(s->mark_in_use(id));
    CHECK(c->exchange(release_bytes(*s, id)).status == 409);
    CHECK(s->claim(id));
    CHECK(c->exchange(release_bytes(*s, id)).status == 200);
    CHECK_FALSE(s->claim("bad id"));
}

TEST_CASE("by default the emulator listens on the loopback address only") {
    CHECK(server_config{}.listen_host == "127.0.0.1");
    auto s = start_emulator(server_config{});
    CHECK(s->url().starts_with("https://127.0.0.1:"));
    // What the kernel says: the listening socket is bound to 127.0.0.1, not to a wildcard.
    CHECK(listening_address(s->port()) == "127.0.0.1");
}

TEST_CASE("stop closes idle connections, joins, and may be called twice") {
    auto s = start_emulator(tls_config());
    auto c = connect_to(*s);
    REQUIRE(c->exchange(release_bytes(*s, id0)).status == 200);
    s->stop();
    CHECK(c->wait_closed(5s));
    test_client late("http://127.0.0.1:" + std::to_string(s->port()));
    CHECK(late.connect(2s));  // nobody listens any more
    s->stop();
}

TEST_CASE("bad configurations are refused with a message") {
    auto refused = [](server_config c) {
        auto r = server::start(std::move(c));
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::invalid_configuration);
        return r.error().message;
    };
    server_config c;
    c.claimed_ids = {"nope"};
    CHECK(refused(c) == "'nope' is not a phone number id (UUID) or an ARN of us-east-1");
    c = {};
    c.threads = 0;
    CHECK(refused(c) == "threads must be between 1 and 256");
    c = {};
    c.credentials.clear();
    CHECK(refused(c) == "at least one credential is required");
    c = {};
    c.cert_file = "/nonexistent.pem";
    CHECK(refused(c) == "give both a certificate file and a key file, or neither");
    c.key_file = "/nonexistent.key";
    CHECK(refused(c).starts_with("cannot read the certificate file /nonexistent.pem"));
    c = {};
    c.listen_host = "not-an-ip";
    CHECK(refused(c).starts_with("--listen: 'not-an-ip' is not an IP address"));

    SUBCASE("a port in use") {
        auto first = start_emulator(plain_config());
        server_config again = plain_config();
        again.port = first->port();
        CHECK(refused(again).starts_with("cannot listen on 127.0.0.1:" + std::to_string(first->port())));
    }
}

TEST_CASE("a given certificate and key are used, and the certificate is the CA file") {
    auto identity = generate_self_signed_identity();
    REQUIRE(identity.has_value());
    const auto dir = std::filesystem::temp_directory_path() /
                     ("awsconnect-emulator-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
    {
        std::ofstream(cert) << identity->certificate;
        std::ofstream(key) << identity->private_key;
    }
    server_config config = tls_config();
    config.cert_file = cert;
    config.key_file = key;
    {
        auto s = start_emulator(config);
        CHECK(s->ca_file() == cert);
        auto c = connect_to(*s);
        CHECK(c->exchange(release_bytes(*s, id0)).status == 200);
    }
    SUBCASE("a key that does not match is refused") {
        config.key_file = cert;
        CHECK_FALSE(server::start(config).has_value());
    }
    std::filesystem::remove_all(dir);
}

}  // TEST_SUITE
