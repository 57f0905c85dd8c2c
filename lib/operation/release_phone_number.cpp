#include "operation/release_phone_number.hpp"

#include "http/uri_encode.hpp"

namespace awsconnect::operation {

std::optional<error> release_phone_number::validate(const input& in, const validation_context& ctx) {
    if (auto e = check_phone_number_id(in.phone_number_id, ctx)) return e;
    return check_client_token(in.client_token);
}

void append_release_phone_number_path(std::string& out, std::string_view phone_number_id) {
    append_path_label(out, "/phone-number/", phone_number_id);
}

void append_release_phone_number_query(std::string& out, std::string_view client_token) {
    out.append("clientToken=");
    http::append_uri_encoded(out, client_token, /*keep_slash=*/false);
}

void release_phone_number::serialize(const input& in, std::string_view token, serialized_input& out) {
    out.clear();
    append_release_phone_number_path(out.path, in.phone_number_id);
    append_release_phone_number_query(out.query, token);
}

std::optional<error> release_phone_number::parse(const http::response&, input& in, output& out,
                                                 const parse_context& ctx) {
    out.phone_number_id = std::move(in.phone_number_id);
    out.released_at = ctx.now;
    return std::nullopt;
}

}  // namespace awsconnect::operation
