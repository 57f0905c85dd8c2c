// STS AssumeRole: POST / with Action=AssumeRole (awsQuery), signed with the caller's
// credentials (SigV4, service "sts"): temporary credentials for a role.
//
//   Action=AssumeRole&Version=2011-06-15&RoleArn=..&RoleSessionName=..
//     [&ExternalId=..][&DurationSeconds=..]
//
// The credential providers call it (lib/identity); it is not part of the public client.
#pragma once

#include "operation/operation.hpp"
#include "operation/sts_query.hpp"

namespace awsconnect::operation {

struct assume_role_request {
    std::string role_arn;
    std::string role_session_name;
    std::string external_id;                ///< empty: not sent
    std::optional<int> duration_seconds;    ///< absent: not sent (the service's 3600)
};

struct assume_role {
    using input = assume_role_request;
    using output = sts_credentials_output;
    static constexpr descriptor op{"AssumeRole", "POST", token_location::none, wire_protocol::aws_query,
                                   auth_scheme::sigv4};

    /// RoleArn 20..2048, RoleSessionName 2..64 of [\w+=,.@-], ExternalId 2..1224 of
    /// [\w+=,.@:/-], DurationSeconds 900..43200.
    static std::optional<error> validate(const input& in, const validation_context& ctx);
    static void serialize(const input& in, std::string_view token, serialized_input& out);
    static std::optional<error> parse(const http::response& r, input& in, output& out, const parse_context& ctx);
};

}  // namespace awsconnect::operation
