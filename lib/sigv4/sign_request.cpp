#include "sigv4/sign_request.hpp"

#include "crypto/sha256.hpp"
#include "http/uri_encode.hpp"

#include <array>
#include <charconv>
#include <vector>

namespace awsconnect::sigv4 {
namespace {

constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";

void append_hex(std::string& out, const crypto::sha256_digest& d) {
    const auto hex = crypto::to_hex(d);
    out.append(hex.data(), hex.size());
}

void append_canonical_request(std::string& out, const signable_request& req,
                              std::span<const header_field> headers,
                              std::string_view extra_query, canonical_uri_options uri_opts,
                              std::string_view payload_hash, std::string& signed_headers) {
    out.append(req.method);
    out.push_back('\n');
    append_canonical_uri(out, req.path, uri_opts);
    out.push_back('\n');
    append_canonical_query(out, req.query, extra_query);
    out.push_back('\n');
    append_canonical_headers(out, signed_headers, headers,
                             {header_selection::mode::signable, {}});
    out.push_back('\n');
    out.append(signed_headers);
    out.push_back('\n');
    out.append(payload_hash);
}

}  // namespace

void sign(const signable_request& req, const signing_params& p, signing_output& out,
          signing_key_cache* cache) {
    out.add_security_token = false;
    out.amz_date.clear();
    out.content_sha256.clear();
    out.authorization.clear();
    out.query_params.clear();
    out.canonical_request.clear();
    out.signed_headers.clear();
    out.string_to_sign.clear();
    out.signature.clear();

    const amz_time t = format_amz_time(p.time);
    const bool has_token = !p.credentials.session_token.empty();
    const bool sign_token = has_token && !p.omit_session_token;

    // Payload hash.
    std::array<char, 64> payload_hex;
    std::string_view payload_hash = req.payload_hash;
    if (payload_hash.empty()) {
        if (req.body.empty()) {
            payload_hash = empty_payload_hash;
        } else {
            payload_hex = crypto::to_hex(crypto::sha256_of(req.body));
            payload_hash = {payload_hex.data(), payload_hex.size()};
        }
    }

    // The headers that take part: the request's, plus those the signer adds.
    constexpr std::size_t inline_headers = 24;
    std::array<header_field, inline_headers> stack_headers;
    std::vector<header_field> heap_headers;
    header_field* all = stack_headers.data();
    if (req.headers.size() + 3 > inline_headers) {
        heap_headers.resize(req.headers.size() + 3);
        all = heap_headers.data();
    }
    std::size_t n = 0;
    for (const auto& h : req.headers) all[n++] = h;

    if (p.type == signature_type::headers) {
        out.amz_date.assign(t.datetime_view());
        all[n++] = {"x-amz-date", out.amz_date};
        if (sign_token) all[n++] = {"x-amz-security-token", p.credentials.session_token};
        out.add_security_token = has_token;
        if (p.sign_payload_header) {
            out.content_sha256.assign(payload_hash);
            all[n++] = {"x-amz-content-sha256", out.content_sha256};
        }
        append_canonical_request(out.canonical_request, req, {all, n}, {},
                                 {p.normalize_uri_path, p.double_uri_encode}, payload_hash,
                                 out.signed_headers);
    } else {
        // Presigning: the signed-headers list goes into the query, so compute it first.
        std::string scratch;
        append_canonical_headers(scratch, out.signed_headers, {all, n},
                                 {header_selection::mode::signable, {}});
        std::string& q = out.query_params;
        q.append("X-Amz-Algorithm=").append(algorithm);
        q.append("&X-Amz-Credential=");
        std::string credential;
        credential.append(p.credentials.access_key_id).push_back('/');
        credential.append(t.date_view()).push_back('/');
        credential.append(p.region).push_back('/');
        credential.append(p.service).append("/aws4_request");
        http::append_uri_encoded(q, credential);
        q.append("&X-Amz-Date=").append(t.datetime_view());
        q.append("&X-Amz-SignedHeaders=");
        http::append_uri_encoded(q, out.signed_headers);
        q.append("&X-Amz-Expires=").append(std::to_string(p.expires_in.count()));
        std::size_t unsigned_token_at = std::string::npos;
        if (has_token) {
            if (!sign_token) unsigned_token_at = q.size();
            q.append("&X-Amz-Security-Token=");
            http::append_uri_encoded(q, p.credentials.session_token);
        }
        out.signed_headers.clear();
        const std::string_view signed_part =
            std::string_view(q).substr(0, unsigned_token_at == std::string::npos
                                              ? q.size()
                                              : unsigned_token_at);
        append_canonical_request(out.canonical_request, req, {all, n}, signed_part,
                                 {p.normalize_uri_path, p.double_uri_encode}, payload_hash,
                                 out.signed_headers);
    }

    // String to sign and signature.
    const auto creq_hex = crypto::to_hex(crypto::sha256_of(out.canonical_request));
    append_string_to_sign(out.string_to_sign, t, p.region, p.service,
                          {creq_hex.data(), creq_hex.size()});
    const crypto::hmac_sha256_key key =
        cache ? cache->get(p.credentials.secret_access_key, t.date_view(), p.region, p.service)
              : crypto::hmac_sha256_key(derive_signing_key(p.credentials.secret_access_key,
                                                           t.date_view(), p.region, p.service));
    append_hex(out.signature, key.mac(out.string_to_sign));

    if (p.type == signature_type::headers) {
        std::string& a = out.authorization;
        a.append(algorithm);
        a.append(" Credential=");
        a.append(p.credentials.access_key_id).push_back('/');
        a.append(t.date_view()).push_back('/');
        a.append(p.region).push_back('/');
        a.append(p.service).append("/aws4_request, SignedHeaders=");
        a.append(out.signed_headers);
        a.append(", Signature=");
        a.append(out.signature);
    } else {
        out.query_params.append("&X-Amz-Signature=").append(out.signature);
    }
}

bool build_canonical_request_for_verification(std::string& out, const signable_request& req,
                                              std::string_view signed_headers,
                                              canonical_uri_options uri_opts) {
    thread_local std::string computed_signed;
    computed_signed.clear();
    out.append(req.method);
    out.push_back('\n');
    append_canonical_uri(out, req.path, uri_opts);
    out.push_back('\n');
    append_canonical_query(out, req.query);
    out.push_back('\n');
    append_canonical_headers(out, computed_signed, req.headers,
                             {header_selection::mode::listed, signed_headers});
    out.push_back('\n');
    out.append(computed_signed);
    out.push_back('\n');
    if (!req.payload_hash.empty()) {
        out.append(req.payload_hash);
    } else if (req.body.empty()) {
        out.append(empty_payload_hash);
    } else {
        append_hex(out, crypto::sha256_of(req.body));
    }
    // Every listed header must be present (the lists then match exactly).
    return computed_signed == signed_headers;
}

}  // namespace awsconnect::sigv4
