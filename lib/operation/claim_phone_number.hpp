// ClaimPhoneNumber: POST /phone-number/claim, idempotency token in the body's ClientToken
// -> PhoneNumberId, PhoneNumberArn. The claim completes asynchronously on the service.
#pragma once

#include "operation/operation.hpp"

#include <awsconnect/phone_numbers.hpp>

namespace awsconnect::operation {

struct claim_phone_number {
    using input = claim_phone_number_request;
    using output = claim_phone_number_response;
    static constexpr descriptor op{"ClaimPhoneNumber", "POST", token_location::body};

    static std::optional<std::string>& token_of(input& in) noexcept { return in.client_token; }
    static std::optional<error> validate(const input& in, const validation_context& ctx);
    static void serialize(const input& in, std::string_view token, serialized_input& out);
    static std::optional<error> parse(const http::response& r, input& in, output& out, const parse_context& ctx);
};

/// Reads the {PhoneNumberId, PhoneNumberArn} output of Claim and Update.
std::optional<error> parse_phone_number_id_and_arn(std::string_view operation, const http::response& r,
                                                   std::string& id, std::string& arn);

}  // namespace awsconnect::operation
