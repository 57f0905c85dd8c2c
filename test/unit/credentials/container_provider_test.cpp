// The container provider against a scripted HTTP server on 127.0.0.1 (local_http_server):
// the relative and full URIs, the Authorization header from the token file (preferred, and
// read again on each call) or the variable, the host rules for plain http, retries on 5xx,
// and every failure with its exact message: no configuration, bad URI, unreadable token
// file, HTTP errors, malformed and expired documents, a server that never answers (timeout),
// one that hangs up, a refused port, an oversized body.
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"
#include "local_http_server.hpp"
#include "run_coro.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::creds;
using namespace std::chrono;

namespace {

const system_clock::time_point now = sys_days{year{2024} / 5 / 6} + 7h;

const std::string good_body =
    R"({"AccessKeyId": "AKIDECS", "SecretAccessKey": "ecs-secret", "Token": "ecs-token",)"
    R"( "Expiration": "2024-05-06T13:00:00Z", "RoleArn": "arn:aws:iam::1:role/r"})";

struct fixture {
    boost::asio::io_context ioc;
    config::environment env;
    std::string relative_base = "http://169.254.170.2";
    milliseconds timeout{5'000};
    int attempts = 2;

    credentials_provider_ptr provider() {
        container_options o;
        o.env = env;
        o.relative_base = relative_base;
        o.timeout = timeout;
        o.attempts = attempts;
        o.now = [] { return now; };
        return make_container_provider(std::move(o));
    }
    result<credentials_ptr> fetch(const credentials_provider_ptr& p) {
        return test::run_coro(ioc, p->get_credentials());
    }
    result<credentials_ptr> fetch() { return fetch(provider()); }
    error fail() {
        auto r = fetch();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::credentials_unavailable);
        return r.error();
    }
};

}  // namespace

TEST_SUITE("container_provider") {

TEST_CASE("relative URI on the base address") {
    fixture f;
    test::local_http_server server(f.ioc, [](const test::seen_request&) {
        return test::respond(200, good_body);
    });
    f.relative_base = server.url();
    f.env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc-123");
    auto r = f.fetch();
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDECS");
    CHECK((*r)->secret_access_key == "ecs-secret");
    CHECK((*r)->session_token == "ecs-token");
    CHECK(*(*r)->expiration == now + 6h);
    CHECK((*r)->source == "container");
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests()[0].method == "GET");
    CHECK(server.requests()[0].target == "/v2/credentials/abc-123");
    CHECK(server.requests()[0].header("authorization") == "<absent>");
    CHECK(server.requests()[0].header("host") == "127.0.0.1:" + std::to_string(server.port()));
}

TEST_CASE("full URI on loopback with the token from the variable; the relative URI wins") {
    fixture f;
    test::local_http_server server(f.ioc, [](const test::seen_request&) {
        return test::respond(200, good_body);
    });
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/get-credentials?x=1");
    f.env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic tok-from-env");
    REQUIRE(f.fetch().has_value());
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests()[0].target == "/get-credentials?x=1");
    CHECK(server.requests()[0].header("authorization") == "Basic tok-from-env");

    f.relative_base = server.url();
    f.env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "rel");
    REQUIRE(f.fetch().has_value());
    CHECK(server.requests().back().target == "/rel");
}

TEST_CASE("the token file is preferred and read again on every call") {
    fixture f;
    test::temp_dir d;
    test::local_http_server server(f.ioc, [](const test::seen_request&) {
        return test::respond(200, good_body);
    });
    auto token_file = d.write("token", "eks-token-1\n");
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/creds");
    f.env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file);
    f.env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-env-token");
    auto p = f.provider();
    REQUIRE(f.fetch(p).has_value());
    d.write("token", "eks-token-2");
    REQUIRE(f.fetch(p).has_value());
    REQUIRE(server.requests().size() == 2);
    CHECK(server.requests()[0].header("authorization") == "eks-token-1");
    CHECK(server.requests()[1].header("authorization") == "eks-token-2");
}

TEST_CASE("plain http only to loopback and the ECS/EKS addresses; https anywhere") {
    fixture f;
    f.timeout = 200ms;
    f.attempts = 1;
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds");
    auto e = f.fail();
    CHECK(e.message == "container: AWS_CONTAINER_CREDENTIALS_FULL_URI names host \"example.com\": "
                       "plain http is only allowed to a loopback address, 169.254.170.2, "
                       "169.254.170.23 or fd00:ec2::23 (use https for other hosts)");
    CHECK(e.cause == errc::invalid_configuration);
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.0.0.1/creds");
    CHECK(f.fail().cause == errc::invalid_configuration);
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "ftp://127.0.0.1/creds");
    CHECK(f.fail().message == "container: AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http:// "
                              "or https:// URL with a host");

    // Allowed hosts get as far as the request (which fails here: nothing listens).
    const auto port = test::local_http_server::refused_port(f.ioc);
    for (std::string host : {"127.0.0.1", "127.1.2.3", "localhost", "LocalHost"}) {
        f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                  "http://" + host + ":" + std::to_string(port) + "/c");
        e = f.fail();
        CHECK_MESSAGE(e.message.find("container: GET http://") == 0, e.message);
    }
    for (std::string url : {"http://169.254.170.2:1/c", "http://169.254.170.23:1/c",
                            "http://[fd00:ec2::23]:1/c", "https://10.0.0.1:1/c"}) {
        f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", url);
        e = f.fail();
        CHECK_MESSAGE(e.message.find("container: GET http") == 0, e.message);
        CHECK(e.cause != errc::invalid_configuration);
    }
}

TEST_CASE("nothing configured") {
    fixture f;
    auto e = f.fail();
    CHECK(e.message == "container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
                       "AWS_CONTAINER_CREDENTIALS_FULL_URI not set");
    CHECK(is_not_configured(e));
}

TEST_CASE("token problems") {
    fixture f;
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds");
    f.env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/nonexistent/token");
    auto e = f.fail();
    CHECK(e.message == "container: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE "
                       "\"/nonexistent/token\"");
    f.env.unset("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    f.env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "abc\r\nX-Injected: 1");
    CHECK(f.fail().message == "container: the authorization token contains a line break (it "
                              "cannot be sent as a header)");
}

TEST_CASE("HTTP errors, retries on 5xx") {
    fixture f;
    int calls = 0;
    test::local_http_server server(f.ioc, [&](const test::seen_request&) {
        ++calls;
        return calls == 1 ? test::respond(503, "busy") : test::respond(200, good_body);
    });
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/c");
    REQUIRE(f.fetch().has_value());
    CHECK(calls == 2);

    test::local_http_server missing(f.ioc, [](const test::seen_request&) {
        return test::respond(404, "{\"message\": \"no\"}");
    });
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", missing.url() + "/c?q=hidden");
    auto e = f.fail();
    CHECK(e.message == "container: GET " + missing.url() + "/c returned HTTP 404");
    CHECK(missing.requests().size() == 1);  // 4xx is not retried

    test::local_http_server down(f.ioc, [](const test::seen_request&) {
        return test::respond(500, "");
    });
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", down.url() + "/c");
    CHECK(f.fail().message == "container: GET " + down.url() + "/c returned HTTP 500");
    CHECK(down.requests().size() == 2);
}

TEST_CASE("malformed and expired documents") {
    fixture f;
    std::string body;
    test::local_http_server server(f.ioc, [&](const test::seen_request&) {
        return test::respond(200, body);
    });
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/c");
    body = "<html>";
    CHECK(f.fail().message == "container: GET " + server.url() + "/c: the response is not valid JSON");
    body = R"({"AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "2024-05-06T13:00:00Z"})";
    CHECK(f.fail().message == "container: GET " + server.url() + "/c: Token is missing");
    body = R"({"AccessKeyId": "A", "SecretAccessKey": "s", "Token": "t",)"
           R"( "Expiration": "2024-05-06T06:00:00Z"})";
    auto e = f.fail();
    CHECK(e.message == "container: GET " + server.url() +
                           "/c: the credentials expired at 2024-05-06T06:00:00Z");
    CHECK(e.cause == errc::expired_token);
}

TEST_CASE("a server that never answers, one that hangs up, a refused port, a huge body") {
    fixture f;
    f.timeout = 200ms;
    test::local_http_server silent(f.ioc, [](const test::seen_request&) {
        return test::never_answer();
    });
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", silent.url() + "/c");
    auto e = f.fail();
    CHECK(e.message == "container: GET " + silent.url() + "/c: timed out after 200 ms");
    CHECK(e.cause == errc::attempt_timeout);
    CHECK(silent.requests().size() == 2);  // both tries reached the server

    test::local_http_server rude(f.ioc, [](const test::seen_request&) {
        return test::close_at_once();
    });
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", rude.url() + "/c");
    CHECK(f.fail().message == "container: GET " + rude.url() +
                                  "/c: the connection closed before the response was complete");

    const auto port = test::local_http_server::refused_port(f.ioc);
    const std::string refused = "http://127.0.0.1:" + std::to_string(port);
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", refused + "/c");
    e = f.fail();
    CHECK(e.message == "container: GET " + refused + "/c: connection refused");
    CHECK(e.cause == errc::connection_refused);

    test::local_http_server huge(f.ioc, [](const test::seen_request&) {
        return test::respond(200, std::string(100'000, 'x'));
    });
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", huge.url() + "/c");
    CHECK(f.fail().message == "container: GET " + huge.url() +
                                  "/c: the response is larger than 65536 bytes");
}

TEST_CASE("a slow server that answers within the timeout is fine") {
    fixture f;
    test::local_http_server server(f.ioc, [](const test::seen_request&) {
        auto r = test::respond(200, good_body);
        r.delay = 50ms;
        return r;
    });
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/c");
    REQUIRE(f.fetch().has_value());
}

}  // TEST_SUITE
