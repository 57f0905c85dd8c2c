// What the transport hands to the protocol stage: one HTTP response, reduced to the
// fields the later stages read.
//
// A plain value with no Beast types, so the protocol and retry stages stay pure and their
// tests can build responses by hand. The transport fills it header by header with
// `set_response_header`, which is where header names are matched case-insensitively
// (HTTP field names are case-insensitive; AWS sends both "x-amzn-RequestId" and
// "X-Amzn-RequestId").
#pragma once

#include "http/ascii.hpp"
#include "http/http_date.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::http {

struct response {
    int status = 0;
    std::string reason;        ///< status line reason phrase (may be empty)
    std::string request_id;    ///< x-amzn-RequestId (any case); else x-amz-request-id
    std::string error_type;    ///< X-Amzn-ErrorType raw value, empty if absent
    std::string retry_after;   ///< x-amz-retry-after raw value, empty if absent
    std::optional<std::chrono::system_clock::time_point> date;  ///< the Date header, parsed
    std::string body;
};

/// Records one header field of the response in `r` if it is one the later stages read;
/// other fields are ignored. Names match in any case. Values are kept raw (the transport
/// has already removed the optional whitespace around them), except `Date`, which is
/// parsed (an unparsable Date leaves `date` empty). `x-amzn-RequestId` wins over
/// `x-amz-request-id` whatever their order: the latter only fills an empty `request_id`.
inline void set_response_header(response& r, std::string_view name, std::string_view value) {
    if (iequals(name, "x-amzn-requestid")) {
        r.request_id.assign(value);
    } else if (iequals(name, "x-amz-request-id")) {
        if (r.request_id.empty()) r.request_id.assign(value);
    } else if (iequals(name, "x-amzn-errortype")) {
        r.error_type.assign(value);
    } else if (iequals(name, "x-amz-retry-after")) {
        r.retry_after.assign(value);
    } else if (iequals(name, "date")) {
        r.date = parse_http_date(value);
    }
}

}  // namespace awsconnect::http
