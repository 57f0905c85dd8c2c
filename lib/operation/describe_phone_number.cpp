#include "operation/describe_phone_number.hpp"

#include "operation/json_members.hpp"

namespace awsconnect::operation {

std::optional<error> describe_phone_number::validate(const input& in, const validation_context& ctx) {
    return check_phone_number_id(in.phone_number_id, ctx);
}

void describe_phone_number::serialize(const input& in, std::string_view, serialized_input& out) {
    out.clear();
    append_path_label(out.path, "/phone-number/", in.phone_number_id);
}

std::optional<error> describe_phone_number::parse(const http::response& r, input&, output& out, const parse_context&) {
    boost::json::object body;
    if (auto problem = json::parse_object(r.body, body)) return malformed_output(op.name, *problem);
    std::optional<json::shape_error> bad;
    json::reader root(body, {}, bad);
    root.get_object("ClaimedPhoneNumberSummary", [&](json::reader& s) {
        auto& o = out.claimed_phone_number_summary;
        s.get("PhoneNumberId", o.phone_number_id);
        s.get("PhoneNumberArn", o.phone_number_arn);
        s.get("PhoneNumber", o.phone_number);
        s.get("PhoneNumberCountryCode", o.phone_number_country_code);
        s.get("PhoneNumberType", o.phone_number_type);
        s.get("PhoneNumberDescription", o.phone_number_description);
        s.get("TargetArn", o.target_arn);
        s.get("InstanceId", o.instance_id);
        s.get("Tags", o.tags);
        s.get_object("PhoneNumberStatus", [&](json::reader& st) {
            st.get("Status", o.phone_number_status.status);
            st.get("Message", o.phone_number_status.message);
        });
        s.get("SourcePhoneNumberArn", o.source_phone_number_arn);
    });
    if (bad) return malformed_output(op.name, bad->where + ": " + bad->what);
    return std::nullopt;
}

}  // namespace awsconnect::operation
