// Fuzz target: the emulator's request handling without sockets: request bytes through its
// HTTP parser (lib/emulator/request_parser, Beast's basic_parser fed from memory) into the
// pure core (service_core's handle_request: route, SigV4 authentication, the input's model
// rules, throttle, idempotency, the seven lifecycle operations; the very function the
// server calls for every Connect request, with a state lock as the server passes it), and
// the response through response_writer.
//
// Input layout: one flags byte, then the bytes a client would send (up to 4 pipelined
// requests, handled in order against one service state, as on one connection).
//   bit 0: sign each parsed request with the example credential (its Authorization,
//          X-Amz-Date, X-Amz-Security-Token and x-amz-content-sha256 headers are replaced
//          and Host added if missing; the body is signed as received), so that fuzzed
//          requests get past authentication;
//   bit 1: claim_any (every well-formed id is claimed);
//   bit 2: a throttle of 1 request (burst 1, no refill: the clock only jumps by days);
//   bit 3: the clock moves 31 days before each request (cooldowns end, tokens expire);
//   bit 4: claims and updates stay IN_PROGRESS for an hour.
// The inventory holds claimed_phone_number_id(0..1), one number in use, 3 numbers in each
// default pool, the default instance and one traffic distribution group.
//
// Invariants: each request ends in exactly one outcome counter, or (the credentials
// services: STS, SSO, SSO-OIDC) in one of their operations' counters, and, when routed to an
// operation, in exactly one of its counters; no number is released or claimed twice; a
// request the target signed always passes authentication (the signer and the verifier
// agree, bodies included); every response body is a JSON object and the response bytes
// parse as HTTP/1.1 with the same status and body (STS answers XML documents instead).
#include "fuzz_input.hpp"

#include "emulator/request_parser.hpp"
#include "emulator/response_writer.hpp"
#include "emulator/service_core.hpp"
#include "sigv4/sign_request.hpp"

#include <awsconnect/emulator.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/parse.hpp>

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace awsconnect;
using namespace awsconnect::emulator;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using std::chrono::system_clock;

// 2024-05-06T07:08:09Z, frozen.
const system_clock::time_point now = system_clock::time_point(std::chrono::seconds(1714979289));

std::uint64_t routed(const counters& c) {
    std::uint64_t n = 0;
    for (const operation_counters* o :
         {&c.search_available_phone_numbers, &c.claim_phone_number, &c.describe_phone_number,
          &c.list_phone_numbers_v2, &c.update_phone_number, &c.update_phone_number_metadata,
          &c.release_phone_number}) {
        FUZZ_CHECK(o->ok + o->errors == o->requests);
        n += o->requests;
    }
    return n;
}

// The credentials services' requests (STS, SSO, SSO-OIDC): their own counters only.
std::uint64_t identity_requests(const counters& c) {
    std::uint64_t n = 0;
    for (const operation_counters* o : {&c.assume_role, &c.assume_role_with_web_identity,
                                        &c.get_role_credentials, &c.create_token}) {
        FUZZ_CHECK(o->ok + o->errors == o->requests);
        FUZZ_CHECK(o->commits <= o->ok);
        n += o->requests;
    }
    return n;
}

std::uint64_t outcomes(const counters& c) {
    return c.ok + c.invalid_parameter + c.bad_request + c.missing_authentication_token +
           c.incomplete_signature + c.unrecognized_client + c.expired_token + c.invalid_signature +
           c.signature_expired + c.not_found + c.access_denied + c.unknown_operation + c.in_use +
           c.idempotency_conflict + c.throttled + c.injected_5xx + c.injected_429;
}

bool is_auth_failure(outcome o) {
    return o == outcome::missing_token || o == outcome::incomplete_signature ||
           o == outcome::unrecognized_client || o == outcome::expired_token ||
           o == outcome::invalid_signature ||
           o == outcome::signature_expired;
}

// Parses one request from the front of `bytes` (consuming it) as the server's read loop
// does; false when no complete request is there.
bool parse_request(std::string_view& bytes, request_parser& p) {
    p.eager(true);
    return fuzz::feed_to_end(p, bytes);
}

// The request with the auth headers replaced by a valid signature (see the file comment).
struct signed_copy {
    std::vector<sigv4::header_field> headers;
    sigv4::signing_output out;
    request_view view;
};

void sign_request(const request_view& req, const credential& who, system_clock::time_point at,
                  signed_copy& s) {
    s.headers.clear();
    bool has_host = false;
    for (const auto& h : req.headers) {
        if (iequals(h.name, "authorization") || iequals(h.name, "x-amz-date") ||
            iequals(h.name, "x-amz-security-token") || iequals(h.name, "x-amz-content-sha256"))
            continue;
        has_host = has_host || iequals(h.name, "host");
        s.headers.push_back(h);
    }
    if (!has_host) s.headers.push_back({"Host", "127.0.0.1"});
    sigv4::signing_params p;
    p.credentials = {who.access_key_id, who.secret_access_key, who.session_token};
    p.region = "us-east-1";
    p.service = "connect";
    p.time = at;
    sigv4::sign({req.method, req.path(), req.query(), s.headers, req.body, {}}, p, s.out);
    if (s.out.add_security_token) s.headers.push_back({"X-Amz-Security-Token", who.session_token});
    s.headers.push_back({"X-Amz-Date", s.out.amz_date});
    s.headers.push_back({"Authorization", s.out.authorization});
    s.view = {req.method, req.target, s.headers, req.body};
}

// The response as the server writes it, parsed back with Beast's own response parser.
void check_response_bytes(const response& r) {
    std::string bytes;
    response_head head;
    head.status = r.status;
    head.content_type = r.content_type;
    head.error_type = r.error_type;
    head.date = "Mon, 06 May 2024 07:08:09 GMT";
    const auto id = format_request_id(1, 1);
    head.request_id = {id.data(), id.size()};
    head.allow = r.allow;
    head.content_length = r.body.size();
    append_response_head(bytes, head);
    bytes.append(r.body);

    bhttp::response_parser<bhttp::string_body> p;
    p.eager(true);
    beast::error_code ec;
    const std::size_t n = p.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    FUZZ_CHECK(!ec && p.is_done() && n == bytes.size());
    const auto& m = p.get();
    FUZZ_CHECK(m.result_int() == unsigned(r.status));
    FUZZ_CHECK(m.body() == r.body);
    if (!r.error_type.empty()) FUZZ_CHECK(m["X-Amzn-ErrorType"] == r.error_type);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::input_reader in(data, size);
    const std::uint8_t flags = in.byte();
    std::string_view bytes = in.rest();

    server_config config;
    config.claim_count = 2;
    config.in_use_ids = {"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"};
    config.available_per_pool = 3;
    config.traffic_distribution_group_ids = {"22222222-2222-4222-8222-222222222222"};
    config.claim_any = (flags & 2) != 0;
    if (flags & 4) config.throttle = throttle_config{1, 1};
    if (flags & 16) config.claim_latency = config.update_latency = std::chrono::hours(1);
    const credential who = config.credentials.front();

    const service_settings settings(config);
    service_state state(config, now);
    sigv4::signing_key_cache keys;
    request_scratch scratch;
    std::mutex state_mutex;  // as the server passes it: authentication outside, the rest under it
    request_storage storage;
    response r;
    signed_copy signed_req;
    system_clock::time_point at = now;

    for (int i = 0; i < 4 && !bytes.empty(); ++i) {
        request_parser p(storage, config.max_header_bytes, config.max_body_bytes);
        if (!parse_request(bytes, p)) break;
        if (flags & 8) at += std::chrono::days(31);
        request_view req = p.view();
        const bool sign = (flags & 1) != 0;
        if (sign) {
            sign_request(req, who, at, signed_req);
            req = signed_req.view;
        }

        const std::uint64_t before = outcomes(state.stats) + identity_requests(state.stats);
        const std::uint64_t routed_before = routed(state.stats);
        begin_request(state);
        handle_request(req, settings, {state, &state_mutex}, at, keys, scratch, r);
        FUZZ_CHECK(outcomes(state.stats) + identity_requests(state.stats) == before + 1);
        const route rt = route_request(req.method, req.path(), false);
        FUZZ_CHECK(routed(state.stats) == routed_before + (rt.kind == route_kind::connect ? 1 : 0));
        FUZZ_CHECK(state.stats.released_twice == 0);
        FUZZ_CHECK(state.stats.claimed_twice == 0);
        FUZZ_CHECK(state.numbers.claimed_twice() == 0);
        if (sign && rt.kind == route_kind::connect) FUZZ_CHECK(!is_auth_failure(r.result));

        if (r.content_type == "text/xml") {
            // STS (POST /): an XML document, its RequestId the response's.
            FUZZ_CHECK(rt.kind == route_kind::sts);
            FUZZ_CHECK(r.body.starts_with("<") && r.body.ends_with(">\n"));
            FUZZ_CHECK(r.body.find("<RequestId>" + r.request_id + "</RequestId>") != std::string::npos);
        } else {
            boost::system::error_code ec;
            const auto body = boost::json::parse(r.body, ec);
            FUZZ_CHECK(!ec && body.is_object());
        }
        check_response_bytes(r);
    }
    return 0;
}
