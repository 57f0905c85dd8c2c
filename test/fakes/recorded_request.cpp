#include "fakes/recorded_request.hpp"

#include "http/ascii.hpp"
#include "http/uri_encode.hpp"

namespace awsconnect::test {

namespace {

constexpr bool iequal(std::string_view a, std::string_view b) noexcept { return http::iequals(a, b); }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}


}  // namespace

std::string percent_decode(std::string_view s) { return http::percent_decode(s); }

parsed_request parse_request(std::string_view bytes) {
    parsed_request r;
    auto next_line = [&](std::string_view& line) {
        const auto end = bytes.find("\r\n");
        if (end == std::string_view::npos) return false;
        line = bytes.substr(0, end);
        bytes.remove_prefix(end + 2);
        return true;
    };
    std::string_view line;
    if (!next_line(line)) return r;
    const auto sp1 = line.find(' ');
    const auto sp2 = line.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1) return r;
    r.method = std::string(line.substr(0, sp1));
    r.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
    r.version = std::string(line.substr(sp2 + 1));
    if (r.version != "HTTP/1.1" || r.target.find(' ') != std::string::npos) return r;
    const auto q = r.target.find('?');
    r.path = r.target.substr(0, q);
    if (q != std::string::npos) r.query = r.target.substr(q + 1);
    for (;;) {
        if (!next_line(line)) return r;  // no blank line: not a complete request
        if (line.empty()) break;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return r;
        r.headers.emplace_back(std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1))));
    }
    r.body = std::string(bytes);
    r.ok = true;
    return r;
}

std::string parsed_request::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (iequal(n, name)) return v;
    return {};
}

int parsed_request::header_count(std::string_view name) const {
    int n = 0;
    for (const auto& h : headers)
        if (iequal(h.first, name)) ++n;
    return n;
}

std::optional<std::string> parsed_request::query_param(std::string_view name) const {
    std::string_view rest = query;
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view item = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        const auto eq = item.find('=');
        if (item.substr(0, eq) == name)
            return std::string(eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1));
    }
    return std::nullopt;
}

std::optional<std::string> parsed_request::client_token() const {
    auto raw = query_param("clientToken");
    if (!raw) return std::nullopt;
    return percent_decode(*raw);
}

}  // namespace awsconnect::test
