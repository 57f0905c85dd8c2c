#include "operation/assume_role.hpp"

namespace awsconnect::operation {

std::optional<error> assume_role::validate(const input& in, const validation_context&) {
    if (auto e = check_role_arn(in.role_arn)) return e;
    if (auto e = check_role_session_name(in.role_session_name)) return e;
    if (!in.external_id.empty()) {
        // externalIdType: 2 to 1224 of [\w+=,.@:/-]. The value is not quoted (a shared secret
        // between the role's owner and the caller, as the IAM guide describes it).
        if (in.external_id.size() < 2 || in.external_id.size() > 1224)
            return make_error(errc::invalid_parameter, "ExternalId must be 2 to 1224 characters (is " +
                                                           std::to_string(in.external_id.size()) + ")");
        for (char c : in.external_id) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '_' || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == ':' ||
                            c == '/' || c == '-';
            if (!ok)
                return make_error(errc::invalid_parameter,
                                  "ExternalId may only contain letters, digits and _+=,.@:/-");
        }
    }
    return check_duration_seconds(in.duration_seconds);
}

void assume_role::serialize(const input& in, std::string_view, serialized_input& out) {
    out.clear();
    out.path = "/";
    begin_query_body(out.body, op.name);
    append_query_param(out.body, "RoleArn", in.role_arn);
    append_query_param(out.body, "RoleSessionName", in.role_session_name);
    if (!in.external_id.empty()) append_query_param(out.body, "ExternalId", in.external_id);
    if (in.duration_seconds) append_query_param(out.body, "DurationSeconds", std::to_string(*in.duration_seconds));
}

std::optional<error> assume_role::parse(const http::response& r, input&, output& out, const parse_context&) {
    return parse_sts_credentials(op.name, r, out);
}

}  // namespace awsconnect::operation
