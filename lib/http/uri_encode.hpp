// RFC 3986 percent-encoding as AWS uses it (SigV4 and REST path labels / query strings).
//
// Unreserved characters (A-Z a-z 0-9 - . _ ~) stay as they are; every other byte becomes
// %XX with upper-case hex. `keep_slash` leaves '/' alone (whole paths); path labels and
// query keys/values encode it.
#pragma once

#include <string>
#include <string_view>

namespace awsconnect::http {

namespace detail {
struct unreserved_table {
    bool v[256] = {};
    constexpr unreserved_table() {
        for (int c = 'A'; c <= 'Z'; ++c) v[c] = true;
        for (int c = 'a'; c <= 'z'; ++c) v[c] = true;
        for (int c = '0'; c <= '9'; ++c) v[c] = true;
        v[int('-')] = v[int('.')] = v[int('_')] = v[int('~')] = true;
    }
};
inline constexpr unreserved_table unreserved{};
}  // namespace detail

constexpr bool is_unreserved(unsigned char c) noexcept { return detail::unreserved.v[c]; }

/// Appends the encoding of `s` to `out`.
void append_uri_encoded(std::string& out, std::string_view s, bool keep_slash = false);

inline std::string uri_encode(std::string_view s, bool keep_slash = false) {
    std::string out;
    append_uri_encoded(out, s, keep_slash);
    return out;
}

/// Appends the decoding of `s` to `out`. A '%' not followed by two hex digits is kept
/// as it is ('+' is not a space: AWS query strings use %20).
void append_percent_decoded(std::string& out, std::string_view s);

inline std::string percent_decode(std::string_view s) {
    std::string out;
    append_percent_decoded(out, s);
    return out;
}

}  // namespace awsconnect::http
