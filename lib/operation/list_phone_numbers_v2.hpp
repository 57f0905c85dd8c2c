// ListPhoneNumbersV2: POST /phone-number/list (paginated: NextToken, MaxResults 1..1000)
// -> ListPhoneNumbersSummaryList, NextToken.
#pragma once

#include "operation/operation.hpp"

#include <awsconnect/phone_numbers.hpp>

namespace awsconnect::operation {

struct list_phone_numbers_v2 {
    using input = list_phone_numbers_v2_request;
    using output = list_phone_numbers_v2_response;
    static constexpr descriptor op{"ListPhoneNumbersV2", "POST", token_location::none};

    static std::optional<error> validate(const input& in, const validation_context& ctx);
    static void serialize(const input& in, std::string_view token, serialized_input& out);
    static std::optional<error> parse(const http::response& r, input& in, output& out, const parse_context& ctx);
};

}  // namespace awsconnect::operation
