// The IMDSv2 provider against a scripted metadata server on 127.0.0.1: the exact request
// sequence (token PUT with its TTL header, role list, role credentials, both GETs with the
// token), the endpoint from the options or AWS_EC2_METADATA_SERVICE_ENDPOINT, the off
// switch, a new token after a 401, retries, and every failure: no role, token refused,
// malformed/expired/failed documents, a server that never answers (bounded tries), a
// refused port.
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"
#include "local_http_server.hpp"
#include "run_coro.hpp"

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::creds;
using namespace std::chrono;

namespace {

const system_clock::time_point now = sys_days{year{2024} / 5 / 6} + 7h;
const std::string role_list = "/latest/meta-data/iam/security-credentials/";
const std::string good_body =
    R"({"Code": "Success", "LastUpdated": "2024-05-06T06:00:00Z", "Type": "AWS-HMAC",)"
    R"( "AccessKeyId": "AKIDIMDS", "SecretAccessKey": "imds-secret", "Token": "imds-token",)"
    R"( "Expiration": "2024-05-06T12:00:00Z"})";

/// A metadata server whose answers the test can change.
struct metadata_script {
    int token_status = 200;
    std::string token = "SESSION-TOKEN-1";
    int role_status = 200;
    std::string role = "web-role\n";
    int creds_status = 200;
    std::string creds = good_body;
    int unauthorized_first = 0;  // answer this many GETs with 401 first

    test::canned_response operator()(const test::seen_request& r) {
        if (r.method == "PUT" && r.target == "/latest/api/token") {
            return test::respond(token_status, token);
        }
        if (r.method == "GET" && unauthorized_first > 0) {
            --unauthorized_first;
            return test::respond(401, "");
        }
        if (r.method == "GET" && r.target == role_list) return test::respond(role_status, role);
        if (r.method == "GET" && r.target == role_list + "web-role") {
            return test::respond(creds_status, creds);
        }
        return test::respond(404, "");
    }
};

struct fixture {
    boost::asio::io_context ioc;
    config::environment env;
    std::string endpoint;
    milliseconds timeout{5'000};

    result<credentials_ptr> fetch() {
        imds_options o;
        o.env = env;
        o.endpoint = endpoint;
        o.timeout = timeout;
        o.attempts = 2;
        o.now = [] { return now; };
        return test::run_coro(ioc, make_imds_provider(std::move(o))->get_credentials());
    }
    error fail() {
        auto r = fetch();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::credentials_unavailable);
        return r.error();
    }
};

std::string describe(const test::seen_request& r) { return r.method + " " + r.target; }

}  // namespace

TEST_SUITE("imds_provider") {

TEST_CASE("token, role name, role credentials") {
    fixture f;
    metadata_script script;
    test::local_http_server server(f.ioc, std::ref(script));
    f.endpoint = server.url();
    auto r = f.fetch();
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDIMDS");
    CHECK((*r)->secret_access_key == "imds-secret");
    CHECK((*r)->session_token == "imds-token");
    CHECK(*(*r)->expiration == now + 5h);
    CHECK((*r)->source == "imds");

    const auto& reqs = server.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(describe(reqs[0]) == "PUT /latest/api/token");
    CHECK(reqs[0].header("x-aws-ec2-metadata-token-ttl-seconds") == "21600");
    CHECK(reqs[0].header("x-aws-ec2-metadata-token") == "<absent>");
    CHECK(reqs[0].header("content-length") == "0");
    CHECK(describe(reqs[1]) == "GET " + role_list);
    CHECK(reqs[1].header("x-aws-ec2-metadata-token") == "SESSION-TOKEN-1");
    CHECK(describe(reqs[2]) == "GET " + role_list + "web-role");
    CHECK(reqs[2].header("x-aws-ec2-metadata-token") == "SESSION-TOKEN-1");
}

TEST_CASE("the endpoint from AWS_EC2_METADATA_SERVICE_ENDPOINT (a trailing slash is fine)") {
    fixture f;
    metadata_script script;
    test::local_http_server server(f.ioc, std::ref(script));
    f.env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url() + "/");
    REQUIRE(f.fetch().has_value());
    CHECK(server.requests().size() == 3);
}

TEST_CASE("AWS_EC2_METADATA_DISABLED turns it off before any request") {
    fixture f;
    metadata_script script;
    test::local_http_server server(f.ioc, std::ref(script));
    f.endpoint = server.url();
    f.env.set("AWS_EC2_METADATA_DISABLED", "TRUE");
    auto e = f.fail();
    CHECK(e.message == "imds: disabled by AWS_EC2_METADATA_DISABLED");
    CHECK(is_not_configured(e));
    CHECK(server.requests().empty());
    f.env.set("AWS_EC2_METADATA_DISABLED", "false");
    CHECK(f.fetch().has_value());
}

TEST_CASE("a 401 on a GET fetches a new token once") {
    fixture f;
    metadata_script script;
    script.unauthorized_first = 1;
    test::local_http_server server(f.ioc, std::ref(script));
    f.endpoint = server.url();
    REQUIRE(f.fetch().has_value());
    std::vector<std::string> seen;
    for (const auto& r : server.requests()) seen.push_back(describe(r));
    CHECK(seen == std::vector<std::string>{"PUT /latest/api/token", "GET " + role_list,
                                           "PUT /latest/api/token", "GET " + role_list,
                                           "GET " + role_list + "web-role"});

    script.unauthorized_first = 10;
    CHECK(f.fail().message == "imds: GET " + role_list + " returned HTTP 401");
}

TEST_CASE("no role attached is 'not configured'") {
    fixture f;
    metadata_script script;
    script.role_status = 404;
    test::local_http_server server(f.ioc, std::ref(script));
    f.endpoint = server.url();
    auto e = f.fail();
    CHECK(e.message == "imds: no IAM role is attached to the instance");
    CHECK(is_not_configured(e));
    script.role_status = 200;
    script.role = "\n";
    CHECK(f.fail().message == "imds: no IAM role is attached to the instance");
}

TEST_CASE("a refused token, server errors and retries") {
    fixture f;
    metadata_script script;
    test::local_http_server server(f.ioc, std::ref(script));
    f.endpoint = server.url();
    script.token_status = 403;
    auto e = f.fail();
    CHECK(e.message == "imds: PUT /latest/api/token returned HTTP 403");
    CHECK_FALSE(is_not_configured(e));
    CHECK(server.requests().size() == 1);  // 4xx: no retry, no IMDSv1 fallback

    script.token_status = 200;
    script.creds_status = 500;
    CHECK(f.fail().message == "imds: GET " + role_list + "web-role returned HTTP 500");
    CHECK(server.requests().size() == 1 + 4);  // PUT, GET role, GET creds twice

    script.token = "";
    CHECK(f.fail().message == "imds: PUT /latest/api/token returned an unusable token");
}

TEST_CASE("malformed, failed and expired credential documents") {
    fixture f;
    metadata_script script;
    test::local_http_server server(f.ioc, std::ref(script));
    f.endpoint = server.url();
    script.creds = "{";
    CHECK(f.fail().message == "imds: role credentials: the response is not valid JSON");
    script.creds = R"({"Code": "AssumeRoleUnauthorizedAccess", "Message": "denied"})";
    CHECK(f.fail().message == "imds: role credentials: the instance metadata service reported "
                              "Code \"AssumeRoleUnauthorizedAccess\"");
    script.creds = R"({"Code": "Success", "AccessKeyId": "A", "SecretAccessKey": "s",)"
                   R"( "Token": "t", "Expiration": "2024-05-06T06:59:00Z"})";
    auto e = f.fail();
    CHECK(e.message == "imds: role credentials: the credentials expired at 2024-05-06T06:59:00Z");
    CHECK(e.cause == errc::expired_token);
}

TEST_CASE("a metadata service that never answers: bounded tries, then 'not configured'") {
    fixture f;
    f.timeout = 200ms;
    test::local_http_server silent(f.ioc, [](const test::seen_request&) {
        return test::never_answer();
    });
    f.endpoint = silent.url();
    auto e = f.fail();
    CHECK(e.message == "imds: no instance metadata service at " + silent.url() +
                           " (PUT /latest/api/token: timed out after 200 ms, 2 tries)");
    CHECK(is_not_configured(e));
    CHECK(silent.requests().size() == 2);
}

TEST_CASE("a refused port, and a server that hangs up") {
    fixture f;
    const std::string refused =
        "http://127.0.0.1:" + std::to_string(test::local_http_server::refused_port(f.ioc));
    f.endpoint = refused;
    auto e = f.fail();
    CHECK(e.message == "imds: no instance metadata service at " + refused +
                           " (PUT /latest/api/token: connection refused, 2 tries)");
    CHECK(is_not_configured(e));

    test::local_http_server rude(f.ioc, [](const test::seen_request&) {
        return test::close_at_once();
    });
    f.endpoint = rude.url();
    e = f.fail();
    CHECK(e.message == "imds: PUT /latest/api/token: the connection closed before the response "
                       "was complete");
    CHECK_FALSE(is_not_configured(e));
}

TEST_CASE("a bad endpoint mode or URL") {
    fixture f;
    f.env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5");
    CHECK(f.fail().message == "imds: AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6");
    f.env.unset("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
    f.env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254");
    CHECK(f.fail().message == "imds: the metadata endpoint is not an http(s) URL");
}

}  // TEST_SUITE
