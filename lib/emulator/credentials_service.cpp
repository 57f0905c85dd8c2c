#include "emulator/credentials_service.hpp"

#include "emulator/model_rules.hpp"
#include "emulator/response_writer.hpp"
#include "error/utf8.hpp"
#include "http/uri_encode.hpp"

#include <awsconnect/envelope.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>

namespace awsconnect::emulator {
namespace {

using std::chrono::system_clock;

constexpr std::string_view sts_version = "2011-06-15";
constexpr std::string_view sts_namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
constexpr std::chrono::seconds min_duration{900}, max_duration{43200}, default_duration{3600};

// ---------------------------------------------------------------------------------------
// STS answers

void begin_sts_document(std::string& body, std::string_view root) {
    body.assign("<").append(root).append(" xmlns=\"").append(sts_namespace).append("\">\n");
}

void append_element(std::string& body, std::string_view indent, std::string_view name,
                    std::string_view text) {
    body.append(indent).append("<").append(name).append(">");
    append_xml_text(body, text);
    body.append("</").append(name).append(">\n");
}

// An ErrorResponse (Type Sender): `code` a string literal.
void set_sts_error(response& r, int status, std::string_view code, std::string_view message,
                   outcome o = outcome::invalid_parameter) {
    r.status = status;
    r.result = o;
    r.content_type = "text/xml";
    begin_sts_document(r.body, "ErrorResponse");
    r.body.append("  <Error>\n");
    append_element(r.body, "    ", "Type", "Sender");
    append_element(r.body, "    ", "Code", code);
    append_element(r.body, "    ", "Message", message);
    r.body.append("  </Error>\n");
    append_element(r.body, "  ", "RequestId", r.request_id);
    r.body.append("</ErrorResponse>\n");
}

std::string_view sts_code_of(auth_status s) noexcept {
    switch (s) {
        case auth_status::missing_token: return "MissingAuthenticationToken";
        case auth_status::incomplete_signature: return "IncompleteSignature";
        case auth_status::unrecognized_client: return "InvalidClientTokenId";
        case auth_status::expired_token: return "ExpiredToken";
        case auth_status::invalid_signature:
        case auth_status::signature_expired:
        case auth_status::ok: break;
    }
    return "SignatureDoesNotMatch";
}

// Client text echoed in a message: at most 64 bytes (XML-escaped when written).
std::string_view shown(std::string_view s) noexcept { return s.substr(0, 64); }

std::string validation(std::string_view what) { return "1 validation error detected: " + std::string(what); }

bool matches_session_name(std::string_view s) noexcept {
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
    });
}

// The members AssumeRole and AssumeRoleWithWebIdentity share, checked.
struct role_request {
    std::string_view role_arn, session_name;
    role_ref role;
    std::chrono::seconds duration = default_duration;
};

// False with the ValidationError's message in `why`.
bool read_role_request(const form_fields& form, role_request& out, std::string& why) {
    const auto arn = form_value(form, "RoleArn");
    if (!arn) {
        why = validation("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        return false;
    }
    if (arn->size() < 20 || arn->size() > 2048) {
        why = validation("Value '" + std::string(shown(*arn)) +
                         "' at 'roleArn' failed to satisfy constraint: Member must have length "
                         "between 20 and 2048");
        return false;
    }
    if (!parse_role_arn(*arn, out.role)) {
        why = "'" + std::string(shown(*arn)) +
              "' is not a role ARN (arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME)";
        return false;
    }
    out.role_arn = *arn;
    const auto name = form_value(form, "RoleSessionName");
    if (!name) {
        why = validation("Value null at 'roleSessionName' failed to satisfy constraint: Member "
                         "must not be null");
        return false;
    }
    if (name->size() < 2 || name->size() > 64) {
        why = validation("Value '" + std::string(shown(*name)) +
                         "' at 'roleSessionName' failed to satisfy constraint: Member must have "
                         "length between 2 and 64");
        return false;
    }
    if (!matches_session_name(*name)) {
        why = validation("Value '" + std::string(shown(*name)) +
                         "' at 'roleSessionName' failed to satisfy constraint: Member must "
                         "satisfy regular expression pattern: [\\w+=,.@-]*");
        return false;
    }
    out.session_name = *name;
    if (const auto d = form_value(form, "DurationSeconds")) {
        std::int64_t v = 0;
        const auto r = std::from_chars(d->data(), d->data() + d->size(), v);
        if (r.ec != std::errc{} || r.ptr != d->data() + d->size()) {
            why = validation("Value '" + std::string(shown(*d)) +
                             "' at 'durationSeconds' failed to satisfy constraint: Member must be "
                             "an integer");
            return false;
        }
        if (v < min_duration.count() || v > max_duration.count()) {
            why = validation("Value '" + std::to_string(v) +
                             "' at 'durationSeconds' failed to satisfy constraint: Member must "
                             "have value " +
                             (v < min_duration.count() ? "greater than or equal to 900"
                                                       : "less than or equal to 43200"));
            return false;
        }
        out.duration = std::chrono::seconds(v);
    }
    return true;
}

bool role_allowed(const service_settings& s, const role_ref& role, std::string_view arn) {
    if (role.partition != s.partition) return false;
    if (s.roles.empty()) return role.account == s.account_id;
    return std::find(s.roles.begin(), s.roles.end(), arn) != s.roles.end();
}

// Credentials and AssumedRoleUser, the body of a successful answer up to the result's
// operation-specific members.
void append_assumed(std::string& body, const service_settings& s, const role_request& rr,
                    const credential& c, std::string_view role_id) {
    body.append("    <Credentials>\n");
    append_element(body, "      ", "AccessKeyId", c.access_key_id);
    append_element(body, "      ", "SecretAccessKey", c.secret_access_key);
    append_element(body, "      ", "SessionToken", c.session_token);
    append_element(body, "      ", "Expiration", format_iso8601(*c.expiration));
    body.append("    </Credentials>\n");
    body.append("    <AssumedRoleUser>\n");
    append_element(body, "      ", "AssumedRoleId",
                   std::string(role_id) + ":" + std::string(rr.session_name));
    std::string arn = "arn:";
    arn.append(s.partition).append(":sts::").append(rr.role.account).append(":assumed-role/");
    arn.append(rr.role.name).append("/").append(rr.session_name);
    append_element(body, "      ", "Arn", arn);
    body.append("    </AssumedRoleUser>\n");
}

void end_sts_document(std::string& body, std::string_view result, std::string_view root,
                      std::string_view request_id) {
    body.append("  </").append(result).append(">\n");
    body.append("  <ResponseMetadata>\n");
    append_element(body, "    ", "RequestId", request_id);
    body.append("  </ResponseMetadata>\n");
    body.append("</").append(root).append(">\n");
}

bool is_form(const request_view& req) noexcept {
    for (const auto& f : req.headers) {
        if (!iequals(f.name, "content-type")) continue;
        std::string_view v = f.value;
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        constexpr std::string_view form = "application/x-www-form-urlencoded";
        return v.size() >= form.size() && iequals(v.substr(0, form.size()), form) &&
               (v.size() == form.size() || v[form.size()] == ';' || v[form.size()] == ' ');
    }
    return false;
}

void assume_role(const request_view& req, const form_fields& form, const service_settings& s,
                 identity_store& ids, system_clock::time_point now,
                 sigv4::signing_key_cache& keys, request_scratch& scratch, response& out) {
    out.identity_op = identity_operation::assume_role;
    auth_settings auth = s.sts_auth;
    auth.issued = &ids;
    const auth_status st = authenticate(req, auth, now, keys, scratch.auth, scratch.message);
    if (st != auth_status::ok) {
        set_sts_error(out, 403, sts_code_of(st), scratch.message, outcome::invalid_signature);
        return;
    }
    role_request rr;
    if (!read_role_request(form, rr, scratch.message)) {
        set_sts_error(out, 400, "ValidationError", scratch.message);
        return;
    }
    if (const auto ext = form_value(form, "ExternalId")) {
        const bool ok = ext->size() >= 2 && ext->size() <= 1224 &&
                        std::all_of(ext->begin(), ext->end(), [](char c) {
                            return matches_session_name(std::string_view(&c, 1)) || c == ':' ||
                                   c == '/';
                        });
        if (!ok) {
            set_sts_error(out, 400, "ValidationError",
                          validation("Value at 'externalId' failed to satisfy constraint: Member "
                                     "must have length between 2 and 1224 and satisfy regular "
                                     "expression pattern: [\\w+=,.@:\\/-]*"));
            return;
        }
    }
    if (!role_allowed(s, rr.role, rr.role_arn)) {
        std::string key = "?";
        for (const auto& f : req.headers)  // the caller's access key id (not a secret)
            if (iequals(f.name, "authorization")) {
                const auto at = f.value.find("Credential=");
                if (at != std::string_view::npos) {
                    const auto rest = f.value.substr(at + 11);
                    key = std::string(shown(rest.substr(0, rest.find('/'))));
                }
            }
        set_sts_error(out, 403, "AccessDenied",
                      "The caller (access key " + key +
                          ") is not authorized to perform: sts:AssumeRole on resource: " +
                          std::string(shown(rr.role_arn)) +
                          " (the emulator allows " +
                          (s.roles.empty() ? "any role of account " + s.account_id
                                           : std::string("the roles it was configured with")) +
                          ")",
                      outcome::access_denied);
        return;
    }
    const credential c = ids.issue_credential(now + rr.duration, now);
    const std::string role_id = ids.new_role_id();
    begin_sts_document(out.body, "AssumeRoleResponse");
    out.body.append("  <AssumeRoleResult>\n");
    append_assumed(out.body, s, rr, c, role_id);
    end_sts_document(out.body, "AssumeRoleResult", "AssumeRoleResponse", out.request_id);
    out.committed = true;
}

void assume_role_with_web_identity(const form_fields& form, const service_settings& s,
                                   identity_store& ids, system_clock::time_point now,
                                   request_scratch& scratch, response& out) {
    out.identity_op = identity_operation::assume_role_with_web_identity;
    role_request rr;
    if (!read_role_request(form, rr, scratch.message)) {
        set_sts_error(out, 400, "ValidationError", scratch.message);
        return;
    }
    // The token is a secret: never echoed.
    const auto token = form_value(form, "WebIdentityToken");
    if (!token) {
        set_sts_error(out, 400, "ValidationError",
                      validation("Value null at 'webIdentityToken' failed to satisfy "
                                 "constraint: Member must not be null"));
        return;
    }
    if (token->size() < 4 || token->size() > 20000) {
        set_sts_error(out, 400, "ValidationError",
                      validation("Value at 'webIdentityToken' failed to satisfy constraint: "
                                 "Member must have length between 4 and 20000"));
        return;
    }
    jwt_claims claims;
    std::string why;
    if (!read_jwt(*token, claims, why)) {
        set_sts_error(out, 400, "InvalidIdentityToken",
                      "The web identity token is not a well-formed JWT: " + why);
        return;
    }
    if (claims.exp) {
        const system_clock::time_point exp{std::chrono::seconds(*claims.exp)};
        if (exp <= now) {
            set_sts_error(out, 400, "ExpiredTokenException",
                          "Token expired: current date/time " + format_iso8601(now) +
                              " must be before the expiration date/time " +
                              format_iso8601(exp));
            return;
        }
    }
    if (!role_allowed(s, rr.role, rr.role_arn)) {
        set_sts_error(out, 403, "AccessDenied",
                      "Not authorized to perform sts:AssumeRoleWithWebIdentity on resource: " +
                          std::string(shown(rr.role_arn)),
                      outcome::access_denied);
        return;
    }
    const credential c = ids.issue_credential(now + rr.duration, now);
    const std::string role_id = ids.new_role_id();
    begin_sts_document(out.body, "AssumeRoleWithWebIdentityResponse");
    out.body.append("  <AssumeRoleWithWebIdentityResult>\n");
    append_element(out.body, "    ", "SubjectFromWebIdentityToken", claims.sub);
    if (!claims.aud.empty()) append_element(out.body, "    ", "Audience", claims.aud);
    if (!claims.iss.empty()) append_element(out.body, "    ", "Provider", claims.iss);
    append_assumed(out.body, s, rr, c, role_id);
    end_sts_document(out.body, "AssumeRoleWithWebIdentityResult",
                     "AssumeRoleWithWebIdentityResponse", out.request_id);
    out.committed = true;
}

// ---------------------------------------------------------------------------------------
// JSON answers (SSO, SSO-OIDC)

// An SSO-OIDC error: {"error": ..., "error_description": ...}; `type` a string literal.
void set_oidc_error(response& r, int status, std::string_view type, std::string_view error,
                    std::string_view description) {
    r.status = status;
    r.error_type = type;
    r.result = outcome::invalid_parameter;
    r.body.assign("{\"error\":");
    append_json_string(r.body, error);
    r.body.append(",\"error_description\":");
    append_json_string(r.body, description);
    r.body.push_back('}');
}

std::int64_t epoch_ms(system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::optional<std::string> base64url_decode(std::string_view s) {
    while (!s.empty() && s.back() == '=') s.remove_suffix(1);
    if (s.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(s.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char c : s) {
        int v = 0;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '-') v = 62;
        else if (c == '_') v = 63;
        else return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFF));
        }
    }
    return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------

form_fields parse_form(std::string_view body) {
    form_fields out;
    std::size_t pos = 0;
    auto decode = [](std::string_view s) {
        std::string plus;
        plus.reserve(s.size());
        for (const char c : s) plus.push_back(c == '+' ? ' ' : c);
        return http::percent_decode(plus);
    };
    while (pos <= body.size()) {
        const std::size_t amp = std::min(body.find('&', pos), body.size());
        const std::string_view pair = body.substr(pos, amp - pos);
        pos = amp + 1;
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        out.emplace_back(decode(pair.substr(0, eq)),
                         eq == std::string_view::npos ? std::string() : decode(pair.substr(eq + 1)));
    }
    return out;
}

std::optional<std::string_view> form_value(const form_fields& f, std::string_view name) {
    for (auto it = f.rbegin(); it != f.rend(); ++it)
        if (it->first == name) return std::string_view(it->second);
    return std::nullopt;
}

bool read_jwt(std::string_view token, jwt_claims& out, std::string& why) {
    out = {};
    const std::size_t d1 = token.find('.');
    const std::size_t d2 = d1 == std::string_view::npos ? d1 : token.find('.', d1 + 1);
    if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos) {
        why = "it must be three base64url parts separated by '.'";
        return false;
    }
    const auto header = base64url_decode(token.substr(0, d1));
    const auto payload = base64url_decode(token.substr(d1 + 1, d2 - d1 - 1));
    if (!header || !payload || header->empty() || payload->empty() ||
        !base64url_decode(token.substr(d2 + 1))) {
        why = "a part is empty or not base64url";
        return false;
    }
    boost::system::error_code ec;
    const boost::json::value h = boost::json::parse(*header, ec);
    if (ec || !h.is_object()) {
        why = "its header is not a JSON object";
        return false;
    }
    const boost::json::value p = boost::json::parse(*payload, ec);
    if (ec || !p.is_object()) {
        why = "its payload is not a JSON object";
        return false;
    }
    const auto& claims = p.get_object();
    const auto* sub = claims.if_contains("sub");
    if (sub == nullptr || !sub->is_string() || sub->get_string().empty()) {
        why = "its payload has no 'sub' (a non-empty string)";
        return false;
    }
    out.sub = std::string(sub->get_string());
    if (const auto* iss = claims.if_contains("iss"); iss != nullptr && iss->is_string())
        out.iss = std::string(iss->get_string());
    if (const auto* aud = claims.if_contains("aud"); aud != nullptr) {
        if (aud->is_string())
            out.aud = std::string(aud->get_string());
        else if (aud->is_array() && !aud->get_array().empty() && aud->get_array()[0].is_string())
            out.aud = std::string(aud->get_array()[0].get_string());
    }
    if (const auto* exp = claims.if_contains("exp"); exp != nullptr) {
        if (exp->is_int64())
            out.exp = exp->get_int64();
        else if (exp->is_uint64() && exp->get_uint64() <= std::uint64_t(INT64_MAX))
            out.exp = static_cast<std::int64_t>(exp->get_uint64());
        else if (exp->is_double() && exp->get_double() > -9.2e18 && exp->get_double() < 9.2e18)
            out.exp = static_cast<std::int64_t>(exp->get_double());
        else {
            why = "its 'exp' is not a number";
            return false;
        }
    }
    return true;
}

bool parse_role_arn(std::string_view arn, role_ref& out) noexcept {
    if (!arn.starts_with("arn:")) return false;
    std::string_view rest = arn.substr(4);
    const std::size_t c1 = rest.find(':');
    if (c1 == std::string_view::npos || c1 == 0) return false;
    out.partition = rest.substr(0, c1);
    rest = rest.substr(c1 + 1);
    if (!rest.starts_with("iam::")) return false;
    rest = rest.substr(5);
    const std::size_t c2 = rest.find(':');
    if (c2 == std::string_view::npos) return false;
    out.account = rest.substr(0, c2);
    if (!model::is_account_id(out.account)) return false;
    rest = rest.substr(c2 + 1);
    if (!rest.starts_with("role/") || rest.find(':') != std::string_view::npos) return false;
    out.name = rest.substr(rest.rfind('/') + 1);
    return !out.name.empty() && out.name.size() <= 64 && matches_session_name(out.name);
}

void append_xml_text(std::string& out, std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t n = utf8::sequence_length(s, i);
            if (n == 0) {
                out.append("\xEF\xBF\xBD");  // U+FFFD
                ++i;
            } else {
                out.append(s.substr(i, n));
                i += n;
            }
            continue;
        }
        switch (c) {
            case '&': out.append("&amp;"); break;
            case '<': out.append("&lt;"); break;
            case '>': out.append("&gt;"); break;
            case '\t':
            case '\n': out.push_back(static_cast<char>(c)); break;
            case '\r': out.append("&#13;"); break;
            default:
                if (c >= 0x20 && c != 0x7F) out.push_back(static_cast<char>(c));
        }
        ++i;
    }
}

void serve_sts(const request_view& req, const service_settings& settings, identity_store& ids,
               system_clock::time_point now, sigv4::signing_key_cache& keys,
               request_scratch& scratch, response& out) {
    out.content_type = "text/xml";
    out.request_id = ids.new_request_id();
    const form_fields form = is_form(req) ? parse_form(req.body) : form_fields{};
    const auto action = form_value(form, "Action");
    if (!action) {
        set_sts_error(out, 400, "MissingAction",
                      "The request must contain the parameter Action (an "
                      "application/x-www-form-urlencoded body: Action=AssumeRole&Version=2011-06-15&...).",
                      outcome::unknown_operation);
        return;
    }
    const auto version = form_value(form, "Version");
    const bool known = *action == "AssumeRole" || *action == "AssumeRoleWithWebIdentity";
    if (!known || version != sts_version) {
        set_sts_error(out, 400, "InvalidAction",
                      "Could not find operation " + std::string(shown(*action)) + " for version " +
                          std::string(shown(version.value_or(""))) +
                          " (the emulator serves AssumeRole and AssumeRoleWithWebIdentity, "
                          "version 2011-06-15)",
                      outcome::unknown_operation);
        return;
    }
    if (*action == "AssumeRole")
        assume_role(req, form, settings, ids, now, keys, scratch, out);
    else
        assume_role_with_web_identity(form, settings, ids, now, scratch, out);
}

void serve_get_role_credentials(const request_view& req, const service_settings& settings,
                                identity_store& ids, system_clock::time_point now,
                                response& out) {
    out.identity_op = identity_operation::get_role_credentials;
    std::string_view token;
    bool has_token = false;
    for (const auto& f : req.headers)
        if (iequals(f.name, "x-amz-sso_bearer_token")) {
            token = f.value;
            has_token = true;
        }
    if (!has_token || !ids.sso_token_valid(token, now)) {
        set_error(out, 401, "UnauthorizedException", "Session token not found or invalid",
                  outcome::unrecognized_client);
        return;
    }
    const form_fields query = parse_form(req.query());
    const auto role = form_value(query, "role_name");
    const auto account = form_value(query, "account_id");
    if (!role || role->empty() || !account || account->empty()) {
        set_error(out, 400, "InvalidRequestException",
                  "The query parameters role_name and account_id are required",
                  outcome::invalid_parameter);
        return;
    }
    bool allowed = false;
    if (settings.roles.empty()) {
        allowed = *account == settings.account_id;
    } else {
        for (const auto& arn : settings.roles) {
            role_ref r;
            if (parse_role_arn(arn, r) && r.partition == settings.partition &&
                r.account == *account && r.name == *role)
                allowed = true;
        }
    }
    if (!allowed) {
        set_error(out, 403, "ForbiddenException", "No access", outcome::access_denied);
        return;
    }
    const credential c = ids.issue_credential(now + settings.sso_credentials_lifetime, now);
    out.body.assign("{\"roleCredentials\":{\"accessKeyId\":");
    append_json_string(out.body, c.access_key_id);
    out.body.append(",\"secretAccessKey\":");
    append_json_string(out.body, c.secret_access_key);
    out.body.append(",\"sessionToken\":");
    append_json_string(out.body, c.session_token);
    out.body.append(",\"expiration\":").append(std::to_string(epoch_ms(*c.expiration)));
    out.body.append("}}");
    out.committed = true;
}

void serve_create_token(const request_view& req, const service_settings& settings,
                        identity_store& ids, system_clock::time_point now, response& out) {
    out.identity_op = identity_operation::create_token;
    boost::system::error_code ec;
    const boost::json::value body = boost::json::parse(req.body, ec);
    if (ec || !body.is_object()) {
        set_oidc_error(out, 400, "InvalidRequestException", "invalid_request",
                       "The body must be a JSON object");
        return;
    }
    const auto& o = body.get_object();
    auto member = [&](const char* name) -> std::optional<std::string_view> {
        const auto* v = o.if_contains(name);
        if (v == nullptr || !v->is_string() || v->get_string().empty()) return std::nullopt;
        return std::string_view(v->get_string());
    };
    const auto client_id = member("clientId");
    const auto client_secret = member("clientSecret");
    const auto grant_type = member("grantType");
    if (!client_id || !client_secret || !grant_type) {
        set_oidc_error(out, 400, "InvalidRequestException", "invalid_request",
                       "clientId, clientSecret and grantType are required strings");
        return;
    }
    if (*grant_type != "refresh_token") {
        set_oidc_error(out, 400, "UnsupportedGrantTypeException", "unsupported_grant_type",
                       "The emulator supports the grant type refresh_token only");
        return;
    }
    const auto refresh_token = member("refreshToken");
    if (!refresh_token) {
        set_oidc_error(out, 400, "InvalidRequestException", "invalid_request",
                       "refreshToken is required for the refresh_token grant");
        return;
    }
    identity_store::issued_token issued;
    switch (ids.refresh(*client_id, *client_secret, *refresh_token, now,
                        now + settings.sso_token_lifetime, issued)) {
        case identity_store::grant::invalid_client:
            set_oidc_error(out, 401, "InvalidClientException", "invalid_client",
                           "Unknown client, or a wrong client secret");
            return;
        case identity_store::grant::invalid_grant:
            set_oidc_error(out, 400, "InvalidGrantException", "invalid_grant",
                           "Invalid refresh token provided");
            return;
        case identity_store::grant::ok: break;
    }
    out.body.assign("{\"accessToken\":");
    append_json_string(out.body, issued.access_token);
    out.body.append(",\"tokenType\":\"Bearer\",\"expiresIn\":");
    out.body.append(std::to_string(settings.sso_token_lifetime.count()));
    out.body.append(",\"refreshToken\":");
    append_json_string(out.body, issued.refresh_token);
    out.body.push_back('}');
    out.committed = true;
}

}  // namespace awsconnect::emulator
