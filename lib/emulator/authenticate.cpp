#include "emulator/authenticate.hpp"

#include "crypto/sha256.hpp"
#include "emulator/identity_store.hpp"
#include "sigv4/sign_request.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace awsconnect::emulator {
namespace {

using std::chrono::system_clock;

constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";

constexpr std::string_view signature_mismatch_message =
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details.";

constexpr std::string_view invalid_token_message =
    "The security token included in the request is invalid.";

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The headers verification reads, found in one pass.
struct auth_headers {
    std::string_view authorization, amz_date, security_token, content_sha256;
    bool has_authorization = false, has_amz_date = false, has_date = false,
         has_security_token = false, has_content_sha256 = false;
};

auth_headers find_auth_headers(const request_view& req) noexcept {
    auth_headers h;
    for (const auto& f : req.headers) {
        if (iequals(f.name, "authorization")) {
            if (!h.has_authorization) h.authorization = f.value;
            h.has_authorization = true;
        } else if (iequals(f.name, "x-amz-date")) {
            h.amz_date = f.value;
            h.has_amz_date = true;
        } else if (iequals(f.name, "x-amz-security-token")) {
            h.security_token = f.value;
            h.has_security_token = true;
        } else if (iequals(f.name, "x-amz-content-sha256")) {
            h.content_sha256 = f.value;
            h.has_content_sha256 = true;
        } else if (iequals(f.name, "date")) {
            h.has_date = true;
        }
    }
    return h;
}

// "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."
struct authorization_fields {
    std::string_view credential, signed_headers, signature;
    bool has_credential = false, has_signed_headers = false, has_signature = false;
    bool missing_equal_sign = false;
};

authorization_fields parse_authorization(std::string_view params) noexcept {
    authorization_fields a;
    std::size_t pos = 0;
    while (pos <= params.size()) {
        const std::size_t comma = std::min(params.find(',', pos), params.size());
        const std::string_view part = trim(params.substr(pos, comma - pos));
        pos = comma + 1;
        if (part.empty()) continue;
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos) {
            a.missing_equal_sign = true;
            continue;
        }
        const std::string_view key = trim(part.substr(0, eq));
        const std::string_view value = trim(part.substr(eq + 1));
        if (key == "Credential") {
            a.credential = value;
            a.has_credential = true;
        } else if (key == "SignedHeaders") {
            a.signed_headers = value;
            a.has_signed_headers = true;
        } else if (key == "Signature") {
            a.signature = value;
            a.has_signature = true;
        }
    }
    return a;
}

// AKID/YYYYMMDD/REGION/SERVICE/aws4_request
struct credential_scope {
    std::string_view access_key_id, date, region, service, terminator;
};

bool parse_scope(std::string_view s, credential_scope& out) noexcept {
    std::array<std::string_view, 5> parts;
    std::size_t n = 0, pos = 0;
    while (n < parts.size()) {
        const std::size_t slash = s.find('/', pos);
        if (slash == std::string_view::npos) {
            parts[n++] = s.substr(pos);
            break;
        }
        parts[n++] = s.substr(pos, slash - pos);
        pos = slash + 1;
    }
    // The access key id may not contain '/', so the last part takes the rest.
    if (n != 5 || s.substr(pos).find('/') != std::string_view::npos) return false;
    out = {parts[0], parts[1], parts[2], parts[3], parts[4]};
    return !out.access_key_id.empty();
}

// Scope parts are client text: echo them only when they look like what they should be.
bool printable_token(std::string_view s) noexcept {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
}

void append_skew(std::string& out, std::chrono::seconds skew) {
    if (skew.count() % 60 == 0)
        out.append(std::to_string(skew.count() / 60)).append(" min.");
    else
        out.append(std::to_string(skew.count())).append(" sec.");
}

// The canonical request as AWS prints it in the mismatch message, with the session
// token's value replaced: messages never carry secrets.
void append_redacted(std::string& out, std::string_view canonical) {
    constexpr std::string_view token_line = "\nx-amz-security-token:";
    const std::size_t at = canonical.find(token_line);
    if (at == std::string_view::npos) {
        out.append(canonical);
        return;
    }
    const std::size_t value_at = at + token_line.size();
    const std::size_t end = canonical.find('\n', value_at);
    out.append(canonical.substr(0, value_at));
    out.append("<redacted>");
    if (end != std::string_view::npos) out.append(canonical.substr(end));
}

}  // namespace

std::string_view error_type_of(auth_status s) noexcept {
    switch (s) {
        case auth_status::ok: return {};
        case auth_status::missing_token: return "MissingAuthenticationTokenException";
        case auth_status::incomplete_signature: return "IncompleteSignatureException";
        case auth_status::unrecognized_client: return "UnrecognizedClientException";
        case auth_status::expired_token: return "ExpiredTokenException";
        case auth_status::invalid_signature:
        case auth_status::signature_expired: return "InvalidSignatureException";
    }
    return {};
}

auth_status authenticate(const request_view& req, const auth_settings& settings,
                         system_clock::time_point now, sigv4::signing_key_cache& cache,
                         auth_scratch& scratch, std::string& message) {
    message.clear();
    const auth_headers h = find_auth_headers(req);
    if (!h.has_authorization) {
        message = "Missing Authentication Token";
        return auth_status::missing_token;
    }

    // The Authorization header's shape.
    std::string_view auth = trim(h.authorization);
    if (!auth.starts_with(algorithm) ||
        (auth.size() > algorithm.size() && auth[algorithm.size()] != ' ')) {
        message = "Unsupported Authorization Type; the emulator verifies only " +
                  std::string(algorithm) + " (SigV4).";
        return auth_status::incomplete_signature;
    }
    const authorization_fields a = parse_authorization(auth.substr(algorithm.size()));
    if (a.missing_equal_sign)
        message.append("A part of the Authorization header is not a valid key=value pair "
                       "(missing equal-sign). ");
    if (!a.has_credential) message.append("Authorization header requires 'Credential' parameter. ");
    if (!a.has_signature) message.append("Authorization header requires 'Signature' parameter. ");
    if (!a.has_signed_headers)
        message.append("Authorization header requires 'SignedHeaders' parameter. ");
    if (!h.has_amz_date) {
        message.append(h.has_date ? "The emulator reads the signing time only from the "
                                    "'X-Amz-Date' header. "
                                  : "Authorization header requires existence of either a "
                                    "'X-Amz-Date' or a 'Date' header. ");
    }
    if (!message.empty()) {
        message.pop_back();  // the trailing space
        return auth_status::incomplete_signature;
    }
    credential_scope scope;
    if (!parse_scope(a.credential, scope)) {
        message = "Credential must have the form AKID/YYYYMMDD/REGION/SERVICE/aws4_request.";
        return auth_status::incomplete_signature;
    }
    system_clock::time_point signed_at;
    if (!sigv4::parse_amz_datetime(h.amz_date, signed_at)) {
        message = "X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z'.";
        return auth_status::incomplete_signature;
    }
    {
        bool host_signed = false;
        std::size_t pos = 0;
        const std::string_view list = a.signed_headers;
        while (pos <= list.size() && !host_signed) {
            const std::size_t semi = std::min(list.find(';', pos), list.size());
            host_signed = iequals(list.substr(pos, semi - pos), "host");
            pos = semi + 1;
        }
        if (!host_signed) {
            message = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
            return auth_status::incomplete_signature;
        }
    }

    // Time: within the allowed skew of the emulator's clock.
    const auto skew = settings.max_skew;
    if (signed_at < now - skew || signed_at > now + skew) {
        const bool early = signed_at < now - skew;
        const auto bound = sigv4::format_amz_time(early ? now - skew : now + skew);
        const auto now_text = sigv4::format_amz_time(now);
        message = early ? "Signature expired: " : "Signature not yet current: ";
        message.append(h.amz_date);
        message.append(early ? " is now earlier than " : " is still later than ");
        message.append(bound.datetime_view()).append(" (");
        message.append(now_text.datetime_view()).append(early ? " - " : " + ");
        append_skew(message, skew);
        message.push_back(')');
        return auth_status::signature_expired;
    }

    // The credential scope.
    const auto amz = sigv4::format_amz_time(signed_at);
    if (scope.date != amz.date_view()) {
        message = "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                  "date from HTTP: '";
        message.append(printable_token(scope.date) ? scope.date : "?").append("' != '");
        message.append(amz.date_view()).append("', from '").append(h.amz_date).append("'.");
        return auth_status::invalid_signature;
    }
    if (scope.region != settings.region) {
        message = "Credential should be scoped to a valid region";
        if (printable_token(scope.region))
            message.append(", not '").append(scope.region).append("'");
        message.append(". ");
        return auth_status::invalid_signature;
    }
    if (scope.service != settings.service) {
        message = "Credential should be scoped to correct service: '";
        message.append(settings.service).append("'. ");
        return auth_status::invalid_signature;
    }
    if (scope.terminator != "aws4_request") {
        message = "Credential should be scoped with a valid terminator: 'aws4_request'";
        if (printable_token(scope.terminator))
            message.append(", not '").append(scope.terminator).append("'");
        message.append(". ");
        return auth_status::invalid_signature;
    }

    // The identity.
    const credential* who = nullptr;
    for (const auto& c : settings.credentials) {
        if (c.access_key_id == scope.access_key_id) {
            who = &c;
            break;
        }
    }
    std::optional<credential> issued;
    if (who == nullptr && settings.issued != nullptr) {
        issued = settings.issued->find_credential(scope.access_key_id);
        if (issued) who = &*issued;
    }
    if (who == nullptr || h.has_security_token != !who->session_token.empty() ||
        (h.has_security_token &&
         !crypto::constant_time_equal(h.security_token, who->session_token))) {
        message = invalid_token_message;
        return auth_status::unrecognized_client;
    }
    if (who->expiration && now >= *who->expiration) {
        message = "The security token included in the request is expired";
        return auth_status::expired_token;
    }

    // The payload hash: the SHA-256 of the body, computed here, so the signature covers
    // the body whatever the client claims. A client may send it as x-amz-content-sha256
    // (then it must be that hash; the header's text goes into the canonical request, as
    // the client signed it); UNSIGNED-PAYLOAD is accepted only without a body.
    std::array<char, 64> body_hash{};
    std::string_view payload_hash = sigv4::empty_payload_hash;  // no body: the constant
    if (!req.body.empty()) {
        body_hash = crypto::to_hex(crypto::sha256_of(req.body));
        payload_hash = {body_hash.data(), body_hash.size()};
    }
    if (h.has_content_sha256) {
        if (h.content_sha256 == "UNSIGNED-PAYLOAD") {
            if (!req.body.empty()) {
                message = "x-amz-content-sha256: UNSIGNED-PAYLOAD is not accepted for a request "
                          "with a body: the body must be signed.";
                return auth_status::invalid_signature;
            }
            payload_hash = h.content_sha256;
        } else {
            if (!iequals(h.content_sha256, payload_hash)) {
                message = "The provided 'x-amz-content-sha256' header does not match what was "
                          "computed.";
                return auth_status::invalid_signature;
            }
            payload_hash = h.content_sha256;
        }
    }

    // The signature.
    const sigv4::signable_request signable{req.method, req.path(), req.query(), req.headers,
                                           req.body, payload_hash};
    scratch.canonical_request.clear();
    const bool all_present = sigv4::build_canonical_request_for_verification(
        scratch.canonical_request, signable, a.signed_headers, {true, true});
    const auto creq_hash = crypto::to_hex(crypto::sha256_of(scratch.canonical_request));
    scratch.string_to_sign.clear();
    sigv4::append_string_to_sign(scratch.string_to_sign, amz, settings.region, settings.service,
                                 {creq_hash.data(), creq_hash.size()});
    const auto key = cache.get(who->secret_access_key, amz.date_view(), settings.region,
                               settings.service);
    const auto expected = crypto::to_hex(key.mac(scratch.string_to_sign));
    if (all_present &&
        crypto::constant_time_equal({expected.data(), expected.size()}, a.signature))
        return auth_status::ok;

    message.assign(signature_mismatch_message);
    message.append("\n\nThe Canonical String for this request should have been\n'");
    append_redacted(message, scratch.canonical_request);
    message.append("'\n\nThe String-to-Sign should have been\n'");
    message.append(scratch.string_to_sign);
    message.append("'\n");
    return auth_status::invalid_signature;
}

}  // namespace awsconnect::emulator
