// Command-line values as the AWS CLI spells them, turned into request members:
//
//   --tags team=blue,env=prod            shorthand (a map: Key=Value pairs, comma separated;
//   --tags 'team="a,b",env=prod'         a value in double or single quotes may hold , and =)
//   --tags '{"team":"blue"}'             JSON (an object of strings)
//   --phone-number-country-codes US GB   a list: several values, or comma separated ones
//   --phone-number-types '["DID"]'       ... or a JSON array of strings
//
// and the token that resumes a walk cut short by --max-items (`--starting-token`), in the
// AWS CLI's own format: base64 of {"NextToken": <the service's token or null>,
// "boto_truncate_amount": <items of that page already printed>}, so a token printed by one
// CLI resumes in the other.
//
// Pure; thread-safe (no shared state). Errors are messages for a usage error (exit 2).
#pragma once

#include <awsconnect/phone_numbers.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace awsconnect::cli {

/// A parsed value, or the message saying what is wrong with the text.
template <class T>
using parsed = std::variant<T, std::string>;

/// --tags: a JSON object of strings, or the shorthand `Key=Value,Key2=Value2` (keys and
/// values trimmed of surrounding spaces; either may be quoted with " or ', and then holds
/// any character but its quote; a repeated key is an error).
parsed<tag_map> parse_tags(std::string_view text);

/// A list option's values (each token as given after the option): a token starting with
/// '[' is a JSON array of strings, any other is split on commas. Empty items are errors.
parsed<std::vector<std::string>> parse_string_list(const std::vector<std::string>& tokens);

/// Where a walk resumes: the page's NextToken (absent: the first page) and how many of its
/// items were printed already.
struct starting_token {
    std::optional<std::string> next_token;
    std::size_t skip = 0;

    friend bool operator==(const starting_token&, const starting_token&) = default;
};

std::string encode_starting_token(const starting_token& t);
parsed<starting_token> decode_starting_token(std::string_view text);

std::string base64_encode(std::string_view bytes);
/// Standard alphabet, with or without '=' padding; nothing on any other character.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace awsconnect::cli
