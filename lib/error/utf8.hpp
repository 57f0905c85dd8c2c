// UTF-8 checking and repair for text that crosses a trust boundary: text a server sent (error
// messages, HTML bodies, header values) and every string the JSON envelope writes.
//
// Well-formed UTF-8 is what Unicode §3.9 (Table 3-7) allows: no overlong forms, no
// surrogates (U+D800..U+DFFF), nothing beyond U+10FFFF, no stray continuation bytes, no
// sequence cut short. Repair follows the Unicode "maximal subpart" practice (the one of
// WHATWG's decoder and of Python's errors="replace"): each maximal subpart of an ill-formed
// sequence becomes one U+FFFD, so "\xC3(" gives "\uFFFD(" and an overlong "\xC0\x80" two
// U+FFFD. Well-formed input comes out unchanged.
//
// Pure; thread safety: plain functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace awsconnect::utf8 {

/// U+FFFD REPLACEMENT CHARACTER, encoded.
inline constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// The length (1 to 4) of the well-formed character starting at `s[i]`, or 0 if the bytes
/// at `i` are not one (or `i` is past the end).
std::size_t sequence_length(std::string_view s, std::size_t i) noexcept;

/// True if the whole of `s` is well-formed UTF-8.
bool is_valid(std::string_view s) noexcept;

/// `s` with every ill-formed subpart replaced by U+FFFD.
std::string sanitize(std::string_view s);

/// Appends `s`, repaired as `sanitize` does, to `out` character by character while `out`
/// stays within `max_bytes` bytes: a character (or replacement) that would go beyond is
/// not appended, nor anything after it, so `out` is never cut inside a character. Returns
/// true if the whole of `s` was appended.
bool append_sanitized(std::string& out, std::string_view s, std::size_t max_bytes);

}  // namespace awsconnect::utf8
