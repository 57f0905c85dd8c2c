// A Connect request's input, read from its path, query and JSON body and checked against
// the model's constraints (lib/emulator/model_rules): everything the service can say about
// a request before it looks at its state.
//
// Pure, and run outside the state lock. The first broken rule becomes `invalid`, the
// message of the 400 InvalidParameterException the handler answers (after the throttle,
// as the service does). Checks follow the model's member order; unknown members are
// ignored and JSON nulls count as absent, as AWS front ends do.
#pragma once

#include "emulator/idempotency_store.hpp"
#include "emulator/phone_number_id.hpp"
#include "emulator/request_view.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsconnect::emulator {

/// How a request names its target.
struct target_input {
    std::optional<std::string> arn;          ///< TargetArn
    std::optional<std::string> instance_id;  ///< InstanceId
};

/// Every member of the seven operations' inputs; `op` says which are meaningful. Reused
/// from one request to the next (a connection's scratch), so strings keep their capacity.
struct request_input {
    connect_operation op = connect_operation::none;

    // PhoneNumberId (a path label): Describe, Update, UpdateMetadata, Release.
    std::string id_text;  ///< percent-decoded
    parsed_phone_number_id id;

    /// ClientToken (Claim, Update, UpdateMetadata: body; Release: query clientToken).
    /// Empty: none, so no idempotency.
    std::string token;

    target_input target;                      ///< Search, Claim, List, Update
    std::string country;                      ///< Search: PhoneNumberCountryCode
    std::string type;                         ///< Search: PhoneNumberType
    std::optional<std::string> prefix;        ///< Search, List: PhoneNumberPrefix
    std::vector<std::string> countries;       ///< List: PhoneNumberCountryCodes
    std::vector<std::string> types;           ///< List: PhoneNumberTypes
    std::optional<std::int64_t> max_results;  ///< Search, List: MaxResults
    std::optional<std::string> next_token;    ///< Search, List: NextToken
    std::string phone_number;                 ///< Claim: PhoneNumber
    std::optional<std::string> description;   ///< Claim, UpdateMetadata
    std::vector<std::pair<std::string, std::string>> tags;  ///< Claim: Tags, sorted by key

    /// The first rule the input breaks (the InvalidParameterException's message); empty
    /// when the input is valid.
    std::string invalid;

    void reset(connect_operation o);
};

/// Reads `req` as the input of `op`. `encoded_id`: the PhoneNumberId path label as
/// received (percent-encoded). `region`: the emulator's, for ARNs in PhoneNumberId.
void parse_input(connect_operation op, const request_view& req, std::string_view encoded_id,
                 std::string_view region, request_input& out);

}  // namespace awsconnect::emulator
