// Fuzz target: restJson1 error parsing (lib/protocol/parse_error) on responses built field
// by field, so every field can take any bytes (the HTTP parser in fuzz_http_response would
// reject most of them before they got here).
//
// Input layout: 2 bytes of status (mapped onto 100..599), then '\n'-separated fields:
// X-Amzn-ErrorType value, reason phrase, x-amzn-RequestId value, and the body (the rest).
//
// Invariants: the error type follows the documented priority (header, body `code`, body
// `__type`, each sanitized as sanitize_error_code says; a blank result does not count), and
// a failure always has a service code (the error type, else the status); the message is bounded and
// free of control characters and comes from the documented source; bounded_server_text keeps its
// bound and returns well-formed UTF-8 (every server string of the failure is); the outcome of
// service_failure_of agrees with parse_error.
#include "fuzz_input.hpp"

#include "error/utf8.hpp"
#include "http/http_response.hpp"
#include "protocol/parse_error.hpp"
#include "protocol/service_error.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace {

using namespace awsconnect;
using awsconnect::fuzz::has_control_char;

std::string_view trim(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

void check_sanitize(std::string_view code) {
    const std::string_view s = protocol::sanitize_error_code(code);
    // A view into the input, without the ":uri" suffix and without the "namespace#" prefix.
    FUZZ_CHECK(s.empty() ||
               (s.data() >= code.data() && s.data() + s.size() <= code.data() + code.size()));
    FUZZ_CHECK(s.find(':') == std::string_view::npos);
    FUZZ_CHECK(protocol::sanitize_error_code(s).size() <= s.size());
}

void check_bounded(std::string_view text, std::size_t max) {
    const std::string b = protocol::bounded_server_text(text, max);
    FUZZ_CHECK(b.size() <= max + 3);
    FUZZ_CHECK(!has_control_char(b));
    FUZZ_CHECK(utf8::is_valid(b));
    // Well-formed text within the bound keeps its length (only control characters change);
    // repaired text is the repair of the input, bounded.
    if (trim(text).size() <= max && utf8::is_valid(text)) FUZZ_CHECK(b.size() == trim(text).size());
    const std::string repaired = utf8::sanitize(trim(text));
    if (repaired.size() <= max) FUZZ_CHECK(b.size() == repaired.size());
    else FUZZ_CHECK(b.size() >= 3 && b.compare(b.size() - 3, 3, "...") == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::input_reader in(data, size);
    http::response r;
    const unsigned raw_status = (unsigned(in.byte()) << 8) | in.byte();
    r.status = 100 + int(raw_status % 500);
    r.error_type = std::string(in.field());
    r.reason = std::string(in.field());
    http::set_response_header(r, "X-Amzn-RequestId", in.field());
    r.body = std::string(in.rest());

    check_sanitize(r.error_type);
    check_bounded(r.body, 16);
    check_bounded(r.reason, protocol::max_raw_message_bytes);

    const protocol::error_info info = protocol::parse_error(r);
    FUZZ_CHECK(!has_control_char(info.message));
    FUZZ_CHECK(utf8::is_valid(info.message));
    FUZZ_CHECK(info.message.size() <= protocol::max_json_message_bytes + 3);
    FUZZ_CHECK(info.code == trim(protocol::sanitize_error_code(info.raw_code)));
    FUZZ_CHECK(info.code.empty() == info.raw_code.empty());

    // The body is kept exactly when it is a JSON object.
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(trim(r.body), ec);
    const bool is_object = !trim(r.body).empty() && !ec && v.is_object();
    FUZZ_CHECK(info.body.has_value() == is_object);

    // The header wins whenever its sanitized value is not empty.
    const std::string_view header_code = trim(protocol::sanitize_error_code(trim(r.error_type)));
    if (!header_code.empty()) FUZZ_CHECK(info.code == header_code);
    if (!is_object) {
        if (header_code.empty()) FUZZ_CHECK(info.code.empty());
        if (!trim(r.body).empty())
            FUZZ_CHECK(info.message == protocol::bounded_server_text(
                                           trim(r.body), protocol::max_raw_message_bytes));
    }

    const protocol::outcome o = protocol::service_failure_of(r);
    FUZZ_CHECK(o.has_value() == !(r.status >= 200 && r.status <= 299));
    if (o) {
        FUZZ_CHECK(o->http_status == r.status);
        FUZZ_CHECK(o->message == info.message);
        FUZZ_CHECK(o->code == protocol::map_service_error(info.code, r.status, info.message));
        FUZZ_CHECK(info.code.empty() ? o->service_code == std::to_string(r.status)
                                     : !o->service_code.empty());
        FUZZ_CHECK(!has_control_char(o->service_code) && !has_control_char(o->raw_code));
        FUZZ_CHECK(utf8::is_valid(o->service_code) && utf8::is_valid(o->raw_code) &&
                   utf8::is_valid(o->request_id));
        const error e = protocol::to_error(*o);
        FUZZ_CHECK(!has_control_char(e.message));
        FUZZ_CHECK(e.code == make_error_code(o->code));
    }
    return 0;
}
