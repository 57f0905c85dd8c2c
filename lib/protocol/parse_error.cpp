#include "protocol/parse_error.hpp"

#include "error/utf8.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <boost/system/error_code.hpp>

#include <algorithm>

namespace awsconnect::protocol {
namespace {

std::string_view trim(std::string_view s) noexcept {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

// A top-level string member, or empty (a member of another type does not count: it is
// not what the protocol defines, and nested members never count).
std::string_view string_member(const boost::json::object& o, std::string_view key) {
    if (auto it = o.find(key); it != o.end())
        if (const auto* s = it->value().if_string()) return {s->data(), s->size()};
    return {};
}

// The first source, in priority order, whose sanitized value is not empty. Blanks left
// around the sanitized part do not count ("ns#\t:uri" names no error type): a blank code
// would hide the status-based fallbacks (service_unavailable, the status as service code).
void pick_code(error_info& out, std::string_view candidate) {
    if (!out.code.empty()) return;
    const auto sanitized = trim(sanitize_error_code(trim(candidate)));
    if (sanitized.empty()) return;
    out.raw_code.assign(trim(candidate));
    out.code.assign(sanitized);
}

}  // namespace

std::string_view sanitize_error_code(std::string_view code) noexcept {
    if (const auto colon = code.find(':'); colon != std::string_view::npos)
        code = code.substr(0, colon);
    if (const auto hash = code.find('#'); hash != std::string_view::npos)
        code = code.substr(hash + 1);
    return code;
}

std::string bounded_server_text(std::string_view text, std::size_t max_bytes) {
    text = trim(text);
    // Repaired first, then bounded: each ill-formed part becomes U+FFFD (3 bytes, so the
    // repair can lengthen the text), and the cut falls between whole characters.
    std::string out;
    out.reserve(std::min(text.size(), max_bytes) + 3);
    const bool complete = utf8::append_sanitized(out, text, max_bytes);
    for (char& c : out) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) c = ' ';
    }
    if (!complete) out.append("...");
    return out;
}

std::string take_request_id(http::response& r) {
    const std::string_view id = r.request_id;
    bool kept_as_is = id.size() <= max_header_text_bytes && trim(id).size() == id.size();
    bool ascii = true;
    for (std::size_t i = 0; kept_as_is && i < id.size(); ++i) {
        const auto u = static_cast<unsigned char>(id[i]);
        kept_as_is = u >= 0x20 && u != 0x7F;
        ascii = ascii && u < 0x80;
    }
    // One pass for the common case (a printable ASCII id); UTF-8 checked only when needed.
    if (kept_as_is && !ascii) kept_as_is = utf8::is_valid(id);
    if (kept_as_is) return std::move(r.request_id);
    return bounded_server_text(id, max_header_text_bytes);
}

std::string_view standard_reason_phrase(int status) noexcept {
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return {};
    }
}

error_info parse_error(const http::response& r) {
    error_info out;

    const auto body_text = trim(r.body);
    if (!body_text.empty()) {
        boost::system::error_code ec;
        boost::json::value v = boost::json::parse(body_text, ec);
        if (!ec && v.is_object()) out.body = std::move(v.as_object());
    }

    pick_code(out, r.error_type);
    if (out.body) {
        pick_code(out, string_member(*out.body, "code"));
        pick_code(out, string_member(*out.body, "__type"));
        for (std::string_view key : {"message", "Message", "errorMessage"}) {
            const auto m = string_member(*out.body, key);
            if (!m.empty()) {
                out.message = bounded_server_text(m, max_json_message_bytes);
                break;
            }
        }
    } else if (!body_text.empty()) {
        // HTML from a load balancer, plain text, JSON that is not an object: the text
        // itself is the best message there is.
        out.message = bounded_server_text(body_text, max_raw_message_bytes);
    } else {
        out.message = bounded_server_text(
            r.reason.empty() ? standard_reason_phrase(r.status) : std::string_view(r.reason),
            max_raw_message_bytes);
    }
    return out;
}

}  // namespace awsconnect::protocol
