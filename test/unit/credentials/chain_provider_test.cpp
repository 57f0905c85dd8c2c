// The chain over scripted providers: order, the first success wins and later providers are
// not asked, "not configured" moves on, a failure stops, and the exact combined message.
// (The default chain's tests are test/unit/identity's.)
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"
#include "run_coro.hpp"
#include "scripted_provider.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace awsconnect;
using namespace awsconnect::creds;
using namespace std::chrono;

namespace {

using test::make_creds;
using test::scripted_provider;

result<credentials_ptr> fetch(const credentials_provider_ptr& p) {
    boost::asio::io_context ioc;
    return test::run_coro(ioc, p->get_credentials());
}

const std::string container_body =
    R"({"AccessKeyId": "AKIDECS", "SecretAccessKey": "s", "Token": "t",)"
    R"( "Expiration": "2999-01-01T00:00:00Z"})";
const std::string imds_body =
    R"({"Code": "Success", "AccessKeyId": "AKIDIMDS", "SecretAccessKey": "s", "Token": "t",)"
    R"( "Expiration": "2999-01-01T00:00:00Z"})";

}  // namespace

TEST_SUITE("chain_provider") {

TEST_CASE("the first provider with credentials wins; later ones are not asked") {
    auto a = std::make_shared<scripted_provider>(
        std::vector<result<credentials_ptr>>{not_configured("a", "nothing here")});
    auto b = std::make_shared<scripted_provider>(
        std::vector<result<credentials_ptr>>{make_creds("AKIDB")});
    auto c = std::make_shared<scripted_provider>(
        std::vector<result<credentials_ptr>>{make_creds("AKIDC")});
    auto chain = make_chain_credentials_provider({a, b, c});
    CHECK(chain->name() == "chain");
    auto r = fetch(chain);
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDB");
    CHECK(a->calls() == 1);
    CHECK(b->calls() == 1);
    CHECK(c->calls() == 0);
}

TEST_CASE("all not configured: every provider tried, every reason listed") {
    auto a = std::make_shared<scripted_provider>(
        std::vector<result<credentials_ptr>>{not_configured("a", "reason one")});
    auto b = std::make_shared<scripted_provider>(
        std::vector<result<credentials_ptr>>{not_configured("b", "reason two")});
    auto r = fetch(make_chain_credentials_provider({a, nullptr, b}));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::credentials_unavailable);
    CHECK(r.error().message == "no credentials: a: reason one; b: reason two");
    CHECK(is_not_configured(r.error()));

    auto empty = fetch(make_chain_credentials_provider({}));
    CHECK(empty.error().message == "no credentials: the chain has no providers");
}

TEST_CASE("a configured provider that fails stops the chain") {
    auto a = std::make_shared<scripted_provider>(
        std::vector<result<credentials_ptr>>{not_configured("a", "unset")});
    auto b = std::make_shared<scripted_provider>(std::vector<result<credentials_ptr>>{
        provider_failed("b", "broken", errc::malformed_response)});
    auto c = std::make_shared<scripted_provider>(
        std::vector<result<credentials_ptr>>{make_creds("AKIDC")});
    auto r = fetch(make_chain_credentials_provider({a, b, c}));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == "no credentials: a: unset; b: broken");
    CHECK(r.error().cause == errc::malformed_response);
    CHECK(c->calls() == 0);
}

}  // TEST_SUITE
