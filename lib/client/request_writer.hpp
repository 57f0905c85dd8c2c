// The bytes of one ReleasePhoneNumber attempt: request line, signed headers, the rest.
//
// Pure. The request line is written first, and the signer reads the path and query straight
// from it (views into the buffer, whose capacity is reserved up front so they stay valid),
// so an attempt builds no other strings.
#pragma once

#include "sigv4/sign_request.hpp"

#include <string>
#include <string_view>

namespace awsconnect::detail {

struct request_target {
    std::string_view path;   ///< "<base>/phone-number/<encoded id>"
    std::string_view query;  ///< "clientToken=<encoded token>"
};

/// Clears `out`, reserves room for the whole request and writes the request line:
/// "DELETE <path>?<query> HTTP/1.1\r\n". Returns views of the path and query in `out`.
request_target begin_release_request(std::string& out, std::string_view base_path,
                                     std::string_view phone_number_id, std::string_view client_token,
                                     std::size_t header_room);

struct request_headers {
    std::string_view host;            ///< Host value (authority)
    std::string_view security_token;  ///< empty: none
    std::string_view invocation_id;
    int attempt = 1;
    int max_attempts = 1;
    std::string_view user_agent;
};

/// Appends the headers (Host, X-Amz-Date, [X-Amz-Security-Token], Authorization,
/// amz-sdk-invocation-id, amz-sdk-request, User-Agent) and the blank line.
void finish_release_request(std::string& out, const request_headers& h, const sigv4::signing_output& signature);

/// Room the headers need beyond the request line (for the reserve).
std::size_t header_room(const request_headers& h);

}  // namespace awsconnect::detail
