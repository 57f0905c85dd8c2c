// Helpers shared by the fuzz targets: an invariant check that aborts (so libFuzzer keeps
// the input as a crash), and a reader that splits one fuzz input into fields.
//
// Checks print only the condition and where it is, never the input (some targets handle
// secret-looking values).
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(cond)                                                                 \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, \
                         __LINE__);                                                      \
            std::abort();                                                                \
        }                                                                                \
    } while (false)

namespace awsconnect::fuzz {

/// Reads an input front to back. Running past the end yields zeros and empty fields, so a
/// target never has to check the size itself.
class input_reader {
public:
    input_reader(const std::uint8_t* data, std::size_t size)
        : rest_(reinterpret_cast<const char*>(data), size) {}

    std::uint8_t byte() noexcept {
        if (rest_.empty()) return 0;
        const auto b = static_cast<std::uint8_t>(rest_.front());
        rest_.remove_prefix(1);
        return b;
    }

    /// Up to (not including) the next `separator`, which is consumed; or all that is left.
    std::string_view field(char separator = '\n') noexcept {
        const auto at = rest_.find(separator);
        const auto f = rest_.substr(0, at);
        rest_.remove_prefix(at == std::string_view::npos ? rest_.size() : at + 1);
        return f;
    }

    std::string_view rest() const noexcept { return rest_; }
    bool empty() const noexcept { return rest_.empty(); }

private:
    std::string_view rest_;
};

/// True if `s` holds an ASCII control character (or DEL).
inline bool has_control_char(std::string_view s) noexcept {
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) return true;
    }
    return false;
}

/// Feeds `bytes` to a Beast parser as a socket read loop would, consuming what it used;
/// once every byte has been seen, the end of the stream. True when a message is complete.
/// (Putting the same bytes again would break the parser's contract: Beast's read loop
/// always adds bytes first; without a byte of the message, async_read reports
/// end_of_stream, and put_eof asserts on that case.)
template <class Parser>
bool feed_to_end(Parser& p, std::string_view& bytes) {
    boost::beast::error_code ec;
    while (!p.is_done()) {
        const std::size_t n = p.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
        bytes.remove_prefix(n);
        if (ec == boost::beast::http::error::need_more) {
            if (!p.got_some()) return false;
            ec = {};
            p.put_eof(ec);
            break;
        }
        if (ec || n == 0) break;
    }
    return !ec && p.is_done();
}

}  // namespace awsconnect::fuzz
