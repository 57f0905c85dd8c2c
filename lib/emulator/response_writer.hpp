// The emulator's responses as HTTP/1.1 bytes, written by hand into a reused buffer.
//
// Pure. Writing the head ourselves (instead of through Beast's serializer) keeps the hot
// path free of per-request allocations and gives the fault injector byte-level control
// (a Content-Length larger than the bytes sent, garbage instead of a response).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace awsconnect::emulator {

struct response_head {
    int status = 200;
    std::string_view content_type = "application/json";
    std::string_view error_type;  ///< X-Amzn-ErrorType, omitted when empty
    std::string_view date;        ///< IMF-fixdate
    std::string_view request_id;  ///< x-amzn-RequestId
    std::string_view allow;       ///< Allow (405 only), omitted when empty
    bool keep_alive = true;       ///< false: Connection: close
    std::size_t content_length = 0;
};

/// "OK", "Not Found", ... ("Unknown" for codes the emulator never sends).
std::string_view reason_phrase(int status) noexcept;

/// Appends the status line and headers, up to and including the blank line.
void append_response_head(std::string& out, const response_head& h);

/// Appends `s` as a JSON string (with its quotes). Control characters and quotes are
/// escaped; bytes that are not valid UTF-8 become U+FFFD, so the body always parses.
void append_json_string(std::string& out, std::string_view s);

/// A request id in UUID form, unique per (seed, sequence).
std::array<char, 36> format_request_id(std::uint64_t seed, std::uint64_t sequence) noexcept;

}  // namespace awsconnect::emulator
