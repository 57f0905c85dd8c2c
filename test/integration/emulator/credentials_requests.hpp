// Test helper: requests to the emulator's credentials services, built by hand as the SDKs
// send them (STS awsQuery forms, SSO GetRoleCredentials, SSO-OIDC CreateToken), web
// identity tokens (JWTs) built from JSON, and reading one element of an XML answer.
#pragma once

#include "http/uri_encode.hpp"
#include "signed_request.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsconnect::emulator::test {

/// POST / with a form body of `fields` (percent-encoded), unsigned.
inline test_request sts_request(const std::vector<std::pair<std::string, std::string>>& fields) {
    test_request r;
    r.method = "POST";
    r.path = "/";
    for (const auto& [n, v] : fields) {
        if (!r.body.empty()) r.body.push_back('&');
        r.body += http::uri_encode(n) + "=" + http::uri_encode(v);
    }
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                 {"User-Agent", "awsconnect-test"}};
    return r;
}

/// AssumeRole's form (DurationSeconds only when given), unsigned.
inline test_request assume_role_request(std::string role_arn, std::string session,
                                        std::string duration = {}) {
    std::vector<std::pair<std::string, std::string>> f = {
        {"Action", "AssumeRole"}, {"Version", "2011-06-15"}, {"RoleArn", std::move(role_arn)},
        {"RoleSessionName", std::move(session)}};
    if (!duration.empty()) f.emplace_back("DurationSeconds", std::move(duration));
    return sts_request(f);
}

/// AssumeRole signed by `s` for STS (its service set to "sts").
inline test_request signed_assume_role(std::string role_arn, std::string session, signer s,
                                       std::string duration = {}) {
    test_request r = assume_role_request(std::move(role_arn), std::move(session), std::move(duration));
    s.service = "sts";
    s.sign(r);
    return r;
}

inline test_request web_identity_request(std::string role_arn, std::string session,
                                         std::string token) {
    return sts_request({{"Action", "AssumeRoleWithWebIdentity"},
                        {"Version", "2011-06-15"},
                        {"RoleArn", std::move(role_arn)},
                        {"RoleSessionName", std::move(session)},
                        {"WebIdentityToken", std::move(token)}});
}

/// GET /federation/credentials?role_name=&account_id= with the bearer token (none when
/// `token` is empty).
inline test_request role_credentials_request(std::string_view role, std::string_view account,
                                             std::string_view token) {
    test_request r;
    r.method = "GET";
    r.path = "/federation/credentials";
    r.query = "role_name=" + http::uri_encode(role) + "&account_id=" + http::uri_encode(account);
    r.headers = {{"User-Agent", "awsconnect-test"}};
    if (!token.empty()) r.headers.emplace_back("x-amz-sso_bearer_token", std::string(token));
    return r;
}

/// POST /token with a JSON body.
inline test_request create_token_request(std::string body) {
    test_request r;
    r.method = "POST";
    r.path = "/token";
    r.body = std::move(body);
    r.headers = {{"Content-Type", "application/json"}, {"User-Agent", "awsconnect-test"}};
    return r;
}

inline std::string base64url(std::string_view bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8 |
                           (unsigned char)bytes[i + 2];
        for (int k = 3; k >= 0; --k) out.push_back(alphabet[(v >> (6 * k)) & 63]);
    }
    if (bytes.size() - i == 1) {
        const unsigned v = (unsigned char)bytes[i] << 16;
        out.push_back(alphabet[(v >> 18) & 63]);
        out.push_back(alphabet[(v >> 12) & 63]);
    } else if (bytes.size() - i == 2) {
        const unsigned v = (unsigned char)bytes[i] << 16 | (unsigned char)bytes[i + 1] << 8;
        out.push_back(alphabet[(v >> 18) & 63]);
        out.push_back(alphabet[(v >> 12) & 63]);
        out.push_back(alphabet[(v >> 6) & 63]);
    }
    return out;
}

/// header.payload.signature, each base64url without padding.
inline std::string make_jwt(std::string_view payload_json,
                            std::string_view header_json = R"({"alg":"RS256","kid":"k1"})") {
    return base64url(header_json) + "." + base64url(payload_json) + "." + base64url("signature");
}

/// The text of the first <name>...</name> in `xml`; "<absent>" if there is none.
inline std::string xml_element(std::string_view xml, std::string_view name) {
    const std::string open = "<" + std::string(name) + ">";
    const std::string close = "</" + std::string(name) + ">";
    const auto a = xml.find(open);
    if (a == std::string_view::npos) return "<absent>";
    const auto b = xml.find(close, a);
    if (b == std::string_view::npos) return "<absent>";
    return std::string(xml.substr(a + open.size(), b - a - open.size()));
}

}  // namespace awsconnect::emulator::test
