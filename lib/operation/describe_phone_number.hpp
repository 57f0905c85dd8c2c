// DescribePhoneNumber: GET /phone-number/{PhoneNumberId} -> ClaimedPhoneNumberSummary.
#pragma once

#include "operation/operation.hpp"

#include <awsconnect/phone_numbers.hpp>

namespace awsconnect::operation {

struct describe_phone_number {
    using input = describe_phone_number_request;
    using output = describe_phone_number_response;
    static constexpr descriptor op{"DescribePhoneNumber", "GET", token_location::none};

    static std::optional<error> validate(const input& in, const validation_context& ctx);
    static void serialize(const input& in, std::string_view token, serialized_input& out);
    static std::optional<error> parse(const http::response& r, input& in, output& out, const parse_context& ctx);
};

}  // namespace awsconnect::operation
