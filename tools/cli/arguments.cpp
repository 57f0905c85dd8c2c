#include "arguments.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace awsconnect::cli {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Reads one shorthand word at `pos`: a quoted string, or everything up to one of `stops`.
// Moves `pos` past it; nothing when a quote is not closed.
std::optional<std::string> shorthand_word(std::string_view text, std::size_t& pos, std::string_view stops) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) {
        const char quote = text[pos];
        const auto end = text.find(quote, pos + 1);
        if (end == std::string_view::npos) return std::nullopt;
        std::string word(text.substr(pos + 1, end - pos - 1));
        pos = end + 1;
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
        return word;
    }
    const auto end = text.find_first_of(stops, pos);
    const std::size_t stop = end == std::string_view::npos ? text.size() : end;
    std::string word(trim(text.substr(pos, stop - pos)));
    pos = stop;
    return word;
}

}  // namespace

parsed<tag_map> parse_tags(std::string_view text) {
    tag_map tags;
    const std::string_view t = trim(text);
    if (t.empty()) return std::string("--tags: no tags given (expected Key=Value,... or a JSON object)");
    if (t.front() == '{') {
        boost::system::error_code ec;
        const auto v = boost::json::parse(t, ec);
        if (ec || !v.is_object()) return std::string("--tags: not a JSON object of strings: ") + (ec ? ec.message() : "not an object");
        for (const auto& [k, val] : v.as_object()) {
            if (!val.is_string()) return "--tags: the value of '" + std::string(k) + "' is not a string";
            tags[std::string(k)] = std::string(val.as_string());
        }
        return tags;
    }
    std::size_t pos = 0;
    while (pos <= t.size()) {
        auto key = shorthand_word(t, pos, "=,");
        if (!key) return std::string("--tags: a quote is not closed");
        if (pos >= t.size() || t[pos] != '=')
            return "--tags: expected Key=Value, found '" + *key + "' without '=' (write Key=Value,Key2=Value2 or JSON)";
        ++pos;
        auto value = shorthand_word(t, pos, ",");
        if (!value) return std::string("--tags: a quote is not closed");
        if (key->empty()) return std::string("--tags: a tag has an empty key");
        if (pos < t.size() && t[pos] != ',')
            return "--tags: unexpected text after the value of '" + *key + "'";
        if (!tags.emplace(*key, *value).second) return "--tags: the key '" + *key + "' is given twice";
        if (pos >= t.size()) break;
        ++pos;  // the comma
        if (pos >= t.size()) return std::string("--tags: a comma with no tag after it");
    }
    return tags;
}

parsed<std::vector<std::string>> parse_string_list(const std::vector<std::string>& tokens) {
    std::vector<std::string> out;
    for (const auto& token : tokens) {
        const std::string_view t = trim(token);
        if (!t.empty() && t.front() == '[') {
            boost::system::error_code ec;
            const auto v = boost::json::parse(t, ec);
            if (ec || !v.is_array()) return "not a JSON array of strings: '" + token + "'";
            for (const auto& item : v.as_array()) {
                if (!item.is_string() || item.as_string().empty())
                    return "not a JSON array of non-empty strings: '" + token + "'";
                out.emplace_back(item.as_string());
            }
            continue;
        }
        std::size_t pos = 0;
        for (;;) {
            const auto comma = t.find(',', pos);
            const std::string_view item = trim(t.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
            if (item.empty()) return "an empty value in '" + token + "'";
            out.emplace_back(item);
            if (comma == std::string_view::npos) break;
            pos = comma + 1;
        }
    }
    return out;
}

// ---- base64 --------------------------------------------------------------------------------

namespace {
constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}
}  // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i < bytes.size()) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? alphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    unsigned acc = 0;
    int bits = 0;
    for (const char c : text) {
        const int s = sextet(c);
        if (s < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<unsigned>(s);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

// ---- the starting token ---------------------------------------------------------------------

std::string encode_starting_token(const starting_token& t) {
    boost::json::object o;
    if (t.next_token)
        o["NextToken"] = *t.next_token;
    else
        o["NextToken"] = nullptr;
    if (t.skip > 0) o["boto_truncate_amount"] = t.skip;
    return base64_encode(boost::json::serialize(o));
}

parsed<starting_token> decode_starting_token(std::string_view text) {
    const std::string bad = "--starting-token: not a token printed by --max-items (as 'next_token')";
    const auto json = base64_decode(trim(text));
    if (!json) return bad;
    boost::system::error_code ec;
    const auto v = boost::json::parse(*json, ec);
    if (ec || !v.is_object()) return bad;
    starting_token t;
    for (const auto& [k, val] : v.as_object()) {
        if (k == "NextToken") {
            if (val.is_string()) {
                if (!val.as_string().empty()) t.next_token = std::string(val.as_string());
            } else if (!val.is_null()) {
                return bad;
            }
        } else if (k == "boto_truncate_amount") {
            if (val.is_int64() && val.as_int64() >= 0)
                t.skip = static_cast<std::size_t>(val.as_int64());
            else if (val.is_uint64())
                t.skip = static_cast<std::size_t>(val.as_uint64());
            else
                return bad;
        } else {
            return bad;
        }
    }
    return t;
}

}  // namespace awsconnect::cli
