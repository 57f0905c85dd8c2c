// Compatibility with the AWS CLI v2 (Debian's awscli, /usr/bin/aws; see
// official_clients.hpp), run unchanged apart from --endpoint-url (and the emulator's CA
// file): it releases a number, gets ResourceNotFoundException after the release, gets the
// replayed success for a repeated --client-token (one commit), releases by ARN, signs with
// a session token, and is rejected with InvalidSignatureException when it signs with a
// wrong secret; and its `sts assume-role` / `assume-role-with-web-identity` read the
// emulator's STS (XML answers and errors), whose credentials then sign a release. The CLI runs as a child process with an isolated environment (no profile
// files, no IMDS, one attempt) and a hard timeout. The main (official_client_main.cpp)
// fails or skips (exit 77) before any test when the CLI is not usable.
#include "emulator_fixture.hpp"
#include "official_clients.hpp"

#include <awsconnect/envelope.hpp>

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

// The CLI's environment: ours (no AWS_* variable, a temporary HOME), plus an isolated
// profile and the credentials to sign with.
std::vector<std::string> cli_env(const server& s, const std::string& akid, const std::string& secret,
                                 const std::string& session_token) {
    std::vector<std::string> add{
        "AWS_ACCESS_KEY_ID=" + akid,
        "AWS_SECRET_ACCESS_KEY=" + secret,
        "AWS_DEFAULT_REGION=us-east-1",
        "AWS_CONFIG_FILE=/nonexistent/awsconnect-test-config",
        "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/awsconnect-test-credentials",
        "AWS_EC2_METADATA_DISABLED=true",
        "AWS_MAX_ATTEMPTS=1",
        "AWS_RETRY_MODE=standard",
        "AWS_PAGER=",
        "AWS_CA_BUNDLE=" + s.ca_file(),
    };
    if (!session_token.empty()) add.push_back("AWS_SESSION_TOKEN=" + session_token);
    return official_client_environment(add);
}

const std::string example_secret = example_credential().secret_access_key;

}  // namespace

TEST_SUITE("emulator.official_clients") {

TEST_CASE("the AWS CLI: success, not found after release, replay with --client-token, ARN, session token, wrong secret") {
    const run_result version = run_command({aws_cli_program, "--version"}, official_client_environment({}), client_timeout);
    REQUIRE_MESSAGE(version.exit_code == 0, version.err);
    MESSAGE("using " << version.out << version.err);

    auto s = start_for_clients();
    auto aws = [&](const std::string& id, std::optional<std::string> token = std::nullopt,
                   const std::string& secret = example_secret, const std::string& akid = "AKIDEXAMPLE",
                   const std::string& session_token = "") {
        std::vector<std::string> argv{aws_cli_program, "connect", "release-phone-number",
                                      "--phone-number-id", id, "--endpoint-url", s->url()};
        if (token) {
            argv.push_back("--client-token");
            argv.push_back(*token);
        }
        return run_command(argv, cli_env(*s, akid, secret, session_token), client_timeout);
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
    SUBCASE("temporary credentials: the session token is sent and signed") {
        const run_result r = aws(claimed_phone_number_id(4), std::nullopt, "temp-secret", "AKIDTEMP",
                                 "temp-session-token");
        CHECK_MESSAGE(r.exit_code == 0, r.err);
        CHECK(s->state_of(claimed_phone_number_id(4)) == number_state::released);
        CHECK(s->get_counters().commits == 1);
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

TEST_CASE("the AWS CLI against the emulator's STS: assume-role and assume-role-with-web-identity, then Connect with the credentials") {
    auto s = start_for_clients();
    // Frozen at the real time: the CLI signs with the system clock (within the skew), and
    // the Expiration is exact.
    const auto frozen = std::chrono::floor<seconds>(s->now());
    s->set_clock(frozen);
    auto run = [&](std::vector<std::string> argv, const std::string& secret = example_secret,
                   const std::string& akid = "AKIDEXAMPLE", const std::string& session_token = "") {
        argv.insert(argv.begin(), aws_cli_program);
        argv.insert(argv.end(), {"--endpoint-url", s->url(), "--output", "json"});
        return run_command(argv, cli_env(*s, akid, secret, session_token), client_timeout);
    };

    const run_result assumed = run({"sts", "assume-role", "--role-arn",
                                    "arn:aws:iam::123456789012:role/deploy", "--role-session-name",
                                    "cli-session", "--duration-seconds", "900"});
    REQUIRE_MESSAGE(assumed.exit_code == 0, assumed.err);
    const auto out = boost::json::parse(assumed.out).as_object();
    CHECK(out.at("AssumedRoleUser").at("Arn").as_string() ==
          "arn:aws:sts::123456789012:assumed-role/deploy/cli-session");
    const auto& creds = out.at("Credentials").as_object();
    const std::string akid(creds.at("AccessKeyId").as_string());
    CHECK(akid.starts_with("ASIA"));
    // The CLI parsed Expiration as a timestamp and printed it back (ISO-8601, +00:00).
    std::string expected = format_iso8601(frozen + seconds(900));
    expected.pop_back();  // the Z
    CHECK(creds.at("Expiration").as_string() == expected + "+00:00");

    // The assumed credentials release a number through the CLI (signed with the token).
    const run_result released = run({"connect", "release-phone-number", "--phone-number-id",
                                     claimed_phone_number_id(3)},
                                    std::string(creds.at("SecretAccessKey").as_string()), akid,
                                    std::string(creds.at("SessionToken").as_string()));
    CHECK_MESSAGE(released.exit_code == 0, released.err);
    CHECK(s->state_of(claimed_phone_number_id(3)) == number_state::released);

    // A wrong secret: the CLI reports STS's error code from the XML ErrorResponse.
    const run_result wrong = run({"sts", "assume-role", "--role-arn",
                                  "arn:aws:iam::123456789012:role/deploy", "--role-session-name",
                                  "cli-session"},
                                 "wrong-secret");
    CHECK(wrong.exit_code.has_value());
    CHECK(wrong.exit_code != 0);
    CHECK_MESSAGE(wrong.err.find("(SignatureDoesNotMatch) when calling the AssumeRole operation") !=
                      std::string::npos,
                  wrong.err);

    // Web identity: unsigned; the sub comes back.
    const std::string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjbGktc3ViamVjdCJ9.c2ln";  // {"sub":"cli-subject"}
    const run_result web = run({"sts", "assume-role-with-web-identity", "--role-arn",
                                "arn:aws:iam::123456789012:role/deploy", "--role-session-name",
                                "cli-web", "--web-identity-token", jwt});
    REQUIRE_MESSAGE(web.exit_code == 0, web.err);
    CHECK(boost::json::parse(web.out).at("SubjectFromWebIdentityToken").as_string() == "cli-subject");

    const counters n = s->get_counters();
    CHECK(n.assume_role.ok == 1);
    CHECK(n.assume_role.errors == 1);
    CHECK(n.assume_role_with_web_identity.ok == 1);
}

}  // TEST_SUITE
