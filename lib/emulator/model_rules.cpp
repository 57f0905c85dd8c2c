#include "emulator/model_rules.hpp"

#include <algorithm>

namespace awsconnect::emulator::model {
namespace {

// The model's PhoneNumberCountryCode enum, in the model's order.
constexpr std::array<std::string_view, 237> country_code_values{
    "AF", "AL", "DZ", "AS", "AD", "AO", "AI", "AQ", "AG", "AR", "AM", "AW", "AU", "AT", "AZ",
    "BS", "BH", "BD", "BB", "BY", "BE", "BZ", "BJ", "BM", "BT", "BO", "BA", "BW", "BR", "IO",
    "VG", "BN", "BG", "BF", "BI", "KH", "CM", "CA", "CV", "KY", "CF", "TD", "CL", "CN", "CX",
    "CC", "CO", "KM", "CK", "CR", "HR", "CU", "CW", "CY", "CZ", "CD", "DK", "DJ", "DM", "DO",
    "TL", "EC", "EG", "SV", "GQ", "ER", "EE", "ET", "FK", "FO", "FJ", "FI", "FR", "PF", "GA",
    "GM", "GE", "DE", "GH", "GI", "GR", "GL", "GD", "GU", "GT", "GG", "GN", "GW", "GY", "HT",
    "HN", "HK", "HU", "IS", "IN", "ID", "IR", "IQ", "IE", "IM", "IL", "IT", "CI", "JM", "JP",
    "JE", "JO", "KZ", "KE", "KI", "KW", "KG", "LA", "LV", "LB", "LS", "LR", "LY", "LI", "LT",
    "LU", "MO", "MK", "MG", "MW", "MY", "MV", "ML", "MT", "MH", "MR", "MU", "YT", "MX", "FM",
    "MD", "MC", "MN", "ME", "MS", "MA", "MZ", "MM", "NA", "NR", "NP", "NL", "AN", "NC", "NZ",
    "NI", "NE", "NG", "NU", "KP", "MP", "NO", "OM", "PK", "PW", "PA", "PG", "PY", "PE", "PH",
    "PN", "PL", "PT", "PR", "QA", "CG", "RE", "RO", "RU", "RW", "BL", "SH", "KN", "LC", "MF",
    "PM", "VC", "WS", "SM", "ST", "SA", "SN", "RS", "SC", "SL", "SG", "SX", "SK", "SI", "SB",
    "SO", "ZA", "KR", "ES", "LK", "SD", "SR", "SJ", "SZ", "SE", "CH", "SY", "TW", "TJ", "TZ",
    "TH", "TG", "TK", "TO", "TT", "TN", "TR", "TM", "TC", "TV", "VI", "UG", "UA", "AE", "GB",
    "US", "UY", "UZ", "VU", "VA", "VE", "VN", "WF", "EH", "YE", "ZM", "ZW",
};

// The model's PhoneNumberType enum.
constexpr std::array<std::string_view, 7> phone_number_type_values{
    "TOLL_FREE", "DID", "UIFN", "SHARED", "THIRD_PARTY_TF", "THIRD_PARTY_DID", "SHORT_CODE",
};

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

template <class Pred>
bool all_of(std::string_view s, Pred p) noexcept {
    return std::all_of(s.begin(), s.end(), p);
}

// Decodes the code point at s[i] (valid UTF-8 assumed checked by the caller's loop);
// returns its length, or 0 if the sequence is not valid UTF-8.
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) noexcept {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t n;
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

bool code_points_within(std::string_view s, std::size_t min, std::size_t max) noexcept {
    const auto n = utf8_code_points(s);
    return n && *n >= min && *n <= max;
}

}  // namespace

std::optional<std::size_t> utf8_code_points(std::string_view s) noexcept {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size(); ++count) {
        std::uint32_t cp = 0;
        const std::size_t n = decode_utf8(s, i, cp);
        if (n == 0) return std::nullopt;
        i += n;
    }
    return count;
}

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

bool is_e164(std::string_view number) noexcept {
    return number.size() >= 3 && number.size() <= 16 && number[0] == '+' && number[1] != '0' &&
           all_of(number.substr(1), is_digit);
}

bool is_phone_number_prefix(std::string_view prefix) noexcept {
    if (prefix.starts_with('+')) prefix.remove_prefix(1);
    return !prefix.empty() && prefix.size() <= 11 && all_of(prefix, is_digit);
}

bool is_country_code(std::string_view code) noexcept {
    return std::find(country_code_values.begin(), country_code_values.end(), code) !=
           country_code_values.end();
}

std::span<const std::string_view> country_codes() noexcept { return country_code_values; }

bool is_phone_number_type(std::string_view type) noexcept {
    return std::find(phone_number_type_values.begin(), phone_number_type_values.end(), type) !=
           phone_number_type_values.end();
}

std::span<const std::string_view> phone_number_types() noexcept {
    return phone_number_type_values;
}

bool is_valid_tag_key(std::string_view key) noexcept {
    if (!code_points_within(key, 1, max_tag_key_code_points) || key.starts_with("aws:"))
        return false;
    for (std::size_t i = 0; i < key.size();) {
        std::uint32_t cp = 0;
        i += decode_utf8(key, i, cp);
        if (cp < 0x80) {
            const char c = static_cast<char>(cp);
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
                            c == ' ' || c == '_' || c == '.' || c == ':' || c == '/' ||
                            c == '=' || c == '+' || c == '-' || c == '@';
            if (!ok) return false;
        } else if (cp < 0xA0) {
            return false;  // C1 controls are neither letters, separators nor numbers
        }
    }
    return true;
}

bool is_valid_tag_value(std::string_view value) noexcept {
    return code_points_within(value, 0, max_tag_value_code_points);
}

bool is_account_id(std::string_view account) noexcept {
    return account.size() == 12 && all_of(account, is_digit);
}

std::optional<connect_arn> parse_connect_arn(std::string_view arn) noexcept {
    auto take = [&](std::string_view& field) {
        const auto colon = arn.find(':');
        if (colon == std::string_view::npos) return false;
        field = arn.substr(0, colon);
        arn.remove_prefix(colon + 1);
        return true;
    };
    std::string_view scheme, service;
    connect_arn a;
    if (!take(scheme) || scheme != "arn" || !take(a.partition) || !take(service) ||
        service != "connect" || !take(a.region) || !take(a.account))
        return std::nullopt;
    const auto slash = arn.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    a.resource_type = arn.substr(0, slash);
    a.resource_id = arn.substr(slash + 1);
    const bool ok =
        !a.partition.empty() &&
        all_of(a.partition, [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }) &&
        !a.region.empty() &&
        all_of(a.region, [](char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-'; }) &&
        is_account_id(a.account) && !a.resource_type.empty() && !a.resource_id.empty() &&
        a.resource_type.find(':') == std::string_view::npos &&
        a.resource_id.find_first_of("/:") == std::string_view::npos;
    if (!ok) return std::nullopt;
    return a;
}

std::string_view partition_of(std::string_view region) noexcept {
    if (region.starts_with("cn-")) return "aws-cn";
    if (region.starts_with("us-gov-")) return "aws-us-gov";
    if (region.starts_with("us-isob-")) return "aws-iso-b";
    if (region.starts_with("us-iso-")) return "aws-iso";
    return "aws";
}

}  // namespace awsconnect::emulator::model
