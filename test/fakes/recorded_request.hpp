// A small parser for the bytes of a recorded HTTP/1.1 request (what the client wrote), so
// tests read the request line, the query's clientToken and single headers by name
// (case-insensitively) instead of searching the whole text.
//
// Strict on purpose: a request line that is not "METHOD SP target SP HTTP/1.1", a header
// line without a colon, or a missing blank line makes `ok` false, which tests assert first.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsconnect::test {

struct parsed_request {
    bool ok = false;
    std::string method;
    std::string target;   ///< path?query, as sent
    std::string path;     ///< before '?', still percent-encoded
    std::string query;    ///< after '?', still percent-encoded ("" if none)
    std::string version;  ///< "HTTP/1.1"
    std::vector<std::pair<std::string, std::string>> headers;  ///< in order, values trimmed
    std::string body;     ///< whatever follows the blank line

    /// The value of the first header named `name` (any case); empty if absent.
    std::string header(std::string_view name) const;
    /// How many headers are named `name` (any case).
    int header_count(std::string_view name) const;
    /// A query parameter's raw (percent-encoded) value, or nothing.
    std::optional<std::string> query_param(std::string_view name) const;
    /// The clientToken query parameter, percent-decoded; nothing if absent.
    std::optional<std::string> client_token() const;
};

parsed_request parse_request(std::string_view bytes);

/// Percent-decoding (no '+' rule: the client encodes spaces as %20).
std::string percent_decode(std::string_view s);

}  // namespace awsconnect::test
