#include "operation/claim_phone_number.hpp"

#include "operation/json_members.hpp"

namespace awsconnect::operation {

std::optional<error> claim_phone_number::validate(const input& in, const validation_context& ctx) {
    if (auto e = check_target(in.target_arn, in.instance_id, target_rule::exactly_one, ctx)) return e;
    if (auto e = check_phone_number(in.phone_number)) return e;
    if (auto e = check_description(in.phone_number_description)) return e;
    if (auto e = check_tags(in.tags)) return e;
    return check_client_token(in.client_token);
}

void claim_phone_number::serialize(const input& in, std::string_view token, serialized_input& out) {
    out.clear();
    out.path = "/phone-number/claim";
    boost::json::object b;
    json::put(b, "TargetArn", in.target_arn);
    json::put(b, "InstanceId", in.instance_id);
    json::put(b, "PhoneNumber", in.phone_number);
    json::put(b, "PhoneNumberDescription", in.phone_number_description);
    json::put(b, "Tags", in.tags);
    json::put(b, "ClientToken", token);
    json::write_body(b, out.body);
}

std::optional<error> parse_phone_number_id_and_arn(std::string_view operation, const http::response& r,
                                                   std::string& id, std::string& arn) {
    boost::json::object body;
    if (auto problem = json::parse_object(r.body, body)) return malformed_output(operation, *problem);
    std::optional<json::shape_error> bad;
    json::reader root(body, {}, bad);
    root.get("PhoneNumberId", id);
    root.get("PhoneNumberArn", arn);
    if (bad) return malformed_output(operation, bad->where + ": " + bad->what);
    return std::nullopt;
}

std::optional<error> claim_phone_number::parse(const http::response& r, input&, output& out, const parse_context&) {
    return parse_phone_number_id_and_arn(op.name, r, out.phone_number_id, out.phone_number_arn);
}

}  // namespace awsconnect::operation
