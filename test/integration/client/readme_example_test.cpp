// The README's API example (readme_example.cpp) run against the emulator, and the README
// checked to contain that example verbatim.
//
// Strategy: the example prints to std::cout, so the test captures std::cout while it runs
// and asserts the printed line and the emulator's counters (the number was released once).
// The drift check reads both files from the source tree (AWSCONNECT_SOURCE_DIR), takes the
// text between the markers in readme_example.cpp and requires README.md to hold it as a
// ```cpp block, byte for byte.
#include <awsconnect/awsconnect.hpp>
#include <awsconnect/emulator.hpp>

#include "support/run_coro.hpp"

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

boost::asio::awaitable<void> release(awsconnect::client& c);  // readme_example.cpp
int release_one();                                            // readme_example.cpp
boost::asio::awaitable<bool> round_trip(awsconnect::client& c, std::string instance_id);  // readme_lifecycle_example.cpp

using namespace awsconnect;

namespace {

std::string read_source_file(const std::string& relative) {
    std::ifstream in(std::string(AWSCONNECT_SOURCE_DIR) + "/" + relative, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << relative);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The lines strictly between "// README <name> begin" and "// README <name> end".
std::string example_block(const std::string& source, const std::string& name = "example") {
    const std::string begin = "// README " + name + " begin\n", end = "// README " + name + " end\n";
    const auto b = source.find(begin);
    const auto e = source.find(end);
    REQUIRE(b != std::string::npos);
    REQUIRE(e != std::string::npos);
    REQUIRE(b < e);
    return source.substr(b + begin.size(), e - b - begin.size());
}

// Restores std::cout's buffer even if an assertion throws.
struct cout_capture {
    std::ostringstream text;
    std::streambuf* saved;
    cout_capture() : saved(std::cout.rdbuf(text.rdbuf())) {}
    ~cout_capture() { std::cout.rdbuf(saved); }
};

}  // namespace

TEST_SUITE("README example") {

TEST_CASE("the README's API example runs against the emulator and prints the token and request id") {
    emulator::server_config cfg;
    cfg.tls = true;
    cfg.claim_count = 2;  // claims ...0000 and ...0001, the example's number
    auto emu = emulator::server::start(cfg);
    REQUIRE_MESSAGE(emu.has_value(), (emu ? "" : emu.error().message));
    boost::asio::io_context ioc;
    client_config c;
    c.region = "us-east-1";
    c.endpoint_url = (*emu)->url();
    c.tls.ca_file = (*emu)->ca_file();
    c.credentials = make_static_credentials_provider(
        {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "static"});
    client cl(ioc.get_executor(), c);
    std::string printed;
    {
        cout_capture capture;
        test::run_coro(ioc, release(cl));
        printed = capture.text.str();
    }
    INFO(printed);
    CHECK(printed.rfind("released, token ", 0) == 0);
    CHECK(printed.find(", request ") != std::string::npos);
    CHECK(printed.back() == '\n');
    const auto k = (*emu)->get_counters();
    CHECK(k.commits == 1);
    CHECK((*emu)->state_of("00000000-0000-4000-8000-000000000001") == emulator::number_state::released);

    // Run again: the number is gone, and the example prints the error envelope.
    {
        cout_capture capture;
        test::run_coro(ioc, release(cl));
        printed = capture.text.str();
    }
    CHECK(printed.rfind("{\"success\":false,\"error\":{\"code\":\"RESOURCE_NOT_FOUND\"", 0) == 0);
}

TEST_CASE("the README's release_one() builds its client from the environment and releases the number") {
    emulator::server_config cfg;
    cfg.tls = true;
    cfg.claim_count = 2;
    auto emu = emulator::server::start(cfg);
    REQUIRE_MESSAGE(emu.has_value(), (emu ? "" : emu.error().message));
    const std::string url = (*emu)->url(), ca = (*emu)->ca_file();
    const std::pair<const char*, const char*> vars[] = {
        {"AWS_REGION", "us-east-1"},
        {"AWS_ENDPOINT_URL", url.c_str()},
        {"AWS_CA_BUNDLE", ca.c_str()},
        {"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
        {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
        {"AWS_CONFIG_FILE", "/nonexistent/awsconnect-readme-test"},
        {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/awsconnect-readme-test"},
    };
    struct restore_env {
        const std::pair<const char*, const char*>* begin;
        const std::pair<const char*, const char*>* end;
        ~restore_env() {
            for (auto v = begin; v != end; ++v) ::unsetenv(v->first);
        }
    } restore{std::begin(vars), std::end(vars)};
    for (const auto& [name, value] : vars) ::setenv(name, value, 1);
    std::string printed;
    int rc = -1;
    {
        cout_capture capture;
        rc = release_one();
        printed = capture.text.str();
    }
    INFO(printed);
    CHECK(rc == 0);
    CHECK(printed.rfind("released, token ", 0) == 0);
    CHECK((*emu)->get_counters().commits == 1);
    CHECK((*emu)->state_of("00000000-0000-4000-8000-000000000001") == emulator::number_state::released);
}

TEST_CASE("the README's lifecycle example searches, claims, waits, describes and releases a number") {
    emulator::server_config cfg;
    cfg.tls = true;
    cfg.claim_latency = std::chrono::milliseconds(300);  // the wait has something to wait for
    auto emu = emulator::server::start(cfg);
    REQUIRE_MESSAGE(emu.has_value(), (emu ? "" : emu.error().message));
    boost::asio::io_context ioc;
    client_config c;
    c.region = "us-east-1";
    c.endpoint_url = (*emu)->url();
    c.tls.ca_file = (*emu)->ca_file();
    c.credentials = make_static_credentials_provider(
        {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "static"});
    client cl(ioc.get_executor(), c);
    std::string printed;
    bool ok = false;
    {
        cout_capture capture;
        ok = test::run_coro(ioc, round_trip(cl, emulator::default_instance_id()));
        printed = capture.text.str();
    }
    INFO(printed);
    CHECK(ok);
    // The first US toll-free number of the default pools, seen CLAIMED after the wait.
    CHECK(printed == "+18000000000 is CLAIMED\n");
    const auto k = (*emu)->get_counters();
    CHECK(k.search_available_phone_numbers.ok == 1);
    CHECK(k.claim_phone_number.ok == 1);
    CHECK(k.claim_phone_number.commits == 1);
    CHECK(k.describe_phone_number.ok >= 2);  // at least one poll while IN_PROGRESS, then the example's own
    CHECK(k.release_phone_number.commits == 1);
    CHECK(k.claimed_twice == 0);
    CHECK(k.released_twice == 0);
}

TEST_CASE("README.md contains the example verbatim") {
    const std::string block = example_block(read_source_file("test/integration/client/readme_example.cpp"));
    const std::string readme = read_source_file("README.md");
    CHECK(block.find("boost::asio::awaitable<void> release(awsconnect::client& c)") != std::string::npos);
    CHECK_MESSAGE(readme.find("```cpp\n" + block + "```\n") != std::string::npos,
                  "README.md does not contain the example of readme_example.cpp verbatim");
    const std::string lifecycle =
        example_block(read_source_file("test/integration/client/readme_lifecycle_example.cpp"), "lifecycle example");
    CHECK(lifecycle.find("boost::asio::awaitable<bool> round_trip(") != std::string::npos);
    CHECK_MESSAGE(readme.find("```cpp\n" + lifecycle + "```\n") != std::string::npos,
                  "README.md does not contain the example of readme_lifecycle_example.cpp verbatim");
}

}  // TEST_SUITE
