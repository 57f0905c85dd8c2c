// Redaction (see redact.hpp): one pass over the text, copying it, with each secret value
// replaced as it is met.
#include "log/redact.hpp"

#include "http/ascii.hpp"

#include <array>

namespace awsconnect::log {
namespace {

constexpr bool ident_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}
constexpr bool blank(char c) noexcept { return c == ' ' || c == '\t'; }
constexpr bool quote(char c) noexcept { return c == '"' || c == '\''; }
constexpr bool end_of_line(char c) noexcept { return c == '\r' || c == '\n'; }
/// Ends an unquoted value. Not '<' or '>': "<redacted>" must read as one value (idempotence).
constexpr bool ends_value(char c) noexcept {
    return blank(c) || end_of_line(c) || quote(c) || c == ',' || c == ';' || c == '&' || c == ')' || c == ']' ||
           c == '}';
}

enum class key_kind {
    none,
    value,         ///< the value up to a blank or a delimiter
    rest_of_line,  ///< the whole value up to the end of the line (Authorization: scheme and all)
};

// Normalized: lower case, without '-' and '_'.
constexpr std::array<std::string_view, 22> value_keys = {
    "secret",        "secretkey",        "secretaccesskey",        "awssecretaccesskey",
    "sessiontoken",  "awssessiontoken",  "securitytoken",          "xamzsecuritytoken",
    "token",         "accesstoken",      "refreshtoken",           "idtoken",
    "clientsecret",  "password",         "passwd",                 "proxypassword",
    "signature",     "xamzsignature",    "xawsec2metadatatoken",   "awscontainerauthorizationtoken",
    "webidentitytoken", "awswebidentitytoken",
};

key_kind classify(std::string_view ident) noexcept {
    std::array<char, 40> buf{};
    std::size_t n = 0;
    for (char c : ident) {
        if (c == '-' || c == '_') continue;
        if (n == buf.size()) return key_kind::none;  // longer than every key
        buf[n++] = http::ascii_lower(c);
    }
    const std::string_view key(buf.data(), n);
    if (key == "authorization" || key == "proxyauthorization") return key_kind::rest_of_line;
    for (std::string_view k : value_keys)
        if (key == k) return key_kind::value;
    return key_kind::none;
}

}  // namespace

std::string redact(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const char c = text[i];

        // scheme://user:password@host: the password goes. A password written raw may hold
        // '/' (it should be percent-encoded), so the userinfo is taken up to the last '@'
        // before a blank, a quote, '?' or '#'; in doubt ("http://h:80/a@b") more goes.
        if (c == ':' && text.substr(i, 3) == "://") {
            out.append("://");
            const std::size_t start = i + 3;
            std::size_t end = start;
            while (end < n && text[end] != '?' && text[end] != '#' && !blank(text[end]) && !end_of_line(text[end]) &&
                   !quote(text[end]))
                ++end;
            const std::size_t at = text.substr(start, end - start).rfind('@');
            if (at != std::string_view::npos) {
                const std::string_view userinfo = text.substr(start, at);
                const std::size_t colon = userinfo.find(':');
                if (colon != std::string_view::npos && colon + 1 < userinfo.size()) {
                    out.append(userinfo.substr(0, colon + 1));
                    out.append(redacted);
                    out.push_back('@');
                    i = start + at + 1;
                    continue;
                }
            }
            i = start;
            continue;
        }

        if (!ident_char(c) || (i > 0 && ident_char(text[i - 1]))) {
            out.push_back(c);
            ++i;
            continue;
        }

        // An identifier: a secret key, "Bearer", or anything else (copied).
        std::size_t j = i;
        while (j < n && ident_char(text[j])) ++j;
        const std::string_view ident = text.substr(i, j - i);
        out.append(ident);
        i = j;

        if (http::iequals(ident, "bearer")) {
            std::size_t k = j;
            while (k < n && blank(text[k])) ++k;
            std::size_t end = k;
            while (end < n && !blank(text[end]) && !end_of_line(text[end]) && !quote(text[end])) ++end;
            if (k > j && end > k) {
                out.append(text.substr(j, k - j));
                out.append(redacted);
                i = end;
            }
            continue;
        }

        const key_kind kind = classify(ident);
        if (kind == key_kind::none) continue;
        // key ["'] [blanks] (= or :) [blanks] value
        std::size_t k = j;
        if (k < n && quote(text[k])) ++k;
        while (k < n && blank(text[k])) ++k;
        if (k >= n || (text[k] != '=' && text[k] != ':') || text.substr(k, 3) == "://") continue;
        ++k;
        while (k < n && blank(text[k])) ++k;
        if (k < n && quote(text[k])) {
            const char q = text[k++];
            std::size_t end = k;
            while (end < n && text[end] != q && !end_of_line(text[end])) end += (text[end] == '\\' && end + 1 < n) ? 2 : 1;
            if (end > n) end = n;
            out.append(text.substr(j, k - j));
            if (end > k) out.append(redacted);
            i = end;  // the closing quote is copied by the loop
            continue;
        }
        std::size_t end = k;
        if (kind == key_kind::rest_of_line)
            while (end < n && !end_of_line(text[end])) ++end;
        else
            while (end < n && !ends_value(text[end])) ++end;
        out.append(text.substr(j, k - j));
        if (end > k) out.append(redacted);
        i = end;
    }
    return out;
}

}  // namespace awsconnect::log
