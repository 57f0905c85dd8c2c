// What an operation is to the engine: a descriptor plus three pure functions
// (specs/lifecycle.md §1). Each operation lives in one file of this folder
// (release_phone_number.hpp, claim_phone_number.hpp, ...) as a struct of the form
//
//   struct claim_phone_number {
//       using input = claim_phone_number_request;
//       using output = claim_phone_number_response;
//       static constexpr descriptor op{"ClaimPhoneNumber", "POST", token_location::body};
//       static std::optional<error> validate(const input&, const validation_context&);
//       static void serialize(const input&, std::string_view token, serialized_input&);
//       static std::optional<error> parse(const http::response&, const input&, output&,
//                                         const parse_context&);   // 2xx responses only
//   };
//
// Operations with an idempotency token also have `static std::optional<std::string>&
// token_of(input&)` (the caller's token member); `sso_bearer` operations have `static
// std::string_view bearer_of(const input&)`. The engine (lib/client) does the rest:
// the token once per call, the body's hash once per call, and per attempt endpoint ->
// credentials -> sign -> send -> parse -> classify -> decide. Service errors are parsed
// by one function for every operation (protocol/service_error.hpp).
//
// Pure: no I/O, no clock (the time a parse needs comes in), no randomness.
#pragma once

#include "http/http_response.hpp"
#include "operation/model_rules.hpp"

#include <awsconnect/error.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::operation {

/// Where an operation's idempotency token goes.
enum class token_location {
    none,   ///< the operation has no token
    query,  ///< the `clientToken` query parameter (ReleasePhoneNumber)
    body,   ///< the JSON body's `ClientToken` member (Claim, Update, UpdateMetadata)
};

/// The service's wire protocol: the body's content type and how errors are read.
enum class wire_protocol {
    rest_json1,  ///< Connect, SSO, SSO-OIDC: JSON bodies, errors by X-Amzn-ErrorType / __type
    aws_query,   ///< STS: form-encoded bodies, XML responses and errors
};

/// How a request is authenticated.
enum class auth_scheme {
    sigv4,       ///< signed with the engine's credentials
    none,        ///< sent unsigned (STS AssumeRoleWithWebIdentity, SSO-OIDC CreateToken)
    sso_bearer,  ///< `x-amz-sso_bearer_token: <the call's bearer token>` (SSO GetRoleCredentials)
};

struct descriptor {
    std::string_view name;    ///< the model's operation name, "ClaimPhoneNumber"
    std::string_view method;  ///< "POST"
    token_location token = token_location::none;
    wire_protocol protocol = wire_protocol::rest_json1;
    auth_scheme auth = auth_scheme::sigv4;
};

/// The Content-Type of a request body in `p`.
constexpr std::string_view content_type_of(wire_protocol p) noexcept {
    return p == wire_protocol::aws_query ? std::string_view("application/x-www-form-urlencoded; charset=utf-8")
                                         : std::string_view("application/json");
}

/// An operation's input on the wire: built once per call, sent on every attempt.
struct serialized_input {
    std::string path;   ///< the encoded URI path, without the endpoint's base path
    std::string query;  ///< the encoded query, without '?'; empty when none
    std::string body;   ///< the JSON body; empty for GET and DELETE (no Content-Type then)

    void clear() noexcept {
        path.clear();
        query.clear();
        body.clear();
    }
};

/// What a parse may need besides the response.
struct parse_context {
    std::chrono::system_clock::time_point now;  ///< client time of the success
};

/// The error for a 2xx response whose body is not the operation's output shape.
error malformed_output(std::string_view operation, std::string_view what);

/// Appends "{prefix}{encoded id}{suffix}": a path label, percent-encoded once (so it can
/// never add a segment).
void append_path_label(std::string& out, std::string_view prefix, std::string_view label,
                       std::string_view suffix = {});

}  // namespace awsconnect::operation
