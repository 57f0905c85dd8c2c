// The Connect phone-number model's constraints, as checks every operation's validation
// is written with (and the emulator's request checks share): lengths counted in Unicode
// characters, patterns, enums, ARNs, the idempotency token, path labels.
//
// Pure. Each check returns the first broken rule as an error (VALIDATION_ERROR, nothing
// sent) or nothing. Messages name the model's member ("PhoneNumberType") and quote the
// offending value only when it is short printable ASCII (error messages are ASCII).
#pragma once

#include <awsconnect/error.hpp>
#include <awsconnect/phone_numbers.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace awsconnect::operation {

/// What validation needs to know about the client.
struct validation_context {
    std::string_view region;  ///< the client's Region: ARNs must name it
};

// ---- Text ----------------------------------------------------------------------------

/// Offset of the first byte that breaks UTF-8 in `s` (overlong forms, surrogates and
/// values beyond U+10FFFF included), or npos when it is valid.
std::size_t first_invalid_utf8(std::string_view s) noexcept;
/// Unicode scalar values in valid UTF-8 `s` (the model's string lengths count these).
std::size_t utf8_length(std::string_view s) noexcept;
/// Offset of the first control character (C0, DEL, C1) in valid UTF-8 `s`, or npos.
std::size_t first_control_character(std::string_view s) noexcept;

// ---- ARNs ----------------------------------------------------------------------------

/// `arn:{partition}:{service}:{region}:{account}:{resource}`, each part a view into the
/// text. The account is exactly 12 digits (an AWS account id) or empty when `allow
/// empty account` rules apply (never for Connect resources).
struct arn_parts {
    std::string_view partition, service, region, account, resource;
};
std::optional<arn_parts> parse_arn(std::string_view arn) noexcept;

/// True for an AWS account id: exactly 12 ASCII digits.
bool is_account_id(std::string_view s) noexcept;

/// A Connect phone-number ARN: `arn:{partition}:connect:{region}:{account}:phone-number/{id}`
/// (the id has no ':' or '/').
struct phone_number_arn {
    std::string_view partition, region, account, id;
};
std::optional<phone_number_arn> parse_phone_number_arn(std::string_view arn) noexcept;

/// What a TargetArn names.
enum class target_kind { instance, traffic_distribution_group };
/// A Connect target ARN: `arn:{partition}:connect:{region}:{account}:instance/{id}` or
/// `...:traffic-distribution-group/{id}`.
struct target_arn {
    target_kind kind = target_kind::instance;
    std::string_view partition, region, account, id;
};
std::optional<target_arn> parse_target_arn(std::string_view arn) noexcept;

// ---- Enums and patterns --------------------------------------------------------------

/// The model's PhoneNumberCountryCode, PhoneNumberType and PhoneNumberWorkflowStatus values.
std::span<const std::string_view> country_codes() noexcept;
std::span<const std::string_view> phone_number_types() noexcept;
std::span<const std::string_view> workflow_statuses() noexcept;
bool is_one_of(std::string_view value, std::span<const std::string_view> values) noexcept;

/// E.164, the PhoneNumber pattern `\+[1-9]\d{1,14}`.
bool is_e164(std::string_view s) noexcept;
/// The PhoneNumberPrefix pattern `\+?[0-9]{1,11}`.
bool is_phone_number_prefix(std::string_view s) noexcept;
/// A TagKey: 1 to 128 characters of the categories L, Z, N and `_.:/=+-@`, not
/// starting with "aws:".
bool is_tag_key(std::string_view s) noexcept;

// ---- Checks (the first broken rule, or nothing) ----------------------------------------

inline constexpr std::size_t max_phone_number_id_bytes = 500;
inline constexpr std::size_t max_client_token_chars = 500;

/// A PhoneNumberId bound to the URI path: required, at most 500 bytes of UTF-8 without
/// control characters, not a dot segment ("." or "..": the signer would normalise it
/// away and sign another resource's path); an ARN must be a phone-number ARN naming the
/// client's Region.
std::optional<error> check_phone_number_id(std::string_view id, const validation_context& ctx);

/// A caller's ClientToken: 1 to 500 characters of valid UTF-8 (absent: generated).
std::optional<error> check_client_token(const std::optional<std::string>& token);

/// TargetArn / InstanceId: `exactly_one` for operations that need a target, else at
/// most one. A TargetArn must be an instance or traffic distribution group ARN in the
/// client's Region; an InstanceId 1 to 100 characters.
enum class target_rule { exactly_one, at_most_one };
std::optional<error> check_target(const std::optional<std::string>& target_arn,
                                  const std::optional<std::string>& instance_id, target_rule rule,
                                  const validation_context& ctx);

/// `value` is one of `values` (the model's enum `member`).
std::optional<error> check_enum(std::string_view member, std::string_view value,
                                std::span<const std::string_view> values);
/// A string of `min` to `max` characters (Unicode scalar values) of valid UTF-8.
std::optional<error> check_length(std::string_view member, std::string_view value, std::size_t min,
                                  std::size_t max);
/// An integer in [min, max].
std::optional<error> check_range(std::string_view member, int value, int min, int max);
/// PhoneNumber (E.164).
std::optional<error> check_phone_number(std::string_view value);
/// PhoneNumberPrefix.
std::optional<error> check_phone_number_prefix(const std::optional<std::string>& value);
/// PhoneNumberDescription: at most 500 characters.
std::optional<error> check_description(const std::optional<std::string>& value);
/// NextToken: 1 to 100000 characters.
std::optional<error> check_next_token(const std::optional<std::string>& value);
/// Tags: 1 to 50 entries when given (an empty map is not sent), keys TagKey, values at
/// most 256 characters.
std::optional<error> check_tags(const tag_map& tags);

/// `"value"` for short printable ASCII, else a description of it ("(37 bytes)"), for
/// messages.
std::string quote_for_message(std::string_view value);

}  // namespace awsconnect::operation
