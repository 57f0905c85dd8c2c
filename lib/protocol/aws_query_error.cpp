#include "protocol/aws_query_error.hpp"

#include "protocol/parse_error.hpp"
#include "protocol/xml_document.hpp"

namespace awsconnect::protocol {

outcome aws_query_failure_of(const http::response& r) {
    if (r.status >= 200 && r.status <= 299) return std::nullopt;
    // Every string taken from the response (header, status line, document, body) is server
    // text: bounded, control characters replaced, made well-formed UTF-8.
    std::string code, message, request_id = bounded_server_text(r.request_id, max_header_text_bytes);
    if (auto doc = xml_document::parse(r.body); doc && doc->root() == "ErrorResponse") {
        if (auto c = doc->text("ErrorResponse/Error/Code")) code = bounded_server_text(*c, max_header_text_bytes);
        if (auto m = doc->text("ErrorResponse/Error/Message")) message = bounded_server_text(*m, max_json_message_bytes);
        if (request_id.empty())
            if (auto id = doc->text("ErrorResponse/RequestId")) request_id = bounded_server_text(*id, max_header_text_bytes);
    } else {
        message = bounded_server_text(r.body, max_raw_message_bytes);
    }
    if (message.empty())
        message = bounded_server_text(r.reason.empty() ? standard_reason_phrase(r.status) : std::string_view(r.reason),
                                      max_raw_message_bytes);
    service_failure f;
    f.http_status = r.status;
    f.code = map_service_error(code, r.status, message);
    f.service_code = code.empty() ? std::to_string(r.status) : code;
    f.raw_code = code;
    f.message = std::move(message);
    f.request_id = std::move(request_id);
    return f;
}

}  // namespace awsconnect::protocol
