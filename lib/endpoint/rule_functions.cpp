#include "endpoint/rule_functions.hpp"

#include "http/ascii.hpp"
#include "http/uri_encode.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace awsconnect::endpoint::functions {

namespace json = boost::json;
namespace urls = boost::urls;

namespace {

bool is_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_host_label(std::string_view label) noexcept {
    if (label.empty() || label.size() > 63 || !is_alnum(label.front())) return false;
    for (char c : label) {
        if (!is_alnum(c) && c != '-') return false;
    }
    return true;
}

std::string lower_ascii(std::string_view s) { return http::to_lower_ascii(s); }

}  // namespace

std::optional<json::object> parse_url(std::string_view url) {
    auto parsed = urls::parse_uri(url);
    if (!parsed) return std::nullopt;
    const urls::url_view u = *parsed;

    if (u.scheme_id() != urls::scheme::http && u.scheme_id() != urls::scheme::https)
        return std::nullopt;
    if (!u.has_authority() || u.has_query() || u.has_fragment()) return std::nullopt;

    const auto host_type = u.host_type();
    if (host_type != urls::host_type::name && host_type != urls::host_type::ipv4 &&
        host_type != urls::host_type::ipv6)
        return std::nullopt;  // none (empty) or an IPvFuture literal
    const std::string_view host = u.encoded_host();
    if (host.empty()) return std::nullopt;

    // Boost.URL 1.81 reads "http://h:a/b" as port "" and path "a/b"; after an authority
    // the path must be empty or start with '/' (RFC 3986 path-abempty), so check it.
    const std::string_view path = u.encoded_path();
    if (!path.empty() && path.front() != '/') return std::nullopt;

    std::string authority(host);
    if (u.has_port()) {
        const std::string_view port = u.port();
        if (port.size() > 5) return std::nullopt;
        unsigned value = 0;
        for (char c : port) {
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + static_cast<unsigned>(c - '0');
        }
        if (value > 65535) return std::nullopt;
        if (!port.empty()) {
            authority += ':';
            authority += port;
        }
    }

    std::string normalized;
    if (path.empty() || path.front() != '/') normalized += '/';
    normalized += path;
    if (normalized.back() != '/') normalized += '/';

    json::object out;
    out["scheme"] = lower_ascii(u.scheme());
    out["authority"] = authority;
    out["path"] = path;
    out["normalizedPath"] = normalized;
    out["isIp"] = host_type == urls::host_type::ipv4 || host_type == urls::host_type::ipv6;
    return out;
}

bool is_valid_host_label(std::string_view value, bool allow_sub_domains) noexcept {
    if (!allow_sub_domains) return is_host_label(value);
    for (;;) {
        const auto dot = value.find('.');
        if (!is_host_label(value.substr(0, dot))) return false;
        if (dot == std::string_view::npos) return true;
        value.remove_prefix(dot + 1);
    }
}

std::string uri_encode(std::string_view value) {
    return http::uri_encode(value, false);
}

std::optional<std::string> substring(std::string_view input, std::int64_t start, std::int64_t stop,
                                     bool reverse) {
    for (char c : input) {
        if (static_cast<unsigned char>(c) > 0x7f) return std::nullopt;
    }
    const auto len = static_cast<std::int64_t>(input.size());
    if (start < 0 || start >= stop || stop > len) return std::nullopt;
    const std::int64_t from = reverse ? len - stop : start;
    return std::string(
        input.substr(static_cast<std::size_t>(from), static_cast<std::size_t>(stop - start)));
}

}  // namespace awsconnect::endpoint::functions
