// The `awsconnect` CLI as a user runs it: a child process against the emulator.
//
// Strategy: start the emulator in-process (plain HTTP, claimed numbers), run the CLI binary
// with credentials in its environment and check its stdout envelope, exit code and files
// (report, journal), and the emulator's counters. The crash test kills a bulk run with
// SIGKILL midway, reruns it with the same journal, and checks that every number was
// released exactly once and that each unfinished id kept its token.
#include <awsconnect/emulator.hpp>
#include <awsconnect/error.hpp>

#include "support/child_process.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

using namespace awsconnect;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> creds_env = {
    "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "AWS_SESSION_TOKEN=", "AWS_PROFILE=", "AWS_CONFIG_FILE=/nonexistent", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent",
    "AWS_EC2_METADATA_DISABLED=true", "AWS_ENDPOINT_URL=", "AWS_ENDPOINT_URL_CONNECT="};

std::unique_ptr<emulator::server> start_emulator(std::uint64_t claims, const std::string& faults = "") {
    emulator::server_config cfg;
    cfg.tls = false;
    cfg.claim_count = claims;
    if (!faults.empty()) cfg.faults = emulator::parse_fault_spec(faults).value();
    auto s = emulator::server::start(cfg);
    REQUIRE(s.has_value());
    return std::move(*s);
}

test::child_result cli(const std::vector<std::string>& args, std::chrono::milliseconds limit = 60s) {
    std::vector<std::string> argv = {AWSCONNECT_CLI};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run_child(argv, creds_env, limit);
}

boost::json::object envelope(const std::string& out) {
    const auto nl = out.find('\n');
    REQUIRE(nl != std::string::npos);
    return boost::json::parse(out.substr(0, nl)).as_object();
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<boost::json::object> json_lines(const std::string& text) {
    std::vector<boost::json::object> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(boost::json::parse(line).as_object());
    return out;
}

std::vector<std::string> env_with(std::vector<std::string> env, const std::string& name, const std::string& value) {
    for (auto& e : env)
        if (e.rfind(name + "=", 0) == 0) e = name + "=" + value;
    return env;
}

struct temp_dir {
    fs::path path;
    temp_dir() {
        char tmpl[] = "/tmp/awsconnect-cli-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        path = tmpl;
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

}  // namespace

TEST_SUITE("cli") {

TEST_CASE("--help explains every flag, and the exit codes") {
    auto r = cli({"release-phone-number", "--help"});
    CHECK(r.exit_code == 0);
    for (const char* flag : {"--phone-number-id", "--client-token", "--region", "--profile", "--endpoint-url", "--ca-bundle",
                             "--max-attempts", "--retry-mode", "--attempt-timeout", "--deadline", "--no-verify-ssl"})
        CHECK_MESSAGE(r.out.find(flag) != std::string::npos, flag);
    CHECK(r.out.find(" 6  RESOURCE_NOT_FOUND") != std::string::npos);
    auto b = cli({"release-phone-numbers", "--help"});
    CHECK(b.exit_code == 0);
    for (const char* flag : {"--from-file", "--concurrency", "--journal", "--report"})
        CHECK_MESSAGE(b.out.find(flag) != std::string::npos, flag);
}

TEST_CASE("release one number: the envelope on stdout, exit 0; again: RESOURCE_NOT_FOUND, exit 6") {
    auto emu = start_emulator(4);
    const std::string id = emulator::claimed_phone_number_id(0);
    auto r = cli({"release-phone-number", "--phone-number-id", id, "--region", "us-east-1", "--endpoint-url", emu->url()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const auto e = envelope(r.out);
    CHECK(e.at("success").as_bool());
    const auto& d = e.at("data").as_object();
    CHECK(d.at("id").as_string() == id);
    CHECK(d.at("client_token").as_string().size() == 36);
    CHECK_FALSE(d.at("request_id").as_string().empty());
    CHECK(d.at("attempts").as_int64() == 1);
    CHECK(d.at("released_at").as_string().size() == 20);

    auto again = cli({"release-phone-number", "--phone-number-id", id, "--region", "us-east-1", "--endpoint-url", emu->url(),
                      "--client-token", "fresh-token"});
    CHECK(again.exit_code == 6);
    const auto err = envelope(again.out).at("error").as_object();
    CHECK(err.at("code").as_string() == "RESOURCE_NOT_FOUND");
    CHECK(err.at("client_token").as_string() == "fresh-token");
    CHECK(err.at("http_status").as_int64() == 404);
    CHECK(emu->get_counters().commits == 1);
}

TEST_CASE("bad input: a validation error (exit 3) and a bad flag (exit 2)") {
    auto emu = start_emulator(1);
    auto v = cli({"release-phone-number", "--phone-number-id", std::string(501, 'x'), "--region", "us-east-1",
                  "--endpoint-url", emu->url()});
    CHECK(v.exit_code == 3);
    CHECK(envelope(v.out).at("error").as_object().at("code").as_string() == "VALIDATION_ERROR");
    auto f = cli({"release-phone-number", "--no-such-flag"});
    CHECK(f.exit_code == 2);
    CHECK(f.err.find("--help") != std::string::npos);
    CHECK(emu->get_counters().requests_total == 0);
}

TEST_CASE("bulk: every number released once; the report has a line per id; a rerun skips them all") {
    auto emu = start_emulator(20);
    temp_dir dir;
    std::string ids;
    for (int i = 0; i < 20; ++i) ids += emulator::claimed_phone_number_id(static_cast<std::uint64_t>(i)) + "\n";
    ids += "not-a-claimed-number\n";
    std::ofstream(dir.path / "ids.txt") << ids;
    const std::vector<std::string> args = {"release-phone-numbers", "--from-file", (dir.path / "ids.txt").string(),
                                           "--concurrency", "4", "--region", "us-east-1", "--endpoint-url", emu->url(),
                                           "--report", (dir.path / "report.jsonl").string()};
    auto r = cli(args);
    INFO(r.err);
    CHECK(r.exit_code == 19);  // one id failed (unknown number)
    const auto report = json_lines(slurp(dir.path / "report.jsonl"));
    REQUIRE(report.size() == 21);
    int ok = 0;
    for (const auto& line : report) ok += line.at("outcome").as_object().at("success").as_bool() ? 1 : 0;
    CHECK(ok == 20);
    const auto journal = json_lines(slurp(dir.path / "ids.txt.journal"));
    CHECK(journal.size() == 42);  // a start and an end per id
    struct stat sb {};
    REQUIRE(::stat((dir.path / "ids.txt.journal").c_str(), &sb) == 0);
    CHECK((sb.st_mode & 07777) == 0600);  // ids and tokens are nobody else's business
    CHECK(emu->get_counters().commits == 20);

    auto again = cli(args);
    CHECK(again.exit_code == 0);  // nothing left to do: every id is finished
    CHECK(again.err.find("skipped (already done) 21") != std::string::npos);
    CHECK(emu->get_counters().commits == 20);
    CHECK(emu->get_counters().requests_total == 21);
}

TEST_CASE("bulk, crash: kill -9 midway, rerun; every number released exactly once, tokens reused") {
    // Each call takes 30 ms at the emulator, so the run is long enough to kill midway.
    constexpr int n = 120;
    auto emu = start_emulator(n, "delay=30ms:1");
    temp_dir dir;
    std::string ids;
    for (int i = 0; i < n; ++i) ids += emulator::claimed_phone_number_id(static_cast<std::uint64_t>(i)) + "\n";
    std::ofstream(dir.path / "ids.txt") << ids;
    const auto journal_path = dir.path / "run.journal";
    const std::vector<std::string> args = {"release-phone-numbers", "--from-file", (dir.path / "ids.txt").string(),
                                           "--concurrency", "4", "--journal", journal_path.string(), "--region",
                                           "us-east-1", "--endpoint-url", emu->url(), "--report",
                                           (dir.path / "report.jsonl").string()};
    {
        std::vector<std::string> argv = {AWSCONNECT_CLI};
        argv.insert(argv.end(), args.begin(), args.end());
        test::running_child run(argv, creds_env);
        // Wait for about a third of the work, then kill it without warning.
        for (int i = 0; i < 3000 && json_lines(slurp(journal_path)).size() < 2 * n / 3; ++i)
            std::this_thread::sleep_for(5ms);
        run.kill9();
        const auto killed = run.wait(10s);
        CHECK(killed.signal == SIGKILL);
    }
    // What the journal says at the crash.
    std::map<std::string, std::string> token_at_crash;
    std::set<std::string> unfinished;
    for (const auto& l : json_lines(slurp(journal_path))) {
        const std::string id(l.at("id").as_string());
        token_at_crash[id] = std::string(l.at("token").as_string());
        if (l.at("event").as_string() == "start")
            unfinished.insert(id);
        else
            unfinished.erase(id);
    }
    const auto commits_at_crash = emu->get_counters().commits;
    CHECK(commits_at_crash > 0);
    CHECK(commits_at_crash < static_cast<std::uint64_t>(n));
    CHECK_FALSE(unfinished.empty());

    auto rerun = cli(args, 120s);
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    const auto k = emu->get_counters();
    CHECK(k.commits == static_cast<std::uint64_t>(n));
    CHECK(k.released_twice == 0);
    for (int i = 0; i < n; ++i)
        CHECK(emu->state_of(emulator::claimed_phone_number_id(static_cast<std::uint64_t>(i))) ==
              emulator::number_state::released);
    // Every id started before the crash was sent again with the same token.
    for (const auto& l : json_lines(slurp(journal_path))) {
        const std::string id(l.at("id").as_string());
        if (token_at_crash.count(id)) CHECK(std::string(l.at("token").as_string()) == token_at_crash[id]);
    }
}


TEST_CASE("bulk, every call AUTH_ERROR (wrong secret): not final; the rerun with good credentials releases every id with the journal's tokens") {
    // The original defect: AUTH_ERROR was journaled as final, so the rerun skipped ids that
    // were never released (an expired session token forgot them for good).
    constexpr int n = 6;
    auto emu = start_emulator(n);
    temp_dir dir;
    std::string ids;
    for (int i = 0; i < n; ++i) ids += emulator::claimed_phone_number_id(static_cast<std::uint64_t>(i)) + "\n";
    std::ofstream(dir.path / "ids.txt") << ids;
    const auto journal_path = dir.path / "run.journal";
    const std::vector<std::string> args = {"release-phone-numbers", "--from-file", (dir.path / "ids.txt").string(),
                                           "--concurrency", "2", "--journal", journal_path.string(), "--region",
                                           "us-east-1", "--endpoint-url", emu->url(), "--report",
                                           (dir.path / "report.jsonl").string()};
    std::vector<std::string> argv = {AWSCONNECT_CLI};
    argv.insert(argv.end(), args.begin(), args.end());

    // 1. A secret the emulator does not know: every call fails with AUTH_ERROR.
    const auto bad_env = env_with(creds_env, "AWS_SECRET_ACCESS_KEY", "NotTheSecretTheEmulatorKnows/0123456789abcd");
    auto first = test::run_child(argv, bad_env, 60s);
    INFO(first.err);
    CHECK(first.exit_code == 19);
    const auto report = json_lines(slurp(dir.path / "report.jsonl"));
    REQUIRE(report.size() == static_cast<std::size_t>(n));
    for (const auto& line : report)
        CHECK(line.at("outcome").as_object().at("error").as_object().at("code").as_string() == "AUTH_ERROR");
    CHECK(emu->get_counters().commits == 0);
    CHECK(emu->get_counters().invalid_signature >= static_cast<std::uint64_t>(n));
    std::map<std::string, std::string> token_of;
    for (const auto& l : json_lines(slurp(journal_path))) {
        const std::string id(l.at("id").as_string());
        if (!token_of.count(id)) token_of[id] = std::string(l.at("token").as_string());
        CHECK(std::string(l.at("token").as_string()) == token_of[id]);
        if (l.at("event").as_string() == "end") CHECK_FALSE(l.at("final").as_bool());
    }
    REQUIRE(token_of.size() == static_cast<std::size_t>(n));

    // 2. Good credentials: every id is released, none skipped, each with its journaled token.
    auto rerun = test::run_child(argv, creds_env, 60s);
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(rerun.err.find("released 6, failed 0, skipped (already done) 0, left 0") != std::string::npos);
    auto k = emu->get_counters();
    CHECK(k.commits == static_cast<std::uint64_t>(n));
    CHECK(k.released_twice == 0);
    for (int i = 0; i < n; ++i)
        CHECK(emu->state_of(emulator::claimed_phone_number_id(static_cast<std::uint64_t>(i))) ==
              emulator::number_state::released);
    for (const auto& l : json_lines(slurp(journal_path)))
        CHECK(std::string(l.at("token").as_string()) == token_of.at(std::string(l.at("id").as_string())));
    const auto report2 = json_lines(slurp(dir.path / "report.jsonl"));
    REQUIRE(report2.size() == static_cast<std::size_t>(2 * n));
    for (std::size_t i = n; i < report2.size(); ++i) {
        const auto& o = report2[i].at("outcome").as_object();
        CHECK(o.at("success").as_bool());
        const auto& d = o.at("data").as_object();
        CHECK(std::string(d.at("client_token").as_string()) == token_of.at(std::string(d.at("id").as_string())));
    }

    // 3. The emulator saw exactly those tokens: sent again (a fresh journal holding only
    //    their start lines), each comes back as the replay of its release.
    std::string primed;
    for (const auto& [id, token] : token_of) primed += std::string(R"({"event":"start","id":")") + id + R"(","token":")" + token + "\"}\n";
    std::ofstream(dir.path / "replay.journal") << primed;
    auto replay = cli({"release-phone-numbers", "--from-file", (dir.path / "ids.txt").string(), "--journal",
                       (dir.path / "replay.journal").string(), "--region", "us-east-1", "--endpoint-url", emu->url(),
                       "--report", (dir.path / "replay.jsonl").string()});
    INFO(replay.err);
    CHECK(replay.exit_code == 0);
    const auto k2 = emu->get_counters();
    CHECK(k2.idempotent_replays - k.idempotent_replays == static_cast<std::uint64_t>(n));
    CHECK(k2.commits == static_cast<std::uint64_t>(n));
}

TEST_CASE("bulk, two runs on one journal: the second stops at once with a usage error naming the journal") {
    // The emulator never answers the first request, so the first run holds the journal (and
    // waits) for as long as the test needs; then it is killed: a crash leaves no stale lock.
    constexpr int n = 4;
    auto emu = start_emulator(n, "script:1=stall");
    temp_dir dir;
    std::string ids;
    for (int i = 0; i < n; ++i) ids += emulator::claimed_phone_number_id(static_cast<std::uint64_t>(i)) + "\n";
    std::ofstream(dir.path / "ids.txt") << ids;
    const auto journal_path = dir.path / "shared.journal";
    const std::vector<std::string> args = {"release-phone-numbers", "--from-file", (dir.path / "ids.txt").string(),
                                           "--concurrency", "1", "--journal", journal_path.string(), "--region",
                                           "us-east-1", "--endpoint-url", emu->url(), "--report",
                                           (dir.path / "report.jsonl").string(), "--attempt-timeout", "120",
                                           "--deadline", "120"};
    std::vector<std::string> argv = {AWSCONNECT_CLI};
    argv.insert(argv.end(), args.begin(), args.end());
    {
        test::running_child first(argv, creds_env);
        // The first run took the lock before it journaled its first send; wait until that
        // request is the emulator's stalled one.
        for (int i = 0; i < 4000 && emu->get_counters().faults.stall == 0; ++i) std::this_thread::sleep_for(5ms);
        REQUIRE(emu->get_counters().faults.stall == 1);

        auto second = cli(args);
        CHECK(second.exit_code == 2);
        CHECK(second.err.find("the journal '" + journal_path.string() + "' is in use by another run") !=
              std::string::npos);
        CHECK(second.out.empty());
        // The second run sent nothing and wrote nothing.
        CHECK(emu->get_counters().requests_total == 1);
        CHECK(json_lines(slurp(journal_path)).size() == 1);
        CHECK(slurp(dir.path / "report.jsonl").empty());

        first.kill9();
        CHECK(first.wait(10s).signal == SIGKILL);
    }
    // The killed run's lock went with it: a rerun finishes the job with the journaled token.
    const std::string token0(json_lines(slurp(journal_path)).at(0).at("token").as_string());
    auto rerun = cli(args);
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    const auto k = emu->get_counters();
    CHECK(k.commits == static_cast<std::uint64_t>(n));
    CHECK(k.released_twice == 0);
    for (const auto& l : json_lines(slurp(journal_path)))
        if (l.at("id").as_string() == emulator::claimed_phone_number_id(0)) CHECK(l.at("token").as_string() == token0);
}

// ---- pacing: throttling is never the end of an id while the run's deadline allows ----------

namespace {

std::vector<std::string> bulk_args(const fs::path& dir, const std::string& url, int n, std::vector<std::string> extra) {
    std::string ids;
    for (int i = 0; i < n; ++i) ids += emulator::claimed_phone_number_id(static_cast<std::uint64_t>(i)) + "\n";
    std::ofstream(dir / "ids.txt") << ids;
    std::vector<std::string> args = {"release-phone-numbers", "--from-file", (dir / "ids.txt").string(), "--journal",
                                     (dir / "run.journal").string(), "--report", (dir / "report.jsonl").string(),
                                     "--region", "us-east-1", "--endpoint-url", url};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

// Every id of the journal has one token, and ends with a success.
void check_all_released_once(const fs::path& dir, int n, const emulator::server& emu) {
    std::map<std::string, std::string> token_of;
    std::map<std::string, bool> ok;
    for (const auto& l : json_lines(slurp(dir / "run.journal"))) {
        const std::string id(l.at("id").as_string());
        const std::string token(l.at("token").as_string());
        if (!token_of.count(id)) token_of[id] = token;
        CHECK(token_of[id] == token);
        if (l.at("event").as_string() == "end") ok[id] = l.at("outcome").at("success").as_bool();
    }
    CHECK(token_of.size() == static_cast<std::size_t>(n));
    for (const auto& [id, success] : ok) CHECK_MESSAGE(success, id);
    const auto k = emu.get_counters();
    CHECK(k.commits == static_cast<std::uint64_t>(n));
    CHECK(k.released_twice == 0);
    for (int i = 0; i < n; ++i)
        CHECK(emu.state_of(emulator::claimed_phone_number_id(static_cast<std::uint64_t>(i))) == emulator::number_state::released);
}

}  // namespace

TEST_CASE("bulk, throttling: 300 ids, a service throttling at 50/s, --concurrency 16: every id released, none THROTTLED") {
    // The defect: 4 ids of such a run ended as THROTTLED (failed, exit 19).
    constexpr int n = 300;
    auto emu = start_emulator(n);
    emu->set_throttle(emulator::throttle_config{50, 50});
    temp_dir dir;
    auto r = cli(bulk_args(dir.path, emu->url(), n, {"--concurrency", "16"}), 120s);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("released 300, failed 0, skipped (already done) 0, left 0") != std::string::npos);
    CHECK(emu->get_counters().throttled > 0);  // the service did push back
    const auto report = json_lines(slurp(dir.path / "report.jsonl"));
    REQUIRE(report.size() == static_cast<std::size_t>(n));
    for (const auto& line : report) CHECK(line.at("outcome").at("success").as_bool());
    check_all_released_once(dir.path, n, *emu);
}

TEST_CASE("bulk, throttling with no retries in the engine: each throttled id is queued again with its token until released") {
    constexpr int n = 60;
    auto emu = start_emulator(n);
    emu->set_throttle(emulator::throttle_config{50, 5});
    temp_dir dir;
    auto r = cli(bulk_args(dir.path, emu->url(), n, {"--concurrency", "8", "--max-attempts", "1", "--retry-mode", "standard"}),
                 120s);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    const auto k = emu->get_counters();
    CHECK(k.throttled > 0);
    // A THROTTLED end (not final) per throttle, then the id's success; one report line per id.
    std::size_t throttled_ends = 0;
    for (const auto& l : json_lines(slurp(dir.path / "run.journal")))
        if (l.at("event").as_string() == "end" && !l.at("outcome").at("success").as_bool()) {
            CHECK(l.at("outcome").at("error").at("code").as_string() == "THROTTLED");
            CHECK_FALSE(l.at("final").as_bool());
            ++throttled_ends;
        }
    CHECK(throttled_ends == k.throttled);
    CHECK(json_lines(slurp(dir.path / "report.jsonl")).size() == static_cast<std::size_t>(n));
    check_all_released_once(dir.path, n, *emu);
}

TEST_CASE("bulk, throttling past the run's --deadline: the ids left end THROTTLED (not final); the rerun releases them with their tokens") {
    constexpr int n = 20;
    auto emu = start_emulator(n);
    emu->set_throttle(emulator::throttle_config{2, 1});  // 2 per second: the deadline comes first
    temp_dir dir;
    const auto args = bulk_args(dir.path, emu->url(), n,
                                {"--concurrency", "4", "--max-attempts", "1", "--retry-mode", "standard", "--deadline", "1.5"});
    auto first = cli(args, 60s);
    INFO(first.err);
    CHECK(first.exit_code == 19);
    const auto released = emu->get_counters().commits;
    CHECK(released < static_cast<std::uint64_t>(n));
    CHECK(first.err.find("the run's deadline passed: rerun with the same journal to finish") != std::string::npos);
    for (const auto& line : json_lines(slurp(dir.path / "report.jsonl")))
        if (!line.at("outcome").at("success").as_bool())
            CHECK(line.at("outcome").at("error").at("code").as_string() == "THROTTLED");

    emu->set_throttle(std::nullopt);
    auto rerun = cli(args, 60s);
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    check_all_released_once(dir.path, n, *emu);
}

TEST_CASE("bulk, --rate: the workers together stay under the rate; without it the same run is throttled") {
    // The service allows 20/s with a burst of 3; --rate 8 spaces the calls 125 ms apart.
    constexpr int n = 12;
    for (const bool paced : {false, true}) {
        CAPTURE(paced);
        auto emu = start_emulator(n);
        emu->set_throttle(emulator::throttle_config{20, 3});
        temp_dir dir;
        std::vector<std::string> extra = {"--concurrency", "4", "--max-attempts", "1", "--retry-mode", "standard"};
        if (paced) extra.insert(extra.end(), {"--rate", "8"});
        auto r = cli(bulk_args(dir.path, emu->url(), n, extra), 60s);
        INFO(r.err);
        CHECK(r.exit_code == 0);
        if (paced)
            CHECK(emu->get_counters().throttled == 0);
        else
            CHECK(emu->get_counters().throttled > 0);
        check_all_released_once(dir.path, n, *emu);
    }
}

}  // TEST_SUITE

TEST_SUITE("security (issue 8)") {

TEST_CASE("security: a wrong secret and the session token never appear on stdout, stderr or in the report") {
    auto emu = start_emulator(2);
    const std::string secret = "S3cr3tThatMustNeverLeak/abcdefghijklmnopqrstu";
    const std::string token = "SessionTokenThatMustNeverLeak+0123456789==";
    auto env = env_with(env_with(creds_env, "AWS_SECRET_ACCESS_KEY", secret), "AWS_SESSION_TOKEN", token);
    const std::string id = emulator::claimed_phone_number_id(0);
    auto one = test::run_child({AWSCONNECT_CLI, "release-phone-number", "--phone-number-id", id, "--region",
                                "us-east-1", "--endpoint-url", emu->url()},
                               env, 60s);
    CHECK(one.exit_code == 3 + static_cast<int>(error_kind::auth_error) - 1);
    CHECK(envelope(one.out).at("error").as_object().at("code").as_string() == "AUTH_ERROR");

    const fs::path dir = fs::temp_directory_path() / ("awsconnect-cli-secrets-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    {
        std::ofstream ids(dir / "ids.txt");
        ids << id << "\n" << emulator::claimed_phone_number_id(1) << "\n";
    }
    auto bulk = test::run_child({AWSCONNECT_CLI, "release-phone-numbers", "--from-file", (dir / "ids.txt").string(),
                                 "--journal", (dir / "journal").string(), "--report", (dir / "report.jsonl").string(),
                                 "--region", "us-east-1", "--endpoint-url", emu->url()},
                                env, 60s);
    CHECK(bulk.exit_code != 0);
    const std::string everything = one.out + one.err + bulk.out + bulk.err + slurp(dir / "report.jsonl") + slurp(dir / "journal");
    CHECK_FALSE(slurp(dir / "report.jsonl").empty());
    CHECK(everything.find(secret) == std::string::npos);
    CHECK(everything.find(token) == std::string::npos);
    CHECK(everything.find("Signature=") == std::string::npos);
    CHECK(everything.find("Credential=") == std::string::npos);
    CHECK(emu->get_counters().commits == 0);
    fs::remove_all(dir);
}

TEST_CASE("security: TLS verification is on by default; only --no-verify-ssl turns it off, and it warns") {
    emulator::server_config cfg;
    cfg.tls = true;
    cfg.claim_count = 3;
    auto started = emulator::server::start(cfg);
    REQUIRE(started.has_value());
    auto emu = std::move(*started);
    const auto run = [&](int n, std::vector<std::string> extra) {
        std::vector<std::string> argv = {AWSCONNECT_CLI, "release-phone-number", "--phone-number-id",
                                         emulator::claimed_phone_number_id(n), "--region", "us-east-1",
                                         "--endpoint-url", emu->url(), "--max-attempts", "1"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        // No CA bundle from the environment either: the system trust store only.
        return test::run_child(argv, env_with(creds_env, "AWS_CA_BUNDLE", ""), 60s);
    };
    // The emulator's certificate is not in the system trust store: refused, nothing sent.
    auto refused = run(0, {});
    INFO(refused.out << refused.err);
    CHECK(refused.exit_code == 3 + static_cast<int>(error_kind::tls_error) - 1);
    CHECK(envelope(refused.out).at("error").as_object().at("code").as_string() == "TLS_ERROR");
    CHECK(emu->get_counters().requests_total == 0);
    // Its CA given: accepted, no warning.
    auto trusted = run(1, {"--ca-bundle", emu->ca_file()});
    CHECK(trusted.exit_code == 0);
    CHECK(trusted.err.find("WARNING") == std::string::npos);
    // Verification off only by the named flag, and it says so on stderr.
    auto insecure = run(2, {"--no-verify-ssl"});
    CHECK(insecure.exit_code == 0);
    CHECK(insecure.err.find("WARNING: TLS verification is off") != std::string::npos);
    CHECK(emu->get_counters().commits == 2);
}

}  // TEST_SUITE
