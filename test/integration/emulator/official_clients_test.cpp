// Compatibility with the official clients, run unchanged apart from --endpoint-url (and
// the emulator's CA file): the AWS CLI and boto3 found on this machine release a number,
// get ResourceNotFoundException after the release, get the replayed success for a repeated
// --client-token (one commit), and are rejected with InvalidSignatureException when they
// sign with a wrong secret. boto3 also signs with a session token. Each client runs as a
// child process with an isolated environment (no profile files, no IMDS, one attempt) and
// a hard timeout; the tests skip with a message when the client is absent.
#include "child_process.hpp"
#include "emulator_fixture.hpp"

#include <boost/json/parse.hpp>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace awsconnect::emulator::test;
using namespace std::chrono;

namespace {

constexpr auto client_timeout = 90s;

std::unique_ptr<server> start_for_clients() {
    server_config config;
    config.claim_count = 8;
    config.credentials.push_back({"AKIDTEMP", "temp-secret", "temp-session-token"});
    return start_emulator(config);
}

// The clients' environment: ours, minus every AWS_ setting, plus an isolated profile.
std::vector<std::string> client_env(const server& s, const std::string& secret) {
    return environment_with({"AWS_"}, {
        "AWS_ACCESS_KEY_ID=AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY=" + secret,
        "AWS_DEFAULT_REGION=us-east-1",
        "AWS_CONFIG_FILE=/nonexistent/awsconnect-test-config",
        "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/awsconnect-test-credentials",
        "AWS_EC2_METADATA_DISABLED=true",
        "AWS_MAX_ATTEMPTS=1",
        "AWS_RETRY_MODE=standard",
        "AWS_PAGER=",
        "AWS_CA_BUNDLE=" + s.ca_file(),
    });
}

const std::string example_secret = example_credential().secret_access_key;

}  // namespace

TEST_SUITE("emulator.official_clients") {

TEST_CASE("the AWS CLI: success, not found after release, replay with --client-token, wrong secret") {
    if (!in_path("aws")) {
        MESSAGE("SKIPPED: the AWS CLI ('aws') is not on PATH");
        return;
    }
    const run_result version = run_command({"aws", "--version"}, environment_with({}, {}), client_timeout);
    if (version.exit_code != 0) {
        MESSAGE("SKIPPED: 'aws --version' failed: " << version.err);
        return;
    }
    MESSAGE("using " << version.out << version.err);

    auto s = start_for_clients();
    auto aws = [&](const std::string& id, std::optional<std::string> token = std::nullopt,
                   const std::string& secret = example_secret) {
        std::vector<std::string> argv{"aws", "connect", "release-phone-number",
                                      "--phone-number-id", id, "--endpoint-url", s->url()};
        if (token) {
            argv.push_back("--client-token");
            argv.push_back(*token);
        }
        return run_command(argv, client_env(*s, secret), client_timeout);
    };

    SUBCASE("success, then not found") {
        const run_result ok = aws(claimed_phone_number_id(0));
        CHECK_MESSAGE(ok.exit_code == 0, ok.err);
        CHECK(ok.out.empty());
        CHECK(s->state_of(claimed_phone_number_id(0)) == number_state::released);
        const run_result again = aws(claimed_phone_number_id(0));
        CHECK(again.exit_code.has_value());
        CHECK(again.exit_code != 0);
        CHECK_MESSAGE(again.err.find("(ResourceNotFoundException) when calling the "
                                     "ReleasePhoneNumber operation") != std::string::npos,
                      again.err);
        const counters n = s->get_counters();
        CHECK(n.commits == 1);
        CHECK(n.not_found == 1);
    }
    SUBCASE("the same --client-token replays the success: one commit") {
        const run_result first = aws(claimed_phone_number_id(1), "cli-token-1");
        const run_result second = aws(claimed_phone_number_id(1), "cli-token-1");
        CHECK_MESSAGE(first.exit_code == 0, first.err);
        CHECK_MESSAGE(second.exit_code == 0, second.err);
        const counters n = s->get_counters();
        CHECK(n.commits == 1);
        CHECK(n.idempotent_replays == 1);
        CHECK(n.released_twice == 0);
    }
    SUBCASE("an ARN (encoded twice on the way) releases the same number") {
        const run_result r =
            aws("arn:aws:connect:us-east-1:123456789012:phone-number/" + claimed_phone_number_id(3));
        CHECK_MESSAGE(r.exit_code == 0, r.err);
        CHECK(s->state_of(claimed_phone_number_id(3)) == number_state::released);
    }
    SUBCASE("a wrong secret is rejected") {
        const run_result r = aws(claimed_phone_number_id(2), std::nullopt, "not-the-secret");
        CHECK(r.exit_code.has_value());
        CHECK(r.exit_code != 0);
        CHECK_MESSAGE(r.err.find("(InvalidSignatureException)") != std::string::npos, r.err);
        CHECK(r.err.find("not-the-secret") == std::string::npos);
        CHECK(s->state_of(claimed_phone_number_id(2)) == number_state::claimed);
        CHECK(s->get_counters().invalid_signature == 1);
    }
}

TEST_CASE("boto3: success, not found, replay and conflict, session token, wrong secret") {
    if (!in_path("python3")) {
        MESSAGE("SKIPPED: python3 is not on PATH");
        return;
    }
    static constexpr const char* script = R"PY(
import json, sys
try:
    import boto3, botocore
    from botocore.config import Config
except Exception as e:
    print(json.dumps({"skip": "boto3 is not importable: %s" % e}))
    sys.exit(0)
url, ca, id0, id1, id2, id3 = sys.argv[1:7]
def client(akid, secret, token=None):
    session = boto3.session.Session(aws_access_key_id=akid, aws_secret_access_key=secret,
                                    aws_session_token=token, region_name="us-east-1")
    return session.client("connect", endpoint_url=url, verify=ca,
                          config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
def call(c, **kw):
    try:
        r = c.release_phone_number(**kw)
        return {"ok": True, "status": r["ResponseMetadata"]["HTTPStatusCode"],
                "request_id": r["ResponseMetadata"].get("RequestId", "")}
    except botocore.exceptions.ClientError as e:
        return {"ok": False, "code": e.response["Error"]["Code"],
                "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": e.response["Error"].get("Message", "")}
good = client("AKIDEXAMPLE", sys.argv[7])
out = {"version": boto3.__version__}
out["success"] = call(good, PhoneNumberId=id0)
out["not_found"] = call(good, PhoneNumberId=id0)
out["replay_1"] = call(good, PhoneNumberId=id1, ClientToken="boto3-token")
out["replay_2"] = call(good, PhoneNumberId=id1, ClientToken="boto3-token")
out["conflict"] = call(good, PhoneNumberId=id2, ClientToken="boto3-token")
out["session_token"] = call(client("AKIDTEMP", "temp-secret", "temp-session-token"), PhoneNumberId=id3)
out["wrong_secret"] = call(client("AKIDEXAMPLE", "not-the-secret"), PhoneNumberId=id2)
print(json.dumps(out))
)PY";
    auto s = start_for_clients();
    const run_result r = run_command(
        {"python3", "-c", script, s->url(), s->ca_file(), claimed_phone_number_id(0),
         claimed_phone_number_id(1), claimed_phone_number_id(2), claimed_phone_number_id(3),
         example_secret},
        client_env(*s, example_secret), client_timeout);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto out = boost::json::parse(r.out).as_object();
    if (out.contains("skip")) {
        MESSAGE("SKIPPED: " << std::string(out.at("skip").as_string()));
        return;
    }
    MESSAGE("using boto3 " << std::string(out.at("version").as_string()));
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
    CHECK(s->state_of(claimed_phone_number_id(2)) == number_state::claimed);
}

}  // TEST_SUITE
