// The engine's other authentication schemes and protocols, which the credential providers'
// STS and SSO operations use: an unsigned awsQuery operation (no credentials asked, no
// X-Amz-Date or Authorization, a form body, XML errors) and an SSO bearer-token operation
// (the token in x-amz-sso_bearer_token, never signed). Probe operations defined here, run
// by the same typed front and loop as the Connect operations.
#include "client/invoke.hpp"
#include "client_fixture.hpp"
#include "protocol/xml_document.hpp"

using namespace awsconnect;
using namespace awsconnect::test;
using step = scripted_step;

namespace {

struct probe_input {
    probe_input() = default;
    explicit probe_input(std::string b) : bearer(std::move(b)) {}
    std::string bearer;
};
struct probe_output {
    std::string value;
    std::string request_id;
    int attempts = 0;
};

struct unsigned_query_probe {
    using input = probe_input;
    using output = probe_output;
    static constexpr operation::descriptor op{"Probe", "POST", operation::token_location::none,
                                              operation::wire_protocol::aws_query, operation::auth_scheme::none};
    static std::optional<error> validate(const input&, const operation::validation_context&) { return {}; }
    static void serialize(const input&, std::string_view, operation::serialized_input& out) {
        out.clear();
        out.path = "/";
        out.body = "Action=Probe&Version=2011-06-15";
    }
    static std::optional<error> parse(const http::response& r, input&, output& out, const operation::parse_context&) {
        auto doc = protocol::xml_document::parse(r.body);
        if (!doc) return operation::malformed_output(op.name, "not XML");
        out.value = std::string(doc->text("ProbeResponse/Value").value_or(""));
        return std::nullopt;
    }
};

struct bearer_probe {
    using input = probe_input;
    using output = probe_output;
    static constexpr operation::descriptor op{"BearerProbe", "GET", operation::token_location::none,
                                              operation::wire_protocol::rest_json1,
                                              operation::auth_scheme::sso_bearer};
    static std::string_view bearer_of(const input& in) { return in.bearer; }
    static std::optional<error> validate(const input&, const operation::validation_context&) { return {}; }
    static void serialize(const input&, std::string_view, operation::serialized_input& out) {
        out.clear();
        out.path = "/federation/credentials";
        out.query = "role_name=r&account_id=123456789012";
    }
    static std::optional<error> parse(const http::response&, input&, output&, const operation::parse_context&) {
        return std::nullopt;
    }
};

class counting_provider final : public credentials_provider {
public:
    int calls = 0;
    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        ++calls;
        co_return make_error(errc::credentials_unavailable, "no credentials here");
    }
    std::string_view name() const noexcept override { return "counting"; }
};

}  // namespace

TEST_SUITE("component.auth_schemes") {

TEST_CASE("an unsigned awsQuery operation: no credentials, no signature, a form body, XML out") {
    auto provider = std::make_shared<counting_provider>();
    client_fixture fx({}, provider);
    fx.transport->script({step::response(200, "<ProbeResponse><Value>42</Value></ProbeResponse>")});
    auto r = run_coro(fx.ioc, detail::invoke<unsigned_query_probe>(fx.impl, probe_input{}));
    REQUIRE_MESSAGE(r.has_value(), to_envelope_json(r.error()));
    CHECK(r->value == "42");
    CHECK(r->attempts == 1);
    CHECK(provider->calls == 0);
    const auto q = fx.requests().at(0);
    CHECK(q.method == "POST");
    CHECK(q.target == "/");
    CHECK(q.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8");
    CHECK(q.header("Content-Length") == "31");
    CHECK(q.body == "Action=Probe&Version=2011-06-15");
    CHECK(q.header_count("Authorization") == 0);
    CHECK(q.header_count("X-Amz-Date") == 0);
    CHECK(q.header_count("X-Amz-Security-Token") == 0);
}

TEST_CASE("an awsQuery error is read from its XML and retried by the same rules") {
    client_fixture fx({}, std::make_shared<counting_provider>());
    fx.transport->script({
        step::response(400, "<ErrorResponse><Error><Code>IDPCommunicationError</Code><Message>try again</Message>"
                            "</Error></ErrorResponse>"),
        step::response(403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error>"
                            "<RequestId>rid</RequestId></ErrorResponse>"),
    });
    auto r = run_coro(fx.ioc, detail::invoke<unsigned_query_probe>(fx.impl, probe_input{}));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::access_denied);
    CHECK(r.error().service_code == "AccessDenied");
    CHECK(r.error().server_message == "no");
    CHECK(r.error().request_id == "req-2");  // x-amzn-RequestId wins over the document's
    CHECK(r.error().attempts == 2);  // the IDPCommunicationError was retried
}

TEST_CASE("an SSO bearer operation: the token in its header, no signature, no credentials") {
    auto provider = std::make_shared<counting_provider>();
    client_fixture fx({}, provider);
    fx.transport->script({step::ok()});
    auto r = run_coro(fx.ioc, detail::invoke<bearer_probe>(fx.impl, probe_input{"bearer-secret-token"}));
    REQUIRE(r.has_value());
    CHECK(provider->calls == 0);
    const auto q = fx.requests().at(0);
    CHECK(q.target == "/federation/credentials?role_name=r&account_id=123456789012");
    CHECK(q.header("x-amz-sso_bearer_token") == "bearer-secret-token");
    CHECK(q.header_count("Authorization") == 0);
    CHECK(q.header_count("Content-Type") == 0);
}

}  // TEST_SUITE
