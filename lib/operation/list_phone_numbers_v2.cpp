#include "operation/list_phone_numbers_v2.hpp"

#include "operation/json_members.hpp"

namespace awsconnect::operation {

std::optional<error> list_phone_numbers_v2::validate(const input& in, const validation_context& ctx) {
    if (auto e = check_target(in.target_arn, in.instance_id, target_rule::at_most_one, ctx)) return e;
    if (in.max_results)
        if (auto e = check_range("MaxResults", *in.max_results, 1, 1000)) return e;
    if (auto e = check_next_token(in.next_token)) return e;
    if (in.phone_number_country_codes.size() > 10)
        return make_error(errc::invalid_input, "PhoneNumberCountryCodes has " +
                                                   std::to_string(in.phone_number_country_codes.size()) +
                                                   " entries; at most 10 are allowed");
    for (const auto& c : in.phone_number_country_codes)
        if (auto e = check_enum("PhoneNumberCountryCodes", c, country_codes())) return e;
    if (in.phone_number_types.size() > 6)
        return make_error(errc::invalid_input, "PhoneNumberTypes has " + std::to_string(in.phone_number_types.size()) +
                                                   " entries; at most 6 are allowed");
    for (const auto& t : in.phone_number_types)
        if (auto e = check_enum("PhoneNumberTypes", t, phone_number_types())) return e;
    return check_phone_number_prefix(in.phone_number_prefix);
}

void list_phone_numbers_v2::serialize(const input& in, std::string_view, serialized_input& out) {
    out.clear();
    out.path = "/phone-number/list";
    boost::json::object b;
    json::put(b, "TargetArn", in.target_arn);
    json::put(b, "InstanceId", in.instance_id);
    json::put(b, "MaxResults", in.max_results);
    json::put(b, "NextToken", in.next_token);
    json::put(b, "PhoneNumberCountryCodes", in.phone_number_country_codes);
    json::put(b, "PhoneNumberTypes", in.phone_number_types);
    json::put(b, "PhoneNumberPrefix", in.phone_number_prefix);
    json::write_body(b, out.body);
}

std::optional<error> list_phone_numbers_v2::parse(const http::response& r, input&, output& out, const parse_context&) {
    boost::json::object body;
    if (auto problem = json::parse_object(r.body, body)) return malformed_output(op.name, *problem);
    std::optional<json::shape_error> bad;
    json::reader root(body, {}, bad);
    root.get("NextToken", out.next_token);
    root.get_array("ListPhoneNumbersSummaryList", [&](json::reader& s) {
        auto& o = out.list_phone_numbers_summary_list.emplace_back();
        s.get("PhoneNumberId", o.phone_number_id);
        s.get("PhoneNumberArn", o.phone_number_arn);
        s.get("PhoneNumber", o.phone_number);
        s.get("PhoneNumberCountryCode", o.phone_number_country_code);
        s.get("PhoneNumberType", o.phone_number_type);
        s.get("TargetArn", o.target_arn);
        s.get("InstanceId", o.instance_id);
        s.get("PhoneNumberDescription", o.phone_number_description);
        s.get("SourcePhoneNumberArn", o.source_phone_number_arn);
    });
    if (bad) return malformed_output(op.name, bad->where + ": " + bad->what);
    return std::nullopt;
}

}  // namespace awsconnect::operation
