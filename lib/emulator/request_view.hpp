// One HTTP request as the emulator's pure core sees it: views into bytes the I/O shell
// owns (its parser's arena). No Beast types, so the core can be unit-tested and fuzzed
// from plain strings.
#pragma once

#include "http/ascii.hpp"

#include "sigv4/canonical_request.hpp"

#include <span>
#include <string_view>

namespace awsconnect::emulator {

struct request_view {
    std::string_view method;
    std::string_view target;  ///< origin-form as received: path[?query]
    std::span<const sigv4::header_field> headers;  ///< in arrival order, names as received
    std::string_view body;

    std::string_view path() const noexcept { return target.substr(0, target.find('?')); }
    std::string_view query() const noexcept {
        const auto q = target.find('?');
        return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
    }
};

/// ASCII case-insensitive equality (header names): the library's one (http/ascii.hpp).
using http::iequals;

}  // namespace awsconnect::emulator
