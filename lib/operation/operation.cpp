#include "operation/operation.hpp"

#include "http/uri_encode.hpp"

namespace awsconnect::operation {

error malformed_output(std::string_view operation, std::string_view what) {
    std::string m(operation);
    m += " succeeded, but its response could not be read: ";
    m += what;
    return make_error(errc::malformed_response, std::move(m));
}

void append_path_label(std::string& out, std::string_view prefix, std::string_view label, std::string_view suffix) {
    out.append(prefix);
    http::append_uri_encoded(out, label, /*keep_slash=*/false);
    out.append(suffix);
}

}  // namespace awsconnect::operation
