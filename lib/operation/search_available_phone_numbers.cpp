#include "operation/search_available_phone_numbers.hpp"

#include "operation/json_members.hpp"

namespace awsconnect::operation {

std::optional<error> search_available_phone_numbers::validate(const input& in, const validation_context& ctx) {
    if (auto e = check_target(in.target_arn, in.instance_id, target_rule::exactly_one, ctx)) return e;
    if (auto e = check_enum("PhoneNumberCountryCode", in.phone_number_country_code, country_codes())) return e;
    if (auto e = check_enum("PhoneNumberType", in.phone_number_type, phone_number_types())) return e;
    if (auto e = check_phone_number_prefix(in.phone_number_prefix)) return e;
    if (in.max_results)
        if (auto e = check_range("MaxResults", *in.max_results, 1, 10)) return e;
    return check_next_token(in.next_token);
}

void search_available_phone_numbers::serialize(const input& in, std::string_view, serialized_input& out) {
    out.clear();
    out.path = "/phone-number/search-available";
    boost::json::object b;
    json::put(b, "TargetArn", in.target_arn);
    json::put(b, "InstanceId", in.instance_id);
    json::put(b, "PhoneNumberCountryCode", in.phone_number_country_code);
    json::put(b, "PhoneNumberType", in.phone_number_type);
    json::put(b, "PhoneNumberPrefix", in.phone_number_prefix);
    json::put(b, "MaxResults", in.max_results);
    json::put(b, "NextToken", in.next_token);
    json::write_body(b, out.body);
}

std::optional<error> search_available_phone_numbers::parse(const http::response& r, input&, output& out,
                                                           const parse_context&) {
    boost::json::object body;
    if (auto problem = json::parse_object(r.body, body)) return malformed_output(op.name, *problem);
    std::optional<json::shape_error> bad;
    json::reader root(body, {}, bad);
    root.get("NextToken", out.next_token);
    root.get_array("AvailableNumbersList", [&](json::reader& s) {
        auto& o = out.available_numbers_list.emplace_back();
        s.get("PhoneNumber", o.phone_number);
        s.get("PhoneNumberCountryCode", o.phone_number_country_code);
        s.get("PhoneNumberType", o.phone_number_type);
    });
    if (bad) return malformed_output(op.name, bad->where + ": " + bad->what);
    return std::nullopt;
}

}  // namespace awsconnect::operation
