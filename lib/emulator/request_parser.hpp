// An HTTP/1.1 request parser that copies the request into a per-connection arena and
// hands the pure core a `request_view`.
//
// Beast's basic_parser does the HTTP grammar, limits and chunked decoding; this class only
// stores what it reports. The arena and the field table keep their capacity from one
// request to the next, so a warm connection parses without allocating (beast's
// request_parser<...> would allocate every header field). Part of the I/O shell.
#pragma once

#include "emulator/request_view.hpp"

#include <boost/beast/http/basic_parser.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace awsconnect::emulator {

/// What a connection keeps between requests.
struct request_storage {
    std::string bytes;  ///< method, target, field names and values, body
    struct field_offsets {
        std::uint32_t name, name_size, value, value_size;
    };
    std::vector<field_offsets> fields;
    std::vector<sigv4::header_field> headers;  ///< views into `bytes`, built at the end
};

class request_parser final : public boost::beast::http::basic_parser<true> {
public:
    /// Clears `storage` and sets the limits (header bytes, body bytes).
    request_parser(request_storage& storage, std::size_t max_header_bytes,
                   std::size_t max_body_bytes);

    /// The request; valid once `is_done()` and until `storage` is reused.
    request_view view() const noexcept;

private:
    void on_request_impl(boost::beast::http::verb, boost::beast::string_view method,
                         boost::beast::string_view target, int version,
                         boost::beast::error_code& ec) override;
    void on_response_impl(int, boost::beast::string_view, int,
                          boost::beast::error_code&) override {}
    void on_field_impl(boost::beast::http::field, boost::beast::string_view name,
                       boost::beast::string_view value, boost::beast::error_code& ec) override;
    void on_header_impl(boost::beast::error_code& ec) override;
    void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                           boost::beast::error_code& ec) override;
    std::size_t on_body_impl(boost::beast::string_view body,
                             boost::beast::error_code& ec) override;
    void on_chunk_header_impl(std::uint64_t, boost::beast::string_view,
                              boost::beast::error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                   boost::beast::error_code& ec) override;
    void on_finish_impl(boost::beast::error_code& ec) override;

    std::uint32_t append(boost::beast::string_view s);

    request_storage& s_;
    std::uint32_t method_ = 0, method_size_ = 0, target_ = 0, target_size_ = 0;
    std::uint32_t body_ = 0;
};

}  // namespace awsconnect::emulator
