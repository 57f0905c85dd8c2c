// The credential_process provider against real child processes: small shell scripts in a
// temporary directory, run as `sh <script> ...` (the provider runs the line with sh -c).
// Success with temporary and long-term keys; the shell's quoting, variables and pipelines; the child's
// environment; and every failure: not found, bad command line, non-zero exit with its
// first stderr line, death by signal, a child that never finishes (killed at the
// deadline, and shown to be dead), a child that closes its output but keeps running,
// oversized output, a flood on stderr that must not block, and bad JSON documents.
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"
#include "run_coro.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <thread>

using namespace awsconnect;
using namespace awsconnect::creds;
using namespace std::chrono;

namespace {

const system_clock::time_point now = sys_days{year{2024} / 5 / 6} + 7h;

const char* good_json =
    R"({"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret",)"
    R"( "SessionToken": "proc-token", "Expiration": "2024-05-06T08:00:00Z"})";

result<credentials_ptr> run(const std::string& command, milliseconds timeout = 10s,
                            std::size_t max_output = 64 * 1024, config::environment env = {}) {
    process_options o;
    o.command = command;
    o.timeout = timeout;
    o.max_output_bytes = max_output;
    o.env = std::move(env);
    o.now = [] { return now; };
    boost::asio::io_context ioc;
    return test::run_coro(ioc, make_process_provider(std::move(o))->get_credentials());
}

error run_error(const std::string& command, milliseconds timeout = 10s,
                std::size_t max_output = 64 * 1024) {
    auto r = run(command, timeout, max_output);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::credentials_unavailable);
    CHECK_FALSE(is_not_configured(r.error()));
    return r.error();
}

}  // namespace

TEST_SUITE("process_provider") {

TEST_CASE("Version 1 output with session token and expiration") {
    test::temp_dir d;
    auto script = d.write("ok.sh", std::string("printf '%s' '") + good_json + "'\n");
    auto r = run("sh " + script);
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDPROC");
    CHECK((*r)->secret_access_key == "proc-secret");
    CHECK((*r)->session_token == "proc-token");
    CHECK(*(*r)->expiration == now + 1h);
    CHECK((*r)->source == "process");
}

TEST_CASE("long-term keys: no token, no expiration") {
    test::temp_dir d;
    auto script = d.write("lt.sh",
                          "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDLT\", "
                          "\"SecretAccessKey\": \"lt\"}'\n");
    auto r = run("sh " + script);
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDLT");
    CHECK((*r)->session_token.empty());
    CHECK_FALSE((*r)->expiration);
}

TEST_CASE("the command line is run by sh -c: quoting, variables and pipelines, as the SDKs run it") {
    test::temp_dir d;
    // The script puts its first argument in AccessKeyId and its argument count in the secret.
    auto script = d.write("args.sh",
                          "printf '{\"Version\": 1, \"AccessKeyId\": \"%s\", "
                          "\"SecretAccessKey\": \"%s\"}' \"$1\" \"$#\"\n");
    auto key = [&](const std::string& args) {
        auto r = run("sh " + script + " " + args, 10s, 64 * 1024, config::environment{{"WHO", "dev"}});
        REQUIRE_MESSAGE(r.has_value(), r.error().message);
        return (*r)->access_key_id + "|" + (*r)->secret_access_key;
    };
    CHECK(key("'a b' c") == "a b|2");
    CHECK(key("\"x y\"") == "x y|1");
    CHECK(key("a\\ b") == "a b|1");
    CHECK(key("\"$WHO\"") == "dev|1");     // the child's environment, expanded by the shell
    CHECK(key("'$WHO'") == "$WHO|1");       // single quotes keep it literal
    CHECK(key("'*' ';' '|'") == "*|3");

    // A pipeline: the document is written by one program and passed through another.
    auto r = run(std::string("printf '%s' '") + good_json + "' | cat | tr -d '\\n'");
    REQUIRE_MESSAGE(r.has_value(), r.error().message);
    CHECK((*r)->access_key_id == "AKIDPROC");
    CHECK((*r)->session_token == "proc-token");
    // A pipeline whose last program fails: its status is the pipeline's.
    auto e = run_error(std::string("printf '%s' '") + good_json + "' | sh -c 'cat >/dev/null; exit 5'");
    CHECK(e.message == "process: credential_process exited with status 5");
}

TEST_CASE("the child gets the provider's environment") {
    test::temp_dir d;
    auto script = d.write("env.sh",
                          "printf '{\"Version\": 1, \"AccessKeyId\": \"%s\", "
                          "\"SecretAccessKey\": \"s\"}' \"$PROC_TEST_KEY\"\n");
    auto r = run("sh " + script, 10s, 64 * 1024,
                 config::environment{{"PROC_TEST_KEY", "AKIDFROMENV"}});
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDFROMENV");
}

TEST_CASE("a program that cannot be run, or a line the shell cannot read") {
    auto e = run_error("/nonexistent/credential-tool --flag");
    CHECK(e.message == "process: credential_process exited with status 127: sh: 1: /nonexistent/credential-tool: "
                       "not found");
    e = run_error("tool 'unterminated");
    CHECK(e.message == "process: credential_process exited with status 2: sh: 1: Syntax error: Unterminated "
                       "quoted string");
    e = run_error("   ");
    CHECK(e.message == "process: credential_process is not a valid command line: empty command");
    CHECK(e.cause == errc::invalid_configuration);
}

TEST_CASE("a non-zero exit reports the status and the first line of stderr") {
    test::temp_dir d;
    auto script = d.write("fail.sh",
                          "echo '{\"Version\": 1}'\n"
                          "printf '\\n  token expired, run login\\nsecond line\\n' >&2\n"
                          "exit 3\n");
    auto e = run_error("sh " + script);
    CHECK(e.message == "process: credential_process exited with status 3:   token expired, run "
                       "login");
    auto quiet = d.write("quiet.sh", "exit 1\n");
    CHECK(run_error("sh " + quiet).message == "process: credential_process exited with status 1");
    auto long_line = d.write("long.sh", "printf '%0300d' 0 >&2\nexit 2\n");
    CHECK(run_error("sh " + long_line).message ==
          "process: credential_process exited with status 2: " + std::string(200, '0') + "...");
}

TEST_CASE("death by signal") {
    test::temp_dir d;
    // The shell itself is killed ($$ of `sh -c` is the shell)...
    CHECK(run_error("kill -9 $$").message == "process: credential_process was killed by signal 9");
    // ...while a program the shell ran reports through the shell's status (128 + 9).
    auto script = d.write("sig.sh", "kill -9 $$\n");
    CHECK(run_error("sh " + script).message == "process: credential_process exited with status 137: Killed");
}

TEST_CASE("a child that never finishes is killed at the deadline") {
    test::temp_dir d;
    auto pid_file = d.path() / "pid";
    auto script = d.write("hang.sh", "echo $$ > '" + pid_file.string() + "'\nexec sleep 30\n");
    auto e = run_error("sh " + script, 300ms);
    CHECK(e.message == "process: credential_process timed out after 300 ms (the process was "
                       "killed)");
    CHECK(e.cause == errc::attempt_timeout);
    pid_t pid = 0;
    std::ifstream(pid_file) >> pid;
    REQUIRE(pid > 0);
    // The script ran as a child of `sh -c`: killed with the group. It is not our child (its
    // parent, the shell, was killed and reaped), so it is gone once init has reaped it:
    // wait for that, bounded.
    bool gone = false;
    for (int i = 0; i < 500 && !gone; ++i) {
        gone = ::kill(pid, 0) == -1 && errno == ESRCH;
        if (!gone) std::this_thread::sleep_for(10ms);
    }
    CHECK(gone);
}

TEST_CASE("a pipeline that never finishes is killed whole at the deadline") {
    test::temp_dir d;
    auto pid_file = d.path() / "pid";
    // The first program of the pipeline records its pid and sleeps, holding nothing but
    // stdout of the pipe to `cat`, which holds our stdout.
    auto e = run_error("sh -c 'echo $$ > " + pid_file.string() + "; exec sleep 30' | cat", 300ms);
    CHECK(e.message == "process: credential_process timed out after 300 ms (the process was killed)");
    pid_t pid = 0;
    std::ifstream(pid_file) >> pid;
    REQUIRE(pid > 0);
    bool gone = false;
    for (int i = 0; i < 500 && !gone; ++i) {
        gone = ::kill(pid, 0) == -1 && errno == ESRCH;
        if (!gone) std::this_thread::sleep_for(10ms);
    }
    CHECK(gone);
}

TEST_CASE("a child that closes its output and keeps running is killed too") {
    test::temp_dir d;
    auto script = d.write("detach.sh", "exec >&- 2>&-\nexec sleep 30\n");
    auto e = run_error("sh " + script, 300ms);
    CHECK(e.message == "process: credential_process timed out after 300 ms (the process was "
                       "killed)");
}

TEST_CASE("the stderr line in the message is redacted: a tool that prints its secrets on failure leaks none") {
    test::temp_dir d;
    auto script = d.write("leaky.sh",
                          "printf 'refresh failed: aws_session_token=TOKENproc6666gggg \"SecretAccessKey\": "
                          "\"SECRETprocKEY2222cccc\" via https://me:PASSproxy77@proxy:3128\n' >&2\n"
                          "exit 4\n");
    auto e = run_error("sh " + script);
    CHECK(e.message == "process: credential_process exited with status 4: refresh failed: "
                       "aws_session_token=<redacted> \"SecretAccessKey\": \"<redacted>\" via "
                       "https://me:<redacted>@proxy:3128");
}

TEST_CASE("stdout is bounded; a flood on stderr does not block the child") {
    test::temp_dir d;
    auto big = d.write("big.sh", "head -c 100000 /dev/zero | tr '\\0' 'x'\nsleep 30\n");
    auto e = run_error("sh " + big, 10s, 4096);
    CHECK(e.message == "process: credential_process wrote more than 4096 bytes to stdout");
    CHECK(e.cause == errc::response_too_large);

    auto noisy = d.write("noisy.sh", "head -c 300000 /dev/zero | tr '\\0' 'e' >&2\n"
                                     "printf '%s' '" + std::string(good_json) + "'\n");
    auto r = run("sh " + noisy);
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDPROC");
}

TEST_CASE("bad documents: not JSON, wrong Version, missing keys, expired") {
    test::temp_dir d;
    auto doc = [&](const std::string& name, const std::string& json) {
        return "sh " + d.write(name, "cat <<'EOF'\n" + json + "\nEOF\n");
    };
    CHECK(run_error(doc("a.sh", "hello")).message ==
          "process: credential_process output: the response is not valid JSON");
    CHECK(run_error(doc("b.sh", R"({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"})"))
              .message == "process: credential_process output: Version 2 is not supported "
                          "(expected 1)");
    CHECK(run_error(doc("c.sh", R"({"Version": 1, "SecretAccessKey": "s"})")).message ==
          "process: credential_process output: AccessKeyId is missing");
    auto e = run_error(doc("d.sh", R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s",
                                      "Expiration": "2024-05-06T06:00:00Z"})"));
    CHECK(e.message == "process: credential_process output: the credentials expired at "
                       "2024-05-06T06:00:00Z");
    CHECK(e.cause == errc::expired_token);
    CHECK(run_error("sh " + d.write("e.sh", "true\n")).message ==
          "process: credential_process output: the response is not valid JSON");
}

}  // TEST_SUITE
