// ISO 8601 / RFC 3339 timestamps as the credential sources write them
// ("2024-05-06T07:08:09Z", "2024-05-06T07:08:09.123+02:00").
//
// Pure. Used for the Expiration of credential_process, container and IMDS credentials and
// for AWS_CREDENTIAL_EXPIRATION, and to print expirations in messages.
#pragma once

#include <awsconnect/envelope.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::creds {

/// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM|+HHMM)" ('T' may be 't' or a space,
/// 'Z' may be 'z'). A time without a zone is not accepted (it would be ambiguous). Times
/// past what system_clock can hold (after 2262) become time_point::max().
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view s);

/// "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds): the library's one formatter (envelope.hpp).
using awsconnect::format_iso8601;

}  // namespace awsconnect::creds
