// restJson1 error responses: the error type and the server's message (specs/retry.md §5).
//
// The error type comes from the `X-Amzn-ErrorType` header, else the body's top-level
// `code`, else its top-level `__type`; each is sanitized (Smithy's rule, the same in
// smithy-rs and aws-sdk-go-v2). The message is the body's `message`, else `Message`, else
// `errorMessage`. A body that is not a JSON object (an HTML page from a proxy, plain text)
// is not a parse failure: its text becomes the message, the way botocore does it.
//
// Pure. Server text is untrusted: the message is made well-formed UTF-8, bounded, and its
// control characters are replaced, so it can be printed, logged and put in JSON as it is.
#pragma once

#include "http/http_response.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::protocol {

/// Smithy's error-code sanitizing: cut at the first ':' (drops a trailing
/// ":http://internal.amazon.com/coral/..." URI), then keep what follows the first '#'
/// (drops a "namespace#" prefix). "aws.protocoltests.restjson#FooError:http://..." gives
/// "FooError". The result is a view into `code`.
std::string_view sanitize_error_code(std::string_view code) noexcept;

/// Bounds on server text kept in errors.
inline constexpr std::size_t max_json_message_bytes = 2048;  ///< a JSON `message`
inline constexpr std::size_t max_raw_message_bytes = 512;    ///< a non-JSON body used as message
inline constexpr std::size_t max_header_text_bytes = 256;    ///< an error type, a request id

/// What a restJson1 error response says.
struct error_info {
    /// The error type as received (header value, or body `code` / `__type`), empty if none.
    std::string raw_code;
    /// `raw_code` sanitized ("ThrottlingException"), empty if none.
    std::string code;
    /// The server's message (untrusted, bounded, no control characters). For a body that is
    /// not a JSON object, its text; for an empty body, the status reason (or the standard
    /// reason phrase of the status when the response had none).
    std::string message;
    /// The body when it is a JSON object, so operations can read their own members
    /// (ResourceInUseException's ResourceType and ResourceId, ...).
    std::optional<boost::json::object> body;
};

/// Reads the error type, message and body of `r`. Any status is accepted (the caller
/// decides whether it is an error: every non-2xx is). Never fails.
error_info parse_error(const http::response& r);

/// Makes server text safe to keep: surrounding whitespace removed; well-formed UTF-8 (each
/// ill-formed part replaced by U+FFFD, as utf8::sanitize does, so a Latin-1 body or header
/// cannot make the JSON envelope invalid); at most `max_bytes` bytes (cut between whole
/// characters, then "..." appended); every ASCII control character (and DEL) replaced by a
/// space.
std::string bounded_server_text(std::string_view text, std::size_t max_bytes);

/// The request id of `r` as results and errors keep it: `bounded_server_text` of it with
/// `max_header_text_bytes`. Moved out of `r` when it is that already (an ASCII id, the
/// usual case), so a success costs no copy.
std::string take_request_id(http::response& r);

/// The standard reason phrase of an HTTP status ("Service Unavailable"), empty if unknown.
std::string_view standard_reason_phrase(int status) noexcept;

}  // namespace awsconnect::protocol
