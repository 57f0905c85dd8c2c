// UpdatePhoneNumber: PUT /phone-number/{PhoneNumberId}, token in the body's ClientToken
// -> PhoneNumberId, PhoneNumberArn. Moves a number to another target, asynchronously.
#pragma once

#include "operation/operation.hpp"

#include <awsconnect/phone_numbers.hpp>

namespace awsconnect::operation {

struct update_phone_number {
    using input = update_phone_number_request;
    using output = update_phone_number_response;
    static constexpr descriptor op{"UpdatePhoneNumber", "PUT", token_location::body};

    static std::optional<std::string>& token_of(input& in) noexcept { return in.client_token; }
    static std::optional<error> validate(const input& in, const validation_context& ctx);
    static void serialize(const input& in, std::string_view token, serialized_input& out);
    static std::optional<error> parse(const http::response& r, input& in, output& out, const parse_context& ctx);
};

}  // namespace awsconnect::operation
