// Every `awsconnect` subcommand as a user runs it (a child process), against a capturing
// server: what each option puts on the wire (method, path, query, JSON body, token), what
// the command prints (the envelope parses as JSON, exact members) and its exit code; usage
// errors send nothing. The bulk commands' decisions that need an exact script of answers:
// releases by filter (the listing, the plan, --dry-run, the confirmation on a terminal and
// its refusal without one), claim-phone-numbers (a number lost to someone else is
// replaced, an unknown outcome keeps its place until a rerun settles it with the same
// token and input, a throttled claim is sent again), and the progress line on a terminal.
//
// Strategy: test/fakes' scripted server answers each request from the test's handler
// (thread-safe: it runs on the server's thread) and records it with its body; terminals
// are pseudo-terminals (openpty). No sleeps decide anything: runs are bounded by the child
// process's time limit.
#include <awsconnect/emulator.hpp>

#include "fakes/scripted_server.hpp"
#include "support/child_process.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace awsconnect;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace json = boost::json;
using test::scripted_server;
using test::server_action;
using test::server_options;
using test::server_request;

extern char** environ;

namespace {

const std::vector<std::string> creds_env = {
    "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "AWS_SESSION_TOKEN=", "AWS_PROFILE=", "AWS_CONFIG_FILE=/nonexistent", "AWS_SHARED_CREDENTIALS_FILE=/nonexistent",
    "AWS_EC2_METADATA_DISABLED=true", "AWS_ENDPOINT_URL=", "AWS_ENDPOINT_URL_CONNECT=", "AWS_RETRY_MODE=",
    "AWS_MAX_ATTEMPTS=", "AWS_CA_BUNDLE="};

const std::string instance_arn = "arn:aws:connect:us-east-1:123456789012:instance/11111111-1111-4111-8111-111111111111";
const std::string pn_id = "7d2f5e1c-0b7a-4c3e-9a51-2f6b8c9d0e1f";

test::child_result cli(const std::vector<std::string>& args, const std::string& url = "",
                       std::chrono::milliseconds limit = 60s) {
    std::vector<std::string> argv = {AWSCONNECT_CLI};
    argv.insert(argv.end(), args.begin(), args.end());
    if (!url.empty()) argv.insert(argv.end(), {"--region", "us-east-1", "--endpoint-url", url});
    return test::run_child(argv, creds_env, limit);
}

json::object envelope(const std::string& out) {
    const auto nl = out.find('\n');
    REQUIRE(nl != std::string::npos);
    return json::parse(out.substr(0, nl)).as_object();
}

json::value body_of(const server_request& r) { return r.body.empty() ? json::value() : json::parse(r.body); }

server_options handled(std::function<server_action(const server_request&)> handler) {
    server_options o;
    o.handler = std::move(handler);
    return o;
}

server_action answer(int status, std::string body, std::string error_type = "") {
    server_action a;
    a.status = status;
    a.body = std::move(body);
    if (!error_type.empty()) a.headers.emplace_back("X-Amzn-ErrorType", std::move(error_type));
    return a;
}

server_action service_error(int status, const std::string& type, const std::string& message = "an error") {
    return answer(status, R"({"Message":")" + message + "\"}", type);
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
        if (!line.empty()) out.push_back(json::parse(line).as_object());
    return out;
}

struct temp_dir {
    fs::path path;
    temp_dir() {
        char tmpl[] = "/tmp/awsconnect-cli-cmd-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        path = tmpl;
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// A path and its query, split.
std::string path_of(const server_request& r) { return r.target.substr(0, r.target.find('?')); }

std::size_t count_requests(const scripted_server& s, const std::string& method, const std::string& path_prefix) {
    std::size_t n = 0;
    for (const auto& r : s.received())
        if (r.method == method && path_of(r).rfind(path_prefix, 0) == 0) ++n;
    return n;
}

// ---- a terminal --------------------------------------------------------------------------

struct terminal_result {
    int exit_code = -1;
    std::string terminal;  ///< what the program wrote to the terminal (stderr; echo included)
    std::string out;       ///< stdout (a pipe)
};

// Runs `argv` with stdin and stderr on a new pseudo-terminal, stdout on a pipe. When
// `prompt` appears on the terminal, types `input`. Bounded by `limit`.
terminal_result run_on_terminal(const std::vector<std::string>& argv, const std::string& prompt = "",
                                const std::string& input = "", std::chrono::milliseconds limit = 60s) {
    int master = -1, slave = -1;
    REQUIRE(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
    int out[2];
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    std::vector<std::string> envs;
    for (char** e = environ; *e; ++e) envs.emplace_back(*e);
    envs.insert(envs.end(), creds_env.begin(), creds_env.end());
    std::vector<char*> cargv, cenv;
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    for (const auto& e : envs) cenv.push_back(const_cast<char*>(e.c_str()));
    cenv.push_back(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {  // only async-signal-safe calls until exec
        ::setsid();
        ::ioctl(slave, TIOCSCTTY, 0);
        ::dup2(slave, 0);
        ::dup2(slave, 2);
        ::dup2(out[1], 1);
        ::close(master);
        ::execve(cargv[0], cargv.data(), cenv.data());
        ::_exit(127);
    }
    ::close(slave);
    ::close(out[1]);
    terminal_result r;
    bool typed = prompt.empty(), term_open = true, out_open = true;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    char buf[4096];
    while ((term_open || out_open) && std::chrono::steady_clock::now() < deadline) {
        pollfd fds[2] = {{term_open ? master : -1, POLLIN, 0}, {out_open ? out[0] : -1, POLLIN, 0}};
        if (::poll(fds, 2, 100) < 0 && errno != EINTR) break;
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::read(master, buf, sizeof buf);
            if (n > 0)
                r.terminal.append(buf, static_cast<std::size_t>(n));
            else
                term_open = false;  // EIO: the program closed its end
        }
        if (fds[1].revents & (POLLIN | POLLHUP)) {
            const ssize_t n = ::read(out[0], buf, sizeof buf);
            if (n > 0)
                r.out.append(buf, static_cast<std::size_t>(n));
            else
                out_open = false;
        }
        if (!typed && r.terminal.find(prompt) != std::string::npos) {
            typed = true;
            const std::string line = input + "\n";
            REQUIRE(::write(master, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
        }
    }
    if (term_open || out_open) ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(master);
    ::close(out[0]);
    REQUIRE_MESSAGE(!(term_open || out_open), "the program did not end in time; terminal: " << r.terminal);
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    return r;
}

// ---- a fake service for the paged operations ------------------------------------------------

// ListPhoneNumbersV2 over a fixed inventory: pages of MaxResults items (default 2); the
// NextToken of page k (from 0) is "t<k>".
std::string list_page(const std::vector<std::string>& ids, const json::object& req) {
    const std::size_t size = req.contains("MaxResults") ? static_cast<std::size_t>(req.at("MaxResults").as_int64()) : 2;
    std::size_t page = 0;
    if (req.contains("NextToken")) page = std::stoul(std::string(req.at("NextToken").as_string()).substr(1));
    json::array list;
    for (std::size_t i = page * size; i < std::min(ids.size(), (page + 1) * size); ++i) {
        json::object s;
        s["PhoneNumberId"] = ids[i];
        s["PhoneNumberArn"] = "arn:aws:connect:us-east-1:123456789012:phone-number/" + ids[i];
        s["PhoneNumber"] = "+1206555" + std::to_string(1000 + i);
        s["PhoneNumberCountryCode"] = "US";
        s["PhoneNumberType"] = "DID";
        s["TargetArn"] = instance_arn;
        list.push_back(std::move(s));
    }
    json::object o;
    o["ListPhoneNumbersSummaryList"] = std::move(list);
    if ((page + 1) * size < ids.size()) o["NextToken"] = "t" + std::to_string(page + 1);
    return json::serialize(o);
}

std::vector<std::string> numbered_ids(int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back(emulator::claimed_phone_number_id(static_cast<std::uint64_t>(i)));
    return ids;
}

}  // namespace

TEST_SUITE("cli commands") {

TEST_CASE("awsconnect --help lists every command") {
    auto r = cli({"--help"});
    CHECK(r.exit_code == 0);
    for (const char* cmd : {"search-available-phone-numbers", "claim-phone-number", "describe-phone-number",
                            "list-phone-numbers-v2", "update-phone-number", "update-phone-number-metadata",
                            "release-phone-number", "release-phone-numbers", "claim-phone-numbers"})
        CHECK_MESSAGE(r.out.find("\n  " + std::string(cmd) + " ") != std::string::npos, cmd);
    CHECK(r.out.find("19  release-phone-numbers, claim-phone-numbers: some items failed") != std::string::npos);
    auto none = cli({});
    CHECK(none.exit_code == 2);
    auto unknown = cli({"delete-everything"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("unknown command 'delete-everything'") != std::string::npos);
}

TEST_CASE("every command's --help names its options and the client's") {
    const std::map<std::string, std::vector<std::string>> flags = {
        {"search-available-phone-numbers",
         {"--target-arn", "--instance-id", "--phone-number-country-code", "--phone-number-type", "--phone-number-prefix",
          "--max-results", "--next-token", "--starting-token", "--max-items", "--no-paginate"}},
        {"claim-phone-number",
         {"--target-arn", "--instance-id", "--phone-number", "--phone-number-description", "--tags", "--client-token"}},
        {"describe-phone-number", {"--phone-number-id"}},
        {"list-phone-numbers-v2",
         {"--target-arn", "--instance-id", "--phone-number-country-codes", "--phone-number-types", "--phone-number-prefix",
          "--max-results", "--next-token", "--starting-token", "--max-items", "--no-paginate"}},
        {"update-phone-number", {"--phone-number-id", "--target-arn", "--instance-id", "--client-token"}},
        {"update-phone-number-metadata", {"--phone-number-id", "--phone-number-description", "--client-token"}},
        {"release-phone-number", {"--phone-number-id", "--client-token"}},
        {"release-phone-numbers",
         {"--from-file", "--target-arn", "--instance-id", "--phone-number-prefix", "--phone-number-country-codes",
          "--phone-number-types", "--dry-run", "--yes", "--concurrency", "--rate", "--journal", "--report"}},
        {"claim-phone-numbers",
         {"--count", "--target-arn", "--instance-id", "--phone-number-country-code", "--phone-number-type",
          "--phone-number-prefix", "--phone-number-description", "--tags", "--concurrency", "--rate", "--journal",
          "--report"}},
    };
    for (const auto& [cmd, own] : flags) {
        auto r = cli({cmd, "--help"});
        CHECK_MESSAGE(r.exit_code == 0, cmd);
        auto all = own;
        all.insert(all.end(), {"--region", "--profile", "--endpoint-url", "--ca-bundle", "--max-attempts", "--retry-mode",
                               "--attempt-timeout", "--deadline", "--no-verify-ssl"});
        for (const auto& f : all) CHECK_MESSAGE(r.out.find(f + " ") != std::string::npos, cmd << " " << f);
        CHECK_MESSAGE(r.out.find(" 6  RESOURCE_NOT_FOUND") != std::string::npos, cmd);
    }
}

TEST_CASE("describe-phone-number: GET with no body; the summary's envelope; 404 is exit 6") {
    scripted_server s(handled([](const server_request& r) {
        if (r.target.find("missing") != std::string::npos) return service_error(404, "ResourceNotFoundException", "no such number");
        return answer(200, R"({"ClaimedPhoneNumberSummary":{"PhoneNumberId":")" + pn_id +
                               R"(","PhoneNumberArn":"arn:aws:connect:us-east-1:123456789012:phone-number/)" + pn_id +
                               R"(","PhoneNumber":"+18005550100","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE",)"
                               R"("PhoneNumberDescription":"desk","TargetArn":")" + instance_arn +
                               R"(","InstanceId":"11111111-1111-4111-8111-111111111111","Tags":{"team":"blue"},)"
                               R"("PhoneNumberStatus":{"Status":"CLAIMED"}}})");
    }));
    auto r = cli({"describe-phone-number", "--phone-number-id", pn_id}, s.url());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const auto rec = s.received().at(0);
    CHECK(rec.method == "GET");
    CHECK(rec.target == "/phone-number/" + pn_id);
    CHECK(rec.body.empty());
    CHECK(rec.header("Content-Type").empty());
    const auto e = envelope(r.out);
    CHECK(e.at("success").as_bool());
    const auto& d = e.at("data").as_object();
    const auto& sum = d.at("claimed_phone_number_summary").as_object();
    CHECK(sum.at("phone_number_id").as_string() == pn_id);
    CHECK(sum.at("phone_number").as_string() == "+18005550100");
    CHECK(sum.at("phone_number_description").as_string() == "desk");
    CHECK(sum.at("target_arn").as_string() == instance_arn);
    CHECK(sum.at("tags").at("team").as_string() == "blue");
    CHECK(sum.at("phone_number_status").at("status").as_string() == "CLAIMED");
    CHECK(d.at("request_id").as_string() == "req-1");
    CHECK(d.at("attempts").as_int64() == 1);

    auto missing = cli({"describe-phone-number", "--phone-number-id", "missing"}, s.url());
    CHECK(missing.exit_code == 6);
    const auto err = envelope(missing.out).at("error").as_object();
    CHECK(err.at("code").as_string() == "RESOURCE_NOT_FOUND");
    CHECK(err.at("server_message").as_string() == "no such number");

    auto usage = cli({"describe-phone-number"}, s.url());
    CHECK(usage.exit_code == 2);
    CHECK(usage.err.find("--phone-number-id is required") != std::string::npos);
    CHECK(s.requests() == 2);
}

TEST_CASE("claim-phone-number: the body members, tags (shorthand and JSON), the token; errors and usage") {
    std::mutex m;
    std::vector<std::string> tokens;
    scripted_server s(handled([&](const server_request& r) {
        const auto b = body_of(r).as_object();
        if (b.at("PhoneNumber").as_string() == "+18005550199") return service_error(400, "InvalidParameterException", "taken");
        {
            std::lock_guard lock(m);
            tokens.emplace_back(b.at("ClientToken").as_string());
        }
        return answer(200, R"({"PhoneNumberId":")" + pn_id + R"(","PhoneNumberArn":"arn-1"})");
    }));
    auto r = cli({"claim-phone-number", "--instance-id", "11111111-1111-4111-8111-111111111111", "--phone-number",
                  "+18005550100", "--phone-number-description", "front desk", "--tags", "team=blue, cost center='4,2'",
                  "--client-token", "my-token"},
                 s.url());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto rec = s.received().at(0);
    CHECK(rec.method == "POST");
    CHECK(rec.target == "/phone-number/claim");
    CHECK(rec.header("Content-Type") == "application/json");
    CHECK(body_of(rec) == json::parse(R"({"InstanceId":"11111111-1111-4111-8111-111111111111","PhoneNumber":"+18005550100",)"
                                      R"("PhoneNumberDescription":"front desk","Tags":{"cost center":"4,2","team":"blue"},)"
                                      R"("ClientToken":"my-token"})"));
    const auto d = envelope(r.out).at("data").as_object();
    CHECK(d.at("phone_number_id").as_string() == pn_id);
    CHECK(d.at("phone_number_arn").as_string() == "arn-1");
    CHECK(d.at("client_token").as_string() == "my-token");

    // No --client-token: a new UUID, the one on the wire and in the envelope. JSON tags.
    auto gen = cli({"claim-phone-number", "--target-arn", instance_arn, "--phone-number", "+18005550101", "--tags",
                    R"({"env":"prod"})"},
                   s.url());
    REQUIRE(gen.exit_code == 0);
    rec = s.received().at(1);
    const auto b = body_of(rec).as_object();
    CHECK(b.at("TargetArn").as_string() == instance_arn);
    CHECK_FALSE(b.contains("InstanceId"));
    CHECK(b.at("Tags") == json::parse(R"({"env":"prod"})"));
    CHECK(b.at("ClientToken").as_string().size() == 36);
    CHECK(envelope(gen.out).at("data").at("client_token").as_string() == b.at("ClientToken").as_string());

    // A number someone else has: INVALID_PARAMETER, exit 4, the token in the error.
    auto taken = cli({"claim-phone-number", "--instance-id", "i-1", "--phone-number", "+18005550199", "--client-token", "t9"},
                     s.url());
    CHECK(taken.exit_code == 4);
    const auto err = envelope(taken.out).at("error").as_object();
    CHECK(err.at("code").as_string() == "INVALID_PARAMETER");
    CHECK(err.at("client_token").as_string() == "t9");
    const int sent = s.requests();
    CHECK(sent == 3);

    // Nothing is sent for a usage error (exit 2) or a validation error (exit 3).
    CHECK(cli({"claim-phone-number", "--instance-id", "i-1"}, s.url()).exit_code == 2);
    auto badtags = cli({"claim-phone-number", "--instance-id", "i-1", "--phone-number", "+18005550100", "--tags", "team"}, s.url());
    CHECK(badtags.exit_code == 2);
    CHECK(badtags.err.find("--tags: expected Key=Value, found 'team' without '='") != std::string::npos);
    auto both = cli({"claim-phone-number", "--instance-id", "i-1", "--target-arn", instance_arn, "--phone-number",
                     "+18005550100"},
                    s.url());
    CHECK(both.exit_code == 3);
    CHECK(envelope(both.out).at("error").at("code").as_string() == "VALIDATION_ERROR");
    auto bad_number = cli({"claim-phone-number", "--instance-id", "i-1", "--phone-number", "18005550100"}, s.url());
    CHECK(bad_number.exit_code == 3);
    CHECK(s.requests() == sent);
}

TEST_CASE("update-phone-number and update-phone-number-metadata: PUT, path, body, token") {
    scripted_server s(handled([](const server_request& r) {
        if (path_of(r).size() > 9 && path_of(r).substr(path_of(r).size() - 9) == "/metadata") return answer(200, "{}");
        return answer(200, R"({"PhoneNumberId":")" + pn_id + R"(","PhoneNumberArn":"arn-2"})");
    }));
    auto u = cli({"update-phone-number", "--phone-number-id", pn_id, "--target-arn", instance_arn, "--client-token", "u-1"},
                 s.url());
    INFO(u.out << u.err);
    REQUIRE(u.exit_code == 0);
    auto rec = s.received().at(0);
    CHECK(rec.method == "PUT");
    CHECK(rec.target == "/phone-number/" + pn_id);
    CHECK(body_of(rec) == json::parse(R"({"TargetArn":")" + instance_arn + R"(","ClientToken":"u-1"})"));
    CHECK(envelope(u.out).at("data") ==
          json::parse(R"({"phone_number_id":")" + pn_id + R"(","phone_number_arn":"arn-2","client_token":"u-1","request_id":"req-1","attempts":1})"));

    auto m = cli({"update-phone-number-metadata", "--phone-number-id", pn_id, "--phone-number-description", "new desk",
                  "--client-token", "m-1"},
                 s.url());
    REQUIRE(m.exit_code == 0);
    rec = s.received().at(1);
    CHECK(rec.method == "PUT");
    CHECK(rec.target == "/phone-number/" + pn_id + "/metadata");
    CHECK(body_of(rec) == json::parse(R"({"PhoneNumberDescription":"new desk","ClientToken":"m-1"})"));
    CHECK(envelope(m.out).at("data") ==
          json::parse(R"({"phone_number_id":")" + pn_id + R"(","client_token":"m-1","request_id":"req-2","attempts":1})"));
    CHECK(cli({"update-phone-number", "--target-arn", instance_arn}, s.url()).exit_code == 2);
    CHECK(cli({"update-phone-number-metadata"}, s.url()).exit_code == 2);
    CHECK(s.requests() == 2);
}

TEST_CASE("release-phone-number: DELETE with the token in the query; THROTTLED after the attempts is exit 9") {
    scripted_server s(handled([](const server_request& r) {
        if (r.target.find("slow") != std::string::npos) return service_error(429, "ThrottlingException", "Rate exceeded");
        return answer(200, "{}");
    }));
    auto r = cli({"release-phone-number", "--phone-number-id", pn_id, "--client-token", "rel-1"}, s.url());
    REQUIRE(r.exit_code == 0);
    CHECK(s.received().at(0).method == "DELETE");
    CHECK(s.received().at(0).target == "/phone-number/" + pn_id + "?clientToken=rel-1");
    CHECK(envelope(r.out).at("data").at("id").as_string() == pn_id);
    auto slow = cli({"release-phone-number", "--phone-number-id", "slow", "--max-attempts", "2"}, s.url());
    CHECK(slow.exit_code == 9);
    const auto err = envelope(slow.out).at("error").as_object();
    CHECK(err.at("code").as_string() == "THROTTLED");
    CHECK(err.at("attempts").as_int64() == 2);
}

TEST_CASE("list-phone-numbers-v2: the filters in the body; every page walked; --max-items, --starting-token, --no-paginate") {
    const auto ids = numbered_ids(5);
    scripted_server s(handled([&](const server_request& r) {
        return answer(200, list_page(ids, body_of(r).as_object()));
    }));
    const std::vector<std::string> filter = {"list-phone-numbers-v2", "--instance-id", "11111111-1111-4111-8111-111111111111",
                                             "--phone-number-country-codes", "US", "GB", "--phone-number-types",
                                             "DID,TOLL_FREE", "--phone-number-prefix", "+1"};
    auto all = cli(filter, s.url());
    INFO(all.out << all.err);
    REQUIRE(all.exit_code == 0);
    REQUIRE(s.requests() == 3);  // pages of 2: a, b | c, d | e
    const auto rec = s.received();
    CHECK(rec[0].method == "POST");
    CHECK(rec[0].target == "/phone-number/list");
    CHECK(body_of(rec[0]) == json::parse(R"({"InstanceId":"11111111-1111-4111-8111-111111111111",)"
                                         R"("PhoneNumberCountryCodes":["US","GB"],"PhoneNumberTypes":["DID","TOLL_FREE"],)"
                                         R"("PhoneNumberPrefix":"+1"})"));
    CHECK(body_of(rec[1]).at("NextToken").as_string() == "t1");
    CHECK(body_of(rec[2]).at("NextToken").as_string() == "t2");
    auto d = envelope(all.out).at("data").as_object();
    const auto& list = d.at("list_phone_numbers_summary_list").as_array();
    REQUIRE(list.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) CHECK(list[i].at("phone_number_id").as_string() == ids[i]);
    CHECK(list[0].at("target_arn").as_string() == instance_arn);
    CHECK(d.at("pages").as_int64() == 3);
    CHECK(d.at("attempts").as_int64() == 3);
    CHECK_FALSE(d.contains("next_token"));
    CHECK_FALSE(d.contains("request_id"));

    // --max-items 3: a, b, c; the token resumes after c (page t1, one item in).
    auto first = cli({"list-phone-numbers-v2", "--instance-id", "i-1", "--max-items", "3"}, s.url());
    REQUIRE(first.exit_code == 0);
    d = envelope(first.out).at("data").as_object();
    CHECK(d.at("list_phone_numbers_summary_list").as_array().size() == 3);
    const std::string token(d.at("next_token").as_string());
    auto resumed = cli({"list-phone-numbers-v2", "--instance-id", "i-1", "--starting-token", token}, s.url());
    REQUIRE(resumed.exit_code == 0);
    const auto rest = envelope(resumed.out).at("data").at("list_phone_numbers_summary_list").as_array();
    REQUIRE(rest.size() == 2);
    CHECK(rest[0].at("phone_number_id").as_string() == ids[3]);
    CHECK(rest[1].at("phone_number_id").as_string() == ids[4]);
    const auto after = s.received();
    CHECK(body_of(after.at(5)).at("NextToken").as_string() == "t1");  // resumed at c's page
    CHECK_FALSE(envelope(resumed.out).at("data").as_object().contains("next_token"));
    // --max-items ending on a page boundary: the next page's token, nothing to skip.
    auto two = cli({"list-phone-numbers-v2", "--instance-id", "i-1", "--max-items", "2"}, s.url());
    const std::string t2(envelope(two.out).at("data").at("next_token").as_string());
    auto from_two = cli({"list-phone-numbers-v2", "--instance-id", "i-1", "--starting-token", t2, "--max-items", "10"}, s.url());
    CHECK(envelope(from_two.out).at("data").at("list_phone_numbers_summary_list").as_array().size() == 3);
    // --max-items equal to everything: no token (nothing is left).
    auto five = cli({"list-phone-numbers-v2", "--instance-id", "i-1", "--max-items", "5"}, s.url());
    CHECK_FALSE(envelope(five.out).at("data").as_object().contains("next_token"));

    // --no-paginate: one page, the service's own NextToken, request id and attempts.
    const int before = s.requests();
    auto one = cli({"list-phone-numbers-v2", "--instance-id", "i-1", "--no-paginate", "--next-token", "t1", "--max-results", "2"},
                   s.url());
    REQUIRE(one.exit_code == 0);
    CHECK(s.requests() == before + 1);
    d = envelope(one.out).at("data").as_object();
    CHECK(d.at("list_phone_numbers_summary_list").as_array().size() == 2);
    CHECK(d.at("next_token").as_string() == "t2");
    CHECK(d.at("request_id").as_string() == "req-" + std::to_string(before + 1));
    CHECK(body_of(s.received().back()) == json::parse(R"({"InstanceId":"i-1","MaxResults":2,"NextToken":"t1"})"));

    // Usage errors send nothing.
    const int sent = s.requests();
    CHECK(cli({"list-phone-numbers-v2", "--max-items", "0"}, s.url()).exit_code == 2);
    CHECK(cli({"list-phone-numbers-v2", "--no-paginate", "--max-items", "2"}, s.url()).exit_code == 2);
    CHECK(cli({"list-phone-numbers-v2", "--starting-token", "bm9wZQ=="}, s.url()).exit_code == 2);
    CHECK(cli({"list-phone-numbers-v2", "--starting-token", token, "--next-token", "t1"}, s.url()).exit_code == 2);
    CHECK(cli({"list-phone-numbers-v2", "--phone-number-types", "DID,,UIFN"}, s.url()).exit_code == 2);
    CHECK(cli({"list-phone-numbers-v2", "--phone-number-types", "NOT_A_TYPE"}, s.url()).exit_code == 3);
    CHECK(s.requests() == sent);
}

TEST_CASE("list: a page that fails ends the walk with its error and says where to resume; resuming there finishes it") {
    const auto ids = numbered_ids(5);
    std::atomic<bool> failed_once{false};
    scripted_server s(handled([&](const server_request& r) {
        const auto b = body_of(r).as_object();
        if (b.contains("NextToken") && b.at("NextToken").as_string() == "t1" && !failed_once.exchange(true))
            return service_error(403, "AccessDeniedException", "no");
        return answer(200, list_page(ids, b));
    }));
    auto r = cli({"list-phone-numbers-v2", "--instance-id", "i-1"}, s.url());
    CHECK(r.exit_code == 5);
    CHECK(envelope(r.out).at("error").at("code").as_string() == "ACCESS_DENIED");
    const std::string hint = "page 2 failed after 2 item(s); to resume: --starting-token ";
    const auto at = r.err.find(hint);
    REQUIRE(at != std::string::npos);
    std::string token = r.err.substr(at + hint.size());
    token = token.substr(0, token.find('\n'));
    auto resumed = cli({"list-phone-numbers-v2", "--instance-id", "i-1", "--starting-token", token}, s.url());
    REQUIRE(resumed.exit_code == 0);
    const auto rest = envelope(resumed.out).at("data").at("list_phone_numbers_summary_list").as_array();
    REQUIRE(rest.size() == 3);
    CHECK(rest[0].at("phone_number_id").as_string() == ids[2]);
    CHECK(rest[2].at("phone_number_id").as_string() == ids[4]);
}

TEST_CASE("search-available-phone-numbers: the body; every page walked; --max-items") {
    scripted_server s(handled([](const server_request& r) {
        const auto b = body_of(r).as_object();
        const bool second = b.contains("NextToken");
        json::object o;
        json::array list;
        for (int i = second ? 2 : 0; i < (second ? 3 : 2); ++i)
            list.push_back(json::parse(R"({"PhoneNumber":"+180055501)" + std::to_string(10 + i) +
                                       R"(","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE"})"));
        o["AvailableNumbersList"] = std::move(list);
        if (!second) o["NextToken"] = "s2";
        return answer(200, json::serialize(o));
    }));
    auto r = cli({"search-available-phone-numbers", "--target-arn", instance_arn, "--phone-number-country-code", "US",
                  "--phone-number-type", "TOLL_FREE", "--phone-number-prefix", "+1800", "--max-results", "2"},
                 s.url());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(s.requests() == 2);
    CHECK(s.received()[0].target == "/phone-number/search-available");
    CHECK(body_of(s.received()[0]) ==
          json::parse(R"({"TargetArn":")" + instance_arn +
                      R"(","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE","PhoneNumberPrefix":"+1800","MaxResults":2})"));
    CHECK(body_of(s.received()[1]).at("NextToken").as_string() == "s2");
    const auto d = envelope(r.out).at("data").as_object();
    const auto& list = d.at("available_numbers_list").as_array();
    REQUIRE(list.size() == 3);
    CHECK(list[2] == json::parse(R"({"phone_number":"+18005550112","phone_number_country_code":"US","phone_number_type":"TOLL_FREE"})"));
    CHECK(d.at("pages").as_int64() == 2);
    auto one = cli({"search-available-phone-numbers", "--instance-id", "i-1", "--phone-number-country-code", "US",
                    "--phone-number-type", "TOLL_FREE", "--max-items", "1"},
                   s.url());
    REQUIRE(one.exit_code == 0);
    CHECK(envelope(one.out).at("data").at("available_numbers_list").as_array().size() == 1);
    CHECK_FALSE(envelope(one.out).at("data").at("next_token").as_string().empty());
    CHECK(s.requests() == 3);
    CHECK(cli({"search-available-phone-numbers", "--instance-id", "i-1", "--phone-number-type", "DID"}, s.url()).exit_code == 2);
    CHECK(cli({"search-available-phone-numbers", "--instance-id", "i-1", "--phone-number-country-code", "US",
               "--phone-number-type", "DID", "--max-results", "11"},
              s.url())
              .exit_code == 3);
    CHECK(s.requests() == 3);
}

}  // TEST_SUITE

TEST_SUITE("cli bulk, scripted") {

// A service that lists `ids` (pages of 2) and releases any id once.
struct release_service {
    std::vector<std::string> ids;
    std::mutex m;
    std::set<std::string> released;
    std::unique_ptr<scripted_server> server;

    explicit release_service(int n) : ids(numbered_ids(n)) {
        server = std::make_unique<scripted_server>(handled([this](const server_request& r) {
            if (r.method == "POST") return answer(200, list_page(ids, body_of(r).as_object()));
            const std::string id = path_of(r).substr(std::string("/phone-number/").size());
            std::lock_guard lock(m);
            if (!released.insert(id).second) return service_error(404, "ResourceNotFoundException", "released");
            return answer(200, "{}");
        }));
    }
};

TEST_CASE("release by filter, --dry-run: the listed ids are printed, no release is sent, no file written") {
    release_service svc(5);
    temp_dir dir;
    auto r = cli({"release-phone-numbers", "--instance-id", "i-1", "--phone-number-types", "DID", "--dry-run", "--journal",
                  (dir.path / "j").string()},
                 svc.server->url());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const auto d = envelope(r.out).at("data").as_object();
    CHECK(d.at("dry_run").as_bool());
    CHECK(d.at("count").as_int64() == 5);
    const auto& would = d.at("phone_number_ids").as_array();
    REQUIRE(would.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) CHECK(would[i].as_string() == svc.ids[i]);
    CHECK(d.at("list_phone_numbers_summary_list").as_array().size() == 5);
    CHECK(r.err.find("dry run: 5 phone number(s) would be released (0 already done); nothing was sent") != std::string::npos);
    CHECK(count_requests(*svc.server, "DELETE", "/phone-number/") == 0);
    CHECK(count_requests(*svc.server, "POST", "/phone-number/list") == 3);
    CHECK(body_of(svc.server->received()[0]) == json::parse(R"({"InstanceId":"i-1","PhoneNumberTypes":["DID"]})"));
    CHECK_FALSE(fs::exists(dir.path / "j"));
}

TEST_CASE("release by filter without --yes and without a terminal: refused (exit 2) before anything is sent") {
    release_service svc(3);
    temp_dir dir;
    auto r = cli({"release-phone-numbers", "--instance-id", "i-1", "--journal", (dir.path / "j").string()}, svc.server->url());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("releasing by filter needs a confirmation, and stdin is not a terminal: give --yes") != std::string::npos);
    CHECK(r.out.empty());
    CHECK(svc.server->requests() == 0);
    CHECK_FALSE(fs::exists(dir.path / "j"));
    // The other usage errors of the bulk command.
    CHECK(cli({"release-phone-numbers", "--instance-id", "i-1", "--yes"}, svc.server->url()).exit_code == 2);  // no journal
    CHECK(cli({"release-phone-numbers", "--phone-number-prefix", "+1", "--from-file", "x"}, svc.server->url()).exit_code == 2);
    CHECK(cli({"release-phone-numbers", "--instance-id", "i-1", "--target-arn", instance_arn, "--yes", "--journal", "j"},
              svc.server->url())
              .exit_code == 2);
    CHECK(cli({"release-phone-numbers", "--instance-id", "i-1", "--yes", "--journal", (dir.path / "j").string(),
               "--concurrency", "0"},
              svc.server->url())
              .exit_code == 2);
    CHECK(cli({"release-phone-numbers", "--instance-id", "i-1", "--yes", "--journal", (dir.path / "j").string(), "--rate",
               "-1"},
              svc.server->url())
              .exit_code == 2);
    CHECK(svc.server->requests() == 0);
}

TEST_CASE("release by filter with --yes: listed, planned in the journal, released; a rerun uses the plan, not a new list") {
    release_service svc(5);
    temp_dir dir;
    const auto journal = (dir.path / "j").string();
    const std::vector<std::string> args = {"release-phone-numbers", "--instance-id", "i-1", "--phone-number-prefix", "+1206",
                                           "--yes", "--journal", journal, "--concurrency", "2",
                                           "--report", (dir.path / "report").string()};
    auto r = cli(args, svc.server->url());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("released 5, failed 0, skipped (already done) 0, left 0") != std::string::npos);
    CHECK(svc.released == std::set<std::string>(svc.ids.begin(), svc.ids.end()));
    const auto lines = json_lines(slurp(journal));
    REQUIRE(lines.size() == 5 + 1 + 10);  // listed x5, the plan, a start and an end per id
    for (int i = 0; i < 5; ++i) CHECK(lines[static_cast<std::size_t>(i)].at("event").as_string() == "listed");
    CHECK(lines[5] == json::parse(R"({"event":"plan","count":5,"filter":{"instance_id":"i-1","phone_number_prefix":"+1206",)"
                                  R"("phone_number_country_codes":[],"phone_number_types":[]}})"));
    CHECK(json_lines(slurp(dir.path / "report")).size() == 5);

    // The rerun: nothing listed, nothing released, everything skipped.
    const int before = svc.server->requests();
    auto again = cli(args, svc.server->url());
    CHECK(again.exit_code == 0);
    CHECK(again.err.find("released 5, failed 0, skipped (already done) 5, left 0") != std::string::npos);
    CHECK(svc.server->requests() == before);
    // Another filter on that journal: refused.
    auto other = cli({"release-phone-numbers", "--instance-id", "i-2", "--yes", "--journal", journal}, svc.server->url());
    CHECK(other.exit_code == 2);
    CHECK(other.err.find("holds the plan of another filter") != std::string::npos);
    CHECK(svc.server->requests() == before);
}

TEST_CASE("release by filter on a terminal: 'yes' releases, anything else releases nothing (exit 17)") {
    release_service svc(3);
    temp_dir dir;
    const auto run = [&](const std::string& answer_typed, const std::string& journal) {
        return run_on_terminal({AWSCONNECT_CLI, "release-phone-numbers", "--instance-id", "i-1", "--journal", journal,
                                "--region", "us-east-1", "--endpoint-url", svc.server->url()},
                               "Type 'yes' to go on: ", answer_typed);
    };
    auto no = run("no", (dir.path / "j1").string());
    INFO(no.terminal);
    CHECK(no.exit_code == 17);
    CHECK(no.terminal.find("About to release 3 phone number(s) claimed to instance i-1.") != std::string::npos);
    CHECK(no.terminal.find("not confirmed: nothing was released") != std::string::npos);
    CHECK(count_requests(*svc.server, "DELETE", "/phone-number/") == 0);
    CHECK(json_lines(slurp(dir.path / "j1")).empty());  // no plan either

    auto yes = run("yes", (dir.path / "j2").string());
    INFO(yes.terminal);
    CHECK(yes.exit_code == 0);
    CHECK(count_requests(*svc.server, "DELETE", "/phone-number/") == 3);
    CHECK(json_lines(yes.out).size() == 3);  // the report on stdout
    CHECK(yes.terminal.find("released 3, failed 0, skipped (already done) 0, left 0") != std::string::npos);
}

TEST_CASE("progress: redrawn in place on a terminal; nothing but the summary when stderr is not one") {
    release_service svc(20);
    temp_dir dir;
    std::string ids;
    for (const auto& id : svc.ids) ids += id + "\n";
    std::ofstream(dir.path / "ids.txt") << ids;
    auto tty = run_on_terminal({AWSCONNECT_CLI, "release-phone-numbers", "--from-file", (dir.path / "ids.txt").string(),
                                "--journal", (dir.path / "j1").string(), "--report", (dir.path / "r1").string(),
                                "--region", "us-east-1", "--endpoint-url", svc.server->url()});
    INFO(tty.terminal);
    CHECK(tty.exit_code == 0);
    // The last drawing, then the summary on its own line.
    CHECK(tty.terminal.find("\r\033[Kreleased 20/20  ok 20  failed 0  retrying 0  ") != std::string::npos);
    CHECK(tty.terminal.find("ETA 0:00\r\nreleased 20, failed 0, skipped (already done) 0, left 0") != std::string::npos);

    {
        std::lock_guard lock(svc.m);
        svc.released.clear();
    }
    auto piped = cli({"release-phone-numbers", "--from-file", (dir.path / "ids.txt").string(), "--journal",
                      (dir.path / "j2").string(), "--report", (dir.path / "r2").string()},
                     svc.server->url());
    CHECK(piped.exit_code == 0);
    CHECK(piped.err == "released 20, failed 0, skipped (already done) 0, left 0\n");
}

// A service offering `numbers` to search (one page) and claiming them, with a script of
// answers per number (popped in order; then 200).
struct claim_service {
    std::vector<std::string> numbers;
    std::mutex m;
    std::map<std::string, std::vector<server_action>> script;
    std::map<std::string, std::vector<std::string>> tokens;  // per number, in order
    std::set<std::string> claimed;
    std::unique_ptr<scripted_server> server;

    explicit claim_service(int n) {
        for (int i = 0; i < n; ++i) numbers.push_back("+18005550" + std::to_string(100 + i));
        server = std::make_unique<scripted_server>(handled([this](const server_request& r) {
            std::lock_guard lock(m);
            const auto b = body_of(r).as_object();
            if (r.target == "/phone-number/search-available") {
                json::array list;
                for (const auto& n : numbers)
                    if (!claimed.count(n))
                        list.push_back(json::parse(R"({"PhoneNumber":")" + n + R"(","PhoneNumberCountryCode":"US","PhoneNumberType":"TOLL_FREE"})"));
                json::object o;
                o["AvailableNumbersList"] = std::move(list);
                return answer(200, json::serialize(o));
            }
            const std::string n(b.at("PhoneNumber").as_string());
            tokens[n].emplace_back(b.at("ClientToken").as_string());
            auto& s = script[n];
            if (!s.empty()) {
                auto a = s.front();
                s.erase(s.begin());
                if (a.status == 200) claimed.insert(n);
                return a;
            }
            claimed.insert(n);
            return answer(200, R"({"PhoneNumberId":"id-)" + n.substr(1) + R"(","PhoneNumberArn":"arn-)" + n.substr(1) + "\"}");
        }));
    }
    std::size_t claims() const { return count_requests(*server, "POST", "/phone-number/claim"); }
};

std::vector<std::string> claim_args(const fs::path& dir, int count, int concurrency) {
    return {"claim-phone-numbers", "--count", std::to_string(count), "--instance-id", "i-1", "--phone-number-country-code",
            "US", "--phone-number-type", "TOLL_FREE", "--journal", (dir / "claims.journal").string(), "--concurrency",
            std::to_string(concurrency), "--report", (dir / "report").string(), "--tags", "team=blue",
            "--max-attempts", "1"};
}

TEST_CASE("claim-phone-numbers: a number taken meanwhile is replaced; exactly N claimed; the rerun does nothing") {
    for (const int concurrency : {1, 4}) {
        CAPTURE(concurrency);
        claim_service svc(6);
        svc.script["+18005550101"] = {service_error(400, "InvalidParameterException", "not available")};
        temp_dir dir;
        auto r = cli(claim_args(dir.path, 3, concurrency), svc.server->url());
        INFO(r.out << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.err.find("claimed 3 of 3, failed 1 (1 taken by someone else, replaced), skipped (already claimed) 0, left 0") !=
              std::string::npos);
        CHECK(svc.claimed == std::set<std::string>{"+18005550100", "+18005550102", "+18005550103"});
        CHECK(svc.claims() == 4);
        // Every claim's body: the number, the target, the tags, the journaled token.
        std::map<std::string, std::string> journaled;
        for (const auto& l : json_lines(slurp(dir.path / "claims.journal")))
            if (l.at("event").as_string() == "start") {
                journaled[std::string(l.at("id").as_string())] = std::string(l.at("token").as_string());
                CHECK(l.at("params") == json::parse(R"({"instance_id":"i-1","tags":{"team":"blue"}})"));
            }
        CHECK(journaled.size() == 4);
        for (const auto& rec : svc.server->received()) {
            if (rec.target != "/phone-number/claim") continue;
            const auto b = body_of(rec).as_object();
            CHECK(b.at("InstanceId").as_string() == "i-1");
            CHECK(b.at("Tags") == json::parse(R"({"team":"blue"})"));
            CHECK(b.at("ClientToken").as_string() == journaled.at(std::string(b.at("PhoneNumber").as_string())));
        }
        CHECK(json_lines(slurp(dir.path / "report")).size() == 4);

        const int before = svc.server->requests();
        auto again = cli(claim_args(dir.path, 3, concurrency), svc.server->url());
        CHECK(again.exit_code == 0);
        CHECK(again.err.find("claimed 3 of 3, failed 0 (0 taken by someone else, replaced), skipped (already claimed) 3, left 0") !=
              std::string::npos);
        CHECK(svc.server->requests() == before);  // no search, no claim
    }
}

TEST_CASE("claim-phone-numbers: an unknown outcome keeps its place (exit 19); the rerun settles it with its token") {
    claim_service svc(6);
    svc.script["+18005550100"] = {service_error(500, "InternalServiceException", "oops")};
    temp_dir dir;
    auto r = cli(claim_args(dir.path, 3, 1), svc.server->url());
    INFO(r.err);
    CHECK(r.exit_code == 19);
    CHECK(r.err.find("claimed 2 of 3, failed 1 (0 taken by someone else, replaced), skipped (already claimed) 0, left 1") !=
          std::string::npos);
    CHECK(svc.claims() == 3);  // not replaced: it may have been claimed
    const std::string token = svc.tokens.at("+18005550100").at(0);

    auto rerun = cli(claim_args(dir.path, 3, 1), svc.server->url());
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(rerun.err.find("claimed 3 of 3") != std::string::npos);
    CHECK(svc.claims() == 4);  // only the unfinished one, again
    CHECK(svc.tokens.at("+18005550100") == std::vector<std::string>{token, token});
    CHECK(svc.claimed.size() == 3);
}

TEST_CASE("claim-phone-numbers: a throttled claim is sent again in the run, with its token; THROTTLED never settles it") {
    claim_service svc(3);
    svc.script["+18005550100"] = {service_error(429, "ThrottlingException"), service_error(429, "ThrottlingException")};
    temp_dir dir;
    auto r = cli(claim_args(dir.path, 2, 2), svc.server->url());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(svc.claimed == std::set<std::string>{"+18005550100", "+18005550101"});
    const auto& t = svc.tokens.at("+18005550100");
    REQUIRE(t.size() == 3);
    CHECK(t[0] == t[1]);
    CHECK(t[1] == t[2]);
    // One report line per number, both successes; the journal has the throttled ends (not final).
    const auto report = json_lines(slurp(dir.path / "report"));
    REQUIRE(report.size() == 2);
    for (const auto& l : report) CHECK(l.at("outcome").at("success").as_bool());
    int throttled_ends = 0;
    for (const auto& l : json_lines(slurp(dir.path / "claims.journal")))
        if (l.at("event").as_string() == "end" && !l.at("final").as_bool()) {
            CHECK(l.at("outcome").at("error").at("code").as_string() == "THROTTLED");
            ++throttled_ends;
        }
    CHECK(throttled_ends == 2);
}

TEST_CASE("claim-phone-numbers: the search offers too few numbers: the ones there are claimed, exit 19") {
    claim_service svc(2);
    temp_dir dir;
    auto r = cli(claim_args(dir.path, 5, 2), svc.server->url());
    CHECK(r.exit_code == 19);
    CHECK(r.err.find("claimed 2 of 5") != std::string::npos);
    CHECK(r.err.find("the search offers no more numbers for these options") != std::string::npos);
    CHECK(svc.claims() == 2);
}

TEST_CASE("claim-phone-numbers: usage errors send nothing") {
    claim_service svc(2);
    temp_dir dir;
    const auto j = (dir.path / "j").string();
    const std::string url = svc.server->url();
    CHECK(cli({"claim-phone-numbers", "--instance-id", "i", "--phone-number-country-code", "US", "--phone-number-type", "DID",
               "--journal", j},
              url)
              .exit_code == 2);  // no --count
    CHECK(cli({"claim-phone-numbers", "--count", "0", "--instance-id", "i", "--phone-number-country-code", "US",
               "--phone-number-type", "DID", "--journal", j},
              url)
              .exit_code == 2);
    CHECK(cli({"claim-phone-numbers", "--count", "1", "--instance-id", "i", "--phone-number-country-code", "US",
               "--phone-number-type", "DID"},
              url)
              .exit_code == 2);  // no --journal
    CHECK(cli({"claim-phone-numbers", "--count", "1", "--phone-number-country-code", "US", "--phone-number-type", "DID",
               "--journal", j},
              url)
              .exit_code == 2);  // no target
    CHECK(cli({"claim-phone-numbers", "--count", "1", "--instance-id", "i", "--phone-number-type", "DID", "--journal", j}, url)
              .exit_code == 2);
    CHECK(svc.server->requests() == 0);
}

}  // TEST_SUITE
