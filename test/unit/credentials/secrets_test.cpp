// Secrets never appear in error text. Distinctive secret strings are planted everywhere a
// provider reads from (environment variables, the shared files, a token file, the output
// and stderr-free failures of a credential_process, container and IMDS response bodies,
// the container Authorization token, the IMDS session token), then each provider is made
// to fail in as many ways as we can, alone and through the default chain and the cache.
// Every resulting message (and the printed credentials) is searched for every secret.
#include "credentials/cached_provider.hpp"
#include "credentials/providers.hpp"
#include "local_http_server.hpp"
#include "run_coro.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <map>
#include <sstream>

using namespace awsconnect;
using namespace awsconnect::creds;
using namespace std::chrono;

namespace {

const std::vector<std::string> secrets = {
    "SECRETenvKEY0000aaaa",  "SECRETfileKEY1111bbbb", "SECRETprocKEY2222cccc",
    "SECREThttpKEY3333dddd", "TOKENenv4444eeee",      "TOKENfile5555ffff",
    "TOKENproc6666gggg",     "TOKENhttp7777hhhh",     "AUTHtoken8888iiii",
    "AUTHfile9999jjjj",      "IMDSsession0000kkkk",
};
const system_clock::time_point now = sys_days{year{2024} / 5 / 6} + 7h;

int messages_checked = 0;

void check_clean(const result<credentials_ptr>& r) {
    REQUIRE_FALSE(r.has_value());
    const std::string& msg = r.error().message;
    ++messages_checked;
    for (const auto& s : secrets) {
        CHECK_MESSAGE(msg.find(s) == std::string::npos, "secret leaked in: " << msg);
    }
    std::ostringstream os;
    os << r.error();
    for (const auto& s : secrets) CHECK(os.str().find(s) == std::string::npos);
}

}  // namespace

TEST_SUITE("secrets") {

TEST_CASE("environment and static") {
    boost::asio::io_context ioc;
    auto env_fail = [&](config::environment env) {
        check_clean(test::run_coro(ioc, make_environment_provider(std::move(env), [] {
                                            return now;
                                        })->get_credentials()));
    };
    env_fail({{"AWS_SECRET_ACCESS_KEY", "SECRETenvKEY0000aaaa"},
              {"AWS_SESSION_TOKEN", "TOKENenv4444eeee"}});
    env_fail({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SESSION_TOKEN", "TOKENenv4444eeee"}});
    env_fail({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "SECRETenvKEY0000aaaa"},
              {"AWS_SESSION_TOKEN", "TOKENenv4444eeee"},
              {"AWS_CREDENTIAL_EXPIRATION", "SECRETenvKEY0000aaaa"}});
    env_fail({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "SECRETenvKEY0000aaaa"},
              {"AWS_CREDENTIAL_EXPIRATION", "2020-01-01T00:00:00Z"}});
    check_clean(test::run_coro(
        ioc, make_static_credentials_provider({"", "SECRETenvKEY0000aaaa", "TOKENenv4444eeee", {}, {}})
                 ->get_credentials()));
}

TEST_CASE("profile files and credential_process") {
    boost::asio::io_context ioc;
    test::temp_dir d;
    auto files = std::make_shared<std::map<std::string, std::string>>();
    auto provider = [&](std::string profile = {}) {
        profile_options o;
        o.env = config::environment{{"HOME", "/home/u"}};
        o.read = [files](const std::string& p) -> std::optional<std::string> {
            auto it = files->find(p);
            if (it == files->end()) return std::nullopt;
            return it->second;
        };
        o.profile = std::move(profile);
        o.process_timeout = 300ms;
        o.now = [] { return now; };
        return make_profile_provider(std::move(o));
    };
    auto fail = [&](const std::string& creds_file, const std::string& config_file = {}) {
        (*files)["/home/u/.aws/credentials"] = creds_file;
        (*files)["/home/u/.aws/config"] = config_file;
        check_clean(test::run_coro(ioc, provider()->get_credentials()));
    };
    // Half a pair, with the token present.
    fail("[default]\naws_secret_access_key = SECRETfileKEY1111bbbb\n"
         "aws_session_token = TOKENfile5555ffff\n");
    // Malformed lines holding secrets.
    fail("[default]\naws_secret_access_key SECRETfileKEY1111bbbb\n");
    fail("[SECRETfileKEY1111bbbb\n");
    fail("[default]\n  SECRETfileKEY1111bbbb\n");
    fail("[default]\ns3 =\n  SECRETfileKEY1111bbbb\n");
    // A command line holding a secret that cannot be split, or run.
    fail("", "[default]\ncredential_process = tool --secret 'SECRETprocKEY2222cccc\n");
    fail("", "[default]\ncredential_process = /nonexistent/tool SECRETprocKEY2222cccc\n");

    // Processes printing secrets in documents that cannot be used.
    auto proc = [&](const std::string& name, const std::string& body) {
        auto script = d.write(name, body);
        fail("", "[default]\ncredential_process = sh " + script + " SECRETprocKEY2222cccc\n");
    };
    proc("a.sh", "echo '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": "
                 "\"SECRETprocKEY2222cccc\", \"SessionToken\": \"TOKENproc6666gggg\"}'\n");
    proc("b.sh", "echo '{\"Version\": 1, \"SecretAccessKey\": \"SECRETprocKEY2222cccc\"}'\n");
    proc("c.sh", "echo 'SECRETprocKEY2222cccc TOKENproc6666gggg not json'\n");
    proc("d.sh", "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": "
                 "\"SECRETprocKEY2222cccc\", \"SessionToken\": \"TOKENproc6666gggg\", "
                 "\"Expiration\": \"2020-01-01T00:00:00Z\"}'\n");
    proc("e.sh", "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": "
                 "\"SECRETprocKEY2222cccc\", \"Expiration\": \"TOKENproc6666gggg\"}'\n");
    proc("f.sh", "echo '{\"Version\": \"SECRETprocKEY2222cccc\"}'\n");
    proc("g.sh", "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": "
                 "\"SECRETprocKEY2222cccc\"}'\nexit 7\n");
    proc("h.sh", "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": "
                 "\"SECRETprocKEY2222cccc\"}'\nexec sleep 30\n");
    proc("i.sh", "i=0; while [ $i -lt 5000 ]; do echo SECRETprocKEY2222cccc; i=$((i+1)); done\n");
}

TEST_CASE("container and IMDS bodies and tokens") {
    boost::asio::io_context ioc;
    test::temp_dir d;
    std::string body;
    int status = 200;
    test::local_http_server server(ioc, [&](const test::seen_request& r) {
        if (r.method == "PUT") return test::respond(200, "IMDSsession0000kkkk");
        if (r.target == "/latest/meta-data/iam/security-credentials/") {
            return test::respond(200, "role");
        }
        return test::respond(status, body);
    });
    auto token_file = d.write("token", "AUTHfile9999jjjj\n");

    auto container = [&](config::environment env) {
        container_options o;
        o.env = std::move(env);
        o.timeout = 2s;
        o.now = [] { return now; };
        return make_container_provider(std::move(o));
    };
    auto imds = [&] {
        imds_options o;
        o.endpoint = server.url();
        o.timeout = 2s;
        o.now = [] { return now; };
        return make_imds_provider(std::move(o));
    };
    const config::environment with_token{
        {"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/c"},
        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "AUTHtoken8888iiii"}};
    const config::environment with_file{
        {"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/c"},
        {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file}};

    const std::vector<std::pair<int, std::string>> bad_answers = {
        {200, "SECRETNOTJSON SECREThttpKEY3333dddd TOKENhttp7777hhhh"},
        {200, R"({"SecretAccessKey": "SECREThttpKEY3333dddd", "Token": "TOKENhttp7777hhhh"})"},
        {200, R"({"AccessKeyId": "A", "SecretAccessKey": "SECREThttpKEY3333dddd",)"
              R"( "Token": "TOKENhttp7777hhhh", "Expiration": "2020-01-01T00:00:00Z"})"},
        {200, R"({"AccessKeyId": "A", "SecretAccessKey": "SECREThttpKEY3333dddd",)"
              R"( "Token": "TOKENhttp7777hhhh", "Expiration": "SECREThttpKEY3333dddd"})"},
        {200, R"({"Code": "SECREThttpKEY3333dddd-but-long-enough-to-be-cut-off-at-32-chars"})"},
        {403, R"({"message": "SECREThttpKEY3333dddd TOKENhttp7777hhhh"})"},
        {500, "SECREThttpKEY3333dddd"},
    };
    for (const auto& [s, b] : bad_answers) {
        status = s;
        body = b;
        check_clean(test::run_coro(ioc, container(with_token)->get_credentials()));
        check_clean(test::run_coro(ioc, container(with_file)->get_credentials()));
        check_clean(test::run_coro(ioc, imds()->get_credentials()));
    }
    // A token with a line break, and an unreadable token file named after a secret.
    check_clean(test::run_coro(
        ioc, container({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/c"},
                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "AUTHtoken8888iiii\nX: y"}})
                 ->get_credentials()));
}

TEST_CASE("through a chain and the cache") {
    // The default chain's providers of this stage (environment, profile, IMDS) in a chain,
    // behind the cache (the default chain itself is lib/identity's, tested there).
    boost::asio::io_context ioc;
    config::environment env{{"HOME", "/home/u"},
                            {"AWS_SECRET_ACCESS_KEY", "SECRETenvKEY0000aaaa"},
                            {"AWS_SESSION_TOKEN", "TOKENenv4444eeee"}};
    auto chain = [&] {
        profile_options p;
        p.env = env;
        p.read = [](const std::string&) -> std::optional<std::string> {
            return "[default]\naws_secret_access_key = SECRETfileKEY1111bbbb\n";
        };
        imds_options i;
        i.env = env;
        i.endpoint = "http://127.0.0.1:" + std::to_string(test::local_http_server::refused_port(ioc));
        return make_chain_provider(
            {make_environment_provider(env), make_profile_provider(std::move(p)), make_imds_provider(std::move(i))});
    };
    check_clean(test::run_coro(ioc, make_cached_provider(chain())->get_credentials()));
    env.unset("AWS_SECRET_ACCESS_KEY");
    check_clean(test::run_coro(ioc, make_cached_provider(chain())->get_credentials()));
    CHECK(messages_checked >= 40);
}

TEST_CASE("printed credentials never show the secret or the token") {
    credentials c{"AKIDPRINT", "SECRETenvKEY0000aaaa", "TOKENenv4444eeee", now, "test"};
    std::ostringstream os;
    os << c;
    for (const auto& s : secrets) CHECK(os.str().find(s) == std::string::npos);
    CHECK(os.str().find("AKIDPRINT") != std::string::npos);
}

}  // TEST_SUITE
