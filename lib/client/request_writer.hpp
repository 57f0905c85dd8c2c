// The bytes of one attempt: request line, headers (signed and not), body.
//
// Pure. The request line is written first, and the signer reads the path and query
// straight from it (views into the buffer, whose capacity is reserved up front so they
// stay valid), so an attempt builds no other strings.
#pragma once

#include "sigv4/sign_request.hpp"

#include <string>
#include <string_view>

namespace awsconnect::detail {

struct request_target {
    std::string_view path;   ///< "<base path><operation path>"
    std::string_view query;  ///< without '?'; empty when the operation has none
};

/// Clears `out`, reserves room for the whole request (`extra_room` for the headers and the
/// body) and writes the request line "<method> <base><path>[?<query>] HTTP/1.1\r\n".
/// Returns views of the path and query in `out`.
request_target begin_request(std::string& out, std::string_view method, std::string_view base_path,
                             std::string_view path, std::string_view query, std::size_t extra_room);

struct request_headers {
    std::string_view host;            ///< Host value (authority)
    std::string_view security_token;  ///< empty: none
    std::string_view invocation_id;
    int attempt = 1;
    int max_attempts = 1;
    std::string_view user_agent;
    /// The body's type ("application/json" for restJson1) when the request has a body,
    /// else empty.
    std::string_view content_type;
    /// SSO's bearer token (`x-amz-sso_bearer_token`), for operations authenticated that
    /// way; empty otherwise.
    std::string_view bearer_token;
};

/// Appends the headers (Host, [X-Amz-Date, [X-Amz-Security-Token], Authorization] when
/// `signature` is given, [x-amz-sso_bearer_token], amz-sdk-invocation-id, amz-sdk-request,
/// User-Agent, [Content-Type, Content-Length]), the blank line and `body`. A request
/// without a body has neither Content-Type nor Content-Length.
void finish_request(std::string& out, const request_headers& h, const sigv4::signing_output* signature,
                    std::string_view body);

/// Room the headers and the body need beyond the request line (for the reserve).
std::size_t header_room(const request_headers& h, std::size_t body_size);

}  // namespace awsconnect::detail
