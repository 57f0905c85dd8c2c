// The credentials services the emulator serves beside Connect (credentials.md §4; the
// wire shapes of shared/testdata/model/sts-sso.json): STS AssumeRole (SigV4, scope
// service `sts`) and AssumeRoleWithWebIdentity (unsigned, a well-formed JWT), awsQuery
// (form body in, XML out, XML ErrorResponse); SSO GetRoleCredentials (bearer token) and
// SSO-OIDC CreateToken (refresh_token grant), restJson1. emulator.hpp documents the
// behaviour; this is the pure part.
//
// Pure: the time comes in, what is issued goes into the identity_store (internally
// synchronized), and each function fills a `response` (status, body, identity_op,
// committed when something was issued). Messages never carry a secret, a token or a
// signature.
#pragma once

#include "emulator/service_core.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsconnect::emulator {

/// STS: POST / (route_kind::sts).
void serve_sts(const request_view& req, const service_settings& settings, identity_store& ids,
               std::chrono::system_clock::time_point now, sigv4::signing_key_cache& keys,
               request_scratch& scratch, response& out);
/// SSO: GET /federation/credentials.
void serve_get_role_credentials(const request_view& req, const service_settings& settings,
                                identity_store& ids, std::chrono::system_clock::time_point now,
                                response& out);
/// SSO-OIDC: POST /token.
void serve_create_token(const request_view& req, const service_settings& settings,
                        identity_store& ids, std::chrono::system_clock::time_point now,
                        response& out);

// ---------------------------------------------------------------------------------------
// The pieces, for tests.

using form_fields = std::vector<std::pair<std::string, std::string>>;

/// Decodes an application/x-www-form-urlencoded body (or a query string): '&'-separated
/// NAME=VALUE pairs, '+' a space, %XX a byte. Empty pairs are skipped; a pair without
/// '=' has an empty value.
form_fields parse_form(std::string_view body);
/// The value of the last field named `name`, or nullopt.
std::optional<std::string_view> form_value(const form_fields& f, std::string_view name);

/// The claims of a web identity token the emulator reads.
struct jwt_claims {
    std::string sub;
    std::string iss;                  ///< "" if absent
    std::string aud;                  ///< the first audience; "" if absent
    std::optional<std::int64_t> exp;  ///< epoch seconds
};

/// Reads `token` as a JWT: three base64url parts (no padding needed), the first two JSON
/// objects, a non-empty string `sub` in the payload (the signature is not verified: the
/// emulator trusts every issuer). False with `why` (no token text in it) when it is not.
bool read_jwt(std::string_view token, jwt_claims& out, std::string& why);

/// A role ARN: arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME.
struct role_ref {
    std::string_view partition, account, name;
};
bool parse_role_arn(std::string_view arn, role_ref& out) noexcept;

/// Appends `s` as XML character data: & < > escaped (quotes need no escape outside
/// attributes), CR as &#13;, control characters other than
/// tab/CR/LF dropped and bytes that are not UTF-8 replaced by U+FFFD, so the document
/// always parses.
void append_xml_text(std::string& out, std::string_view s);

}  // namespace awsconnect::emulator
