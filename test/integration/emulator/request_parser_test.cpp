// The emulator's request parser on raw bytes, without sockets (Beast's parser fed through
// `put`, the way a fuzzer would): the view it gives the core (method, target, headers in
// arrival order with their original case, body), chunked bodies, the header and body
// limits, and that a connection's storage is reused without growing.
#include "emulator/request_parser.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace awsconnect::emulator;
namespace bhttp = boost::beast::http;

namespace {

// Feeds `bytes` to a fresh parser over `storage`; returns the error (none when complete).
boost::beast::error_code parse(request_storage& storage, std::string_view bytes,
                               std::optional<request_parser>& p, std::size_t max_header = 8192,
                               std::size_t max_body = 1024) {
    p.emplace(storage, max_header, max_body);
    p->eager(true);
    boost::beast::error_code ec;
    std::size_t used = 0;
    while (!ec && !p->is_done() && used < bytes.size())
        used += p->put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    if (!ec && !p->is_done()) ec = bhttp::error::need_more;
    return ec;
}

}  // namespace

TEST_SUITE("emulator.request_parser") {

TEST_CASE("a ReleasePhoneNumber request as the core sees it") {
    request_storage storage;
    std::optional<request_parser> p;
    const std::string bytes =
        "DELETE /phone-number/abc%2Fdef?clientToken=t%20k HTTP/1.1\r\n"
        "Host: 127.0.0.1:8443\r\n"
        "X-Amz-Date: 20240506T070809Z\r\n"
        "x-custom:   spaced value  \r\n"
        "Content-Length: 2\r\n"
        "\r\n"
        "{}";
    REQUIRE_FALSE(parse(storage, bytes, p));
    const request_view v = p->view();
    CHECK(v.method == "DELETE");
    CHECK(v.target == "/phone-number/abc%2Fdef?clientToken=t%20k");
    CHECK(v.path() == "/phone-number/abc%2Fdef");
    CHECK(v.query() == "clientToken=t%20k");
    REQUIRE(v.headers.size() == 4);
    CHECK(v.headers[0].name == "Host");
    CHECK(v.headers[0].value == "127.0.0.1:8443");
    CHECK(v.headers[1].name == "X-Amz-Date");
    CHECK(v.headers[2].value == "spaced value");
    CHECK(v.body == "{}");
    CHECK(p->keep_alive());
}

TEST_CASE("a chunked body is joined") {
    request_storage storage;
    std::optional<request_parser> p;
    REQUIRE_FALSE(parse(storage,
                        "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
                        p));
    CHECK(p->view().body == "abcde");
}

TEST_CASE("no body, HTTP/1.0 without keep-alive") {
    request_storage storage;
    std::optional<request_parser> p;
    REQUIRE_FALSE(parse(storage, "DELETE /phone-number/x HTTP/1.0\r\nHost: h\r\n\r\n", p));
    CHECK(p->view().body.empty());
    CHECK_FALSE(p->keep_alive());
}

TEST_CASE("limits") {
    request_storage storage;
    std::optional<request_parser> p;
    CHECK(parse(storage, "GET / HTTP/1.1\r\nX: " + std::string(600, 'x') + "\r\n\r\n", p, 512) ==
          bhttp::error::header_limit);
    CHECK(parse(storage, "POST / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n", p) ==
          bhttp::error::body_limit);
    CHECK(parse(storage, "NOT HTTP\r\n\r\n", p));
}

TEST_CASE("the storage is reused: a second request does not grow it") {
    request_storage storage;
    std::optional<request_parser> p;
    const std::string bytes = "DELETE /phone-number/a HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n";
    REQUIRE_FALSE(parse(storage, bytes, p));
    const auto bytes_capacity = storage.bytes.capacity();
    const auto headers_capacity = storage.headers.capacity();
    REQUIRE_FALSE(parse(storage, bytes, p));
    CHECK(storage.bytes.capacity() == bytes_capacity);
    CHECK(storage.headers.capacity() == headers_capacity);
    CHECK(p->view().headers.size() == 3);
}

}  // TEST_SUITE
