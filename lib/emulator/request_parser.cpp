#include "emulator/request_parser.hpp"

namespace awsconnect::emulator {

request_parser::request_parser(request_storage& storage, std::size_t max_header_bytes,
                               std::size_t max_body_bytes)
    : s_(storage) {
    s_.bytes.clear();
    s_.fields.clear();
    s_.headers.clear();
    header_limit(static_cast<std::uint32_t>(max_header_bytes));
    body_limit(static_cast<std::uint64_t>(max_body_bytes));
}

std::uint32_t request_parser::append(boost::beast::string_view s) {
    const auto at = static_cast<std::uint32_t>(s_.bytes.size());
    s_.bytes.append(s.data(), s.size());
    return at;
}

void request_parser::on_request_impl(boost::beast::http::verb, boost::beast::string_view method,
                                     boost::beast::string_view target, int,
                                     boost::beast::error_code&) {
    method_ = append(method);
    method_size_ = static_cast<std::uint32_t>(method.size());
    target_ = append(target);
    target_size_ = static_cast<std::uint32_t>(target.size());
}

void request_parser::on_field_impl(boost::beast::http::field, boost::beast::string_view name,
                                   boost::beast::string_view value, boost::beast::error_code&) {
    request_storage::field_offsets f;
    f.name = append(name);
    f.name_size = static_cast<std::uint32_t>(name.size());
    f.value = append(value);
    f.value_size = static_cast<std::uint32_t>(value.size());
    s_.fields.push_back(f);
}

void request_parser::on_header_impl(boost::beast::error_code&) {}

void request_parser::on_body_init_impl(const boost::optional<std::uint64_t>&,
                                       boost::beast::error_code&) {
    body_ = static_cast<std::uint32_t>(s_.bytes.size());
}

std::size_t request_parser::on_body_impl(boost::beast::string_view body,
                                         boost::beast::error_code&) {
    append(body);
    return body.size();
}

std::size_t request_parser::on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                               boost::beast::error_code&) {
    append(body);
    return body.size();
}

void request_parser::on_finish_impl(boost::beast::error_code&) {
    // The arena no longer grows: the views stay valid.
    if (body_ == 0) body_ = static_cast<std::uint32_t>(s_.bytes.size());
    const std::string_view bytes = s_.bytes;
    for (const auto& f : s_.fields)
        s_.headers.push_back({bytes.substr(f.name, f.name_size), bytes.substr(f.value, f.value_size)});
}

request_view request_parser::view() const noexcept {
    const std::string_view bytes = s_.bytes;
    return {bytes.substr(method_, method_size_), bytes.substr(target_, target_size_),
            s_.headers, bytes.substr(body_)};
}

}  // namespace awsconnect::emulator
