// Fuzz target: the JSON envelope of whatever a server can send. Any response bytes ->
// http::response -> service failure (read as restJson1 and as awsQuery) -> awsconnect::error
// (or, for a 2xx, the success response) -> to_envelope_json -> boost::json::parse, and the
// envelope of an error whose every string field holds any bytes at all.
//
// Input layout: one mode byte, then
//   mode % 3 == 0: raw HTTP/1.1 response bytes (Beast's parser with the transport's
//                  callbacks, response_fields.hpp), as they come off the socket;
//   mode % 3 == 1: a response built field by field, so every field can hold bytes the HTTP
//                  parser would refuse: 2 bytes of status (mapped onto 100..599), then
//                  '\n'-separated X-Amzn-ErrorType, reason phrase, x-amzn-RequestId and
//                  the body (the rest);
//   mode % 3 == 2: an error built directly: one byte for the errc, one for the status, then
//                  '\n'-separated message, server_message, service_code, request_id and
//                  client_token (the rest); defence in depth for the envelope itself.
//
// Invariants: the envelope always parses with boost::json (the CLI parses every envelope it
// writes); it round-trips the code (`code` is the error's envelope code, `reason` its errc
// name, `success` false, `http_status` and `attempts` as set); every server string of an
// error made from a response is already well-formed UTF-8 when it enters the error, so the
// envelope holds it unchanged; any other string comes back as utf8::sanitize of itself.
// The success envelope of a 2xx, with the response's raw request id, parses too.
#include "fuzz_input.hpp"
#include "response_fields.hpp"

#include "error/utf8.hpp"
#include "http/http_response.hpp"
#include "protocol/aws_query_error.hpp"
#include "protocol/service_error.hpp"

#include <awsconnect/envelope.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace {

using namespace awsconnect;

constexpr int last_errc = static_cast<int>(errc::response_too_large);

// The parsed envelope; aborts (a kept crash) when it is not valid JSON or not an object.
boost::json::object parse_envelope(const std::string& json) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(json, ec);
    FUZZ_CHECK(!ec);
    FUZZ_CHECK(v.is_object());
    return std::move(v.as_object());
}

std::string_view string_member(const boost::json::object& o, std::string_view key) {
    const boost::json::value* v = o.if_contains(key);
    FUZZ_CHECK(v != nullptr && v->is_string());
    return v->as_string();
}

// The error envelope of `e` parses and says what `e` says. `as_is`: the strings are expected
// unchanged (they must then be well-formed already), else as their repair.
void check_error_envelope(const error& e, bool as_is) {
    const boost::json::object root = parse_envelope(to_envelope_json(e));
    FUZZ_CHECK(root.at("success").is_bool() && !root.at("success").as_bool());
    const boost::json::object& err = root.at("error").as_object();
    FUZZ_CHECK(string_member(err, "code") == e.kind_string());
    FUZZ_CHECK(string_member(err, "reason") == to_string(errc(e.code.value())));
    FUZZ_CHECK(err.at("attempts").as_int64() == e.attempts);
    if (e.http_status != 0)
        FUZZ_CHECK(err.at("http_status").as_int64() == e.http_status);
    else
        FUZZ_CHECK(!err.contains("http_status"));
    auto expect = [&](std::string_view key, const std::string& value, bool optional) {
        if (optional && value.empty()) {
            FUZZ_CHECK(!err.contains(key));
            return;
        }
        if (as_is) FUZZ_CHECK(utf8::is_valid(value));
        FUZZ_CHECK(string_member(err, key) == (as_is ? value : utf8::sanitize(value)));
    };
    expect("message", e.message, false);
    expect("server_message", e.server_message, true);
    expect("service_code", e.service_code, true);
    expect("request_id", e.request_id, true);
    expect("client_token", e.client_token, true);
}

void check_response(const http::response& r) {
    const protocol::outcome o = protocol::service_failure_of(r);
    if (!o) {
        // Success: the client keeps the response's request id as it came.
        release_phone_number_response ok;
        ok.phone_number_id = "00000000-0000-4000-8000-000000000001";
        ok.client_token = "3f1c7a2e-9b4d-4e8a-a1c2-5d6e7f809a1b";
        ok.request_id = r.request_id;
        ok.attempts = 1;
        ok.released_at = std::chrono::system_clock::time_point{};
        const boost::json::object root = parse_envelope(to_envelope_json(ok));
        FUZZ_CHECK(root.at("success").as_bool());
        FUZZ_CHECK(string_member(root.at("data").as_object(), "request_id") == utf8::sanitize(r.request_id));
        return;
    }
    // Server text is repaired where it enters the error, whichever protocol read it
    // (restJson1, or awsQuery for STS): the envelope changes none of it.
    const protocol::outcome q = protocol::aws_query_failure_of(r);
    FUZZ_CHECK(q.has_value());
    for (const protocol::service_failure* f : {&*o, &*q}) {
        error e = protocol::to_error(*f);
        e.client_token = "3f1c7a2e-9b4d-4e8a-a1c2-5d6e7f809a1b";
        e.attempts = 2;
        check_error_envelope(e, true);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::input_reader in(data, size);
    const unsigned mode = in.byte() % 3;
    if (mode == 0) {
        http::response r;
        const std::string_view rest = in.rest();
        if (fuzz::parse_response(rest, r)) check_response(r);
        return 0;
    }
    if (mode == 1) {
        http::response r;
        const unsigned high = in.byte();
        const unsigned raw_status = (high << 8) | in.byte();
        r.status = 100 + int(raw_status % 500);
        r.error_type = std::string(in.field());
        r.reason = std::string(in.field());
        http::set_response_header(r, "x-amzn-RequestId", in.field());
        r.body = std::string(in.rest());
        check_response(r);
        return 0;
    }
    const auto code = errc(1 + in.byte() % last_errc);
    const unsigned status = in.byte();
    error e = make_error(code, std::string(in.field()));
    e.http_status = status < 0x80 ? 0 : 100 + int(status % 0x80) * 4;
    e.server_message = std::string(in.field());
    e.service_code = std::string(in.field());
    e.request_id = std::string(in.field());
    e.client_token = std::string(in.rest());
    e.attempts = 1;
    check_error_envelope(e, false);
    return 0;
}
