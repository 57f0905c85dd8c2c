// HTTP dates (RFC 9110 §5.6.7): parse the `Date` header, format IMF-fixdate.
//
// The client learns the clock skew between itself and the service from each response's
// `Date` (specs/retry.md §4), and the emulator writes `Date` on every response. RFC 9110
// makes senders use IMF-fixdate but requires recipients to accept the two obsolete forms
// too, so the parser takes all three:
//   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
//   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT"
//   asctime      "Sun Nov  6 08:49:37 1994"
// Pure: no clock is read. Names (days, months, "GMT") are case-sensitive, as the grammar
// says; leading and trailing spaces or tabs are tolerated. A day-name that does not match
// the date is accepted (the date wins), like most recipients do.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::http {

/// The time an HTTP date names, or nothing when `text` is not one of the three forms or
/// names an impossible date (Feb 30, hour 24, ...) or one system_clock cannot hold (years
/// outside 1678-2262). A second of 60 (leap second) is read
/// as the first second of the next minute.
///
/// RFC 850's two-digit year: with `now` given, RFC 9110's rule applies (a year that would
/// be more than 50 years in the future is the most recent past year with those digits);
/// without it, 00-69 mean 2000-2069 and 70-99 mean 1970-1999.
std::optional<std::chrono::system_clock::time_point> parse_http_date(
    std::string_view text,
    std::optional<std::chrono::system_clock::time_point> now = std::nullopt);

/// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); sub-second parts are dropped (rounded
/// toward the past). Years outside 0..9999 cannot be written in the format; they are
/// clamped to its range.
std::string format_http_date(std::chrono::system_clock::time_point t);

}  // namespace awsconnect::http
