// UUID version 4 text, for idempotency tokens and invocation ids.
//
// Pure formatting of 16 random bytes (the caller brings them: OpenSSL's CSPRNG for tokens,
// see client/client_services.cpp), so tests can pin exact values.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace awsconnect::operation {

/// "xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx": sets the version nibble to 4 and the variant
/// bits to 10 (N in 8, 9, a, b), lower-case hex.
std::string format_uuid_v4(std::array<std::uint8_t, 16> bytes);

/// True for the lower- or upper-case text form of a version-4 UUID.
bool is_uuid_v4(std::string_view s) noexcept;

}  // namespace awsconnect::operation
