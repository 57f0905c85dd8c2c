// ReleasePhoneNumber on the wire: DELETE /phone-number/{PhoneNumberId}?clientToken={token}
//
// Pure. The PhoneNumberId is a path label: it is percent-encoded once here (RFC 3986
// unreserved characters stay, '/' becomes %2F), so it can never add a path segment; the
// SigV4 signer encodes the resulting path once more (the non-S3 rule).
#pragma once

#include <string>
#include <string_view>

namespace awsconnect::operation {

inline constexpr std::string_view release_phone_number_method = "DELETE";
inline constexpr std::string_view release_phone_number_path_prefix = "/phone-number/";

/// Appends "/phone-number/" + encode(phone_number_id).
void append_release_phone_number_path(std::string& out, std::string_view phone_number_id);
/// Appends "clientToken=" + encode(client_token).
void append_release_phone_number_query(std::string& out, std::string_view client_token);

}  // namespace awsconnect::operation
