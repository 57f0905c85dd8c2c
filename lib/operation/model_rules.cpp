#include "operation/model_rules.hpp"

#include "error/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace awsconnect::operation {
namespace {

#include "operation/model_tables.inc"

// Decodes the UTF-8 character at s[i] (valid UTF-8 assumed); advances i.
char32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    return cp;
}

bool is_letter_separator_number(char32_t cp) noexcept {
    const auto& r = letter_separator_number_ranges;
    auto it = std::upper_bound(std::begin(r), std::end(r), cp,
                               [](char32_t v, const std::pair<char32_t, char32_t>& range) { return v < range.first; });
    if (it == std::begin(r)) return false;
    --it;
    return cp <= it->second;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

std::string_view next_field(std::string_view& rest) noexcept {
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) {
        auto f = rest;
        rest = {};
        return f;
    }
    auto f = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
    return f;
}

error invalid(std::string_view member, std::string what) {
    std::string m(member);
    m += ' ';
    m += what;
    return make_error(errc::invalid_input, std::move(m));
}

std::string join(std::span<const std::string_view> values, std::size_t max_shown) {
    std::string out;
    for (std::size_t i = 0; i < values.size() && i < max_shown; ++i) {
        if (i) out += ", ";
        out += values[i];
    }
    if (values.size() > max_shown) out += ", ... (" + std::to_string(values.size()) + " values)";
    return out;
}

// "the instance id" part of a Connect resource "kind/id": not empty, no ':' or '/'.
bool is_resource_id(std::string_view id) noexcept {
    return !id.empty() && id.find('/') == std::string_view::npos && id.find(':') == std::string_view::npos;
}

}  // namespace

// ---- Text ----------------------------------------------------------------------------

std::size_t first_invalid_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {  // ASCII, the common case: no call
            ++i;
            continue;
        }
        const std::size_t n = utf8::sequence_length(s, i);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

std::size_t utf8_length(std::string_view s) noexcept {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::size_t first_control_character(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7F) return i;
        if (c == 0xC2 && i + 1 < s.size()) {
            const auto d = static_cast<unsigned char>(s[i + 1]);
            if (d >= 0x80 && d <= 0x9F) return i;
        }
    }
    return std::string_view::npos;
}

std::string quote_for_message(std::string_view value) {
    const bool printable =
        value.size() <= 64 && std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
    if (printable) return "\"" + std::string(value) + "\"";
    return "(" + std::to_string(value.size()) + " bytes)";
}

// ---- ARNs ----------------------------------------------------------------------------

bool is_account_id(std::string_view s) noexcept {
    return s.size() == 12 && std::all_of(s.begin(), s.end(), is_digit);
}

std::optional<arn_parts> parse_arn(std::string_view arn) noexcept {
    std::string_view rest = arn;
    if (next_field(rest) != "arn") return std::nullopt;
    arn_parts a;
    a.partition = next_field(rest);
    a.service = next_field(rest);
    a.region = next_field(rest);
    a.account = next_field(rest);
    a.resource = rest;  // may itself contain ':'
    // Partitions and Regions are lower case ("aws-us-gov", "eu-west-1"), as the service
    // requires.
    auto lower_name = [](std::string_view v, bool digits) {
        return !v.empty() && std::all_of(v.begin(), v.end(), [digits](char c) {
            return (c >= 'a' && c <= 'z') || c == '-' || (digits && is_digit(c));
        });
    };
    if (!lower_name(a.partition, false) || a.service.empty() || !lower_name(a.region, true) || a.resource.empty())
        return std::nullopt;
    if (!is_account_id(a.account)) return std::nullopt;
    return a;
}

std::optional<phone_number_arn> parse_phone_number_arn(std::string_view arn) noexcept {
    const auto a = parse_arn(arn);
    if (!a || a->service != "connect") return std::nullopt;
    constexpr std::string_view prefix = "phone-number/";
    if (!a->resource.starts_with(prefix)) return std::nullopt;
    const auto id = a->resource.substr(prefix.size());
    if (!is_resource_id(id)) return std::nullopt;
    return phone_number_arn{a->partition, a->region, a->account, id};
}

std::optional<target_arn> parse_target_arn(std::string_view arn) noexcept {
    const auto a = parse_arn(arn);
    if (!a || a->service != "connect") return std::nullopt;
    target_arn t{target_kind::instance, a->partition, a->region, a->account, {}};
    constexpr std::string_view instance = "instance/";
    constexpr std::string_view tdg = "traffic-distribution-group/";
    if (a->resource.starts_with(instance)) {
        t.id = a->resource.substr(instance.size());
    } else if (a->resource.starts_with(tdg)) {
        t.kind = target_kind::traffic_distribution_group;
        t.id = a->resource.substr(tdg.size());
    } else {
        return std::nullopt;
    }
    if (!is_resource_id(t.id)) return std::nullopt;
    return t;
}

// ---- Enums and patterns --------------------------------------------------------------

std::span<const std::string_view> country_codes() noexcept { return country_code_values; }
std::span<const std::string_view> phone_number_types() noexcept { return phone_number_type_values; }
std::span<const std::string_view> workflow_statuses() noexcept { return workflow_status_values; }

bool is_one_of(std::string_view value, std::span<const std::string_view> values) noexcept {
    return std::find(values.begin(), values.end(), value) != values.end();
}

bool is_e164(std::string_view s) noexcept {
    if (s.size() < 3 || s.size() > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9') return false;
    return std::all_of(s.begin() + 1, s.end(), is_digit);
}

bool is_phone_number_prefix(std::string_view s) noexcept {
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    return !s.empty() && s.size() <= 11 && std::all_of(s.begin(), s.end(), is_digit);
}

bool is_tag_key(std::string_view s) noexcept {
    if (first_invalid_utf8(s) != std::string_view::npos) return false;
    const std::size_t n = utf8_length(s);
    if (n < 1 || n > 128 || s.starts_with("aws:")) return false;
    std::size_t i = 0;
    while (i < s.size()) {
        const char32_t cp = next_code_point(s, i);
        if (cp < 0x80 && std::string_view("_.:/=+-@").find(static_cast<char>(cp)) != std::string_view::npos)
            continue;
        if (!is_letter_separator_number(cp)) return false;
    }
    return true;
}

// ---- Checks --------------------------------------------------------------------------

std::optional<error> check_phone_number_id(std::string_view id, const validation_context& ctx) {
    if (id.empty())
        return make_error(errc::invalid_phone_number_id, "PhoneNumberId is required and must not be empty");
    if (id.size() > max_phone_number_id_bytes)
        return make_error(errc::invalid_phone_number_id,
                          "PhoneNumberId is " + std::to_string(id.size()) + " bytes long; at most " +
                              std::to_string(max_phone_number_id_bytes) + " are allowed");
    if (const auto bad = first_invalid_utf8(id); bad != std::string_view::npos)
        return make_error(errc::invalid_phone_number_id,
                          "PhoneNumberId is not valid UTF-8 (at byte " + std::to_string(bad) + ")");
    if (const auto ctl = first_control_character(id); ctl != std::string_view::npos)
        return make_error(errc::invalid_phone_number_id,
                          "PhoneNumberId contains a control character (at byte " + std::to_string(ctl) + ")");
    // The id is one path segment (percent-encoded, so '/' cannot split it); "." and ".."
    // are the segments a SigV4 signer normalises away, so the signed path would name
    // another resource than the one requested.
    if (id == "." || id == "..")
        return make_error(errc::invalid_phone_number_id,
                          "PhoneNumberId \"" + std::string(id) +
                              "\" is a dot segment: the request would be signed for another path");
    if (id.starts_with("arn:")) {
        const auto arn = parse_phone_number_arn(id);
        if (!arn)
            return make_error(errc::invalid_phone_number_id,
                              "PhoneNumberId looks like an ARN but is not a phone-number ARN: expected "
                              "arn:<partition>:connect:<region>:<12-digit account>:phone-number/<id>");
        if (arn->region != ctx.region)
            return make_error(errc::region_mismatch,
                              "PhoneNumberId names Region " + quote_for_message(arn->region) +
                                  " but this client calls " + std::string(ctx.region) +
                                  ": phone numbers can only be managed in the Region where they were claimed");
    }
    return std::nullopt;
}

std::optional<error> check_client_token(const std::optional<std::string>& token) {
    if (!token) return std::nullopt;
    const std::string_view t = *token;
    if (t.empty())
        return make_error(errc::invalid_client_token,
                          "ClientToken must not be empty (leave it unset to have one generated)");
    if (const auto bad = first_invalid_utf8(t); bad != std::string_view::npos)
        return make_error(errc::invalid_client_token,
                          "ClientToken is not valid UTF-8 (at byte " + std::to_string(bad) + ")");
    if (const auto n = utf8_length(t); n > max_client_token_chars)
        return make_error(errc::invalid_client_token, "ClientToken is " + std::to_string(n) +
                                                          " characters long; at most " +
                                                          std::to_string(max_client_token_chars) + " are allowed");
    return std::nullopt;
}

std::optional<error> check_target(const std::optional<std::string>& target, const std::optional<std::string>& instance,
                                  target_rule rule, const validation_context& ctx) {
    if (target && instance)
        return make_error(errc::invalid_input, "TargetArn and InstanceId are mutually exclusive: give one of them");
    if (!target && !instance) {
        if (rule == target_rule::exactly_one)
            return make_error(errc::invalid_input,
                              "a target is required: give TargetArn (an instance or traffic distribution group "
                              "ARN) or InstanceId");
        return std::nullopt;
    }
    if (instance) return check_length("InstanceId", *instance, 1, 100);
    const auto arn = parse_target_arn(*target);
    if (!arn)
        return make_error(errc::invalid_input,
                          "TargetArn " + quote_for_message(*target) +
                              " is not an Amazon Connect instance or traffic distribution group ARN: expected "
                              "arn:<partition>:connect:<region>:<12-digit account>:instance/<id> or "
                              "...:traffic-distribution-group/<id>");
    if (arn->region != ctx.region)
        return make_error(errc::region_mismatch, "TargetArn names Region " + quote_for_message(arn->region) +
                                                     " but this client calls " + std::string(ctx.region));
    return std::nullopt;
}

std::optional<error> check_enum(std::string_view member, std::string_view value,
                                std::span<const std::string_view> values) {
    if (is_one_of(value, values)) return std::nullopt;
    if (value.empty()) return invalid(member, "is required");
    return invalid(member, "must be one of " + join(values, 12) + "; got " + quote_for_message(value));
}

std::optional<error> check_length(std::string_view member, std::string_view value, std::size_t min,
                                  std::size_t max) {
    if (const auto bad = first_invalid_utf8(value); bad != std::string_view::npos)
        return invalid(member, "is not valid UTF-8 (at byte " + std::to_string(bad) + ")");
    const std::size_t n = utf8_length(value);
    if (n < min)
        return invalid(member, min == 1 ? std::string("must not be empty")
                                        : "must be at least " + std::to_string(min) + " characters long");
    if (n > max)
        return invalid(member, "is " + std::to_string(n) + " characters long; at most " + std::to_string(max) +
                                   " are allowed");
    return std::nullopt;
}

std::optional<error> check_range(std::string_view member, int value, int min, int max) {
    if (value >= min && value <= max) return std::nullopt;
    return invalid(member, "must be between " + std::to_string(min) + " and " + std::to_string(max) + "; got " +
                               std::to_string(value));
}

std::optional<error> check_phone_number(std::string_view value) {
    if (value.empty()) return invalid("PhoneNumber", "is required");
    if (is_e164(value)) return std::nullopt;
    return invalid("PhoneNumber", "must be in E.164 format (+ then 2 to 15 digits, the first not 0), e.g. "
                                  "\"+18005550100\"; got " +
                                      quote_for_message(value));
}

std::optional<error> check_phone_number_prefix(const std::optional<std::string>& value) {
    if (!value || is_phone_number_prefix(*value)) return std::nullopt;
    return invalid("PhoneNumberPrefix",
                   "must be 1 to 11 digits, optionally after a '+'; got " + quote_for_message(*value));
}

std::optional<error> check_description(const std::optional<std::string>& value) {
    if (!value) return std::nullopt;
    return check_length("PhoneNumberDescription", *value, 0, 500);
}

std::optional<error> check_next_token(const std::optional<std::string>& value) {
    if (!value) return std::nullopt;
    return check_length("NextToken", *value, 1, 100000);
}

std::optional<error> check_tags(const tag_map& tags) {
    if (tags.empty()) return std::nullopt;
    if (tags.size() > 50)
        return invalid("Tags", "has " + std::to_string(tags.size()) + " entries; at most 50 are allowed");
    for (const auto& [key, value] : tags) {
        if (!is_tag_key(key))
            return invalid("Tags", "key " + quote_for_message(key) +
                                       " is not a valid tag key: 1 to 128 letters, digits, spaces or _.:/=+-@, "
                                       "not starting with \"aws:\"");
        if (auto e = check_length("Tags", value, 0, 256)) {
            e->message = "Tags value of key " + quote_for_message(key) + ": " + e->message.substr(5);
            return e;
        }
    }
    return std::nullopt;
}

}  // namespace awsconnect::operation
