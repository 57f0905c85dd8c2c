// The static and environment providers, driven through run_coro with hand-built
// environments and a fixed clock: exact credentials on success; for each missing, partial,
// malformed or expired setting, the exact message and whether it stops a chain (a cause)
// or lets it move on (no cause). Also the redacted printing of credentials.
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"
#include "run_coro.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace awsconnect;
using namespace awsconnect::creds;
using namespace std::chrono;

namespace {

const system_clock::time_point now = sys_days{year{2024} / 5 / 6} + 7h;
clock_fn fixed_clock() { return [] { return now; }; }

result<credentials_ptr> fetch(const credentials_provider_ptr& p) {
    boost::asio::io_context ioc;
    return test::run_coro(ioc, p->get_credentials());
}

}  // namespace

TEST_SUITE("environment_provider") {

TEST_CASE("static: always the same credentials") {
    credentials c{"AKIDSTATIC", "static-secret", "static-token", {}, {}};
    auto p = make_static_credentials_provider(c);
    CHECK(p->name() == "static");
    auto r1 = fetch(p);
    auto r2 = fetch(p);
    REQUIRE(r1.has_value());
    CHECK((*r1)->access_key_id == "AKIDSTATIC");
    CHECK((*r1)->secret_access_key == "static-secret");
    CHECK((*r1)->session_token == "static-token");
    CHECK((*r1)->source == "static");
    CHECK(*r1 == *r2);  // the same object each time

    auto empty = fetch(make_static_credentials_provider({"", "s", "", {}, {}}));
    REQUIRE_FALSE(empty.has_value());
    CHECK(empty.error().code == errc::credentials_unavailable);
    CHECK(empty.error().message == "static: the access key id is empty");
    CHECK(empty.error().cause == errc::invalid_configuration);
    auto no_secret = fetch(make_static_credentials_provider({"AKID", "", "", {}, {}}));
    CHECK(no_secret.error().message == "static: the secret access key is empty");
}

TEST_CASE("environment: key pair, session token and expiration") {
    config::environment env{{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                            {"AWS_SECRET_ACCESS_KEY", "env-secret"}};
    auto r = fetch(make_environment_provider(env, fixed_clock()));
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDENV");
    CHECK((*r)->secret_access_key == "env-secret");
    CHECK((*r)->session_token.empty());
    CHECK_FALSE((*r)->expiration);
    CHECK((*r)->source == "environment");

    env.set("AWS_SESSION_TOKEN", "env-token");
    env.set("AWS_CREDENTIAL_EXPIRATION", "2024-05-06T08:00:00Z");
    r = fetch(make_environment_provider(env, fixed_clock()));
    REQUIRE(r.has_value());
    CHECK((*r)->session_token == "env-token");
    REQUIRE((*r)->expiration);
    CHECK(*(*r)->expiration == now + 1h);
}

TEST_CASE("environment: the snapshot is taken when the provider is made") {
    config::environment env{{"AWS_ACCESS_KEY_ID", "AKID1"}, {"AWS_SECRET_ACCESS_KEY", "s"}};
    auto p = make_environment_provider(env);
    env.set("AWS_ACCESS_KEY_ID", "AKID2");
    CHECK((*fetch(p))->access_key_id == "AKID1");
}

TEST_CASE("environment: missing, partial, malformed, expired") {
    auto err = [](config::environment env) {
        auto r = fetch(make_environment_provider(std::move(env), fixed_clock()));
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::credentials_unavailable);
        return r.error();
    };
    auto e = err({});
    CHECK(e.message == "environment: AWS_ACCESS_KEY_ID not set");
    CHECK(is_not_configured(e));
    e = err({{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", ""}});
    CHECK(e.message == "environment: AWS_ACCESS_KEY_ID not set");

    e = err({{"AWS_ACCESS_KEY_ID", "AKID"}});
    CHECK(e.message == "environment: AWS_SECRET_ACCESS_KEY not set (AWS_ACCESS_KEY_ID is)");
    CHECK(e.cause == errc::invalid_configuration);
    e = err({{"AWS_SECRET_ACCESS_KEY", "s"}});
    CHECK(e.message == "environment: AWS_ACCESS_KEY_ID not set (AWS_SECRET_ACCESS_KEY is)");
    CHECK_FALSE(is_not_configured(e));

    e = err({{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "s"},
             {"AWS_CREDENTIAL_EXPIRATION", "soon"}});
    CHECK(e.message == "environment: AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time");
    e = err({{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "s"},
             {"AWS_CREDENTIAL_EXPIRATION", "2024-05-06T07:00:00Z"}});
    CHECK(e.message == "environment: the credentials expired at 2024-05-06T07:00:00Z");
    CHECK(e.cause == errc::expired_token);
}

TEST_CASE("credentials print redacted") {
    credentials c{"AKIDPRINT", "print-secret-123", "print-token-456",
                  sys_days{year{2024} / 5 / 6} + 8h, "environment"};
    std::ostringstream os;
    os << c;
    CHECK(os.str() == "credentials{access_key_id=AKIDPRINT, secret_access_key=<redacted>, "
                      "session_token=<redacted>, expiration=2024-05-06T08:00:00Z, "
                      "source=environment}");
    std::ostringstream lt;
    lt << credentials{"AKID", "s", "", {}, {}};
    CHECK(lt.str() == "credentials{access_key_id=AKID, secret_access_key=<redacted>}");
}

}  // TEST_SUITE
