// UpdatePhoneNumberMetadata: PUT /phone-number/{PhoneNumberId}/metadata, token in the
// body's ClientToken. No output members: every 2xx is success.
#pragma once

#include "operation/operation.hpp"

#include <awsconnect/phone_numbers.hpp>

namespace awsconnect::operation {

struct update_phone_number_metadata {
    using input = update_phone_number_metadata_request;
    using output = update_phone_number_metadata_response;
    static constexpr descriptor op{"UpdatePhoneNumberMetadata", "PUT", token_location::body};

    static std::optional<std::string>& token_of(input& in) noexcept { return in.client_token; }
    static std::optional<error> validate(const input& in, const validation_context& ctx);
    static void serialize(const input& in, std::string_view token, serialized_input& out);
    static std::optional<error> parse(const http::response& r, input& in, output& out, const parse_context& ctx);
};

}  // namespace awsconnect::operation
