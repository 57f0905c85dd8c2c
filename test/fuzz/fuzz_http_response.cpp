// Fuzz target: raw HTTP/1.1 response bytes -> http::response -> ReleasePhoneNumber outcome.
//
// The transport's own parser (response_parser in lib/transport/connection.cpp) lives in an
// anonymous namespace and is reachable only through a socket, so this target drives Beast's
// basic_parser with `response_fields`, a copy of its callbacks that fills the response
// through the same http::set_response_header. Everything after the parse is the project's
// real code: set_response_header, parse_http_date, parse_error,
// service_failure_of, to_error.
//
// Invariants: a parsed status is at most three digits; 2xx is success, anything else a failure
// that keeps the status and request id; server text kept in a failure is bounded and has no
// control characters; the client message of the error is ASCII without control characters
// (error.hpp: "text written by the library"); a parsed Date survives format_http_date ->
// parse_http_date.
#include "fuzz_input.hpp"

#include "http/http_date.hpp"
#include "http/http_response.hpp"
#include "protocol/parse_error.hpp"
#include "protocol/service_error.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <chrono>
#include <string_view>

namespace {

namespace beast = boost::beast;
using namespace awsconnect;

// The callbacks of transport's response_parser (keep in step with connection.cpp).
class response_fields final : public beast::http::basic_parser<false> {
public:
    explicit response_fields(http::response& out) : out_(out) {}

private:
    void on_request_impl(beast::http::verb, beast::string_view, beast::string_view, int,
                         beast::error_code&) override {}
    void on_response_impl(int code, beast::string_view reason, int, beast::error_code&) override {
        out_.status = code;
        out_.reason.assign(reason);
    }
    void on_field_impl(beast::http::field f, beast::string_view name, beast::string_view value,
                       beast::error_code&) override {
        if (f == beast::http::field::keep_alive) return;
        http::set_response_header(out_, name, value);
    }
    void on_header_impl(beast::error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>&, beast::error_code&) override {}
    std::size_t on_body_impl(beast::string_view s, beast::error_code&) override {
        out_.body.append(s.data(), s.size());
        return s.size();
    }
    void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view s,
                                   beast::error_code&) override {
        out_.body.append(s.data(), s.size());
        return s.size();
    }
    void on_finish_impl(beast::error_code&) override {}

    http::response& out_;
};

bool is_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

// Feeds the whole input, as a socket read would deliver it, then end of stream.
bool parse(std::string_view bytes, http::response& r) {
    response_fields p(r);
    p.header_limit(16 * 1024);  // transport's defaults: 16 KiB of header, 1 MiB of body
    p.body_limit(1024 * 1024);
    p.eager(true);
    return fuzz::feed_to_end(p, bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using awsconnect::fuzz::has_control_char;
    http::response r;
    if (!parse({reinterpret_cast<const char*>(data), size}, r)) return 0;

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
    FUZZ_CHECK(o->request_id == r.request_id);
    FUZZ_CHECK(o->message == info.message);
    FUZZ_CHECK(!o->service_code.empty());
    FUZZ_CHECK(!has_control_char(o->service_code) && !has_control_char(o->raw_code));
    FUZZ_CHECK(!has_control_char(o->resource_type) && !has_control_char(o->resource_id));

    const error e = protocol::to_error(*o);
    FUZZ_CHECK(e.http_status == r.status);
    FUZZ_CHECK(e.server_message == o->message);
    // error::message is "text written by the library. ASCII".
    FUZZ_CHECK(!has_control_char(e.message));
    FUZZ_CHECK(is_ascii(e.message));
    return 0;
}
