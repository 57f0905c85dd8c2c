// The example blocks in the public headers' comments (```cpp ... ``` in "// " lines): the
// build extracts them (extract_header_examples.py -> header_examples.cpp) and compiles them,
// so an example that stops compiling breaks the build, at the header's own line. Here every
// block is checked to have been extracted, and client.hpp's example is run against the
// emulator, configured through the environment as its comment says.
#include <awsconnect/awsconnect.hpp>
#include <awsconnect/emulator.hpp>

#include "support/run_coro.hpp"
#include "support/test_paths.hpp"

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

extern const int header_example_blocks;  // header_examples.cpp
namespace header_example_client_hpp_1 {
boost::asio::awaitable<int> release(boost::asio::any_io_executor ex, std::string id);  // client.hpp
}

using namespace awsconnect;

namespace {

// Restores std::cout's buffer even if an assertion throws.
struct cout_capture {
    std::ostringstream text;
    std::streambuf* saved;
    cout_capture() : saved(std::cout.rdbuf(text.rdbuf())) {}
    ~cout_capture() { std::cout.rdbuf(saved); }
};

}  // namespace

TEST_SUITE("header examples") {

TEST_CASE("every example block of the public headers is extracted and compiled") {
    int blocks = 0, in_client_hpp = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() / "include" / "awsconnect")) {
        if (entry.path().extension() != ".hpp") continue;
        std::istringstream lines(test::read_file(entry.path()));
        for (std::string line; std::getline(lines, line);) {
            if (line.find_first_not_of(' ') != std::string::npos &&
                line.substr(line.find_first_not_of(' ')) == "// ```cpp") {
                ++blocks;
                if (entry.path().filename() == "client.hpp") ++in_client_hpp;
            }
        }
    }
    CHECK(in_client_hpp == 1);
    CHECK(header_example_blocks == blocks);
}

TEST_CASE("client.hpp's example releases a number from a client configured by the environment") {
    emulator::server_config cfg;
    cfg.tls = true;
    cfg.claim_count = 1;
    auto emu = emulator::server::start(cfg);
    REQUIRE_MESSAGE(emu.has_value(), (emu ? "" : emu.error().message));
    const std::string url = (*emu)->url(), ca = (*emu)->ca_file();
    const std::pair<const char*, std::string> vars[] = {
        {"AWS_ENDPOINT_URL", url},
        {"AWS_CA_BUNDLE", ca},
        {"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
        {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
    };
    struct restore_env {
        ~restore_env() {
            for (const char* n : {"AWS_ENDPOINT_URL", "AWS_CA_BUNDLE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"})
                ::unsetenv(n);
        }
    } restore;
    for (const auto& [name, value] : vars) ::setenv(name, value.c_str(), 1);

    const std::string id = emulator::claimed_phone_number_id(0);
    boost::asio::io_context ioc;
    std::string printed;
    int rc = -1;
    {
        cout_capture capture;
        rc = test::run_coro(ioc, header_example_client_hpp_1::release(ioc.get_executor(), id));
        printed = capture.text.str();
    }
    INFO(printed);
    CHECK(rc == 0);
    CHECK(printed.rfind("released " + id + " with token ", 0) == 0);
    CHECK((*emu)->get_counters().commits == 1);
    CHECK((*emu)->state_of(id) == emulator::number_state::released);

    // Again: the number is gone, the example reports the error and returns 1.
    rc = test::run_coro(ioc, header_example_client_hpp_1::release(ioc.get_executor(), id));
    CHECK(rc == 1);
    CHECK((*emu)->get_counters().not_found == 1);
}

}  // TEST_SUITE
