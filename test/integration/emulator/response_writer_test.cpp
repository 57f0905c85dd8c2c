// The response bytes, byte for byte: status line, the headers every response carries
// (Date, x-amzn-RequestId, Content-Type, Content-Length), the optional ones, JSON string
// escaping (valid UTF-8 kept, invalid bytes replaced) and the request-id format.
#include "emulator/response_writer.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace awsconnect::emulator;

TEST_SUITE("emulator.response_writer") {

TEST_CASE("a success head") {
    std::string out;
    response_head h;
    h.date = "Mon, 06 May 2024 07:08:09 GMT";
    h.request_id = "11111111-2222-4333-8444-555555555555";
    h.content_length = 2;
    append_response_head(out, h);
    CHECK(out ==
          "HTTP/1.1 200 OK\r\n"
          "Date: Mon, 06 May 2024 07:08:09 GMT\r\n"
          "x-amzn-RequestId: 11111111-2222-4333-8444-555555555555\r\n"
          "Content-Type: application/json\r\n"
          "Content-Length: 2\r\n"
          "\r\n");
}

TEST_CASE("an error head that closes the connection") {
    std::string out;
    response_head h;
    h.status = 405;
    h.error_type = "UnknownOperationException";
    h.date = "D";
    h.request_id = "R";
    h.allow = "DELETE";
    h.keep_alive = false;
    h.content_length = 17;
    append_response_head(out, h);
    CHECK(out ==
          "HTTP/1.1 405 Method Not Allowed\r\nDate: D\r\nx-amzn-RequestId: R\r\n"
          "Content-Type: application/json\r\nContent-Length: 17\r\n"
          "X-Amzn-ErrorType: UnknownOperationException\r\nAllow: DELETE\r\n"
          "Connection: close\r\n\r\n");
}

TEST_CASE("JSON strings") {
    auto json = [](std::string_view s) {
        std::string out;
        append_json_string(out, s);
        return out;
    };
    CHECK(json("plain") == "\"plain\"");
    CHECK(json("a\"b\\c\nd\te\x01") == "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    CHECK(json("caf\xC3\xA9 \xE2\x82\xAC") == "\"caf\xC3\xA9 \xE2\x82\xAC\"");
    CHECK(json("bad \xFF \xC3") == "\"bad \\ufffd \\ufffd\"");
    CHECK(json("\xED\xA0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");  // a surrogate is not UTF-8
}

TEST_CASE("request ids are version-4 UUIDs, unique per sequence number") {
    std::set<std::string> seen;
    for (std::uint64_t i = 0; i < 1000; ++i) {
        const auto id = format_request_id(7, i);
        const std::string s(id.data(), id.size());
        CHECK(s[8] == '-');
        CHECK(s[13] == '-');
        CHECK(s[14] == '4');
        CHECK(std::string_view("89ab").find(s[19]) != std::string_view::npos);
        seen.insert(s);
    }
    CHECK(seen.size() == 1000);
    const auto a = format_request_id(7, 1), b = format_request_id(7, 1);
    CHECK(std::string_view(a.data(), 36) == std::string_view(b.data(), 36));
}

}  // TEST_SUITE
