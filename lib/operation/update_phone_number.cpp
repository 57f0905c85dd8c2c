#include "operation/update_phone_number.hpp"

#include "operation/claim_phone_number.hpp"
#include "operation/json_members.hpp"

namespace awsconnect::operation {

std::optional<error> update_phone_number::validate(const input& in, const validation_context& ctx) {
    if (auto e = check_phone_number_id(in.phone_number_id, ctx)) return e;
    if (auto e = check_target(in.target_arn, in.instance_id, target_rule::exactly_one, ctx)) return e;
    return check_client_token(in.client_token);
}

void update_phone_number::serialize(const input& in, std::string_view token, serialized_input& out) {
    out.clear();
    append_path_label(out.path, "/phone-number/", in.phone_number_id);
    boost::json::object b;
    json::put(b, "TargetArn", in.target_arn);
    json::put(b, "InstanceId", in.instance_id);
    json::put(b, "ClientToken", token);
    json::write_body(b, out.body);
}

std::optional<error> update_phone_number::parse(const http::response& r, input&, output& out, const parse_context&) {
    return parse_phone_number_id_and_arn(op.name, r, out.phone_number_id, out.phone_number_arn);
}

}  // namespace awsconnect::operation
