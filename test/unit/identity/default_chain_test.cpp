// The default chain (lib/identity) over a hand-built environment, map-backed files, a local
// container server, a local metadata server and a local STS that refuses every role: which
// source wins when several are configured (environment, profile, container, IMDS), the exact
// message when none is, and that a profile or an environment naming a role, web identity or
// SSO that cannot produce credentials stops the chain before the container and IMDS are
// asked (another identity).
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"
#include "identity/identity.hpp"
#include "local_http_server.hpp"
#include "run_coro.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace awsconnect;
using namespace awsconnect::identity;
using namespace std::chrono;

namespace {

const std::string container_body =
    R"({"AccessKeyId": "AKIDECS", "SecretAccessKey": "s", "Token": "t",)"
    R"( "Expiration": "2999-01-01T00:00:00Z"})";
const std::string imds_body =
    R"({"Code": "Success", "AccessKeyId": "AKIDIMDS", "SecretAccessKey": "s", "Token": "t",)"
    R"( "Expiration": "2999-01-01T00:00:00Z"})";
const std::string sts_refusal =
    "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to assume "
    "the role</Message></Error><RequestId>rid-1</RequestId></ErrorResponse>";

}  // namespace

TEST_SUITE("identity.default_chain") {

TEST_CASE("the default chain: environment, profile, container, IMDS, in that order") {
    boost::asio::io_context ioc;
    test::local_http_server container(ioc, [](const test::seen_request&) {
        return test::respond(200, container_body);
    });
    test::local_http_server imds(ioc, [](const test::seen_request& r) {
        if (r.method == "PUT") return test::respond(200, "tok");
        if (r.target == "/latest/meta-data/iam/security-credentials/") {
            return test::respond(200, "role");
        }
        return test::respond(200, imds_body);
    });
    auto files = std::make_shared<std::map<std::string, std::string>>();
    (*files)["/home/u/.aws/credentials"] =
        "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n";

    config::environment env{{"HOME", "/home/u"},
                            {"AWS_ACCESS_KEY_ID", "AKIDENV"},
                            {"AWS_SECRET_ACCESS_KEY", "s"},
                            {"AWS_CONTAINER_CREDENTIALS_FULL_URI", container.url() + "/c"}};
    auto chain = [&] {
        identity_options o;
        o.env = env;
        o.read = [files](const std::string& p) -> std::optional<std::string> {
            auto it = files->find(p);
            if (it == files->end()) return std::nullopt;
            return it->second;
        };
        o.imds_endpoint = imds.url();
        o.imds_timeout = 2s;
        o.container_timeout = 2s;
        return make_default_chain(std::move(o));
    };
    auto key = [&] {
        auto r = test::run_coro(ioc, chain()->get_credentials());
        if (!r) return "error: " + r.error().message;
        return (*r)->access_key_id;
    };

    CHECK(key() == "AKIDENV");
    env.unset("AWS_ACCESS_KEY_ID");
    env.unset("AWS_SECRET_ACCESS_KEY");
    CHECK(key() == "AKIDPROFILE");
    files->clear();
    CHECK(key() == "AKIDECS");
    CHECK(imds.requests().empty());
    env.unset("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    CHECK(key() == "AKIDIMDS");
    CHECK(container.requests().size() == 1);
    CHECK(imds.requests().size() == 3);
}

TEST_CASE("the default chain with nothing anywhere names every source") {
    boost::asio::io_context ioc;
    const std::string refused =
        "http://127.0.0.1:" + std::to_string(test::local_http_server::refused_port(ioc));
    identity_options o;
    o.env = config::environment{{"HOME", "/home/u"}};
    o.read = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    o.imds_endpoint = refused;
    auto r = test::run_coro(ioc, make_default_chain(std::move(o))->get_credentials());
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::credentials_unavailable);
    CHECK(r.error().message ==
          "no credentials: environment: AWS_ACCESS_KEY_ID not set; profile default: not found in "
          "/home/u/.aws/config or /home/u/.aws/credentials; web identity: AWS_WEB_IDENTITY_TOKEN_FILE "
          "not set; container: "
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI not set; "
          "imds: no instance metadata service at " + refused +
          " (PUT /latest/api/token: connection refused, 2 tries)");
}

TEST_CASE("the default chain stops at a profile whose credential_process fails") {
    boost::asio::io_context ioc;
    test::local_http_server container(ioc, [](const test::seen_request&) {
        return test::respond(200, container_body);
    });
    identity_options o;
    o.env = config::environment{{"HOME", "/home/u"},
                                {"AWS_CONTAINER_CREDENTIALS_FULL_URI", container.url() + "/c"}};
    o.read = [](const std::string& p) -> std::optional<std::string> {
        if (p == "/home/u/.aws/config") {
            return "[default]\ncredential_process = /nonexistent/tool\n";
        }
        return std::nullopt;
    };
    auto r = test::run_coro(ioc, make_default_chain(std::move(o))->get_credentials());
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message ==
          "no credentials: environment: AWS_ACCESS_KEY_ID not set; profile default: "
          "credential_process exited with status 127: sh: 1: /nonexistent/tool: not found");
    CHECK(container.requests().empty());
}

TEST_CASE("the default chain for a resolved configuration: only a named profile must exist") {
    boost::asio::io_context ioc;
    test::local_http_server container(ioc, [](const test::seen_request&) {
        return test::respond(200, container_body);
    });
    config::environment env{{"HOME", "/home/u"},
                            {"AWS_CONTAINER_CREDENTIALS_FULL_URI", container.url() + "/c"}};
    config::file_reader no_files = [](const std::string&) -> std::optional<std::string> {
        return std::nullopt;
    };
    client_config cfg;
    cfg.region = "us-east-1";
    auto resolved = config::resolve_config(cfg, env, no_files);
    REQUIRE(resolved.has_value());
    auto r = test::run_coro(ioc, make_default_chain(options_for(*resolved, env, no_files))->get_credentials());
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDECS");

    // A named profile that vanished after resolution stops the chain before the container.
    config::file_reader dev_only = [](const std::string& p) -> std::optional<std::string> {
        if (p == "/home/u/.aws/config") return "[profile dev]\nregion = us-east-1\n";
        return std::nullopt;
    };
    cfg.profile = "dev";
    resolved = config::resolve_config(cfg, env, dev_only);
    REQUIRE(resolved.has_value());
    r = test::run_coro(ioc, make_default_chain(options_for(*resolved, env, no_files))->get_credentials());
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == "no credentials: environment: AWS_ACCESS_KEY_ID not set; profile "
                               "dev: not found in /home/u/.aws/config or /home/u/.aws/credentials");
    CHECK(container.requests().size() == 1);
}

namespace {

// The default chain over map-backed files, with a container endpoint and an instance
// metadata service that both work (and count what they are asked) behind the profile.
struct identity_fixture {
    boost::asio::io_context ioc;
    test::local_http_server container{ioc, [](const test::seen_request&) {
        return test::respond(200, container_body);
    }};
    test::local_http_server imds{ioc, [](const test::seen_request& r) {
        if (r.method == "PUT") return test::respond(200, "tok");
        if (r.target == "/latest/meta-data/iam/security-credentials/") return test::respond(200, "role");
        return test::respond(200, imds_body);
    }};
    test::local_http_server sts{ioc, [](const test::seen_request&) { return test::respond(403, sts_refusal); }};
    config::environment env{{"HOME", "/home/u"}};
    std::map<std::string, std::string> files;

    result<credentials_ptr> fetch() {
        identity_options o;
        o.sts_config.region = "us-east-1";
        o.sts_config.sts_endpoint_url = sts.url();
        o.sts_config.retry.max_attempts = 1;
        o.env = env;
        auto f = files;
        o.read = [f](const std::string& p) -> std::optional<std::string> {
            auto it = f.find(p);
            if (it == f.end()) return std::nullopt;
            return it->second;
        };
        o.imds_endpoint = imds.url();
        o.imds_timeout = 2s;
        o.container_timeout = 2s;
        return test::run_coro(ioc, make_default_chain(std::move(o))->get_credentials());
    }
    std::size_t requests_behind() const { return container.requests().size() + imds.requests().size(); }
};

}  // namespace

TEST_CASE("the default chain stops at a profile naming a role, web identity or SSO that fails: no container, no IMDS") {
    // Issue 13 A5: such a profile used to count as "not configured", and the chain went on
    // to the container or the instance role: another identity, silently. Now the roles are
    // assumed for real (here the local STS refuses them); a failure still stops the chain.
    struct stop_case {
        const char* body;
        const char* message;  // after "no credentials: environment: AWS_ACCESS_KEY_ID not set; profile dev: "
        std::size_t container_requests;  // the container as the role's own source
        std::size_t sts_requests;
    };
    const stop_case cases[] = {
        {"role_arn = arn:aws:iam::123456789012:role/r\nsource_profile = other\n",
         "AssumeRole arn:aws:iam::123456789012:role/r (profile dev) failed: ", 0, 1},
        {"role_arn = arn:aws:iam::123456789012:role/r\nsource_profile = missing\n", "", 0, 0},
        {"role_arn = arn:aws:iam::123456789012:role/r\ncredential_source = EcsContainer\n",
         "AssumeRole arn:aws:iam::123456789012:role/r (profile dev) failed: ", 1, 1},
        {"role_arn = arn:aws:iam::123456789012:role/r\ncredential_source = Environment\n",
         "the source of AssumeRole arn:aws:iam::123456789012:role/r (profile dev) (credential_source Environment "
         "(profile dev)) failed: ", 0, 0},
        {"role_arn = arn:aws:iam::123456789012:role/r\nweb_identity_token_file = /t\n",
         "AssumeRoleWithWebIdentity arn:aws:iam::123456789012:role/r: the web identity token file /t cannot be read",
         0, 0},
        {"source_profile = base\n", "source_profile ", 0, 0},
        {"credential_source = Ec2InstanceMetadata\n", "credential_source ", 0, 0},
        {"web_identity_token_file = /var/run/token\n", "web_identity_token_file ", 0, 0},
        {"role_arn = arn:aws:iam::123456789012:role/r\n", "", 0, 0},
        {"sso_session = corp\n", "sso_session ", 0, 0},
        {"sso_start_url = https://corp.awsapps.com/start\n", "sso_start_url ", 0, 0},
        {"sso_account_id = 123456789012\n", "sso_account_id ", 0, 0},
        {"sso_role_name = Admin\n", "sso_role_name ", 0, 0},
    };
    for (const auto& c : cases) {
        CAPTURE(c.body);
        identity_fixture f;
        f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", f.container.url() + "/c");
        f.env.set("AWS_PROFILE", "dev");
        f.files["/home/u/.aws/config"] = std::string("[profile dev]\nregion = us-east-1\n") + c.body;
        f.files["/home/u/.aws/credentials"] = "[other]\naws_access_key_id = AKIDOTHER\n"
                                             "aws_secret_access_key = OTHER-SECRET-KEY\n";
        auto r = f.fetch();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::credentials_unavailable);
        CHECK(r.error().cause);
        const std::string& m = r.error().message;
        CHECK(m.find("no credentials: environment: AWS_ACCESS_KEY_ID not set; profile dev: " + std::string(c.message)) ==
              0);
        CHECK(m.find("OTHER-SECRET-KEY") == std::string::npos);
        CHECK(m.find("; container") == std::string::npos);
        CHECK(f.container.requests().size() == c.container_requests);
        CHECK(f.imds.requests().size() == 0);
        CHECK(f.sts.requests().size() == c.sts_requests);

        // Without AWS_CONTAINER_*: the instance metadata service is not asked either.
        f.env.unset("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        REQUIRE_FALSE(f.fetch().has_value());
        CHECK(f.imds.requests().size() == 0);
    }
}

TEST_CASE("a profile that configures nothing still falls through to the container, then IMDS") {
    identity_fixture f;
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", f.container.url() + "/c");
    f.files["/home/u/.aws/config"] = "[default]\nregion = us-east-1\noutput = json\n";
    auto r = f.fetch();
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDECS");
    f.env.unset("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    r = f.fetch();
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDIMDS");
}

TEST_CASE("web identity from the environment stops the chain after the profile, before the container") {
    identity_fixture f;
    f.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", f.container.url() + "/c");
    f.env.set("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks/token");
    f.env.set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
    f.files["/var/run/secrets/eks/token"] = "eyJTOKEN-SECRET-VALUE";
    auto r = f.fetch();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::credentials_unavailable);
    CHECK(r.error().cause == errc::access_denied);
    CHECK(r.error().message ==
          "no credentials: environment: AWS_ACCESS_KEY_ID not set; profile default: not found in "
          "/home/u/.aws/config or /home/u/.aws/credentials; web identity: AssumeRoleWithWebIdentity "
          "arn:aws:iam::123456789012:role/irsa failed: access denied (HTTP 403, AccessDenied) (not authorized to "
          "assume the role)");
    CHECK(f.sts.requests().size() == 1);
    CHECK(r.error().message.find("eyJTOKEN") == std::string::npos);
    CHECK(f.requests_behind() == 0);

    // The token file without the role: a configuration error, the chain stops too.
    f.env.unset("AWS_ROLE_ARN");
    r = f.fetch();
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().cause == errc::invalid_configuration);
    CHECK(r.error().message.find("; web identity: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not") !=
          std::string::npos);
    CHECK(f.requests_behind() == 0);

    // AWS_ROLE_ARN alone configures nothing: the container answers.
    f.env.unset("AWS_WEB_IDENTITY_TOKEN_FILE");
    f.env.set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
    r = f.fetch();
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDECS");
}

TEST_CASE("environment keys and a profile with keys come before web identity from the environment") {
    identity_fixture f;
    f.env.set("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks/token");
    f.env.set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
    f.files["/home/u/.aws/credentials"] = "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n";
    auto r = f.fetch();
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDPROFILE");
    f.env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
    f.env.set("AWS_SECRET_ACCESS_KEY", "s");
    r = f.fetch();
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDENV");
    CHECK(f.requests_behind() == 0);
}

}  // TEST_SUITE

