#include "operation/release_phone_number_validate.hpp"

#include <string>

namespace awsconnect::operation {

std::size_t first_invalid_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n;
        std::uint32_t cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + n > s.size()) return i;
        for (std::size_t k = 1; k < n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values beyond U+10FFFF are not UTF-8.
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return i;
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

namespace {

// Offset of the first control character (C0, DEL, or C1 as U+0080..U+009F) in valid UTF-8.
std::size_t first_control(std::string_view s) noexcept {
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

std::string_view next_field(std::string_view& rest) {
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

}  // namespace

std::optional<phone_number_arn> parse_phone_number_arn(std::string_view arn) noexcept {
    std::string_view rest = arn;
    if (next_field(rest) != "arn") return std::nullopt;
    phone_number_arn a;
    a.partition = next_field(rest);
    if (next_field(rest) != "connect") return std::nullopt;
    a.region = next_field(rest);
    a.account = next_field(rest);
    // The resource: "phone-number/{id}" (the id itself may not contain ':' or '/').
    constexpr std::string_view prefix = "phone-number/";
    if (rest.substr(0, prefix.size()) != prefix) return std::nullopt;
    a.id = rest.substr(prefix.size());
    if (a.partition.empty() || a.region.empty() || a.account.empty() || a.id.empty()) return std::nullopt;
    if (a.id.find('/') != std::string_view::npos || a.id.find(':') != std::string_view::npos) return std::nullopt;
    for (char c : a.account)
        if (c < '0' || c > '9') return std::nullopt;
    return a;
}

std::optional<error> validate_release_phone_number(const release_phone_number_request& request,
                                                   std::string_view client_region) {
    const std::string_view id = request.phone_number_id;
    if (id.empty())
        return make_error(errc::invalid_phone_number_id, "PhoneNumberId is required and must not be empty");
    if (id.size() > max_phone_number_id_bytes)
        return make_error(errc::invalid_phone_number_id,
                          "PhoneNumberId is " + std::to_string(id.size()) + " bytes long; at most " +
                              std::to_string(max_phone_number_id_bytes) + " are allowed");
    if (const auto bad = first_invalid_utf8(id); bad != std::string_view::npos)
        return make_error(errc::invalid_phone_number_id,
                          "PhoneNumberId is not valid UTF-8 (at byte " + std::to_string(bad) + ")");
    if (const auto ctl = first_control(id); ctl != std::string_view::npos)
        return make_error(errc::invalid_phone_number_id,
                          "PhoneNumberId contains a control character (at byte " + std::to_string(ctl) + ")");
    if (id.substr(0, 4) == "arn:") {
        const auto arn = parse_phone_number_arn(id);
        if (!arn)
            return make_error(errc::invalid_phone_number_id,
                              "PhoneNumberId looks like an ARN but is not a phone-number ARN: expected "
                              "arn:<partition>:connect:<region>:<account>:phone-number/<id>");
        if (arn->region != client_region)
            return make_error(errc::region_mismatch,
                              "PhoneNumberId names Region " + std::string(arn->region) + " but this client calls " +
                                  std::string(client_region) +
                                  ": ReleasePhoneNumber can only be called in the Region where the phone "
                                  "number was claimed");
    }
    if (request.client_token) {
        const std::string_view token = *request.client_token;
        if (token.empty())
            return make_error(errc::invalid_client_token,
                              "ClientToken must not be empty (leave it unset to have one generated)");
        if (const auto bad = first_invalid_utf8(token); bad != std::string_view::npos)
            return make_error(errc::invalid_client_token,
                              "ClientToken is not valid UTF-8 (at byte " + std::to_string(bad) + ")");
        if (const auto n = utf8_length(token); n > max_client_token_chars)
            return make_error(errc::invalid_client_token,
                              "ClientToken is " + std::to_string(n) + " characters long; at most " +
                                  std::to_string(max_client_token_chars) + " are allowed");
    }
    return std::nullopt;
}

}  // namespace awsconnect::operation
