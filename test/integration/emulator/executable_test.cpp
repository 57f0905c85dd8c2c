// The standalone awsconnect-emulator, run as a child process: it prints exactly one JSON
// line when ready (url, and ca_file for TLS), serves signed requests and its admin path,
// stops cleanly with exit code 0 on SIGTERM and SIGINT, takes credentials from a file or
// the environment (keeping secrets out of argv), resets counters and moves its clock over
// HTTP only when allowed, listens on loopback by default, honours the lifecycle flags
// (pools, targets, account, latencies), explains every flag in --help, and rejects bad
// flags with exit code 2. The executable is found through
// AWSCONNECT_EMULATOR_EXE (set by meson, which builds these tests only with -Dtools=true);
// a missing executable fails them.
#include "child_process.hpp"
#include "credentials_requests.hpp"
#include "emulator_fixture.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <unistd.h>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace awsconnect::emulator::test;
using namespace std::chrono;

namespace {

std::string emulator_exe() {
    const char* p = std::getenv("AWSCONNECT_EMULATOR_EXE");
    if (p == nullptr || !std::filesystem::exists(p)) return {};
    return p;
}

// Built only with -Dtools=true (see meson.build), so the executable must be there.
#define REQUIRE_EXECUTABLE(exe)                                                        \
    const std::string exe = emulator_exe();                                            \
    REQUIRE_MESSAGE(!exe.empty(), "awsconnect-emulator not found: AWSCONNECT_EMULATOR_EXE " \
                                  "unset or naming no file (run through meson test)");

// The child's environment: ours without the emulator's own variables (a developer's
// AWSCONNECT_EMULATOR_CREDENTIALS must not change what a test sees), plus `add`.
std::vector<std::string> emulator_env(const std::vector<std::string>& add = {}) {
    return environment_with({"AWSCONNECT_EMULATOR_"}, add);
}

// A private temporary directory, removed with the object.
struct temp_dir {
    std::filesystem::path path;
    temp_dir() {
        std::string p = (std::filesystem::temp_directory_path() / "awsconnect-exe-test-XXXXXX").string();
        REQUIRE(::mkdtemp(p.data()) != nullptr);
        path = p;
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string write(const std::string& name, const std::string& text) const {
        const auto file = path / name;
        std::ofstream(file, std::ios::binary) << text;
        return file.string();
    }
};

// The command line of a running process, arguments joined by spaces.
std::string command_line(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::replace(text.begin(), text.end(), '\0', ' ');
    return text;
}

struct ready_line {
    std::string url, ca_file;
};

ready_line read_ready(child_process& p) {
    const auto line = p.read_line(20s);
    REQUIRE_MESSAGE(line.has_value(), "no ready line; stderr: " << p.err());
    const auto json = boost::json::parse(*line).as_object();
    ready_line r;
    r.url = std::string(json.at("url").as_string());
    if (json.contains("ca_file")) r.ca_file = std::string(json.at("ca_file").as_string());
    CHECK(json.size() == (r.ca_file.empty() ? 1u : 2u));
    return r;
}

// A request signed at the real clock (the child's clock is the system's).
std::string release_now(std::string_view id) {
    signer s;
    return signed_release(id, std::nullopt, s).wire();
}

}  // namespace

TEST_SUITE("emulator.executable") {

TEST_CASE("plain HTTP: ready line, a release, the admin path, SIGTERM exits 0") {
    REQUIRE_EXECUTABLE(exe);
    child_process p;
    REQUIRE(p.start({exe, "--plain-http", "--claim-count", "2", "--listen", "127.0.0.1:0"},
                    emulator_env()));
    const ready_line ready = read_ready(p);
    CHECK(ready.url.starts_with("http://127.0.0.1:"));
    CHECK(ready.ca_file.empty());

    test_client c(ready.url);
    REQUIRE_FALSE(c.connect());
    CHECK(c.exchange(release_now(claimed_phone_number_id(1))).status == 200);
    CHECK(c.exchange(release_now(claimed_phone_number_id(1))).status == 404);
    CHECK(c.exchange(release_now(claimed_phone_number_id(2))).status == 404);  // only 0 and 1
    const http_reply counters = c.exchange(simple_request("GET", "/__emulator/counters"));
    REQUIRE(counters.status == 200);
    CHECK(boost::json::parse(counters.body).as_object().at("commits").as_int64() == 1);

    p.send_signal(SIGTERM);
    const auto code = p.wait(15s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
    CHECK_FALSE(p.read_line(0ms).has_value());  // one line only
}

TEST_CASE("TLS: the CA file verifies the server; SIGINT exits 0 and removes it") {
    REQUIRE_EXECUTABLE(exe);
    child_process p;
    REQUIRE(p.start({exe, "--claim-count", "1", "--faults", "script:2=503",
                     "--counters-on-exit"},
                    emulator_env()));
    const ready_line ready = read_ready(p);
    CHECK(ready.url.starts_with("https://127.0.0.1:"));
    REQUIRE(std::filesystem::exists(ready.ca_file));

    test_client c(ready.url, ready.ca_file);
    REQUIRE_FALSE(c.connect());
    CHECK(c.exchange(release_now(claimed_phone_number_id(0))).status == 200);
    CHECK(c.exchange(release_now(claimed_phone_number_id(0))).status == 503);

    p.send_signal(SIGINT);
    const auto code = p.wait(15s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
    CHECK_FALSE(std::filesystem::exists(ready.ca_file));
    const auto report = boost::json::parse(p.err()).as_object();
    CHECK(report.at("commits").as_int64() == 1);
    CHECK(report.at("injected_5xx").as_int64() == 1);
}

TEST_CASE("--credentials replaces the default pair; --region sets the scope") {
    REQUIRE_EXECUTABLE(exe);
    child_process p;
    REQUIRE(p.start({exe, "--plain-http", "--claim-any", "--credentials", "AKIDOTHER:other-secret",
                     "--region", "eu-west-2"},
                    emulator_env()));
    const ready_line ready = read_ready(p);
    test_client c(ready.url);
    REQUIRE_FALSE(c.connect());
    signer s;
    s.region = "eu-west-2";
    CHECK(c.exchange(signed_release(claimed_phone_number_id(0), std::nullopt, s).wire()).status == 403);
    s.who = {"AKIDOTHER", "other-secret", ""};
    CHECK(c.exchange(signed_release(claimed_phone_number_id(0), std::nullopt, s).wire()).status == 200);
    p.send_signal(SIGTERM);
    CHECK(p.wait(15s) == 0);
}

TEST_CASE("--credentials-file: its credentials are accepted, and the secret is not on the command line") {
    REQUIRE_EXECUTABLE(exe);
    temp_dir dir;
    const std::string file = dir.write("credentials",
                                       "# test keys\nAKIDFILE:file-secret-1\n\nAKIDTEMP:file-secret-2:file-token\n");
    child_process p;
    REQUIRE(p.start({exe, "--plain-http", "--claim-any", "--credentials-file", file}, emulator_env()));
    const ready_line ready = read_ready(p);
    const std::string argv = command_line(p.pid());
    CHECK(argv.find("--credentials-file") != std::string::npos);
    CHECK(argv.find("file-secret") == std::string::npos);

    test_client c(ready.url);
    REQUIRE_FALSE(c.connect());
    signer s;
    s.who = {"AKIDFILE", "file-secret-1", ""};
    CHECK(c.exchange(signed_release(claimed_phone_number_id(0), std::nullopt, s).wire()).status == 200);
    s.who = {"AKIDTEMP", "file-secret-2", "file-token"};
    CHECK(c.exchange(signed_release(claimed_phone_number_id(1), std::nullopt, s).wire()).status == 200);
    // The file replaces the example pair.
    const http_reply example = c.exchange(release_now(claimed_phone_number_id(2)));
    CHECK(example.status == 403);
    CHECK(example.header("X-Amzn-ErrorType") == "UnrecognizedClientException");
    p.send_signal(SIGTERM);
    CHECK(p.wait(15s) == 0);
    CHECK(p.err().empty());  // no warning: nothing secret on the command line
}

TEST_CASE("AWSCONNECT_EMULATOR_CREDENTIALS: its credentials are accepted, with those of the flags") {
    REQUIRE_EXECUTABLE(exe);
    child_process p;
    REQUIRE(p.start({exe, "--plain-http", "--claim-any", "--credentials", "AKIDARGV:argv-secret"},
                    emulator_env({"AWSCONNECT_EMULATOR_CREDENTIALS=AKIDENV1:env-secret-1,AKIDENV2:env-secret-2"})));
    const ready_line ready = read_ready(p);
    test_client c(ready.url);
    REQUIRE_FALSE(c.connect());
    signer s;
    std::uint64_t n = 0;
    for (const credential& who : {credential{"AKIDENV1", "env-secret-1", ""},
                                  credential{"AKIDENV2", "env-secret-2", ""},
                                  credential{"AKIDARGV", "argv-secret", ""}}) {
        s.who = who;
        CHECK_MESSAGE(c.exchange(signed_release(claimed_phone_number_id(n++), std::nullopt, s).wire()).status == 200,
                      who.access_key_id);
    }
    CHECK(c.exchange(release_now(claimed_phone_number_id(n))).status == 403);
    p.send_signal(SIGTERM);
    CHECK(p.wait(15s) == 0);
    // argv holds a secret: the emulator says so, without repeating it.
    CHECK(p.err().find("warning: --credentials puts a secret on the command line") != std::string::npos);
    CHECK(p.err().find("argv-secret") == std::string::npos);
}

TEST_CASE("credentials that cannot be read or parsed: exit 2, and the secret is never echoed") {
    REQUIRE_EXECUTABLE(exe);
    temp_dir dir;
    const std::string bad = dir.write("bad", "AKIDOK:fine-secret\nAKIDBAD:very-secret-value:\n");
    struct row {
        std::vector<std::string> args;
        std::vector<std::string> env;
        std::string message;
    };
    const std::vector<row> rows{
        {{"--credentials-file", (dir.path / "missing").string()}, {},
         "awsconnect-emulator: --credentials-file: cannot read " + (dir.path / "missing").string()},
        {{"--credentials-file", bad}, {},
         "awsconnect-emulator: --credentials-file " + bad +
             ": line 2: credentials must be AKID:SECRET or AKID:SECRET:TOKEN, none empty"},
        {{}, {"AWSCONNECT_EMULATOR_CREDENTIALS=AKIDBAD:very-secret-value:"},
         "awsconnect-emulator: AWSCONNECT_EMULATOR_CREDENTIALS: line 1: credentials must be "
         "AKID:SECRET or AKID:SECRET:TOKEN, none empty"},
        {{"--credentials-file", dir.write("empty", "# nothing\n")}, {},
         "awsconnect-emulator: --credentials-file " + (dir.path / "empty").string() +
             ": no credentials: expected AKID:SECRET or AKID:SECRET:TOKEN entries"},
    };
    for (const row& r : rows) {
        std::vector<std::string> argv{exe, "--plain-http"};
        argv.insert(argv.end(), r.args.begin(), r.args.end());
        const run_result out = run_command(argv, emulator_env(r.env), 15s);
        CHECK(out.exit_code == 2);
        CHECK_MESSAGE(out.err.starts_with(r.message + "\n"), out.err);
        CHECK(out.err.find("very-secret-value") == std::string::npos);
        CHECK(out.out.empty());
    }
}

TEST_CASE("the counters reset path answers 403 unless --allow-reset") {
    REQUIRE_EXECUTABLE(exe);
    for (const bool allowed : {false, true}) {
        CAPTURE(allowed);
        child_process p;
        std::vector<std::string> argv{exe, "--plain-http", "--claim-count", "1"};
        if (allowed) argv.push_back("--allow-reset");
        REQUIRE(p.start(argv, emulator_env()));
        const ready_line ready = read_ready(p);
        test_client c(ready.url);
        REQUIRE_FALSE(c.connect());
        REQUIRE(c.exchange(release_now(claimed_phone_number_id(0))).status == 200);
        const http_reply reset =
            c.exchange(simple_request("POST", "/__emulator/counters/reset", "Content-Length: 0\r\n"));
        CHECK(reset.status == (allowed ? 200 : 403));
        if (!allowed) CHECK(reset.header("X-Amzn-ErrorType") == "AccessDeniedException");
        const http_reply counters = c.exchange(simple_request("GET", "/__emulator/counters"));
        REQUIRE(counters.status == 200);
        CHECK(boost::json::parse(counters.body).as_object().at("commits").as_int64() == (allowed ? 0 : 1));
        p.send_signal(SIGTERM);
        CHECK(p.wait(15s) == 0);
    }
}

TEST_CASE("without --listen it listens on 127.0.0.1 only") {
    REQUIRE_EXECUTABLE(exe);
    child_process p;
    REQUIRE(p.start({exe, "--plain-http"}, emulator_env()));
    const ready_line ready = read_ready(p);
    REQUIRE(ready.url.starts_with("http://127.0.0.1:"));
    const auto port = static_cast<std::uint16_t>(std::stoi(ready.url.substr(ready.url.rfind(':') + 1)));
    CHECK(listening_address(port) == "127.0.0.1");
    p.send_signal(SIGTERM);
    CHECK(p.wait(15s) == 0);
}

TEST_CASE("the lifecycle flags: pools, instances, traffic distribution groups, account, latency, --allow-clock") {
    REQUIRE_EXECUTABLE(exe);
    child_process p;
    REQUIRE(p.start({exe, "--plain-http", "--available", "3", "--pool", "US:TOLL_FREE:+1888",
                     "--instance", "inst-a", "--instance", "inst-b", "--traffic-distribution-group",
                     "tdg-1", "--account", "210987654321", "--claim-latency", "60000", "--allow-clock"},
                    emulator_env()));
    const ready_line ready = read_ready(p);
    test_client c(ready.url);
    REQUIRE_FALSE(c.connect());
    signer s;  // the child's clock is the system's
    auto send = [&](test_request r) {
        s.time = std::chrono::system_clock::now();
        s.sign(r);
        return c.exchange(r.wire());
    };
    const http_reply found = send(search_request(
        R"({"InstanceId":"inst-b","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE"})"));
    REQUIRE(found.status == 200);
    CHECK(boost::json::parse(found.body) ==
          boost::json::parse(R"({"AvailableNumbersList":[
              {"PhoneNumber":"+18880000000","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE"},
              {"PhoneNumber":"+18880000001","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE"},
              {"PhoneNumber":"+18880000002","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE"}]})"));
    // Only the given pools: the default ones are gone.
    CHECK(send(search_request(R"({"InstanceId":"inst-a","PhoneNumberCountryCode":"GB","PhoneNumberType":"DID"})")).body ==
          R"({"AvailableNumbersList":[]})");
    CHECK(send(search_request(R"({"InstanceId":")" + default_instance_id() +
                              R"(","PhoneNumberCountryCode":"US","PhoneNumberType":"DID"})")).status == 400);

    const std::string tdg_arn = "arn:aws:connect:us-east-1:210987654321:traffic-distribution-group/tdg-1";
    const http_reply claimed = send(claim_request(R"({"TargetArn":")" + tdg_arn + R"(","PhoneNumber":"+18880000001"})"));
    REQUIRE(claimed.status == 200);
    const auto claim = boost::json::parse(claimed.body).as_object();
    const std::string id(claim.at("PhoneNumberId").as_string());
    CHECK(claim.at("PhoneNumberArn").as_string() == "arn:aws:connect:us-east-1:210987654321:phone-number/" + id);
    auto status = [&] {
        const http_reply r = send(describe_request(id));
        return std::string(boost::json::parse(r.body).at("ClaimedPhoneNumberSummary").at("PhoneNumberStatus").at("Status").as_string());
    };
    CHECK(status() == "IN_PROGRESS");
    const std::string advance = R"({"advance_seconds":60})";
    const http_reply moved = c.exchange(simple_request("POST", "/__emulator/clock",
                                                       "Content-Length: " + std::to_string(advance.size()) + "\r\n") +
                                        advance);
    CHECK(moved.status == 200);
    CHECK(status() == "CLAIMED");
    p.send_signal(SIGTERM);
    CHECK(p.wait(15s) == 0);
}

TEST_CASE("the credentials services' flags: --role, --sso-tokens-file, --oidc-clients-file, lifetimes") {
    REQUIRE_EXECUTABLE(exe);
    temp_dir dir;
    const std::string tokens = dir.write("tokens", "# SSO access tokens\nsso-file-token\n");
    const std::string clients = dir.write("clients", "cli-1:cli-secret-1:cli-refresh-1\n");
    // A malformed file: exit 2, naming the line, never the secret.
    const std::string broken = dir.write("broken", "cli-1:cli-secret-1:r1\ncli-2:hidden-secret\n");
    const run_result bad = run_command({exe, "--oidc-clients-file", broken}, emulator_env(), 15s);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("line 2") != std::string::npos);
    CHECK(bad.err.find("hidden-secret") == std::string::npos);

    child_process p;
    REQUIRE(p.start({exe, "--plain-http", "--claim-count", "2", "--role",
                     "arn:aws:iam::123456789012:role/allowed", "--sso-tokens-file", tokens,
                     "--oidc-clients-file", clients, "--sso-credential-lifetime", "600",
                     "--sso-token-lifetime", "120"},
                    emulator_env()));
    const ready_line ready = read_ready(p);
    // The secrets stay off the command line.
    const std::string argv = command_line(p.pid());
    CHECK(argv.find("sso-file-token") == std::string::npos);
    CHECK(argv.find("cli-secret-1") == std::string::npos);
    test_client c(ready.url);
    REQUIRE_FALSE(c.connect());
    auto wire = [](test_request r) {
        r.set_header("Host", "127.0.0.1");
        return r.wire();
    };

    // --role: that role only.
    signer now;  // the child's clock is the system's
    const http_reply assumed = c.exchange(
        signed_assume_role("arn:aws:iam::123456789012:role/allowed", "exe-1", now).wire());
    REQUIRE(assumed.status == 200);
    CHECK(xml_element(assumed.body, "Arn") == "arn:aws:sts::123456789012:assumed-role/allowed/exe-1");
    const http_reply denied = c.exchange(
        signed_assume_role("arn:aws:iam::123456789012:role/other", "exe-1", now).wire());
    CHECK(denied.status == 403);
    CHECK(xml_element(denied.body, "Code") == "AccessDenied");
    // The assumed credentials work for Connect.
    signer temp;
    temp.who = {xml_element(assumed.body, "AccessKeyId"), xml_element(assumed.body, "SecretAccessKey"),
                xml_element(assumed.body, "SessionToken")};
    CHECK(c.exchange(signed_release(claimed_phone_number_id(0), std::nullopt, temp).wire()).status == 200);

    // --sso-tokens-file and --sso-credential-lifetime.
    const http_reply sso =
        c.exchange(wire(role_credentials_request("allowed", "123456789012", "sso-file-token")));
    REQUIRE(sso.status == 200);
    const auto rc = boost::json::parse(sso.body).at("roleCredentials");
    const auto lifetime_ms = rc.at("expiration").as_int64() -
        duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    CHECK(lifetime_ms > 500'000);
    CHECK(lifetime_ms <= 600'000);

    // --oidc-clients-file and --sso-token-lifetime.
    const http_reply token = c.exchange(wire(create_token_request(
        R"({"clientId":"cli-1","clientSecret":"cli-secret-1","grantType":"refresh_token","refreshToken":"cli-refresh-1"})")));
    REQUIRE(token.status == 200);
    CHECK(boost::json::parse(token.body).at("expiresIn").as_int64() == 120);

    p.send_signal(SIGTERM);
    CHECK(p.wait(15s) == 0);
}

TEST_CASE("--help explains every flag") {
    REQUIRE_EXECUTABLE(exe);
    const run_result r = run_command({exe, "--help"}, emulator_env(), 15s);
    CHECK(r.exit_code == 0);
    for (const char* flag : {"--listen", "--plain-http", "--cert", "--key", "--credentials",
                             "--credentials-file", "AWSCONNECT_EMULATOR_CREDENTIALS", "--region",
                             "--account", "--instance", "--traffic-distribution-group",
                             "--available", "--pool", "--claim-latency", "--update-latency",
                             "--claim-count", "--claim-any", "--in-use", "--throttle",
                             "--faults", "--seed", "--threads", "--clock-offset", "--cooldown",
                             "--idempotency-window", "--allow-reset", "--allow-clock",
                             "/__emulator/clock", "SearchAvailablePhoneNumbers",
                             "UpdatePhoneNumberMetadata", "--role", "--sso-tokens-file",
                             "--oidc-clients-file", "--sso-credential-lifetime",
                             "--sso-token-lifetime", "AssumeRole", "AssumeRoleWithWebIdentity",
                             "GetRoleCredentials", "CreateToken", "--help"})
        CHECK_MESSAGE(r.out.find(flag) != std::string::npos, flag);
}

TEST_CASE("bad flags exit 2 with a message") {
    REQUIRE_EXECUTABLE(exe);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--faults", "bogus:0.1"}, {"--throttle", "x"},
          {"--listen", "nowhere"}, {"--credentials", "nosecret"}, {"--in-use", "bad-id"},
          {"--pool", "US:TOLL_FREE"}, {"--pool", "XX:DID:+1777"}, {"--pool", "US:PAGER:+1777"},
          {"--pool", "US:DID:+15551"}, {"--pool", "US:DID:1777"}, {"--instance", "a/b"},
          {"--account", "1234"}, {"--claim-latency", "-1"}, {"--available", "10000001"},
          {"--role", "arn:aws:iam::123456789012:user/x"}, {"--sso-token-lifetime", "0"},
          {"--sso-credential-lifetime", "43201"}, {"--sso-tokens-file", "/nonexistent/tokens"},
          {"--no-such-flag"}}) {
        std::vector<std::string> argv{exe};
        argv.insert(argv.end(), args.begin(), args.end());
        const run_result r = run_command(argv, emulator_env(), 15s);
        CHECK_MESSAGE(r.exit_code == 2, args[0]);
        CHECK_MESSAGE(r.err.starts_with("awsconnect-emulator: "), r.err);
        CHECK(r.out.empty());
    }
}

}  // TEST_SUITE
