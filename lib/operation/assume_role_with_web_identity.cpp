#include "operation/assume_role_with_web_identity.hpp"

namespace awsconnect::operation {

std::optional<error> assume_role_with_web_identity::validate(const input& in, const validation_context&) {
    if (auto e = check_role_arn(in.role_arn)) return e;
    if (auto e = check_role_session_name(in.role_session_name)) return e;
    if (in.web_identity_token.size() < 4 || in.web_identity_token.size() > 20000)
        return make_error(errc::invalid_parameter, "WebIdentityToken must be 4 to 20000 characters (is " +
                                                       std::to_string(in.web_identity_token.size()) + ")");
    return check_duration_seconds(in.duration_seconds);
}

void assume_role_with_web_identity::serialize(const input& in, std::string_view, serialized_input& out) {
    out.clear();
    out.path = "/";
    begin_query_body(out.body, op.name);
    append_query_param(out.body, "RoleArn", in.role_arn);
    append_query_param(out.body, "RoleSessionName", in.role_session_name);
    append_query_param(out.body, "WebIdentityToken", in.web_identity_token);
    if (in.duration_seconds) append_query_param(out.body, "DurationSeconds", std::to_string(*in.duration_seconds));
}

std::optional<error> assume_role_with_web_identity::parse(const http::response& r, input&, output& out,
                                                          const parse_context&) {
    return parse_sts_credentials(op.name, r, out);
}

}  // namespace awsconnect::operation
