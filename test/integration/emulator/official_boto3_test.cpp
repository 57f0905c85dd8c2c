// Compatibility with boto3 (Debian's python3-boto3, run by /usr/bin/python3 -I; see
// official_clients.hpp), unchanged apart from endpoint_url and the emulator's CA file: a
// release, ResourceNotFoundException after it, the replayed success for a repeated
// ClientToken (one commit) and IdempotencyException for the same token on another number,
// a session token, and InvalidSignatureException for a wrong secret. The script
// (official_boto3.py) runs as a child process with an isolated environment (no profile
// files, no IMDS, one attempt) and a hard timeout. The main (official_client_main.cpp)
// fails or skips (exit 77) before any test when boto3 is not usable.
#include "emulator_fixture.hpp"
#include "official_clients.hpp"
#include "support/test_paths.hpp"

#include <boost/json/parse.hpp>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace awsconnect::emulator::test;
using namespace std::chrono;

TEST_SUITE("emulator.official_clients") {

TEST_CASE("boto3: success, not found, replay and conflict, session token, wrong secret") {
    server_config config;
    config.claim_count = 8;
    config.credentials.push_back({"AKIDTEMP", "temp-secret", "temp-session-token"});
    auto s = start_emulator(config);
    const std::string script =
        (awsconnect::test::source_dir() / "test" / "integration" / "emulator" / "official_boto3.py").string();
    const run_result r = run_python(
        script,
        {s->url(), s->ca_file(), claimed_phone_number_id(0), claimed_phone_number_id(1), claimed_phone_number_id(2),
         claimed_phone_number_id(3), example_credential().secret_access_key},
        {"AWS_CONFIG_FILE=/nonexistent/awsconnect-test-config",
         "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/awsconnect-test-credentials", "AWS_EC2_METADATA_DISABLED=true"},
        90s);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto out = boost::json::parse(r.out).as_object();
    MESSAGE("using boto3 " << std::string(out.at("version").as_string()) << ", botocore "
                           << std::string(out.at("botocore").as_string()));
    // Debian's boto3, not one from PATH or a user's site-packages.
    CHECK(std::string(out.at("module").as_string()).rfind("/usr/lib/python3/dist-packages/", 0) == 0);
    auto field = [&](const char* call, const char* key) { return out.at(call).as_object().at(key); };

    CHECK(field("success", "ok").as_bool());
    CHECK(field("success", "status").as_int64() == 200);
    CHECK(field("success", "request_id").as_string().size() == 36);
    CHECK_FALSE(field("not_found", "ok").as_bool());
    CHECK(field("not_found", "code").as_string() == "ResourceNotFoundException");
    CHECK(field("not_found", "status").as_int64() == 404);
    CHECK(field("replay_1", "ok").as_bool());
    CHECK(field("replay_2", "ok").as_bool());
    CHECK(field("conflict", "code").as_string() == "IdempotencyException");
    CHECK(field("conflict", "status").as_int64() == 409);
    CHECK(field("session_token", "ok").as_bool());
    CHECK(field("wrong_secret", "code").as_string() == "InvalidSignatureException");
    CHECK(field("wrong_secret", "status").as_int64() == 403);

    const counters n = s->get_counters();
    CHECK(n.commits == 3);  // id0, id1 once, id3
    CHECK(n.idempotent_replays == 1);
    CHECK(n.released_twice == 0);
    CHECK(n.invalid_signature == 1);
    CHECK(s->state_of(claimed_phone_number_id(2)) == number_state::claimed);
}

}  // TEST_SUITE
