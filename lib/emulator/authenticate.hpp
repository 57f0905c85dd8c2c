// SigV4 verification, as AWS answers it: the error types and messages of
// MissingAuthenticationTokenException, IncompleteSignatureException,
// UnrecognizedClientException, ExpiredTokenException and InvalidSignatureException (including
// "Signature expired: ..." beyond the allowed skew).
//
// Pure: the time comes in; the signing-key cache is a memo. The canonical request is
// rebuilt over exactly the headers the client signed (sigv4's verification helper: path
// normalized and encoded twice, Connect's rules) with the SHA-256 of the body received as
// its payload hash (an x-amz-content-sha256 header must equal it; UNSIGNED-PAYLOAD only
// without a body), and signatures are compared in constant time. Messages never contain a
// secret key or a session token.
#pragma once

#include "emulator/request_view.hpp"
#include "sigv4/signing_key.hpp"

#include <awsconnect/emulator.hpp>

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace awsconnect::emulator {

enum class auth_status : std::uint8_t {
    ok,
    missing_token,         ///< 403 MissingAuthenticationTokenException: no Authorization
    incomplete_signature,  ///< 403 IncompleteSignatureException: malformed Authorization
    unrecognized_client,   ///< 403 UnrecognizedClientException: unknown key or bad token
    expired_token,         ///< 403 ExpiredTokenException: the credential's expiration has passed
    invalid_signature,     ///< 403 InvalidSignatureException: mismatch or bad scope
    signature_expired,     ///< 403 InvalidSignatureException: X-Amz-Date beyond the skew
};

/// The X-Amzn-ErrorType of a failed status ("" for ok).
std::string_view error_type_of(auth_status s) noexcept;

class identity_store;

struct auth_settings {
    std::span<const credential> credentials;
    std::string_view region;
    std::string_view service = "connect";
    std::chrono::seconds max_skew{300};
    /// The temporary credentials the credentials services issued, looked up when the
    /// access key id is none of `credentials`; null: none.
    const identity_store* issued = nullptr;
};

/// Buffers reused from one request to the next (no allocation once warm).
struct auth_scratch {
    std::string canonical_request;
    std::string string_to_sign;
};

/// Verifies `req`. On failure, `message` holds AWS's message for it.
auth_status authenticate(const request_view& req, const auth_settings& settings,
                         std::chrono::system_clock::time_point now,
                         sigv4::signing_key_cache& cache, auth_scratch& scratch,
                         std::string& message);

}  // namespace awsconnect::emulator
