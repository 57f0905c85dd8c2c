// awsconnect: the JSON result envelope of the seed document, used by the CLI and the bench.
//
//   {"success":true,"data":{"id":"...","client_token":"...","request_id":"...",
//                           "attempts":1,"released_at":"2025-01-01T00:00:00Z"}}
//   {"success":false,"error":{"code":"VALIDATION_ERROR","message":"...", ...}}
//
// The error object always has `code` and `message`; it adds `reason` (the errc name),
// `server_message`, `http_status`, `service_code`, `request_id`, `client_token` and
// `attempts` where they are known. Keys appear in that order. Errors hold no secrets.
//
// The other operations' responses render the same way, their members in snake_case under
// "data" (lib/error/envelope_lifecycle.cpp), e.g. for DescribePhoneNumber:
//
//   {"success":true,"data":{"claimed_phone_number_summary":{"phone_number_id":"...",
//     "phone_number_arn":"...","phone_number":"+18005550100","phone_number_country_code":"US",
//     "phone_number_type":"TOLL_FREE","target_arn":"...","instance_id":"...","tags":{},
//     "phone_number_status":{"status":"CLAIMED"}},"request_id":"...","attempts":1}}
//
// Optional members appear only when set (NextToken, InstanceId, PhoneNumberDescription,
// SourcePhoneNumberArn, a status message); lists and the tag map always (maybe empty).
#pragma once

#include <awsconnect/error.hpp>
#include <awsconnect/phone_numbers.hpp>
#include <awsconnect/release_phone_number.hpp>
#include <awsconnect/result.hpp>

#include <chrono>
#include <string>

namespace awsconnect {

/// `2025-01-01T00:00:00Z` (UTC, whole seconds).
std::string format_iso8601(std::chrono::system_clock::time_point t);

std::string to_envelope_json(const release_phone_number_response& r);
std::string to_envelope_json(const error& e);

// The lifecycle's responses (lib/error/envelope_lifecycle.cpp).
std::string to_envelope_json(const search_available_phone_numbers_response& r);
std::string to_envelope_json(const claim_phone_number_response& r);
std::string to_envelope_json(const describe_phone_number_response& r);
std::string to_envelope_json(const list_phone_numbers_v2_response& r);
std::string to_envelope_json(const update_phone_number_response& r);
std::string to_envelope_json(const update_phone_number_metadata_response& r);

template <class T>
std::string to_envelope_json(const result<T>& r) {
    return r.has_value() ? to_envelope_json(*r) : to_envelope_json(r.error());
}

}  // namespace awsconnect
