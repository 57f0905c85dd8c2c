// awsconnect: the JSON result envelope of the seed document, used by the CLI and the bench.
//
//   {"success":true,"data":{"id":"...","client_token":"...","request_id":"...",
//                           "attempts":1,"released_at":"2025-01-01T00:00:00Z"}}
//   {"success":false,"error":{"code":"VALIDATION_ERROR","message":"...", ...}}
//
// The error object always has `code` and `message`; it adds `reason` (the errc name),
// `server_message`, `http_status`, `service_code`, `request_id`, `client_token` and
// `attempts` where they are known. Keys appear in that order. Errors hold no secrets.
#pragma once

#include <awsconnect/error.hpp>
#include <awsconnect/release_phone_number.hpp>
#include <awsconnect/result.hpp>

#include <chrono>
#include <string>

namespace awsconnect {

/// `2025-01-01T00:00:00Z` (UTC, whole seconds).
std::string format_iso8601(std::chrono::system_clock::time_point t);

std::string to_envelope_json(const release_phone_number_response& r);
std::string to_envelope_json(const error& e);

template <class T>
std::string to_envelope_json(const result<T>& r) {
    return r.has_value() ? to_envelope_json(*r) : to_envelope_json(r.error());
}

}  // namespace awsconnect
