#include "client/request_writer.hpp"

#include "operation/release_phone_number_http.hpp"

#include <charconv>

namespace awsconnect::detail {

request_target begin_release_request(std::string& out, std::string_view base_path,
                                     std::string_view phone_number_id, std::string_view client_token,
                                     std::size_t header_room) {
    out.clear();
    // Worst case: every byte of id and token percent-encoded (x3).
    out.reserve(64 + base_path.size() + 3 * phone_number_id.size() + 3 * client_token.size() + header_room);
    out.append("DELETE ");
    const std::size_t path_begin = out.size();
    out.append(base_path);
    operation::append_release_phone_number_path(out, phone_number_id);
    const std::size_t path_end = out.size();
    out.push_back('?');
    operation::append_release_phone_number_query(out, client_token);
    const std::size_t query_end = out.size();
    out.append(" HTTP/1.1\r\n");
    const std::string_view all(out);
    return {all.substr(path_begin, path_end - path_begin), all.substr(path_end + 1, query_end - path_end - 1)};
}

std::size_t header_room(const request_headers& h) {
    return 320 + h.host.size() + h.security_token.size() + h.invocation_id.size() + h.user_agent.size();
}

void finish_release_request(std::string& out, const request_headers& h, const sigv4::signing_output& sig) {
    auto header = [&](std::string_view name, std::string_view value) {
        out.append(name);
        out.append(": ");
        out.append(value);
        out.append("\r\n");
    };
    header("Host", h.host);
    header("X-Amz-Date", sig.amz_date);
    if (sig.add_security_token) header("X-Amz-Security-Token", h.security_token);
    header("Authorization", sig.authorization);
    header("amz-sdk-invocation-id", h.invocation_id);
    char buf[64];
    char* p = buf;
    auto put = [&](std::string_view s) {
        for (char c : s) *p++ = c;
    };
    put("attempt=");
    p = std::to_chars(p, buf + sizeof buf, h.attempt).ptr;
    put("; max=");
    p = std::to_chars(p, buf + sizeof buf, h.max_attempts).ptr;
    header("amz-sdk-request", std::string_view(buf, static_cast<std::size_t>(p - buf)));
    header("User-Agent", h.user_agent);
    out.append("\r\n");
}

}  // namespace awsconnect::detail
