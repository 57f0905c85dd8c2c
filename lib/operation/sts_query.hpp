// What STS's two credential operations share (AssumeRole, AssumeRoleWithWebIdentity;
// specs/credentials.md §3, model ../shared/testdata/model/sts-sso.json): the awsQuery form
// body and the reading of the temporary credentials out of the XML response.
//
//   request:  POST /, Content-Type: application/x-www-form-urlencoded; charset=utf-8,
//             Action=<op>&Version=2011-06-15&<Member>=<value>&... (members in the order the
//             operation writes them; names and values percent-encoded as RFC 3986, space
//             as %20, the way the SDKs' query serializers write them)
//   response: <OpResponse><OpResult><Credentials><AccessKeyId/><SecretAccessKey/>
//             <SessionToken/><Expiration/></Credentials><AssumedRoleUser><Arn/>
//             </AssumedRoleUser></OpResult></OpResponse>
//   errors:   <ErrorResponse><Error><Code/><Message/></Error></ErrorResponse>, read by the
//             engine (protocol/aws_query_error.hpp) for every operation
//
// The output keeps the expiration as the service wrote it (ISO 8601): the providers turn it
// into a time (lib/identity), where the credentials' other rules live.
//
// Pure; thread safety: plain values.
#pragma once

#include "http/http_response.hpp"

#include <awsconnect/error.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::operation {

/// The temporary credentials an STS operation returned. Secrets: never printed.
struct sts_credentials_output {
    std::string access_key_id;
    std::string secret_access_key;  ///< secret
    std::string session_token;      ///< secret
    std::string expiration;         ///< as sent ("2021-08-05T19:58:02Z")
    std::string assumed_role_arn;   ///< AssumedRoleUser/Arn; empty when absent
    std::string account_id;         ///< the account of assumed_role_arn; empty when unknown
    std::string request_id;         ///< of the successful response (the engine fills it)
    int attempts = 0;               ///< requests sent (the engine fills it)
};

/// The STS API version every request names.
inline constexpr std::string_view sts_api_version = "2011-06-15";

/// Starts a query body: "Action=<action>&Version=2011-06-15".
void begin_query_body(std::string& body, std::string_view action);
/// Appends "&<name>=<encoded value>".
void append_query_param(std::string& body, std::string_view name, std::string_view value);

/// The account id (12 digits) of an ARN ("arn:aws:sts::123456789012:assumed-role/R/s"), or
/// empty when the ARN has none there.
std::string account_id_of_arn(std::string_view arn);

/// Reads `<action>Response/<action>Result/{Credentials,AssumedRoleUser/Arn}` from a 2xx
/// response: every Credentials member is required (a missing one is malformed_response,
/// naming the member, never a value).
std::optional<error> parse_sts_credentials(std::string_view action, const http::response& r,
                                           sts_credentials_output& out);

/// The model's constraints shared by both operations, as invalid_parameter errors naming the
/// member (the value is quoted only for RoleArn and RoleSessionName, which are not secret).
std::optional<error> check_role_arn(std::string_view role_arn);
std::optional<error> check_role_session_name(std::string_view name);
std::optional<error> check_duration_seconds(const std::optional<int>& seconds);

}  // namespace awsconnect::operation
