#include "error/utf8.hpp"

#include <algorithm>
#include <cstdint>

namespace awsconnect::utf8 {
namespace {

struct lead_info {
    std::size_t length;  // 0: not a lead byte
    unsigned char second_min;
    unsigned char second_max;
};

// Unicode Table 3-7: the valid range of the second byte depends on the lead byte; the
// narrowed ranges exclude overlong forms (E0, F0), surrogates (ED) and values beyond
// U+10FFFF (F4). Later bytes are always 80..BF.
lead_info lead(unsigned char c) noexcept {
    if (c >= 0xC2 && c <= 0xDF) return {2, 0x80, 0xBF};
    if (c == 0xE0) return {3, 0xA0, 0xBF};
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return {3, 0x80, 0xBF};
    if (c == 0xED) return {3, 0x80, 0x9F};
    if (c == 0xF0) return {4, 0x90, 0xBF};
    if (c >= 0xF1 && c <= 0xF3) return {4, 0x80, 0xBF};
    if (c == 0xF4) return {4, 0x80, 0x8F};
    return {0, 0, 0};
}

// At s[i], not ASCII: the length of the well-formed character there (`valid` true), or of
// the maximal subpart of an ill-formed one (`valid` false, at least 1).
std::size_t scan(std::string_view s, std::size_t i, bool& valid) noexcept {
    const lead_info l = lead(static_cast<unsigned char>(s[i]));
    valid = false;
    if (l.length == 0) return 1;
    std::size_t n = 1;
    while (n < l.length && i + n < s.size()) {
        const auto c = static_cast<unsigned char>(s[i + n]);
        const unsigned char lo = n == 1 ? l.second_min : 0x80;
        const unsigned char hi = n == 1 ? l.second_max : 0xBF;
        if (c < lo || c > hi) return n;
        ++n;
    }
    valid = n == l.length;
    return n;
}

}  // namespace

std::size_t sequence_length(std::string_view s, std::size_t i) noexcept {
    if (i >= s.size()) return 0;
    if (static_cast<unsigned char>(s[i]) < 0x80) return 1;
    bool valid = false;
    const std::size_t n = scan(s, i, valid);
    return valid ? n : 0;
}

bool is_valid(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {  // ASCII, the common case: no call
            ++i;
            continue;
        }
        const std::size_t n = sequence_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

bool append_sanitized(std::string& out, std::string_view s, std::size_t max_bytes) {
    std::size_t i = 0;
    while (i < s.size()) {
        // A run of ASCII at once: the common case.
        std::size_t ascii = i;
        while (ascii < s.size() && static_cast<unsigned char>(s[ascii]) < 0x80) ++ascii;
        if (ascii > i) {
            const std::size_t room = max_bytes > out.size() ? max_bytes - out.size() : 0;
            const std::size_t take = std::min(ascii - i, room);
            out.append(s.data() + i, take);
            i += take;
            if (i < ascii) return false;
            continue;
        }
        bool valid = false;
        const std::size_t n = scan(s, i, valid);
        const std::string_view piece = valid ? s.substr(i, n) : replacement_character;
        if (out.size() + piece.size() > max_bytes) return false;
        out.append(piece);
        i += n;
    }
    return true;
}

std::string sanitize(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    append_sanitized(out, s, std::string::npos);
    return out;
}

}  // namespace awsconnect::utf8
