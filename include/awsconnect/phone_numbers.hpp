// awsconnect: the phone-number lifecycle's requests and responses (besides
// ReleasePhoneNumber, in release_phone_number.hpp).
//
//   SearchAvailablePhoneNumbers  POST /phone-number/search-available
//   ClaimPhoneNumber             POST /phone-number/claim          (idempotency token in the body)
//   DescribePhoneNumber          GET  /phone-number/{PhoneNumberId}
//   ListPhoneNumbersV2           POST /phone-number/list
//   UpdatePhoneNumber            PUT  /phone-number/{PhoneNumberId} (token in the body)
//   UpdatePhoneNumberMetadata    PUT  /phone-number/{PhoneNumberId}/metadata (token in the body)
//
// Types and members are named after the service model's shapes (ClaimPhoneNumberRequest ->
// claim_phone_number_request, PhoneNumberCountryCode -> phone_number_country_code). Enum
// values are the model's strings ("TOLL_FREE", "US", "CLAIMED"): the service adds values
// over time, and a string keeps an unknown one intact. Optional members are std::optional
// (absent = not sent); lists and maps are sent only when not empty.
//
// Every request is checked locally against the model's constraints before anything is
// sent (VALIDATION_ERROR): required members, lengths, patterns, enums, TargetArn or
// InstanceId, an ARN's Region equal to the client's.
//
// Requests are not aggregates on purpose: g++ 12 destroys an aggregate-initialized
// temporary twice when it is an argument inside a `co_await` expression; build a request
// by its constructor (required members) and set the others by name.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace awsconnect {

/// Phone number types (PhoneNumberType).
namespace phone_number_type {
inline constexpr const char* toll_free = "TOLL_FREE";
inline constexpr const char* did = "DID";
inline constexpr const char* uifn = "UIFN";
inline constexpr const char* shared = "SHARED";
inline constexpr const char* third_party_tf = "THIRD_PARTY_TF";
inline constexpr const char* third_party_did = "THIRD_PARTY_DID";
inline constexpr const char* short_code = "SHORT_CODE";
}  // namespace phone_number_type

/// The status of a claim or update (PhoneNumberWorkflowStatus).
namespace phone_number_workflow_status {
inline constexpr const char* claimed = "CLAIMED";
inline constexpr const char* in_progress = "IN_PROGRESS";
inline constexpr const char* failed = "FAILED";
}  // namespace phone_number_workflow_status

/// Resource tags (TagMap): 1 to 50 entries; keys 1 to 128 characters (letters, digits,
/// spaces and `_.:/=+-@`, not starting with "aws:"), values at most 256 characters.
using tag_map = std::map<std::string, std::string>;

// ---------------------------------------------------------------------------------------
// SearchAvailablePhoneNumbers

/// Input of SearchAvailablePhoneNumbers: numbers that can be claimed for a target.
struct search_available_phone_numbers_request {
    search_available_phone_numbers_request() = default;
    search_available_phone_numbers_request(std::string country_code, std::string type)
        : phone_number_country_code(std::move(country_code)), phone_number_type(std::move(type)) {}

    /// The instance or traffic distribution group ARN to search for (exactly one of
    /// target_arn and instance_id).
    std::optional<std::string> target_arn;
    /// The instance id (1 to 100 characters).
    std::optional<std::string> instance_id;
    /// ISO country code, e.g. "US" (required).
    std::string phone_number_country_code;
    /// TOLL_FREE, DID, ... (required).
    std::string phone_number_type;
    /// `+?[0-9]{1,11}`, e.g. "+1800".
    std::optional<std::string> phone_number_prefix;
    /// 1 to 10.
    std::optional<int> max_results;
    /// From a previous page's response (1 to 100000 characters).
    std::optional<std::string> next_token;
};

/// One number that can be claimed (AvailableNumberSummary).
struct available_number_summary {
    std::string phone_number;  ///< E.164, e.g. "+18005550100"
    std::string phone_number_country_code;
    std::string phone_number_type;
};

struct search_available_phone_numbers_response {
    std::vector<available_number_summary> available_numbers_list;
    /// Present when there are more numbers: pass it as the next request's next_token.
    std::optional<std::string> next_token;
    std::string request_id;  ///< x-amzn-RequestId of the successful response
    int attempts = 0;        ///< requests sent (see release_phone_number_response::attempts)
};

// ---------------------------------------------------------------------------------------
// ClaimPhoneNumber

/// Input of ClaimPhoneNumber. The claim completes asynchronously on the service:
/// DescribePhoneNumber shows IN_PROGRESS, then CLAIMED or FAILED (see
/// client::wait_until_phone_number_settled).
struct claim_phone_number_request {
    claim_phone_number_request() = default;
    explicit claim_phone_number_request(std::string number, std::optional<std::string> token = std::nullopt)
        : phone_number(std::move(number)), client_token(std::move(token)) {}

    /// Exactly one of target_arn and instance_id.
    std::optional<std::string> target_arn;
    std::optional<std::string> instance_id;
    /// E.164 (`\+[1-9]\d{1,14}`), required.
    std::string phone_number;
    /// At most 500 characters.
    std::optional<std::string> phone_number_description;
    tag_map tags;
    /// Idempotency token (at most 500 characters). When absent, the client generates a
    /// UUID v4 once per call and sends it on every attempt; it is reported on the response
    /// and on the error, so the claim can be retried safely with it.
    std::optional<std::string> client_token;
};

struct claim_phone_number_response {
    std::string phone_number_id;
    std::string phone_number_arn;
    std::string client_token;  ///< the idempotency token that was sent
    std::string request_id;
    int attempts = 0;
};

// ---------------------------------------------------------------------------------------
// DescribePhoneNumber

struct describe_phone_number_request {
    describe_phone_number_request() = default;
    explicit describe_phone_number_request(std::string id) : phone_number_id(std::move(id)) {}

    /// The phone number's id or ARN (required).
    std::string phone_number_id;
};

/// The status of the last claim or update (PhoneNumberStatus).
struct phone_number_status {
    std::string status;   ///< CLAIMED, IN_PROGRESS or FAILED (empty when absent)
    std::string message;  ///< why it FAILED, when it did
};

/// A claimed number (ClaimedPhoneNumberSummary).
struct claimed_phone_number_summary {
    std::string phone_number_id;
    std::string phone_number_arn;
    std::string phone_number;
    std::string phone_number_country_code;
    std::string phone_number_type;
    std::optional<std::string> phone_number_description;
    std::string target_arn;
    std::optional<std::string> instance_id;
    tag_map tags;
    awsconnect::phone_number_status phone_number_status;
    std::optional<std::string> source_phone_number_arn;
};

struct describe_phone_number_response {
    awsconnect::claimed_phone_number_summary claimed_phone_number_summary;
    std::string request_id;
    int attempts = 0;
};

// ---------------------------------------------------------------------------------------
// ListPhoneNumbersV2

/// Input of ListPhoneNumbersV2: the numbers claimed to a target (or, with neither
/// target_arn nor instance_id, to every instance of the account in the client's Region).
struct list_phone_numbers_v2_request {
    list_phone_numbers_v2_request() = default;

    /// At most one of target_arn and instance_id.
    std::optional<std::string> target_arn;
    std::optional<std::string> instance_id;
    /// 1 to 1000 (the service's default is 100).
    std::optional<int> max_results;
    std::optional<std::string> next_token;
    /// At most 10 ISO country codes.
    std::vector<std::string> phone_number_country_codes;
    /// At most 6 types.
    std::vector<std::string> phone_number_types;
    std::optional<std::string> phone_number_prefix;
};

/// One claimed number in a list (ListPhoneNumbersSummary).
struct list_phone_numbers_summary {
    std::string phone_number_id;
    std::string phone_number_arn;
    std::string phone_number;
    std::string phone_number_country_code;
    std::string phone_number_type;
    std::string target_arn;
    std::optional<std::string> instance_id;
    std::optional<std::string> phone_number_description;
    std::optional<std::string> source_phone_number_arn;
};

struct list_phone_numbers_v2_response {
    std::vector<list_phone_numbers_summary> list_phone_numbers_summary_list;
    std::optional<std::string> next_token;
    std::string request_id;
    int attempts = 0;
};

// ---------------------------------------------------------------------------------------
// UpdatePhoneNumber

/// Input of UpdatePhoneNumber: moves a claimed number to another instance or traffic
/// distribution group (asynchronous, like a claim).
struct update_phone_number_request {
    update_phone_number_request() = default;
    explicit update_phone_number_request(std::string id, std::optional<std::string> token = std::nullopt)
        : phone_number_id(std::move(id)), client_token(std::move(token)) {}

    std::string phone_number_id;  ///< id or ARN (required)
    /// Exactly one of target_arn and instance_id.
    std::optional<std::string> target_arn;
    std::optional<std::string> instance_id;
    std::optional<std::string> client_token;  ///< as for claim_phone_number_request
};

struct update_phone_number_response {
    std::string phone_number_id;
    std::string phone_number_arn;
    std::string client_token;
    std::string request_id;
    int attempts = 0;
};

// ---------------------------------------------------------------------------------------
// UpdatePhoneNumberMetadata

struct update_phone_number_metadata_request {
    update_phone_number_metadata_request() = default;
    explicit update_phone_number_metadata_request(std::string id, std::optional<std::string> token = std::nullopt)
        : phone_number_id(std::move(id)), client_token(std::move(token)) {}

    std::string phone_number_id;  ///< id or ARN (required)
    /// At most 500 characters.
    std::optional<std::string> phone_number_description;
    std::optional<std::string> client_token;
};

/// UpdatePhoneNumberMetadata has no output members.
struct update_phone_number_metadata_response {
    std::string phone_number_id;  ///< as given in the request
    std::string client_token;
    std::string request_id;
    int attempts = 0;
};

}  // namespace awsconnect
