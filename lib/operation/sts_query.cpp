#include "operation/sts_query.hpp"

#include "http/uri_encode.hpp"
#include "operation/operation.hpp"
#include "protocol/xml_document.hpp"

namespace awsconnect::operation {

void begin_query_body(std::string& body, std::string_view action) {
    body.clear();
    body.append("Action=");
    http::append_uri_encoded(body, action, /*keep_slash=*/false);
    body.append("&Version=");
    body.append(sts_api_version);
}

void append_query_param(std::string& body, std::string_view name, std::string_view value) {
    body.push_back('&');
    http::append_uri_encoded(body, name, /*keep_slash=*/false);
    body.push_back('=');
    http::append_uri_encoded(body, value, /*keep_slash=*/false);
}

std::string account_id_of_arn(std::string_view arn) {
    // arn:partition:service:region:account:resource
    std::size_t pos = 0;
    for (int field = 0; field < 4; ++field) {
        pos = arn.find(':', pos);
        if (pos == std::string_view::npos) return {};
        ++pos;
    }
    if (!arn.starts_with("arn:")) return {};
    const std::size_t end = arn.find(':', pos);
    if (end == std::string_view::npos) return {};
    const std::string_view account = arn.substr(pos, end - pos);
    if (account.size() != 12) return {};
    for (char c : account)
        if (c < '0' || c > '9') return {};
    return std::string(account);
}

std::optional<error> parse_sts_credentials(std::string_view action, const http::response& r,
                                           sts_credentials_output& out) {
    std::string why;
    auto doc = protocol::xml_document::parse(r.body, &why);
    if (!doc) return malformed_output(action, why);
    const std::string response = std::string(action) + "Response";
    if (doc->root() != response)
        return malformed_output(action, "the document is not " + response + " (its root is " +
                                            (doc->root().empty() ? std::string("empty") : doc->root()) + ")");
    const std::string base = response + "/" + std::string(action) + "Result/";
    auto member = [&](std::string_view path, std::string& into) -> std::optional<error> {
        auto v = doc->text(base + std::string(path));
        if (!v || v->empty()) return malformed_output(action, std::string(path) + " is missing");
        into.assign(*v);
        return std::nullopt;
    };
    if (auto e = member("Credentials/AccessKeyId", out.access_key_id)) return e;
    if (auto e = member("Credentials/SecretAccessKey", out.secret_access_key)) return e;
    if (auto e = member("Credentials/SessionToken", out.session_token)) return e;
    if (auto e = member("Credentials/Expiration", out.expiration)) return e;
    if (auto arn = doc->text(base + "AssumedRoleUser/Arn")) {
        out.assumed_role_arn.assign(*arn);
        out.account_id = account_id_of_arn(*arn);
    }
    return std::nullopt;
}

namespace {

error invalid(std::string message) { return make_error(errc::invalid_parameter, std::move(message)); }

std::string printable(std::string_view s) {
    std::string out;
    for (char c : s) out.push_back(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f ? c : '?');
    return out;
}

}  // namespace

std::optional<error> check_role_arn(std::string_view role_arn) {
    if (role_arn.size() < 20 || role_arn.size() > 2048)
        return invalid("RoleArn \"" + printable(role_arn.substr(0, 100)) +
                       "\" must be 20 to 2048 characters (is " + std::to_string(role_arn.size()) + ")");
    return std::nullopt;
}

std::optional<error> check_role_session_name(std::string_view name) {
    // roleSessionNameType: 2 to 64 of [\w+=,.@-].
    if (name.size() < 2 || name.size() > 64)
        return invalid("RoleSessionName \"" + printable(name.substr(0, 100)) + "\" must be 2 to 64 characters (is " +
                       std::to_string(name.size()) + ")");
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
        if (!ok)
            return invalid("RoleSessionName \"" + printable(name) +
                           "\" may only contain letters, digits and _+=,.@-");
    }
    return std::nullopt;
}

std::optional<error> check_duration_seconds(const std::optional<int>& seconds) {
    if (seconds && (*seconds < 900 || *seconds > 43200))
        return invalid("DurationSeconds must be 900 to 43200 (is " + std::to_string(*seconds) + ")");
    return std::nullopt;
}

}  // namespace awsconnect::operation
