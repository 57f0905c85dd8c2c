// Parsing the small textual settings shared by the executable and the in-process API:
// credentials (one, or a list from a file or the environment), the credentials services'
// OIDC clients and SSO tokens, and the throttle. Pure.
#include <awsconnect/emulator.hpp>

#include <algorithm>
#include <charconv>
#include <optional>

namespace awsconnect::emulator {

credential example_credential() {
    return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
}

result<credential> parse_credential(std::string_view text) {
    credential c;
    const std::size_t first = text.find(':');
    if (first == std::string_view::npos)
        return make_error(errc::invalid_configuration,
                          "credentials must be AKID:SECRET or AKID:SECRET:TOKEN");
    c.access_key_id = std::string(text.substr(0, first));
    const std::string_view rest = text.substr(first + 1);
    const std::size_t second = rest.find(':');
    c.secret_access_key = std::string(rest.substr(0, second));
    if (second != std::string_view::npos) c.session_token = std::string(rest.substr(second + 1));
    // Never echo the text: it holds a secret.
    if (c.access_key_id.empty() || c.secret_access_key.empty() ||
        (second != std::string_view::npos && c.session_token.empty()))
        return make_error(errc::invalid_configuration,
                          "credentials must be AKID:SECRET or AKID:SECRET:TOKEN, none empty");
    return c;
}

result<std::vector<credential>> parse_credential_list(std::string_view text) {
    std::vector<credential> out;
    std::size_t line = 1, pos = 0;
    while (pos <= text.size()) {
        // One line, cut at commas into entries.
        const std::size_t nl = std::min(text.find('\n', pos), text.size());
        std::string_view row = text.substr(pos, nl - pos);
        pos = nl + 1;
        if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
        const auto trim = [](std::string_view v) {
            while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
            while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
            return v;
        };
        if (!trim(row).starts_with('#')) {
            std::size_t at = 0, entry = 1;
            while (at <= row.size()) {
                const std::size_t comma = std::min(row.find(',', at), row.size());
                const std::string_view item = trim(row.substr(at, comma - at));
                at = comma + 1;
                if (!item.empty()) {
                    auto c = parse_credential(item);
                    if (!c) {
                        // Never echo the entry: it holds a secret.
                        std::string where = "line " + std::to_string(line);
                        if (row.find(',') != std::string_view::npos)
                            where += ", entry " + std::to_string(entry);
                        return make_error(errc::invalid_configuration,
                                          where + ": " + c.error().message);
                    }
                    out.push_back(std::move(*c));
                }
                ++entry;
            }
        }
        ++line;
    }
    if (out.empty())
        return make_error(errc::invalid_configuration,
                          "no credentials: expected AKID:SECRET or AKID:SECRET:TOKEN entries");
    return out;
}

namespace {

std::string_view trim_blanks(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
}

// Calls `f(entry, line)` for each non-blank, non-comment line (trimmed, CRLF accepted);
// stops at the first error `f` returns.
template <class F>
std::optional<error> for_each_line(std::string_view text, F f) {
    std::size_t line = 1, pos = 0;
    while (pos <= text.size()) {
        const std::size_t nl = std::min(text.find('\n', pos), text.size());
        std::string_view row = text.substr(pos, nl - pos);
        pos = nl + 1;
        if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
        row = trim_blanks(row);
        if (!row.empty() && !row.starts_with('#')) {
            if (auto e = f(row, line)) return e;
        }
        ++line;
    }
    return std::nullopt;
}

}  // namespace

result<oidc_client> parse_oidc_client(std::string_view text) {
    // Never echo the text: it holds a secret.
    const std::size_t first = text.find(':');
    const std::size_t second = first == std::string_view::npos ? first : text.find(':', first + 1);
    if (second == std::string_view::npos || text.find(':', second + 1) != std::string_view::npos ||
        first == 0 || second == first + 1 || second + 1 == text.size())
        return make_error(errc::invalid_configuration,
                          "an OIDC client must be CLIENT_ID:CLIENT_SECRET:REFRESH_TOKEN, none "
                          "empty and none containing ':'");
    oidc_client c;
    c.client_id = std::string(text.substr(0, first));
    c.client_secret = std::string(text.substr(first + 1, second - first - 1));
    c.refresh_tokens.emplace_back(text.substr(second + 1));
    return c;
}

result<std::vector<oidc_client>> parse_oidc_client_list(std::string_view text) {
    std::vector<oidc_client> out;
    auto e = for_each_line(text, [&](std::string_view entry, std::size_t line) -> std::optional<error> {
        auto c = parse_oidc_client(entry);
        const std::string where = "line " + std::to_string(line) + ": ";
        if (!c) return make_error(errc::invalid_configuration, where + c.error().message);
        for (auto& known : out) {
            if (known.client_id != c->client_id) continue;
            if (known.client_secret != c->client_secret)
                return make_error(errc::invalid_configuration,
                                  where + "the client " + c->client_id +
                                      " is given with two different secrets");
            known.refresh_tokens.push_back(std::move(c->refresh_tokens.front()));
            return std::nullopt;
        }
        out.push_back(std::move(*c));
        return std::nullopt;
    });
    if (e) return *e;
    if (out.empty())
        return make_error(errc::invalid_configuration,
                          "no OIDC clients: expected CLIENT_ID:CLIENT_SECRET:REFRESH_TOKEN lines");
    return out;
}

result<std::vector<std::string>> parse_token_list(std::string_view text) {
    std::vector<std::string> out;
    auto e = for_each_line(text, [&](std::string_view entry, std::size_t line) -> std::optional<error> {
        if (entry.find_first_of(" \t") != std::string_view::npos)
            return make_error(errc::invalid_configuration,
                              "line " + std::to_string(line) + ": a token may not contain spaces");
        out.emplace_back(entry);
        return std::nullopt;
    });
    if (e) return *e;
    if (out.empty())
        return make_error(errc::invalid_configuration, "no tokens: expected one token per line");
    return out;
}

result<throttle_config> parse_throttle(std::string_view text) {
    auto parse = [](std::string_view s, double& v) {
        const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
        return r.ec == std::errc{} && r.ptr == s.data() + s.size();
    };
    throttle_config t;
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || !parse(text.substr(0, colon), t.rate) ||
        !parse(text.substr(colon + 1), t.burst) || !(t.rate > 0) || !(t.burst >= 1))
        return make_error(errc::invalid_configuration,
                          "throttle must be RATE:BURST with RATE > 0 and BURST >= 1, e.g. 100:20");
    return t;
}

}  // namespace awsconnect::emulator
