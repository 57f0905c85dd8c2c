// Parsing the small textual settings shared by the executable and the in-process API:
// credentials (one, or a list from a file or the environment) and the throttle. Pure.
#include <awsconnect/emulator.hpp>

#include <charconv>

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
