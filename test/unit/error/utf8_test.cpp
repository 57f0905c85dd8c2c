// UTF-8 checking and repair (lib/error/utf8): which byte sequences are well-formed, how
// ill-formed ones are replaced, and how a bounded append cuts.
//
// Strategy: the boundaries of Unicode's Table 3-7 one by one; the standard's own example
// of replacing maximal subparts (Table 3-8) and other cases whose expected output was
// taken from an independent decoder (Python's bytes.decode("utf-8", "replace")); and an
// exhaustive cross-check of every 1-, 2- and 3-byte string, and of every 4-byte string
// with a 4-byte lead, against a reference that decodes to a code point and checks the
// rules in the other direction (overlong, surrogate, beyond U+10FFFF).
#include "error/utf8.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>

using namespace awsconnect;

namespace {

const std::string fffd = "\xEF\xBF\xBD";

std::string bytes(std::initializer_list<unsigned> list) {
    std::string s;
    for (unsigned b : list) s.push_back(static_cast<char>(b));
    return s;
}

// The reference: decode one character of exactly s.size() bytes by the bit patterns, then
// reject what the standard forbids. A different method from the library's (which checks
// the ranges of Table 3-7 byte by byte).
bool reference_valid_single(const std::string& s) {
    const auto c0 = static_cast<unsigned char>(s[0]);
    std::size_t n;
    std::uint32_t cp;
    if (c0 < 0x80) {
        n = 1;
        cp = c0;
    } else if ((c0 & 0xE0) == 0xC0) {
        n = 2;
        cp = c0 & 0x1F;
    } else if ((c0 & 0xF0) == 0xE0) {
        n = 3;
        cp = c0 & 0x0F;
    } else if ((c0 & 0xF8) == 0xF0) {
        n = 4;
        cp = c0 & 0x07;
    } else {
        return false;
    }
    if (n != s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[k]);
        if ((c & 0xC0) != 0x80) return false;
        cp = (cp << 6) | (c & 0x3F);
    }
    const std::uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
    return cp >= min_for_length[n] && !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
}

// Well-formed strings of up to 3 bytes: a concatenation of well-formed characters.
bool reference_valid(const std::string& s) {
    if (s.empty()) return true;
    for (std::size_t first = 1; first <= s.size() && first <= 4; ++first)
        if (reference_valid_single(s.substr(0, first)) && reference_valid(s.substr(first))) return true;
    return false;
}

}  // namespace

TEST_SUITE("utf8") {

TEST_CASE("sequence_length follows Table 3-7 at every boundary") {
    struct row {
        std::string s;
        std::size_t expected;
    };
    const row rows[] = {
        {bytes({0x00}), 1},
        {bytes({0x7F}), 1},
        {bytes({0x80}), 0},                    // a continuation byte alone
        {bytes({0xC0, 0x80}), 0},              // overlong U+0000
        {bytes({0xC1, 0xBF}), 0},              // overlong U+007F
        {bytes({0xC2, 0x80}), 2},              // U+0080
        {bytes({0xDF, 0xBF}), 2},              // U+07FF
        {bytes({0xC2, 0x7F}), 0},              // second byte not a continuation
        {bytes({0xC2, 0xC0}), 0},
        {bytes({0xE0, 0x9F, 0xBF}), 0},        // overlong U+07FF
        {bytes({0xE0, 0xA0, 0x80}), 3},        // U+0800
        {bytes({0xEC, 0xBF, 0xBF}), 3},
        {bytes({0xED, 0x9F, 0xBF}), 3},        // U+D7FF
        {bytes({0xED, 0xA0, 0x80}), 0},        // U+D800, a surrogate
        {bytes({0xED, 0xBF, 0xBF}), 0},        // U+DFFF
        {bytes({0xEE, 0x80, 0x80}), 3},        // U+E000
        {bytes({0xEF, 0xBF, 0xBF}), 3},        // U+FFFF
        {bytes({0xF0, 0x8F, 0xBF, 0xBF}), 0},  // overlong U+FFFF
        {bytes({0xF0, 0x90, 0x80, 0x80}), 4},  // U+10000
        {bytes({0xF3, 0xBF, 0xBF, 0xBF}), 4},
        {bytes({0xF4, 0x8F, 0xBF, 0xBF}), 4},  // U+10FFFF
        {bytes({0xF4, 0x90, 0x80, 0x80}), 0},  // U+110000
        {bytes({0xF5, 0x80, 0x80, 0x80}), 0},
        {bytes({0xF8, 0x88, 0x80, 0x80, 0x80}), 0},  // the old 5-byte form
        {bytes({0xFE}), 0},
        {bytes({0xFF}), 0},
        {bytes({0xE2, 0x82}), 0},              // cut short
        {bytes({0xF0, 0x9F, 0x98}), 0},
    };
    for (const auto& r : rows) {
        CAPTURE(r.s.size());
        CAPTURE(static_cast<unsigned>(static_cast<unsigned char>(r.s[0])));
        CHECK(utf8::sequence_length(r.s, 0) == r.expected);
        CHECK(utf8::is_valid(r.s) == (r.expected == r.s.size()));
    }
    CHECK(utf8::sequence_length("ab", 2) == 0);  // past the end
    CHECK(utf8::sequence_length("a\xC3\xA9", 1) == 2);
    CHECK(utf8::is_valid(""));
}

TEST_CASE("sanitize replaces each maximal subpart with one U+FFFD") {
    // Unicode Table 3-8: <61 F1 80 80 E1 80 C2 62 80 63 80 BF 64>.
    CHECK(utf8::sanitize(bytes({0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64})) ==
          "a" + fffd + fffd + fffd + "b" + fffd + "c" + fffd + fffd + "d");
    // Expected values from Python's bytes.decode("utf-8", "replace").
    CHECK(utf8::sanitize(bytes({0xC0, 0x80})) == fffd + fffd);
    CHECK(utf8::sanitize(bytes({0xE0, 0x80, 0x80})) == fffd + fffd + fffd);
    CHECK(utf8::sanitize(bytes({0xE0, 0xA0})) == fffd);
    CHECK(utf8::sanitize(bytes({0xED, 0xA0, 0x80})) == fffd + fffd + fffd);
    CHECK(utf8::sanitize(bytes({0xF4, 0x90, 0x80, 0x80})) == fffd + fffd + fffd + fffd);
    CHECK(utf8::sanitize(bytes({0xF0, 0x9F, 0x98})) == fffd);
    CHECK(utf8::sanitize(bytes({0xF8, 0x88, 0x80, 0x80, 0x80})) == fffd + fffd + fffd + fffd + fffd);
    CHECK(utf8::sanitize(bytes({0xFE, 0xFF})) == fffd + fffd);
    CHECK(utf8::sanitize(bytes({0xE1, 0x80, 0xE2, 0xF0, 0x91, 0x92, 0xF1, 0xBF, 0x41})) ==
          fffd + fffd + fffd + fffd + "A");
    CHECK(utf8::sanitize("Latin-1: caf\xE9, na\xEFve") == "Latin-1: caf" + fffd + ", na" + fffd + "ve");
    // Well-formed text, the replacement character itself included, is unchanged.
    const std::string good = "plain \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 " + fffd + std::string(1, '\0');
    CHECK(utf8::sanitize(good) == good);
    CHECK(utf8::sanitize("") == "");
}

TEST_CASE("every string of up to 3 bytes, and every 4-byte character form, agrees with the reference") {
    // 1, 2 and 3 bytes: all 16.8 million strings. A mismatch is reported once (the first).
    std::optional<std::string> mismatch;
    std::string s;
    for (unsigned len = 1; len <= 3 && !mismatch; ++len) {
        const std::uint32_t count = 1u << (8 * len);
        s.assign(len, '\0');
        for (std::uint32_t v = 0; v < count; ++v) {
            for (unsigned k = 0; k < len; ++k) s[k] = static_cast<char>((v >> (8 * k)) & 0xFF);
            const bool valid = utf8::is_valid(s);
            if (valid != reference_valid(s)) {
                mismatch = s;
                break;
            }
            // A repaired string is always well-formed, and the identity when it was.
            const std::string repaired = utf8::sanitize(s);
            if (!utf8::is_valid(repaired) || (valid && repaired != s)) {
                mismatch = s;
                break;
            }
        }
    }
    // 4 bytes: every lead byte F0..FF with every second byte, and third and fourth bytes at
    // the edges of the continuation range and just outside it.
    const unsigned tails[] = {0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xFF};
    for (unsigned b0 = 0xF0; b0 <= 0xFF && !mismatch; ++b0)
        for (unsigned b1 = 0; b1 <= 0xFF && !mismatch; ++b1)
            for (unsigned b2 : tails)
                for (unsigned b3 : tails) {
                    s = bytes({b0, b1, b2, b3});
                    if (utf8::is_valid(s) != reference_valid_single(s) || !utf8::is_valid(utf8::sanitize(s)))
                        mismatch = s;
                }
    if (mismatch) {
        std::string hex;
        for (char c : *mismatch) hex += std::to_string(static_cast<unsigned char>(c)) + " ";
        FAIL("disagreement with the reference on bytes " << hex);
    }
}

TEST_CASE("append_sanitized stops before the first character that would pass the bound") {
    std::string out = "ab";
    CHECK(utf8::append_sanitized(out, "cd", 4));
    CHECK(out == "abcd");
    out.clear();
    CHECK_FALSE(utf8::append_sanitized(out, "abcdef", 4));
    CHECK(out == "abcd");
    // A 3-byte character at bytes 2..4 does not fit in 4: it is left out whole.
    out.clear();
    CHECK_FALSE(utf8::append_sanitized(out, "ab\xE2\x82\xAC", 4));
    CHECK(out == "ab");
    out.clear();
    CHECK(utf8::append_sanitized(out, "ab\xE2\x82\xAC", 5));
    CHECK(out == "ab\xE2\x82\xAC");
    // A replacement counts with its own 3 bytes, not the 1 byte it replaces.
    out.clear();
    CHECK_FALSE(utf8::append_sanitized(out, "ab\xFF", 4));
    CHECK(out == "ab");
    out.clear();
    CHECK(utf8::append_sanitized(out, "ab\xFF", 5));
    CHECK(out == "ab" + fffd);
    // Already past the bound: nothing more is appended.
    out = "abcdef";
    CHECK_FALSE(utf8::append_sanitized(out, "x", 4));
    CHECK(out == "abcdef");
    CHECK(utf8::append_sanitized(out, "", 4));
}

}  // TEST_SUITE
