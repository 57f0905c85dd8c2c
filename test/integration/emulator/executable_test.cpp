// The standalone awsconnect-emulator, run as a child process: it prints exactly one JSON
// line when ready (url, and ca_file for TLS), serves signed requests and its admin path,
// stops cleanly with exit code 0 on SIGTERM and SIGINT, explains every flag in --help,
// and rejects bad flags with exit code 2. The executable is found through
// AWSCONNECT_EMULATOR_EXE (set by meson); the tests skip with a message when it is absent
// (e.g. a build with -Dtools=false).
#include "child_process.hpp"
#include "emulator_fixture.hpp"

#include <boost/json/parse.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>

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

#define REQUIRE_EXECUTABLE(exe)                                                           \
    const std::string exe = emulator_exe();                                               \
    if (exe.empty()) {                                                                    \
        MESSAGE("SKIPPED: awsconnect-emulator not built (AWSCONNECT_EMULATOR_EXE unset or " \
                "missing; configure with -Dtools=true)");                                \
        return;                                                                           \
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
                    environment_with({}, {})));
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
                    environment_with({}, {})));
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
                    environment_with({}, {})));
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

TEST_CASE("--help explains every flag") {
    REQUIRE_EXECUTABLE(exe);
    const run_result r = run_command({exe, "--help"}, environment_with({}, {}), 15s);
    CHECK(r.exit_code == 0);
    for (const char* flag : {"--listen", "--plain-http", "--cert", "--key", "--credentials",
                             "--region", "--claim-count", "--claim-any", "--in-use", "--throttle",
                             "--faults", "--seed", "--threads", "--help"})
        CHECK_MESSAGE(r.out.find(flag) != std::string::npos, flag);
}

TEST_CASE("bad flags exit 2 with a message") {
    REQUIRE_EXECUTABLE(exe);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--faults", "bogus:0.1"}, {"--throttle", "x"},
          {"--listen", "nowhere"}, {"--credentials", "nosecret"}, {"--in-use", "bad-id"},
          {"--no-such-flag"}}) {
        std::vector<std::string> argv{exe};
        argv.insert(argv.end(), args.begin(), args.end());
        const run_result r = run_command(argv, environment_with({}, {}), 15s);
        CHECK_MESSAGE(r.exit_code == 2, args[0]);
        CHECK_MESSAGE(r.err.starts_with("awsconnect-emulator: "), r.err);
        CHECK(r.out.empty());
    }
}

}  // TEST_SUITE
