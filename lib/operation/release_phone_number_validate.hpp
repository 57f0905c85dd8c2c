// ReleasePhoneNumber input checks, done before anything is sent (VALIDATION_ERROR).
//
// Pure. The rules (specs/release-phone-number.md, issue 5):
//  - PhoneNumberId: not empty, at most 500 bytes, valid UTF-8, no control characters
//    (C0, DEL, C1); if it is an ARN (`arn:`), it must be a phone-number ARN of the Connect
//    service (`arn:{partition}:connect:{region}:{account}:phone-number/{id}`) and name the
//    client's Region: the API can only be called in the Region where the number was claimed;
//  - ClientToken, when given: 1 to 500 characters of valid UTF-8.
#pragma once

#include <awsconnect/error.hpp>
#include <awsconnect/release_phone_number.hpp>

#include <optional>
#include <string_view>

namespace awsconnect::operation {

inline constexpr std::size_t max_phone_number_id_bytes = 500;
inline constexpr std::size_t max_client_token_chars = 500;

/// The parts of a phone-number ARN.
struct phone_number_arn {
    std::string_view partition, region, account, id;
};

/// Parses `arn:{partition}:connect:{region}:{account}:phone-number/{id}`.
std::optional<phone_number_arn> parse_phone_number_arn(std::string_view arn) noexcept;

/// The first problem with `request` for a client of `client_region`, or nothing.
std::optional<error> validate_release_phone_number(const release_phone_number_request& request,
                                                   std::string_view client_region);

/// Offset of the first byte that breaks UTF-8 in `s`, or npos when it is valid.
std::size_t first_invalid_utf8(std::string_view s) noexcept;
/// Unicode scalar values in valid UTF-8 `s`.
std::size_t utf8_length(std::string_view s) noexcept;

}  // namespace awsconnect::operation
