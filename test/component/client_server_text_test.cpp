// Server text through the whole client: whatever bytes a response carries in its body,
// reason phrase or headers, what the caller gets (the result, the error, its envelope) is
// well-formed UTF-8, and the envelope parses as JSON.
//
// Strategy: the fakes of the other component tests (client_fixture.hpp); each response
// carries Latin-1 or otherwise ill-formed bytes where a real proxy or server could put
// them; the assertions are exact strings (each ill-formed part is one U+FFFD) and a
// boost::json parse of the envelope.
#include "client_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::test;
using step = scripted_step;

namespace {

const std::string fffd = "\xEF\xBF\xBD";

boost::json::object parsed_envelope(const std::string& json) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(json, ec);
    REQUIRE_MESSAGE(!ec, "the envelope is not valid JSON: " << ec.message());
    return std::move(v.as_object());
}

std::string member(const boost::json::value& v, std::string_view key) {
    return std::string(v.as_object().at(key).as_string());
}

}  // namespace

TEST_SUITE("component: server text") {

TEST_CASE("a Latin-1 503 page and request id: the error and its envelope are well-formed, the code intact") {
    client_fixture fx([](config::resolved_config& c) { c.retry.max_attempts = 1; });
    fx.transport->script({step::response(503, "<html>Service indisponible \xE0 pr\xE9sent</html>")
                              .with_header("Content-Type", "text/html; charset=iso-8859-1")
                              .with_header("x-amzn-RequestId", "req-\xE9t\xE9")});
    auto r = fx.call();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::service_unavailable);
    CHECK(r.error().server_message == "<html>Service indisponible " + fffd + " pr" + fffd + "sent</html>");
    CHECK(r.error().request_id == "req-" + fffd + "t" + fffd);
    const auto env = parsed_envelope(to_envelope_json(r));
    const auto& err = env.at("error");
    CHECK(member(err, "code") == "SERVICE_ERROR");
    CHECK(member(err, "reason") == "service_unavailable");
    CHECK(member(err, "server_message") == r.error().server_message);
    CHECK(member(err, "request_id") == r.error().request_id);
}

TEST_CASE("a 2xx whose body is not the output: the error keeps the request id, made well-formed") {
    client_fixture fx;
    fx.transport->script({step::response(200, R"({"ClaimedPhoneNumberSummary":5})")
                              .with_header("x-amzn-RequestId", "req-\xFF\xFE")});
    auto r = run_coro(fx.ioc, fx.c.describe_phone_number(describe_phone_number_request(test_id)));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::malformed_response);
    CHECK(r.error().http_status == 200);
    CHECK(r.error().request_id == "req-" + fffd + fffd);
    const auto env = parsed_envelope(to_envelope_json(r.error()));
    CHECK(member(env.at("error"), "code") == "PROTOCOL_ERROR");
    CHECK(member(env.at("error"), "request_id") == "req-" + fffd + fffd);
}

TEST_CASE("a success: the result's request id is the server's, made well-formed; a clean one is kept as it is") {
    client_fixture fx;
    fx.transport->script({step::ok().with_header("x-amzn-RequestId", "req-\xC3(\x01"),
                          step::ok().with_header("x-amzn-RequestId", "5f2c6a1e-0c1d-4b7a-9e3f-1a2b3c4d5e6f")});
    auto first = fx.call();
    REQUIRE(first.has_value());
    CHECK(first->request_id == "req-" + fffd + "( ");
    auto second = fx.call();
    REQUIRE(second.has_value());
    CHECK(second->request_id == "5f2c6a1e-0c1d-4b7a-9e3f-1a2b3c4d5e6f");
    const auto env = parsed_envelope(to_envelope_json(first));
    CHECK(member(env.at("data"), "request_id") == first->request_id);
}

}  // TEST_SUITE
