#include "operation/release_phone_number_http.hpp"

#include "http/uri_encode.hpp"

namespace awsconnect::operation {

void append_release_phone_number_path(std::string& out, std::string_view phone_number_id) {
    out.append(release_phone_number_path_prefix);
    http::append_uri_encoded(out, phone_number_id, /*keep_slash=*/false);
}

void append_release_phone_number_query(std::string& out, std::string_view client_token) {
    out.append("clientToken=");
    http::append_uri_encoded(out, client_token, /*keep_slash=*/false);
}

}  // namespace awsconnect::operation
