// The identity stage's STS sources against the real engine, over a scripted HTTP server on
// 127.0.0.1 (the STS endpoint, configured as AWS_ENDPOINT_URL_STS would set it), with a
// fake clock (engine sleeps advance it; the caches read it) and map-backed files:
// - AssumeRole's request: POST /, the exact form body, signed with the source's keys (SigV4,
//   service sts, the fake time); the credentials, expiration and account id read back;
// - AssumeRoleWithWebIdentity: unsigned, the token file read again at each refresh;
// - a two-step chain: the second AssumeRole signed with the first one's credentials;
// - refresh: nothing sent while the credentials are fresh, one AssumeRole 5 minutes before
//   expiry, and the step's source (itself assumed, longer-lived) not asked again;
// - retries: a 500 and an IDPCommunicationError retried with the very same request;
// - a failing role profile stops the default chain (the container is never asked).
#include "client/client_impl.hpp"
#include "credentials/provider_error.hpp"
#include "fakes/fake_services.hpp"
#include "fakes/scripted_server.hpp"
#include "identity/identity.hpp"
#include "support/run_coro.hpp"

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <map>
#include <mutex>

using namespace awsconnect;
using namespace awsconnect::test;
using namespace std::chrono;

namespace {

std::string sts_answer(std::string_view action, std::string_view key, std::string_view expiration,
                       std::string_view arn = "arn:aws:sts::123456789012:assumed-role/dev/s") {
    return "<" + std::string(action) + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" +
           std::string(action) + "Result><AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>" +
           std::string(arn) + "</Arn></AssumedRoleUser><Credentials><AccessKeyId>" + std::string(key) +
           "</AccessKeyId><SecretAccessKey>SECRET-" + std::string(key) + "</SecretAccessKey><SessionToken>TOKEN-" +
           std::string(key) + "</SessionToken><Expiration>" + std::string(expiration) + "</Expiration></Credentials></" +
           std::string(action) + "Result><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></" +
           std::string(action) + "Response>";
}

/// What the server answers, request after request (the last one repeated).
struct script {
    std::mutex mutex;
    std::vector<server_action> actions;
    std::size_t next = 0;
    server_action take() {
        std::lock_guard lock(mutex);
        REQUIRE(!actions.empty());
        const std::size_t i = std::min(next++, actions.size() - 1);
        return actions[i];
    }
};

server_action ok(std::string body) {
    server_action a;
    a.body = std::move(body);
    a.headers = {{"Content-Type", "text/xml"}};
    return a;
}
server_action fail(int status, std::string_view code) {
    server_action a;
    a.status = status;
    a.body = "<ErrorResponse><Error><Type>Sender</Type><Code>" + std::string(code) +
             "</Code><Message>scripted</Message></Error><RequestId>r</RequestId></ErrorResponse>";
    return a;
}

struct fixture {
    boost::asio::io_context ioc;
    std::shared_ptr<fake_clock> clock = std::make_shared<fake_clock>();
    fake_services services{clock};
    std::shared_ptr<script> answers = std::make_shared<script>();
    scripted_server sts{[this] {
        server_options o;
        auto a = answers;
        o.handler = [a](const server_request&) { return a->take(); };
        return o;
    }()};
    std::shared_ptr<std::map<std::string, std::string>> files = std::make_shared<std::map<std::string, std::string>>();
    config::environment env{{"HOME", "/home/u"}};

    identity::identity_options options() {
        identity::identity_options o;
        o.env = env;
        auto f = files;
        o.read = [f](const std::string& p) -> std::optional<std::string> {
            auto it = f->find(p);
            if (it == f->end()) return std::nullopt;
            return it->second;
        };
        o.sts_config.region = "us-east-1";
        o.sts_config.sts_endpoint_url = sts.url();
        o.sts_config.sts_endpoint_url_source = "AWS_ENDPOINT_URL_STS";
        o.services = services.services();
        o.cache.jitter = [](milliseconds) { return milliseconds(0); };
        o.container_relative_base = sts.url();
        return o;
    }
    result<credentials_ptr> fetch(const credentials_provider_ptr& p) { return run_coro(ioc, p->get_credentials()); }
    std::vector<server_request> requests() const { return sts.received(); }
};

const char* const in_one_hour = "2024-05-01T13:00:00Z";  // the fake wall clock starts at 12:00:00Z
const std::string session_name = "awsconnect-1714564800000";

}  // namespace

TEST_SUITE("component.identity") {

TEST_CASE("AssumeRole: the exact form body, signed with the source profile's keys; credentials and account read back") {
    fixture f;
    f.env.set("AWS_PROFILE", "dev");
    (*f.files)["/home/u/.aws/config"] =
        "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n"
        "external_id = ext-42\nduration_seconds = 1800\n";
    (*f.files)["/home/u/.aws/credentials"] = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = BASESECRET\n";
    f.answers->actions = {ok(sts_answer("AssumeRole", "ASIADEV", in_one_hour))};

    auto r = f.fetch(identity::make_profile_provider(f.options()));
    REQUIRE_MESSAGE(r.has_value(), r.error().message);
    CHECK((*r)->access_key_id == "ASIADEV");
    CHECK((*r)->secret_access_key == "SECRET-ASIADEV");
    CHECK((*r)->session_token == "TOKEN-ASIADEV");
    CHECK(*(*r)->expiration == fake_wall_start() + 1h);
    CHECK((*r)->account_id == "123456789012");
    CHECK((*r)->source == "profile dev (AssumeRole arn:aws:iam::123456789012:role/dev)");

    const auto q = f.requests();
    REQUIRE(q.size() == 1);
    CHECK(q[0].method == "POST");
    CHECK(q[0].target == "/");
    CHECK(q[0].header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8");
    CHECK(q[0].body == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdev"
                       "&RoleSessionName=" + session_name + "&ExternalId=ext-42&DurationSeconds=1800");
    CHECK(q[0].header("X-Amz-Date") == "20240501T120000Z");
    CHECK(q[0].header("Authorization").starts_with(
        "AWS4-HMAC-SHA256 Credential=AKIDBASE/20240501/us-east-1/sts/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date, Signature="));
    CHECK(q[0].header("X-Amz-Security-Token").empty());
}

TEST_CASE("AssumeRoleWithWebIdentity: unsigned, the token file read again at each refresh") {
    fixture f;
    f.env.set("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token");
    f.env.set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
    f.env.set("AWS_ROLE_SESSION_NAME", "pod-7");
    (*f.files)["/var/run/token"] = "eyJ.first.token";
    f.answers->actions = {ok(sts_answer("AssumeRoleWithWebIdentity", "ASIAWEB1", in_one_hour,
                                        "arn:aws:sts::210987654321:assumed-role/irsa/pod-7")),
                          ok(sts_answer("AssumeRoleWithWebIdentity", "ASIAWEB2", "2024-05-01T14:00:00Z"))};
    auto provider = identity::make_web_identity_env_provider(f.options());
    auto r = f.fetch(provider);
    REQUIRE_MESSAGE(r.has_value(), r.error().message);
    CHECK((*r)->access_key_id == "ASIAWEB1");
    CHECK((*r)->account_id == "210987654321");
    CHECK((*r)->source == "web identity (AssumeRoleWithWebIdentity arn:aws:iam::123456789012:role/irsa)");

    (*f.files)["/var/run/token"] = "eyJ.rotated.token";  // the orchestrator rotated it
    r = f.fetch(provider);
    REQUIRE_MESSAGE(r.has_value(), r.error().message);
    CHECK((*r)->access_key_id == "ASIAWEB2");

    const auto q = f.requests();
    REQUIRE(q.size() == 2);
    const std::string prefix = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A"
                               "123456789012%3Arole%2Firsa&RoleSessionName=pod-7&WebIdentityToken=";
    CHECK(q[0].body == prefix + "eyJ.first.token");
    CHECK(q[1].body == prefix + "eyJ.rotated.token");
    for (const auto& x : q) {
        CHECK(x.header("Authorization").empty());
        CHECK(x.header("X-Amz-Date").empty());
        CHECK(x.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8");
    }

    // A token file that vanished: the provider fails (configured), naming the file, not the token.
    f.files->erase("/var/run/token");
    r = f.fetch(provider);
    REQUIRE_FALSE(r.has_value());
    CHECK_FALSE(creds::is_not_configured(r.error()));
    CHECK(r.error().message == "web identity: AssumeRoleWithWebIdentity arn:aws:iam::123456789012:role/irsa: the web "
                               "identity token file /var/run/token cannot be read");
    CHECK(f.requests().size() == 2);
}

TEST_CASE("a two-step chain: each AssumeRole signed with the credentials of the step before") {
    fixture f;
    f.env.set("AWS_PROFILE", "top");
    (*f.files)["/home/u/.aws/config"] =
        "[profile top]\nrole_arn = arn:aws:iam::123456789012:role/top\nsource_profile = mid\n"
        "role_session_name = top-session\n"
        "[profile mid]\nrole_arn = arn:aws:iam::123456789012:role/mid\nsource_profile = base\n"
        "role_session_name = mid-session\n";
    (*f.files)["/home/u/.aws/credentials"] = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = BASESECRET\n";
    // mid's credentials last 3 hours, top's 1 hour.
    f.answers->actions = {ok(sts_answer("AssumeRole", "ASIAMID", "2024-05-01T15:00:00Z")),
                          ok(sts_answer("AssumeRole", "ASIATOP", in_one_hour)),
                          ok(sts_answer("AssumeRole", "ASIATOP2", "2024-05-01T14:00:00Z"))};
    auto top = creds::make_cached_provider(identity::make_profile_provider(f.options()),
                                           [&] {
                                               creds::cached_options c;
                                               c.now = f.services.services().wall_now;
                                               c.jitter = [](milliseconds) { return milliseconds(0); };
                                               return c;
                                           }());
    auto r = f.fetch(top);
    REQUIRE_MESSAGE(r.has_value(), r.error().message);
    CHECK((*r)->access_key_id == "ASIATOP");
    auto q = f.requests();
    REQUIRE(q.size() == 2);
    CHECK(q[0].body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fmid&RoleSessionName=mid-session") !=
          std::string::npos);
    CHECK(q[0].header("Authorization").find("Credential=AKIDBASE/") != std::string::npos);
    CHECK(q[0].header("X-Amz-Security-Token").empty());
    CHECK(q[1].body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Ftop&RoleSessionName=top-session") !=
          std::string::npos);
    CHECK(q[1].header("Authorization").find("Credential=ASIAMID/") != std::string::npos);
    CHECK(q[1].header("X-Amz-Security-Token") == "TOKEN-ASIAMID");

    // Fresh: nothing is sent.
    f.clock->advance(54min);
    r = f.fetch(top);
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "ASIATOP");
    CHECK(f.requests().size() == 2);

    // 5 minutes before top's expiry: top is assumed again, with mid's cached credentials
    // (mid's own refresh is 2 h away: it is not asked).
    f.clock->advance(1min + 1s);
    r = f.fetch(top);
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "ASIATOP2");
    q = f.requests();
    REQUIRE(q.size() == 3);
    CHECK(q[2].body.find("role%2Ftop") != std::string::npos);
    CHECK(q[2].header("Authorization").find("Credential=ASIAMID/") != std::string::npos);
}

TEST_CASE("a 500 and an IDPCommunicationError are retried with the very same request") {
    fixture f;
    f.env.set("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token");
    f.env.set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
    (*f.files)["/var/run/token"] = "eyJ.the.token";
    f.answers->actions = {fail(500, "InternalFailure"), fail(400, "IDPCommunicationError"),
                          ok(sts_answer("AssumeRoleWithWebIdentity", "ASIAWEB", in_one_hour))};
    auto r = f.fetch(identity::make_web_identity_env_provider(f.options()));
    REQUIRE_MESSAGE(r.has_value(), r.error().message);
    CHECK((*r)->access_key_id == "ASIAWEB");
    const auto q = f.requests();
    REQUIRE(q.size() == 3);
    CHECK(q[0].body == q[1].body);
    CHECK(q[1].body == q[2].body);
    CHECK(q[0].body.find("RoleSessionName=" + session_name + "&WebIdentityToken=eyJ.the.token") != std::string::npos);
    CHECK(q[0].header("amz-sdk-invocation-id") == q[2].header("amz-sdk-invocation-id"));
    CHECK(q[0].header("amz-sdk-request") == "attempt=1; max=3");
    CHECK(q[2].header("amz-sdk-request") == "attempt=3; max=3");
    CHECK(f.services.sleeps().size() == 2);  // two backoffs, on the fake clock
}

TEST_CASE("a role profile whose AssumeRole fails stops the default chain: the container is never asked") {
    fixture f;
    f.env.set("AWS_PROFILE", "dev");
    f.env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/container-credentials");
    (*f.files)["/home/u/.aws/config"] =
        "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n";
    (*f.files)["/home/u/.aws/credentials"] = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = BASESECRET\n";
    f.answers->actions = {fail(403, "AccessDenied")};
    auto r = f.fetch(identity::make_default_chain(f.options()));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::credentials_unavailable);
    CHECK(r.error().cause == errc::access_denied);
    CHECK(r.error().message ==
          "no credentials: environment: AWS_ACCESS_KEY_ID not set; profile dev: AssumeRole "
          "arn:aws:iam::123456789012:role/dev (profile dev) failed: access denied (HTTP 403, AccessDenied) (scripted)");
    CHECK(r.error().message.find("BASESECRET") == std::string::npos);
    const auto q = f.requests();
    REQUIRE(q.size() == 1);  // AccessDenied is not retried; the container path was never asked
    CHECK(q[0].target == "/");
}

}  // TEST_SUITE
