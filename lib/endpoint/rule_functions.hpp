// The rules-engine library functions that compute something from strings: parseURL,
// isValidHostLabel, uriEncode and substring (Smithy rules engine standard library).
//
// They are plain functions so they can be tested on their own; the interpreter
// (rule_engine.hpp) checks argument types and calls them. An "empty optional" result
// of the rules language is std::nullopt here. All are pure and thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::endpoint::functions {

/// parseURL: the URL structure {scheme, authority, path, normalizedPath, isIp}, or
/// nullopt when `url` is not an absolute http/https URL with a host. Rules:
/// - the scheme must be http or https (any case; returned in lower case);
/// - a query or a fragment rejects the URL (the spec requires it for a query; a fragment
///   cannot belong to an endpoint either);
/// - authority is host[:port] as written, without user-info; a port must be digits and at
///   most 65535 (an empty port after ':' is dropped), a default port is kept if written;
/// - path is the path as written ("" when there is none); normalizedPath is the path
///   with a leading and a trailing '/' ("/" when there is none);
/// - isIp is true for an IPv4 or a bracketed IPv6 literal host. Host names are not
///   validated (that is isValidHostLabel's job).
std::optional<boost::json::object> parse_url(std::string_view url);

/// isValidHostLabel: an RFC 1123 host label: 1 to 63 characters from A-Z a-z 0-9 '-',
/// the first one a letter or digit (as in Smithy's reference implementation, a final '-'
/// is accepted). With `allow_sub_domains`, each '.'-separated part must be such a label
/// (so an empty part, a leading or a trailing '.', is invalid).
bool is_valid_host_label(std::string_view value, bool allow_sub_domains) noexcept;

/// uriEncode: RFC 3986 percent-encoding of every byte except A-Z a-z 0-9 - _ . ~, with
/// upper-case hex ('/' is encoded too).
std::string uri_encode(std::string_view value);

/// substring: characters [start, stop) of `input`, or counted from the end when `reverse`
/// (then [len - stop, len - start)). nullopt when start < 0, start >= stop, stop > the
/// length, or `input` holds a non-ASCII byte.
std::optional<std::string> substring(std::string_view input, std::int64_t start, std::int64_t stop,
                                     bool reverse);

}  // namespace awsconnect::endpoint::functions
