#include "emulator/response_writer.hpp"

#include "emulator/fault_plan.hpp"
#include "error/utf8.hpp"

#include <charconv>

namespace awsconnect::emulator {
namespace {

void append_number(std::string& out, std::size_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

}  // namespace

std::string_view reason_phrase(int status) noexcept {
    switch (status) {
        case 200: return "OK";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Unknown";
    }
}

void append_response_head(std::string& out, const response_head& h) {
    out.append("HTTP/1.1 ");
    append_number(out, static_cast<std::size_t>(h.status));
    out.push_back(' ');
    out.append(reason_phrase(h.status));
    out.append("\r\nDate: ").append(h.date);
    out.append("\r\nx-amzn-RequestId: ").append(h.request_id);
    if (!h.content_type.empty()) out.append("\r\nContent-Type: ").append(h.content_type);
    out.append("\r\nContent-Length: ");
    append_number(out, h.content_length);
    if (!h.error_type.empty()) out.append("\r\nX-Amzn-ErrorType: ").append(h.error_type);
    if (!h.allow.empty()) out.append("\r\nAllow: ").append(h.allow);
    if (!h.keep_alive) out.append("\r\nConnection: close");
    out.append("\r\n\r\n");
}

void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t n = utf8::sequence_length(s, i);
            if (n == 0) {
                out.append("\\ufffd");
                ++i;
            } else {
                out.append(s.substr(i, n));
                i += n;
            }
            continue;
        }
        switch (c) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    out.append("\\u00");
                    out.push_back(hex[c >> 4]);
                    out.push_back(hex[c & 15]);
                } else {
                    out.push_back(static_cast<char>(c));
                }
        }
        ++i;
    }
    out.push_back('"');
}

std::array<char, 36> format_request_id(std::uint64_t seed, std::uint64_t sequence) noexcept {
    static constexpr char hex[] = "0123456789abcdef";
    const std::uint64_t a = mix64(seed ^ mix64(sequence ^ 0x5EED));
    const std::uint64_t b = mix64(a ^ sequence);
    std::array<char, 36> out;
    std::size_t o = 0;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) out[o++] = '-';
        const std::uint64_t word = i < 16 ? a : b;
        out[o++] = hex[(word >> (4 * (15 - (i % 16)))) & 15];
    }
    // Shape it as a version-4 UUID, as AWS's request ids are.
    out[14] = '4';
    out[19] = hex[8 + (b & 3)];
    return out;
}

}  // namespace awsconnect::emulator
