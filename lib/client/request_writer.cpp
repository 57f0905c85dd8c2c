#include "client/request_writer.hpp"

#include <charconv>

namespace awsconnect::detail {

request_target begin_request(std::string& out, std::string_view method, std::string_view base_path,
                             std::string_view path, std::string_view query, std::size_t extra_room) {
    out.clear();
    out.reserve(32 + method.size() + base_path.size() + path.size() + query.size() + extra_room);
    out.append(method);
    out.push_back(' ');
    const std::size_t path_begin = out.size();
    out.append(base_path);
    out.append(path);
    const std::size_t path_end = out.size();
    std::size_t query_end = path_end;
    if (!query.empty()) {
        out.push_back('?');
        out.append(query);
        query_end = out.size();
    }
    out.append(" HTTP/1.1\r\n");
    const std::string_view all(out);
    const std::string_view q = query.empty() ? std::string_view{} : all.substr(path_end + 1, query_end - path_end - 1);
    return {all.substr(path_begin, path_end - path_begin), q};
}

std::size_t header_room(const request_headers& h, std::size_t body_size) {
    return 400 + h.host.size() + h.security_token.size() + h.invocation_id.size() + h.user_agent.size() +
           h.content_type.size() + h.bearer_token.size() + body_size;
}

void finish_request(std::string& out, const request_headers& h, const sigv4::signing_output* sig,
                    std::string_view body) {
    auto header = [&](std::string_view name, std::string_view value) {
        out.append(name);
        out.append(": ");
        out.append(value);
        out.append("\r\n");
    };
    header("Host", h.host);
    if (sig) {
        header("X-Amz-Date", sig->amz_date);
        if (sig->add_security_token) header("X-Amz-Security-Token", h.security_token);
        header("Authorization", sig->authorization);
    }
    if (!h.bearer_token.empty()) header("x-amz-sso_bearer_token", h.bearer_token);
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
    if (!h.content_type.empty()) {
        header("Content-Type", h.content_type);
        const auto end = std::to_chars(buf, buf + sizeof buf, body.size()).ptr;
        header("Content-Length", std::string_view(buf, static_cast<std::size_t>(end - buf)));
    }
    out.append("\r\n");
    out.append(body);
}

}  // namespace awsconnect::detail
