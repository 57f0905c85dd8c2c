// awsconnect: the ReleasePhoneNumber operation's request and response.
//
// DELETE /phone-number/{PhoneNumberId}?clientToken={ClientToken}
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace awsconnect {

/// Input of ReleasePhoneNumber.
///
/// Not an aggregate on purpose: g++ 12 destroys an aggregate-initialized temporary twice
/// when it is an argument inside a `co_await` expression, as in
/// `co_await c.release_phone_number({id})`; with these constructors that natural spelling
/// is safe.
struct release_phone_number_request {
    release_phone_number_request() = default;
    release_phone_number_request(std::string id, std::optional<std::string> token = std::nullopt)
        : phone_number_id(std::move(id)), client_token(std::move(token)) {}

    /// The phone number's id (a UUID) or its ARN
    /// (`arn:{partition}:connect:{region}:{account}:phone-number/{id}`). Required; at most
    /// 500 bytes of UTF-8 without control characters.
    std::string phone_number_id;
    /// Idempotency token (1 to 500 characters). When absent, the client generates one
    /// UUID v4 per call and sends it on every attempt; the token used is reported on the
    /// response and on the error, so it can be persisted and passed again.
    std::optional<std::string> client_token;
};

/// Output of a successful ReleasePhoneNumber.
struct release_phone_number_response {
    std::string phone_number_id;  ///< as given in the request
    std::string client_token;     ///< the idempotency token that was sent
    std::string request_id;       ///< x-amzn-RequestId of the successful response
    int attempts = 0;             ///< requests sent, a stale keep-alive replay included (retry.md §9 case 15)
    std::chrono::system_clock::time_point released_at;  ///< client time of the success
};

/// A new idempotency token: a UUID v4 from a CSPRNG (OpenSSL). Make one yourself when you
/// must persist the token before the call (to retry the same release after a restart).
std::string make_client_token();

}  // namespace awsconnect
