// The CLI against the emulator's whole lifecycle (search, claim, describe, list, update,
// update metadata, release): each subcommand's round trip, a release by filter (--dry-run
// sends no release: the emulator's counters say so), and claim-phone-numbers killed with
// SIGKILL midway and rerun: exactly N numbers claimed, none twice (claimed_twice == 0), every
// unfinished claim sent again with its token.
//
// Needs an emulator that serves the lifecycle (lifecycle.md §3); test/cli/meson.build builds
// this file only when include/awsconnect/emulator.hpp has it, and registers a SKIP (exit 77)
// otherwise.
#include <awsconnect/emulator.hpp>

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

#include <unistd.h>

using namespace awsconnect;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::vector<std::string> creds_env = {
    "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "AWS_SESSION_TOKEN=", "AWS_PROFILE=", "AWS_CONFIG_FILE=/nonexistent", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent",
    "AWS_EC2_METADATA_DISABLED=true", "AWS_ENDPOINT_URL=", "AWS_ENDPOINT_URL_CONNECT=", "AWS_RETRY_MODE=",
    "AWS_MAX_ATTEMPTS="};

std::unique_ptr<emulator::server> start(std::uint64_t claimed, std::vector<std::string> instances = {},
                                       const std::string& faults = "") {
    emulator::server_config cfg;
    cfg.tls = false;
    cfg.claim_count = claimed;
    if (!instances.empty()) cfg.instance_ids = std::move(instances);
    if (!faults.empty()) cfg.faults = emulator::parse_fault_spec(faults).value();
    auto s = emulator::server::start(cfg);
    REQUIRE(s.has_value());
    return std::move(*s);
}

std::vector<std::string> with_endpoint(std::vector<std::string> args, const emulator::server& emu) {
    args.insert(args.begin(), AWSCONNECT_CLI);
    args.insert(args.end(), {"--region", "us-east-1", "--endpoint-url", emu.url()});
    return args;
}

test::child_result cli(const emulator::server& emu, std::vector<std::string> args, std::chrono::milliseconds limit = 60s) {
    return test::run_child(with_endpoint(std::move(args), emu), creds_env, limit);
}

json::object envelope(const test::child_result& r) {
    INFO(r.out << r.err);
    const auto nl = r.out.find('\n');
    REQUIRE(nl != std::string::npos);
    return json::parse(r.out.substr(0, nl)).as_object();
}

json::object data_of(const test::child_result& r) {
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return envelope(r).at("data").as_object();
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<json::object> json_lines(const std::string& text) {
    std::vector<json::object> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line.back() == '}') out.push_back(json::parse(line).as_object());
    return out;
}

struct temp_dir {
    fs::path path;
    temp_dir() {
        char tmpl[] = "/tmp/awsconnect-cli-life-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        path = tmpl;
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// The phone numbers claimed to `instance`, by the CLI's list walk.
std::set<std::string> listed_numbers(const emulator::server& emu, const std::string& instance) {
    const auto d = data_of(cli(emu, {"list-phone-numbers-v2", "--instance-id", instance}));
    std::set<std::string> out;
    for (const auto& s : d.at("list_phone_numbers_summary_list").as_array())
        out.insert(std::string(s.at("phone_number").as_string()));
    return out;
}

}  // namespace

TEST_SUITE("cli lifecycle (emulator)") {

TEST_CASE("every subcommand, one round trip: search, claim, describe, metadata, list, update, release") {
    const std::string other = "22222222-2222-4222-8222-222222222222";
    auto emu = start(0, {emulator::default_instance_id(), other});
    const std::string inst = emulator::default_instance_id();

    auto found = data_of(cli(*emu, {"search-available-phone-numbers", "--instance-id", inst, "--phone-number-country-code",
                                    "US", "--phone-number-type", "TOLL_FREE", "--max-items", "3"}));
    const auto& numbers = found.at("available_numbers_list").as_array();
    REQUIRE(numbers.size() == 3);
    CHECK_FALSE(found.at("next_token").as_string().empty());
    const std::string number(numbers[0].at("phone_number").as_string());
    CHECK(number.rfind("+1800", 0) == 0);

    auto claimed = data_of(cli(*emu, {"claim-phone-number", "--instance-id", inst, "--phone-number", number, "--tags",
                                      "team=blue", "--client-token", "claim-1"}));
    const std::string id(claimed.at("phone_number_id").as_string());
    CHECK(claimed.at("client_token").as_string() == "claim-1");
    // The same claim again (same token, same input): the first answer, nothing claimed twice.
    auto replay = data_of(cli(*emu, {"claim-phone-number", "--instance-id", inst, "--phone-number", number, "--tags",
                                     "team=blue", "--client-token", "claim-1"}));
    CHECK(replay.at("phone_number_id").as_string() == id);

    auto described = data_of(cli(*emu, {"describe-phone-number", "--phone-number-id", id}));
    const auto& sum = described.at("claimed_phone_number_summary").as_object();
    CHECK(sum.at("phone_number").as_string() == number);
    CHECK(sum.at("tags").at("team").as_string() == "blue");
    CHECK(sum.at("phone_number_status").at("status").as_string() == "CLAIMED");

    data_of(cli(*emu, {"update-phone-number-metadata", "--phone-number-id", id, "--phone-number-description", "front desk"}));
    described = data_of(cli(*emu, {"describe-phone-number", "--phone-number-id", id}));
    CHECK(described.at("claimed_phone_number_summary").at("phone_number_description").as_string() == "front desk");

    CHECK(listed_numbers(*emu, inst) == std::set<std::string>{number});
    auto moved = data_of(cli(*emu, {"update-phone-number", "--phone-number-id", id, "--instance-id", other}));
    CHECK(moved.at("phone_number_id").as_string() == id);
    CHECK(listed_numbers(*emu, other) == std::set<std::string>{number});
    CHECK(listed_numbers(*emu, inst).empty());

    CHECK(cli(*emu, {"release-phone-number", "--phone-number-id", id}).exit_code == 0);
    const auto gone = cli(*emu, {"describe-phone-number", "--phone-number-id", id});
    CHECK(gone.exit_code == 6);
    CHECK(envelope(gone).at("error").at("code").as_string() == "RESOURCE_NOT_FOUND");

    const auto k = emu->get_counters();
    CHECK(k.search_available_phone_numbers.ok == 1);
    CHECK(k.claim_phone_number.commits == 1);
    CHECK(k.claim_phone_number.replays == 1);
    CHECK(k.describe_phone_number.requests == 3);
    CHECK(k.update_phone_number_metadata.commits == 1);
    CHECK(k.update_phone_number.commits == 1);
    CHECK(k.release_phone_number.commits == 1);
    CHECK(k.claimed_twice == 0);
    CHECK(k.released_twice == 0);
}

TEST_CASE("release by filter: --dry-run sends no release; --yes releases exactly the listed numbers, once") {
    constexpr int n = 12;
    auto emu = start(n);
    const std::string inst = emulator::default_instance_id();
    temp_dir dir;
    auto dry = data_of(cli(*emu, {"release-phone-numbers", "--instance-id", inst, "--phone-number-types", "DID",
                                  "--phone-number-country-codes", "US", "--phone-number-prefix", "+1555", "--dry-run"}));
    CHECK(dry.at("count").as_int64() == n);
    std::set<std::string> would;
    for (const auto& id : dry.at("phone_number_ids").as_array()) would.insert(std::string(id.as_string()));
    std::set<std::string> expected;
    for (int i = 0; i < n; ++i) expected.insert(emulator::claimed_phone_number_id(static_cast<std::uint64_t>(i)));
    CHECK(would == expected);
    CHECK(emu->get_counters().release_phone_number.requests == 0);
    CHECK(emu->get_counters().list_phone_numbers_v2.ok >= 1);

    // A filter that matches nothing: nothing to release.
    auto none = cli(*emu, {"release-phone-numbers", "--instance-id", inst, "--phone-number-types", "TOLL_FREE", "--yes",
                           "--journal", (dir.path / "none.journal").string()});
    CHECK(none.exit_code == 0);
    CHECK(emu->get_counters().release_phone_number.requests == 0);

    auto run = cli(*emu, {"release-phone-numbers", "--instance-id", inst, "--phone-number-types", "DID", "--yes",
                          "--journal", (dir.path / "j").string(), "--concurrency", "4", "--report",
                          (dir.path / "report").string()});
    INFO(run.err);
    CHECK(run.exit_code == 0);
    const auto k = emu->get_counters();
    CHECK(k.release_phone_number.commits == static_cast<std::uint64_t>(n));
    CHECK(k.release_phone_number.requests == static_cast<std::uint64_t>(n));
    CHECK(k.released_twice == 0);
    CHECK(listed_numbers(*emu, inst).empty());
}

TEST_CASE("claim-phone-numbers, kill -9 midway and rerun: exactly N claimed, none twice, unfinished claims kept their tokens") {
    constexpr int n = 40;
    // Each request takes 30 ms at the emulator, so the run is long enough to kill midway.
    auto emu = start(0, {}, "delay=30ms:1");
    const std::string inst = emulator::default_instance_id();
    temp_dir dir;
    const auto journal = dir.path / "claims.journal";
    const std::vector<std::string> args = {"claim-phone-numbers", "--count", std::to_string(n), "--instance-id", inst,
                                           "--phone-number-country-code", "US", "--phone-number-type", "TOLL_FREE",
                                           "--journal", journal.string(), "--concurrency", "4", "--report",
                                           (dir.path / "report").string()};
    {
        test::running_child run(with_endpoint(args, *emu), creds_env);
        for (int i = 0; i < 4000 && json_lines(slurp(journal)).size() < n; ++i) std::this_thread::sleep_for(5ms);
        run.kill9();
        CHECK(run.wait(10s).signal == SIGKILL);
    }
    std::map<std::string, std::string> token_at_crash;
    std::set<std::string> unfinished;
    for (const auto& l : json_lines(slurp(journal))) {
        const std::string number(l.at("id").as_string());
        token_at_crash[number] = std::string(l.at("token").as_string());
        if (l.at("event").as_string() == "start")
            unfinished.insert(number);
        else
            unfinished.erase(number);
    }
    const auto at_crash = emu->get_counters().claim_phone_number.commits;
    CHECK(at_crash > 0);
    CHECK(at_crash < static_cast<std::uint64_t>(n));
    CHECK_FALSE(unfinished.empty());

    auto rerun = cli(*emu, args, 120s);
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(rerun.err.find("claimed 40 of 40") != std::string::npos);
    const auto k = emu->get_counters();
    CHECK(k.claimed_twice == 0);
    CHECK(k.claim_phone_number.commits == static_cast<std::uint64_t>(n));
    // The journal's claimed numbers are the instance's numbers; each kept its first token.
    std::set<std::string> claimed;
    for (const auto& l : json_lines(slurp(journal))) {
        const std::string number(l.at("id").as_string());
        if (token_at_crash.count(number)) CHECK(std::string(l.at("token").as_string()) == token_at_crash[number]);
        if (l.at("event").as_string() == "end" && l.at("outcome").at("success").as_bool()) claimed.insert(number);
    }
    CHECK(claimed.size() == static_cast<std::size_t>(n));
    CHECK(listed_numbers(*emu, inst) == claimed);

    // Nothing left to do: a third run sends nothing.
    const auto before = emu->get_counters().requests_total;
    CHECK(cli(*emu, args).exit_code == 0);
    CHECK(emu->get_counters().requests_total == before);
}

}  // TEST_SUITE
