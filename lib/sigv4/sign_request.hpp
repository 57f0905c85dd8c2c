// SigV4: sign an HTTP request (Authorization header or presigned query).
//
// The signer is pure: the time, the credentials and the request come in, and what to add
// to the request comes out; nothing is read from a clock and the request is not mutated
// (aws-c-auth's "signing result" contract). Every case of the AWS SigV4 test suite passes
// through `sign`, stage by stage and end to end (test/unit/sigv4).
#pragma once

#include "sigv4/canonical_request.hpp"
#include "sigv4/signing_key.hpp"

#include <chrono>
#include <span>
#include <string>
#include <string_view>

namespace awsconnect::sigv4 {

/// The request to sign, as it will be sent.
struct signable_request {
    std::string_view method;
    std::string_view path;   ///< as on the wire (REST labels already percent-encoded)
    std::string_view query;  ///< as on the wire, without '?'; may be empty
    std::span<const header_field> headers;  ///< must include Host
    std::string_view body;                  ///< hashed when payload_hash is empty
    std::string_view payload_hash;          ///< hex SHA-256 of the body, if known
};

struct credentials_view {
    std::string_view access_key_id;
    std::string_view secret_access_key;
    std::string_view session_token;  ///< empty for long-term credentials
};

enum class signature_type {
    headers,       ///< Authorization header
    query_params,  ///< presigned URL (X-Amz-Signature in the query)
};

struct signing_params {
    credentials_view credentials;
    std::string_view region;
    std::string_view service;
    std::chrono::system_clock::time_point time;  ///< already corrected for clock skew
    signature_type type = signature_type::headers;
    std::chrono::seconds expires_in{3600};  ///< query signing only
    bool normalize_uri_path = true;
    bool double_uri_encode = true;     ///< every service but S3
    bool sign_payload_header = false;  ///< add and sign x-amz-content-sha256
    bool omit_session_token = false;   ///< add the session token after signing, unsigned
};

/// What to add to the request. Reuse one object across calls: its strings keep their
/// capacity, so steady-state signing does not allocate.
struct signing_output {
    // Header signing: append, in this order, X-Amz-Security-Token (when
    // `add_security_token`, value = credentials.session_token), X-Amz-Date,
    // x-amz-content-sha256 (when not empty) and Authorization.
    bool add_security_token = false;
    std::string amz_date;
    std::string content_sha256;
    std::string authorization;
    // Query signing: '&'-joined, encoded parameters to append to the query.
    std::string query_params;
    // The intermediate results (tests, diagnostics, the emulator's error messages).
    std::string canonical_request;
    std::string signed_headers;
    std::string string_to_sign;
    std::string signature;  ///< 64 lower-case hex digits
};

/// Signs `req`. With a cache, the signing key is derived once per day/region/service.
void sign(const signable_request& req, const signing_params& params, signing_output& out,
          signing_key_cache* cache = nullptr);

/// The canonical request of `req` over exactly the headers named in `signed_headers`
/// (a ';'-joined list as found in an Authorization header) — the verifier's side.
/// Returns false if a listed header is missing from the request.
bool build_canonical_request_for_verification(std::string& out, const signable_request& req,
                                              std::string_view signed_headers,
                                              canonical_uri_options uri_opts);

}  // namespace awsconnect::sigv4
