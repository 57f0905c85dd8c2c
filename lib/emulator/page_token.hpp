// NextToken for ListPhoneNumbersV2 and SearchAvailablePhoneNumbers: opaque to clients,
// stable under concurrent changes.
//
// A token names the last number of the page it ends (pages are ordered by number, see
// inventory.hpp), the operation, and a digest of the request's filters, and carries a MAC
// under the emulator's key, so a token that was altered, made up, or issued for another
// operation or other filters is refused (400 InvalidParameterException) instead of
// silently starting somewhere else. Text: base64url without padding. Pure.
#pragma once

#include "crypto/sha256.hpp"
#include "emulator/idempotency_store.hpp"
#include "emulator/inventory.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::emulator {

std::string encode_page_token(connect_operation op, const crypto::sha256_digest& filters,
                              const e164& last, const crypto::hmac_sha256_key& key);

/// The last number of the previous page, or nothing if `token` is not one of ours for
/// this operation and these filters.
std::optional<e164> decode_page_token(std::string_view token, connect_operation op,
                                      const crypto::sha256_digest& filters,
                                      const crypto::hmac_sha256_key& key);

}  // namespace awsconnect::emulator
