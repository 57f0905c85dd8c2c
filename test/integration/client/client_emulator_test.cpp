// The client end to end against the emulator over real sockets (TLS and plain HTTP).
//
// Strategy: start the emulator in-process on port 0 with a few claimed numbers, point a
// client at it (explicit endpoint, CA file and credentials), release numbers and check the
// result fields, the service's verdicts (not found after release, idempotent replay,
// conflicts) and the emulator's counters (released exactly once).
#include <awsconnect/awsconnect.hpp>
#include <awsconnect/emulator.hpp>

#include "support/run_coro.hpp"
#include "support/test_paths.hpp"

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

using namespace awsconnect;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using test::run_coro;

namespace {

std::unique_ptr<emulator::server> start_emulator(bool tls, std::uint64_t claims = 8) {
    emulator::server_config cfg;
    cfg.tls = tls;
    cfg.claim_count = claims;
    auto s = emulator::server::start(cfg);
    REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().message));
    return std::move(*s);
}

client_config config_for(const emulator::server& emu) {
    client_config c;
    c.region = "us-east-1";
    c.endpoint_url = emu.url();
    c.tls.ca_file = emu.ca_file();
    c.credentials = make_static_credentials_provider(
        {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "static"});
    return c;
}

}  // namespace

TEST_SUITE("client + emulator") {

TEST_CASE("release a claimed number over TLS; the second release is not found") {
    auto emu = start_emulator(true);
    asio::io_context ioc;
    client c(ioc.get_executor(), config_for(*emu));
    const std::string id = emulator::claimed_phone_number_id(0);
    auto r = run_coro(ioc, c.release_phone_number({id, std::nullopt}));
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : to_envelope_json(r)));
    CHECK(r->phone_number_id == id);
    CHECK(r->attempts == 1);
    CHECK(r->client_token.size() == 36);
    CHECK_FALSE(r->request_id.empty());

    auto again = run_coro(ioc, c.release_phone_number({id, std::nullopt}));
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().code == errc::resource_not_found);
    CHECK(again.error().kind_string() == "RESOURCE_NOT_FOUND");
    CHECK(again.error().http_status == 404);
    CHECK(again.error().attempts == 1);
    CHECK(again.error().client_token.size() == 36);
    const auto k = emu->get_counters();
    CHECK(k.commits == 1);
    CHECK(k.released_twice == 0);
}

TEST_CASE("the same caller token replays the first outcome; another id with it is a conflict") {
    auto emu = start_emulator(false);
    asio::io_context ioc;
    client c(ioc.get_executor(), config_for(*emu));
    const std::string id = emulator::claimed_phone_number_id(1);
    auto a = run_coro(ioc, c.release_phone_number({id, "my-token-1"}));
    REQUIRE(a.has_value());
    CHECK(a->client_token == "my-token-1");
    auto b = run_coro(ioc, c.release_phone_number({id, "my-token-1"}));
    REQUIRE(b.has_value());
    auto other = run_coro(ioc, c.release_phone_number({emulator::claimed_phone_number_id(2), "my-token-1"}));
    REQUIRE_FALSE(other.has_value());
    CHECK(other.error().code == errc::idempotency_conflict);
    const auto k = emu->get_counters();
    CHECK(k.commits == 1);
    CHECK(k.idempotent_replays == 1);
    CHECK(k.released_twice == 0);
}

TEST_CASE("validation errors are reported before anything is sent") {
    auto emu = start_emulator(false);
    asio::io_context ioc;
    client c(ioc.get_executor(), config_for(*emu));
    auto r = run_coro(ioc, c.release_phone_number({"", std::nullopt}));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind_string() == "VALIDATION_ERROR");
    CHECK(r.error().attempts == 0);
    auto arn = run_coro(ioc, c.release_phone_number(
                                 {"arn:aws:connect:eu-west-2:123456789012:phone-number/" +
                                      emulator::claimed_phone_number_id(3),
                                  std::nullopt}));
    REQUIRE_FALSE(arn.has_value());
    CHECK(arn.error().code == errc::region_mismatch);
    CHECK(arn.error().message.find("Region where they were claimed") != std::string::npos);
    CHECK(emu->get_counters().requests_total == 0);
}

TEST_CASE("a credential_process slower than the operation deadline: the call ends with TIMEOUT while it runs; a later call gets its credentials") {
    // Issue 13 A6. The script blocks until the test creates `release` (at most 10 s), so a
    // call that returns before that has not waited for it; `runs` counts its starts.
    auto emu = start_emulator(false);
    char tmpl[] = "/tmp/awsconnect-slow-process-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    const std::filesystem::path dir = tmpl;
    struct cleanup {
        std::filesystem::path p;
        ~cleanup() {
            std::error_code ec;
            std::filesystem::remove_all(p, ec);
        }
    } remove_dir{dir};
    std::ofstream(dir / "slow.sh") << "echo run >> \"$1/runs\"\n"
                                      "i=0\n"
                                      "while [ ! -e \"$1/release\" ]; do\n"
                                      "  i=$((i+1)); [ $i -gt 1000 ] && exit 3\n"
                                      "  sleep 0.01\n"
                                      "done\n"
                                      "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDEXAMPLE\", "
                                      "\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\"}'\n";
    client_config cfg = config_for(*emu);
    cfg.credentials = make_process_credentials_provider("sh " + (dir / "slow.sh").string() + " " + dir.string(),
                                                        std::chrono::seconds(60));
    cfg.timeouts.operation = 300ms;
    asio::io_context ioc;
    client c(ioc.get_executor(), cfg);
    const std::string id = emulator::claimed_phone_number_id(4);

    auto r = run_coro(ioc, c.release_phone_number({id, "tok-slow-process"}));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::operation_timeout);
    CHECK(r.error().kind_string() == "TIMEOUT");
    CHECK(r.error().attempts == 0);
    CHECK(r.error().client_token == "tok-slow-process");
    CHECK_FALSE(std::filesystem::exists(dir / "release"));  // the script could not have answered
    CHECK(emu->get_counters().requests_total == 0);

    // Let the script answer. The refresh it belongs to was not abandoned: a later call gets
    // its credentials, and the script ran once. (A call made before the refresh has
    // finished ends with TIMEOUT again, attempts 0: tried again, a bounded number of times.)
    std::ofstream(dir / "release") << "go\n";
    result<release_phone_number_response> ok = make_error(errc::operation_timeout, "not called");
    int calls = 0;
    for (; calls < 30; ++calls) {
        ok = run_coro(ioc, c.release_phone_number({id, "tok-slow-process"}));
        if (ok || ok.error().code != errc::operation_timeout || ok.error().attempts != 0) break;
    }
    REQUIRE_MESSAGE(ok.has_value(), (ok ? "" : to_envelope_json(ok)));
    CHECK(ok->attempts == 1);
    CHECK(test::read_file(dir / "runs") == "run\n");
    CHECK(emu->get_counters().commits == 1);
}

}  // TEST_SUITE
