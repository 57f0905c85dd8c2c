// Fuzz target: SigV4 signing of a request whose parts come from the input (lib/sigv4), the
// verifier's side of the same canonicalization, and RFC 3986 encoding (lib/http/uri_encode).
//
// Input layout: one flags byte (session token, presigned query, x-amz-content-sha256,
// path normalization, double encoding), then '\n'-separated fields: method, path, query,
// X-Amz-Date candidate, header lines "name:value" up to an empty line, and the body (the
// rest). Header names are kept only if they are HTTP tokens (what a parser would accept;
// ';' would break the SignedHeaders list by definition).
//
// Invariants: the signature is 64 lower-case hex digits and appears in the Authorization
// header (or the presigned query); for header signing, the verifier's canonical request
// (build_canonical_request_for_verification over the signed request and its SignedHeaders)
// is byte for byte the signer's; the canonical query is a fixed point; percent_decode
// inverts uri_encode; parse_amz_datetime accepts what format_amz_time writes and gives the
// time back.
#include "fuzz_input.hpp"

#include "http/uri_encode.hpp"
#include "sigv4/canonical_request.hpp"
#include "sigv4/sign_request.hpp"
#include "sigv4/signing_key.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace awsconnect;
using std::chrono::system_clock;

bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') ||
                        std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
        if (!ok) return false;
    }
    return true;
}

bool is_lower_hex(std::string_view s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

void check_encoding(std::string_view s) {
    for (bool keep_slash : {false, true}) {
        const std::string e = http::uri_encode(s, keep_slash);
        for (std::size_t i = 0; i < e.size(); ++i) {
            const auto c = static_cast<unsigned char>(e[i]);
            if (c == '%') {
                FUZZ_CHECK(i + 2 < e.size());
                FUZZ_CHECK(std::string_view("0123456789ABCDEF").find(e[i + 1]) !=
                           std::string_view::npos);
                FUZZ_CHECK(std::string_view("0123456789ABCDEF").find(e[i + 2]) !=
                           std::string_view::npos);
                i += 2;
            } else {
                FUZZ_CHECK(http::is_unreserved(c) || (keep_slash && c == '/'));
            }
        }
        FUZZ_CHECK(http::percent_decode(e) == s);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::input_reader in(data, size);
    const std::uint8_t flags = in.byte();
    const std::string_view method = in.field();
    const std::string_view path = in.field();
    const std::string_view query = in.field();
    const std::string_view amz_date = in.field();
    std::vector<sigv4::header_field> headers;
    for (std::string_view line; !(line = in.field()).empty() && headers.size() < 64;) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) continue;
        headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
    }
    const std::string_view body = in.rest();

    check_encoding(path);
    check_encoding(query);

    // X-Amz-Date: whatever parses formats back to itself (a leap second aside).
    system_clock::time_point t{};
    if (sigv4::parse_amz_datetime(amz_date, t) && amz_date.substr(13, 2) != "60") {
        const auto formatted = sigv4::format_amz_time(t);
        FUZZ_CHECK(formatted.datetime_view() == amz_date);
    }

    // The canonical query is a fixed point.
    std::string q1, q2;
    sigv4::append_canonical_query(q1, query);
    sigv4::append_canonical_query(q2, q1);
    FUZZ_CHECK(q1 == q2);

    sigv4::signing_params p;
    p.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                     (flags & 1) ? std::string_view("session-token-example") : std::string_view()};
    p.region = "us-east-1";
    p.service = "connect";
    p.time = system_clock::time_point(std::chrono::seconds(1440938160));  // 20150830T123600Z
    p.type = (flags & 2) ? sigv4::signature_type::query_params : sigv4::signature_type::headers;
    p.sign_payload_header = (flags & 4) != 0;
    p.normalize_uri_path = (flags & 8) == 0;
    p.double_uri_encode = (flags & 16) == 0;

    const sigv4::signable_request req{method, path, query, headers, body, {}};
    sigv4::signing_output out;
    sigv4::sign(req, p, out);
    FUZZ_CHECK(out.signature.size() == 64 && is_lower_hex(out.signature));

    if (p.type == sigv4::signature_type::query_params) {
        FUZZ_CHECK(out.authorization.empty());
        FUZZ_CHECK(out.query_params.ends_with("&X-Amz-Signature=" + out.signature));
        return 0;
    }
    FUZZ_CHECK(out.authorization.ends_with(", SignedHeaders=" + out.signed_headers +
                                           ", Signature=" + out.signature));
    FUZZ_CHECK(out.amz_date == "20150830T123600Z");

    // The verifier's side: the request as sent (plus the headers the signer added) and the
    // SignedHeaders list rebuild the same canonical request.
    std::vector<sigv4::header_field> sent = headers;
    sent.push_back({"X-Amz-Date", out.amz_date});
    if (out.add_security_token)
        sent.push_back({"X-Amz-Security-Token", p.credentials.session_token});
    if (!out.content_sha256.empty()) sent.push_back({"x-amz-content-sha256", out.content_sha256});
    const sigv4::signable_request sent_req{method, path, query, sent, body, {}};
    std::string verified;
    const bool all_present = sigv4::build_canonical_request_for_verification(
        verified, sent_req, out.signed_headers, {p.normalize_uri_path, p.double_uri_encode});
    FUZZ_CHECK(all_present);
    FUZZ_CHECK(verified == out.canonical_request);
    return 0;
}
