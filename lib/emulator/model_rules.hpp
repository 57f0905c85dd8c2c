// The Amazon Connect model's input rules for the phone-number lifecycle, as small pure
// functions: what the service checks before it looks at its state.
//
// The authority is the botocore model (shared/testdata/model/connect-phone-numbers.json):
// the members' min/max/pattern/enum constraints, and the ARN shapes the operations take.
// Lengths are counted in Unicode code points (as the model's `max` means), not bytes.
// The client checks the same rules before it sends anything (lib/operation); both sides
// are meant to call one implementation of each rule, which is why they sit here, one
// function per rule, with no emulator types in their signatures.
//
// Pure: no state, no allocation except where a string is returned.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace awsconnect::emulator::model {

// ---------------------------------------------------------------------------------------
// Text

/// The number of code points of `s`, or nothing if `s` is not valid UTF-8 (overlong forms,
/// surrogates and values beyond U+10FFFF are not).
std::optional<std::size_t> utf8_code_points(std::string_view s) noexcept;

/// ClientToken (shape ClientToken): at most 500 code points. (The documentation suggests
/// a UUID, but the model constrains only the length; an empty token means "none".)
inline constexpr std::size_t max_client_token_code_points = 500;
bool is_valid_client_token(std::string_view token) noexcept;

/// PhoneNumberDescription: 0..500 code points (its pattern, ^[\W\S_]*, matches anything).
inline constexpr std::size_t max_description_code_points = 500;
bool is_valid_description(std::string_view description) noexcept;

/// InstanceId: 1..100 code points.
inline constexpr std::size_t max_instance_id_code_points = 100;
bool is_valid_instance_id(std::string_view id) noexcept;

/// NextToken (LargeNextToken): 1..100000 code points.
inline constexpr std::size_t max_next_token_code_points = 100000;
bool is_valid_next_token(std::string_view token) noexcept;

// ---------------------------------------------------------------------------------------
// Phone numbers

/// PhoneNumber: E.164, pattern \+[1-9]\d{1,14}$ ("+" then 2 to 15 digits, no leading 0).
bool is_e164(std::string_view number) noexcept;

/// PhoneNumberPrefix: pattern \+?[0-9]{1,11} (matched whole).
bool is_phone_number_prefix(std::string_view prefix) noexcept;

/// PhoneNumberCountryCode: one of the model's ISO codes.
bool is_country_code(std::string_view code) noexcept;
std::span<const std::string_view> country_codes() noexcept;

/// PhoneNumberType: TOLL_FREE, DID, UIFN, SHARED, THIRD_PARTY_TF, THIRD_PARTY_DID,
/// SHORT_CODE.
bool is_phone_number_type(std::string_view type) noexcept;
std::span<const std::string_view> phone_number_types() noexcept;

/// List limits: PhoneNumberCountryCodes has at most 10 items, PhoneNumberTypes at most 6.
inline constexpr std::size_t max_country_codes = 10;
inline constexpr std::size_t max_phone_number_types = 6;

/// MaxResult10 (search) and MaxResult1000 (list).
inline constexpr std::int64_t search_max_results_min = 1, search_max_results_max = 10;
inline constexpr std::int64_t list_max_results_min = 1, list_max_results_max = 1000;

// ---------------------------------------------------------------------------------------
// Tags (TagMap: 1..50 entries)

inline constexpr std::size_t min_tags = 1, max_tags = 50;
/// TagKey: 1..128 code points, pattern ^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$ (the Unicode
/// general categories from the generated table of lib/operation).
inline constexpr std::size_t max_tag_key_code_points = 128;
bool is_valid_tag_key(std::string_view key) noexcept;
/// TagValue: at most 256 code points.
inline constexpr std::size_t max_tag_value_code_points = 256;
bool is_valid_tag_value(std::string_view value) noexcept;

// ---------------------------------------------------------------------------------------
// ARNs

/// An account id: exactly 12 ASCII digits.
bool is_account_id(std::string_view account) noexcept;

/// arn:PARTITION:connect:REGION:ACCOUNT:RESOURCE_TYPE/RESOURCE_ID, split. Views into the
/// parsed text.
struct connect_arn {
    std::string_view partition, region, account, resource_type, resource_id;
};

/// Parses a Connect ARN whose resource is TYPE/ID with one '/' (instance/ID,
/// traffic-distribution-group/ID, phone-number/ID): partition of [a-z-], service
/// "connect", region of [a-z0-9-], a 12-digit account, TYPE and ID non-empty, ID without
/// '/' or ':'. Anything else: nothing.
std::optional<connect_arn> parse_connect_arn(std::string_view arn) noexcept;

/// The partition of a Region: aws-cn for cn-*, aws-us-gov for us-gov-*, aws-iso for
/// us-iso-*, aws-iso-b for us-isob-*, aws otherwise.
std::string_view partition_of(std::string_view region) noexcept;

}  // namespace awsconnect::emulator::model
