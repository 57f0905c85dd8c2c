// STS AssumeRoleWithWebIdentity: POST / with Action=AssumeRoleWithWebIdentity (awsQuery),
// sent unsigned (the web identity token is the proof): temporary credentials for a role
// that trusts an OpenID Connect provider (EKS IRSA, GitHub Actions OIDC).
//
//   Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=..&RoleSessionName=..
//     &WebIdentityToken=..[&DurationSeconds=..]
//
// The token is a secret: it is never quoted in an error. IDPCommunicationError (the
// identity provider did not answer STS in time) is retried as transient by the engine.
#pragma once

#include "operation/operation.hpp"
#include "operation/sts_query.hpp"

namespace awsconnect::operation {

struct assume_role_with_web_identity_request {
    std::string role_arn;
    std::string role_session_name;
    std::string web_identity_token;       ///< secret
    std::optional<int> duration_seconds;  ///< absent: not sent (the service's 3600)
};

struct assume_role_with_web_identity {
    using input = assume_role_with_web_identity_request;
    using output = sts_credentials_output;
    static constexpr descriptor op{"AssumeRoleWithWebIdentity", "POST", token_location::none,
                                   wire_protocol::aws_query, auth_scheme::none};

    /// RoleArn 20..2048, RoleSessionName 2..64 of [\w+=,.@-], WebIdentityToken 4..20000
    /// characters, DurationSeconds 900..43200.
    static std::optional<error> validate(const input& in, const validation_context& ctx);
    static void serialize(const input& in, std::string_view token, serialized_input& out);
    static std::optional<error> parse(const http::response& r, input& in, output& out, const parse_context& ctx);
};

}  // namespace awsconnect::operation
