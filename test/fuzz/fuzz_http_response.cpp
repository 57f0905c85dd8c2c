// Fuzz target: raw HTTP/1.1 response bytes -> http::response -> ReleasePhoneNumber outcome.
//
// The transport's own parser (response_parser in lib/transport/connection.cpp) lives in an
// anonymous namespace and is reachable only through a socket, so this target drives Beast's
// basic_parser with `response_fields` (response_fields.hpp), a copy of its callbacks that
// fills the response through the same http::set_response_header. Everything after the
// parse is the project's real code: set_response_header, parse_http_date, parse_error,
// service_failure_of, to_error.
//
// Invariants: a parsed status is at most three digits; 2xx is success, anything else a failure
// that keeps the status and the (bounded) request id; server text kept in a failure is
// well-formed UTF-8, bounded and has no control characters; the client message of the error
// is ASCII without control characters (error.hpp: "text written by the library"); a parsed
// Date survives format_http_date -> parse_http_date.
#include "fuzz_input.hpp"
#include "response_fields.hpp"

#include "error/utf8.hpp"
#include "http/http_date.hpp"
#include "http/http_response.hpp"
#include "protocol/parse_error.hpp"
#include "protocol/service_error.hpp"

#include <chrono>
#include <string_view>

namespace {

using namespace awsconnect;

bool is_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using awsconnect::fuzz::has_control_char;
    http::response r;
    if (!fuzz::parse_response({reinterpret_cast<const char*>(data), size}, r)) return 0;

    // Beast reads any three digits ("050" too): the status is never more than 999.
    FUZZ_CHECK(r.status >= 0 && r.status <= 999);
    if (r.date) {
        const auto again = http::parse_http_date(http::format_http_date(*r.date));
        FUZZ_CHECK(again.has_value());
        FUZZ_CHECK(*again == std::chrono::floor<std::chrono::seconds>(*r.date));
    }

    const protocol::error_info info = protocol::parse_error(r);
    FUZZ_CHECK(!has_control_char(info.message));
    FUZZ_CHECK(info.message.size() <= protocol::max_json_message_bytes + 3);
    FUZZ_CHECK(info.code.empty() == info.raw_code.empty());
    FUZZ_CHECK(info.code.find(':') == std::string::npos);

    const protocol::outcome o = protocol::service_failure_of(r);
    if (r.status >= 200 && r.status <= 299) {
        FUZZ_CHECK(!o.has_value());
        return 0;
    }
    FUZZ_CHECK(o.has_value());
    FUZZ_CHECK(o->http_status == r.status);
    FUZZ_CHECK(o->request_id ==
               protocol::bounded_server_text(r.request_id, protocol::max_header_text_bytes));
    FUZZ_CHECK(o->message == info.message);
    FUZZ_CHECK(!o->service_code.empty());
    FUZZ_CHECK(!has_control_char(o->service_code) && !has_control_char(o->raw_code));
    FUZZ_CHECK(!has_control_char(o->resource_type) && !has_control_char(o->resource_id));
    for (const std::string* text : {&o->message, &o->service_code, &o->raw_code, &o->request_id,
                                    &o->resource_type, &o->resource_id})
        FUZZ_CHECK(utf8::is_valid(*text));

    const error e = protocol::to_error(*o);
    FUZZ_CHECK(e.http_status == r.status);
    FUZZ_CHECK(e.server_message == o->message);
    // error::message is "text written by the library. ASCII".
    FUZZ_CHECK(!has_control_char(e.message));
    FUZZ_CHECK(is_ascii(e.message));
    return 0;
}
