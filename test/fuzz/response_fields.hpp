// The transport's response callbacks for fuzz targets: Beast's basic_parser filling an
// http::response the way lib/transport/connection.cpp's response_parser does (that class
// is private to connection.cpp and reachable only through a socket), and a driver that
// feeds raw response bytes to it as a socket read loop would.
#pragma once

#include "fuzz_input.hpp"

#include "http/http_response.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <cstdint>
#include <string_view>

namespace awsconnect::fuzz {

namespace beast = boost::beast;

// The callbacks of transport's response_parser (keep in step with connection.cpp).
class response_fields final : public beast::http::basic_parser<false> {
public:
    explicit response_fields(http::response& out) : out_(out) {}

private:
    void on_request_impl(beast::http::verb, beast::string_view, beast::string_view, int,
                         beast::error_code&) override {}
    void on_response_impl(int code, beast::string_view reason, int, beast::error_code&) override {
        out_.status = code;
        out_.reason.assign(reason);
    }
    void on_field_impl(beast::http::field f, beast::string_view name, beast::string_view value,
                       beast::error_code&) override {
        if (f == beast::http::field::keep_alive) return;
        http::set_response_header(out_, name, value);
    }
    void on_header_impl(beast::error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>&, beast::error_code&) override {}
    std::size_t on_body_impl(beast::string_view s, beast::error_code&) override {
        out_.body.append(s.data(), s.size());
        return s.size();
    }
    void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view s,
                                   beast::error_code&) override {
        out_.body.append(s.data(), s.size());
        return s.size();
    }
    void on_finish_impl(beast::error_code&) override {}

    http::response& out_;
};

/// Feeds the whole input, as a socket read would deliver it, then end of stream, with the
/// transport's default limits. True when a complete response was read.
inline bool parse_response(std::string_view bytes, http::response& r) {
    response_fields p(r);
    p.header_limit(16 * 1024);  // transport's defaults: 16 KiB of header, 1 MiB of body
    p.body_limit(1024 * 1024);
    p.eager(true);
    return feed_to_end(p, bytes);
}

}  // namespace awsconnect::fuzz
