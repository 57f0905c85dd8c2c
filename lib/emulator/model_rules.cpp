#include "emulator/model_rules.hpp"

#include "operation/model_rules.hpp"

namespace awsconnect::emulator::model {

// One implementation of each rule (issue 13 C14): the client's checks in
// lib/operation/model_rules, which the emulator answers with here.

std::optional<std::size_t> utf8_code_points(std::string_view s) noexcept {
    if (operation::first_invalid_utf8(s) != std::string_view::npos) return std::nullopt;
    return operation::utf8_length(s);
}

namespace {
bool code_points_within(std::string_view s, std::size_t min, std::size_t max) noexcept {
    const auto n = utf8_code_points(s);
    return n && *n >= min && *n <= max;
}
}  // namespace

bool is_valid_client_token(std::string_view token) noexcept {
    return code_points_within(token, 0, max_client_token_code_points);
}

bool is_valid_description(std::string_view description) noexcept {
    return code_points_within(description, 0, max_description_code_points);
}

bool is_valid_instance_id(std::string_view id) noexcept {
    return code_points_within(id, 1, max_instance_id_code_points);
}

bool is_valid_next_token(std::string_view token) noexcept {
    return code_points_within(token, 1, max_next_token_code_points);
}

bool is_e164(std::string_view number) noexcept { return operation::is_e164(number); }

bool is_phone_number_prefix(std::string_view prefix) noexcept { return operation::is_phone_number_prefix(prefix); }

bool is_country_code(std::string_view code) noexcept { return operation::is_one_of(code, operation::country_codes()); }

std::span<const std::string_view> country_codes() noexcept { return operation::country_codes(); }

bool is_phone_number_type(std::string_view type) noexcept {
    return operation::is_one_of(type, operation::phone_number_types());
}

std::span<const std::string_view> phone_number_types() noexcept { return operation::phone_number_types(); }

bool is_valid_tag_key(std::string_view key) noexcept { return operation::is_tag_key(key); }

bool is_valid_tag_value(std::string_view value) noexcept {
    return code_points_within(value, 0, max_tag_value_code_points);
}

bool is_account_id(std::string_view account) noexcept { return operation::is_account_id(account); }

std::optional<connect_arn> parse_connect_arn(std::string_view arn) noexcept {
    const auto a = operation::parse_arn(arn);
    if (!a || a->service != "connect") return std::nullopt;
    const auto slash = a->resource.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    connect_arn c{a->partition, a->region, a->account, a->resource.substr(0, slash), a->resource.substr(slash + 1)};
    if (c.resource_type.empty() || c.resource_id.empty() || c.resource_type.find(':') != std::string_view::npos ||
        c.resource_id.find_first_of("/:") != std::string_view::npos)
        return std::nullopt;
    return c;
}

std::string_view partition_of(std::string_view region) noexcept {
    if (region.starts_with("cn-")) return "aws-cn";
    if (region.starts_with("us-gov-")) return "aws-us-gov";
    if (region.starts_with("us-isob-")) return "aws-iso-b";
    if (region.starts_with("us-iso-")) return "aws-iso";
    return "aws";
}

}  // namespace awsconnect::emulator::model
