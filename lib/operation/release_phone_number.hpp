// ReleasePhoneNumber: DELETE /phone-number/{PhoneNumberId}?clientToken={ClientToken}
//
// The PhoneNumberId is a path label and the idempotency token a query parameter. The
// operation has no output members: every 2xx is success whatever its body (botocore and
// the Rust SDK do not read the body of an output-less operation either, and a 2xx means
// the release was committed, so calling it a failure would only invite a second call).
#pragma once

#include "operation/operation.hpp"

#include <awsconnect/release_phone_number.hpp>

namespace awsconnect::operation {

struct release_phone_number {
    using input = release_phone_number_request;
    using output = release_phone_number_response;
    static constexpr descriptor op{"ReleasePhoneNumber", "DELETE", token_location::query};

    static std::optional<std::string>& token_of(input& in) noexcept { return in.client_token; }
    static std::optional<error> validate(const input& in, const validation_context& ctx);
    static void serialize(const input& in, std::string_view token, serialized_input& out);
    /// Moves the id into the output and stamps `released_at`.
    static std::optional<error> parse(const http::response& r, input& in, output& out, const parse_context& ctx);
};

/// The wire pieces on their own (tests, the emulator's load tool): "/phone-number/" +
/// encode(id), and "clientToken=" + encode(token), appended to `out`.
void append_release_phone_number_path(std::string& out, std::string_view phone_number_id);
void append_release_phone_number_query(std::string& out, std::string_view client_token);

}  // namespace awsconnect::operation
