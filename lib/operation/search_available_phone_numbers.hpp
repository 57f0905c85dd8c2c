// SearchAvailablePhoneNumbers: POST /phone-number/search-available (paginated: NextToken,
// MaxResults 1..10) -> AvailableNumbersList, NextToken.
#pragma once

#include "operation/operation.hpp"

#include <awsconnect/phone_numbers.hpp>

namespace awsconnect::operation {

struct search_available_phone_numbers {
    using input = search_available_phone_numbers_request;
    using output = search_available_phone_numbers_response;
    static constexpr descriptor op{"SearchAvailablePhoneNumbers", "POST", token_location::none};

    static std::optional<error> validate(const input& in, const validation_context& ctx);
    static void serialize(const input& in, std::string_view token, serialized_input& out);
    static std::optional<error> parse(const http::response& r, input& in, output& out, const parse_context& ctx);
};

}  // namespace awsconnect::operation
