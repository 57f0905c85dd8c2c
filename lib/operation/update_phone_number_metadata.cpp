#include "operation/update_phone_number_metadata.hpp"

#include "operation/json_members.hpp"

namespace awsconnect::operation {

std::optional<error> update_phone_number_metadata::validate(const input& in, const validation_context& ctx) {
    if (auto e = check_phone_number_id(in.phone_number_id, ctx)) return e;
    if (auto e = check_description(in.phone_number_description)) return e;
    return check_client_token(in.client_token);
}

void update_phone_number_metadata::serialize(const input& in, std::string_view token, serialized_input& out) {
    out.clear();
    append_path_label(out.path, "/phone-number/", in.phone_number_id, "/metadata");
    boost::json::object b;
    json::put(b, "PhoneNumberDescription", in.phone_number_description);
    json::put(b, "ClientToken", token);
    json::write_body(b, out.body);
}

std::optional<error> update_phone_number_metadata::parse(const http::response&, input& in, output& out,
                                                         const parse_context&) {
    out.phone_number_id = std::move(in.phone_number_id);
    return std::nullopt;
}

}  // namespace awsconnect::operation
