// `awsconnect --debug`: the library's debug log on stderr, and nothing on stderr without it.
//
// Strategy: the CLI binary as a child process against the emulator (plain HTTP), with
// credentials that carry a session token in its environment, and a scripted 503 on the
// first request so the call is retried. With --debug, stderr has the endpoint, credentials,
// connection and retry lines (exact prefixes) and no secret; stdout is the envelope alone.
// Without it, stderr is empty.
#include <awsconnect/emulator.hpp>

#include "support/child_process.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace awsconnect;
using namespace std::chrono_literals;

namespace {

const std::string secret = "S3cretForTheDebugLog/abcdefghijklmnopqrstuv";
const std::string session_token = "SessionTokenForTheDebugLog+xyz/0123456789=";

test::child_result run_cli(const emulator::server& emu, std::uint64_t n, const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {AWSCONNECT_CLI, "release-phone-number", "--phone-number-id",
                                     emulator::claimed_phone_number_id(n), "--region", "us-east-1",
                                     "--endpoint-url", emu.url(), "--max-attempts", "3"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const std::vector<std::string> env = {
        "AWS_ACCESS_KEY_ID=AKIDDEBUG", "AWS_SECRET_ACCESS_KEY=" + secret, "AWS_SESSION_TOKEN=" + session_token,
        "AWS_PROFILE=", "AWS_CONFIG_FILE=/nonexistent", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent",
        "AWS_EC2_METADATA_DISABLED=true", "AWS_ENDPOINT_URL=", "AWS_ENDPOINT_URL_CONNECT="};
    return test::run_child(argv, env, 60s);
}

bool has_line_starting(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0 || text.find("\n" + prefix) != std::string::npos;
}

}  // namespace

TEST_SUITE("cli debug") {

TEST_CASE("--debug: the library's lines on stderr, secrets redacted; without it, stderr stays empty") {
    emulator::server_config cfg;
    cfg.tls = false;
    cfg.claim_count = 2;
    cfg.credentials = {{"AKIDDEBUG", secret, session_token, std::nullopt}};
    cfg.faults = emulator::parse_fault_spec("script:1=503,3=503").value();
    auto started = emulator::server::start(cfg);
    REQUIRE(started.has_value());
    auto emu = std::move(*started);
    const std::string url = emu->url();
    const std::string port = url.substr(url.rfind(':') + 1);

    const auto debug = run_cli(*emu, 0, {"--debug"});
    INFO("stdout: " << debug.out << "\nstderr: " << debug.err);
    CHECK(debug.exit_code == 0);
    CHECK(debug.out.rfind("{\"success\":true,", 0) == 0);
    CHECK(debug.out.find('\n') == debug.out.size() - 1);  // the envelope, alone
    const std::string& err = debug.err;
    CHECK(has_line_starting(err, "awsconnect: [client] DEBUG: endpoint " + url +
                                     " (from client_config.endpoint_url); signing region us-east-1, service connect\n"));
    CHECK(has_line_starting(err, "awsconnect: [credentials] DEBUG: credentials refresh started (provider: chain; none cached yet)\n"));
    CHECK(has_line_starting(err, "awsconnect: [credentials] DEBUG: credentials refreshed from environment: long-term, no expiration\n"));
    CHECK(has_line_starting(err, "awsconnect: [transport] DEBUG: connection 1 to " + url + " opened: 127.0.0.1:" + port + ", "));
    CHECK(has_line_starting(err, "awsconnect: [retry] DEBUG: ReleasePhoneNumber attempt 1/3 failed: service_unavailable: "));
    CHECK(err.find("; retrying in ") != std::string::npos);
    CHECK(has_line_starting(err, "awsconnect: [transport] DEBUG: connection 1 to " + url + " reused (exchanges before: 1)\n"));
    CHECK(has_line_starting(err, "awsconnect: [transport] DEBUG: connection 1 to " + url +
                                     " closed: the client was shut down (exchanges: 2, open "));
    CHECK(err.find(secret) == std::string::npos);
    CHECK(err.find(session_token) == std::string::npos);
    CHECK(err.find("Signature=") == std::string::npos);
    CHECK(err.find("WARNING") == std::string::npos);

    const auto quiet = run_cli(*emu, 1, {});
    INFO("stdout: " << quiet.out << "\nstderr: " << quiet.err);
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err == "");
    CHECK(emu->get_counters().commits == 2);
    CHECK(emu->get_counters().injected_5xx == 2);
}

}  // TEST_SUITE
