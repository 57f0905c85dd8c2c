// What injected faults answer, byte for byte (pure): restJson1 errors for JSON bodies, a
// load balancer's page for HTML (no X-Amzn-ErrorType), nothing for empty bodies, 429
// ThrottlingException; how each kind is counted; and that garbage is reproducible and
// never looks like an HTTP response.
#include "emulator/fault_response.hpp"

#include <doctest/doctest.h>

using namespace awsconnect::emulator;
using namespace std::chrono_literals;

TEST_SUITE("emulator.fault_response") {

TEST_CASE("HTTP errors in three body shapes") {
    response r;
    r.body = "left over";
    set_injected_error(r, {fault_kind::http_error, 503, error_body::json, 0ms});
    CHECK(r.status == 503);
    CHECK(r.error_type == "ServiceUnavailableException");
    CHECK(r.content_type == "application/json");
    CHECK(r.body == R"({"message":"Service Unavailable"})");
    CHECK(r.result == outcome::injected_5xx);
    CHECK_FALSE(r.committed);

    set_injected_error(r, {fault_kind::http_error, 502, error_body::html, 0ms});
    CHECK(r.status == 502);
    CHECK(r.error_type.empty());
    CHECK(r.content_type == "text/html");
    CHECK(r.body ==
          "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 "
          "Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n");

    set_injected_error(r, {fault_kind::http_error, 504, error_body::empty, 0ms});
    CHECK(r.status == 504);
    CHECK(r.error_type.empty());
    CHECK(r.content_type.empty());
    CHECK(r.body.empty());

    set_injected_error(r, {fault_kind::http_error, 500, error_body::json, 0ms});
    CHECK(r.error_type == "InternalServiceException");

    set_injected_error(r, {fault_kind::throttle, 0, error_body::json, 0ms});
    CHECK(r.status == 429);
    CHECK(r.error_type == "ThrottlingException");
    CHECK(r.body == R"({"Message":"Rate exceeded"})");
    CHECK(r.result == outcome::injected_429);
}

TEST_CASE("every kind has its counter") {
    fault_counters c;
    count_fault(c, {});
    CHECK(c.total() == 0);
    const fault all[] = {{fault_kind::delay, 0, error_body::json, 5ms},
                         {fault_kind::http_error, 500, error_body::json, 0ms},
                         {fault_kind::http_error, 502, error_body::html, 0ms},
                         {fault_kind::http_error, 503, error_body::empty, 0ms},
                         {fault_kind::http_error, 504, error_body::json, 0ms},
                         {fault_kind::throttle, 0, error_body::json, 0ms},
                         {fault_kind::reset_before, 0, error_body::json, 0ms},
                         {fault_kind::reset_after_commit, 0, error_body::json, 0ms},
                         {fault_kind::idle_close, 0, error_body::json, 5ms},
                         {fault_kind::truncate, 0, error_body::json, 0ms},
                         {fault_kind::garbage, 0, error_body::json, 0ms},
                         {fault_kind::stall, 0, error_body::json, 0ms}};
    for (const auto& f : all) count_fault(c, f);
    CHECK(c.total() == 12);
    for (std::uint64_t v : {c.delay, c.http_500, c.http_502, c.http_503, c.http_504, c.throttle,
                            c.reset_before, c.reset_after_commit, c.idle_close, c.truncate,
                            c.garbage, c.stall})
        CHECK(v == 1);
}

TEST_CASE("garbage is reproducible, 64 bytes, and not HTTP") {
    std::string a, b, c;
    make_garbage(a, 1, 7);
    make_garbage(b, 1, 7);
    make_garbage(c, 1, 8);
    CHECK(a.size() == 64);
    CHECK(a == b);
    CHECK(a != c);
    CHECK_FALSE(a.starts_with("HTTP/"));
}

}  // TEST_SUITE
