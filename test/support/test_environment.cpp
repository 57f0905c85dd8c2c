// The test processes' isolation from the developer's environment and the doctest runner
// (test_environment.hpp).
#define DOCTEST_CONFIG_IMPLEMENT
#include "support/test_environment.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

extern char** environ;

namespace awsconnect::test {
namespace {

std::string isolated_home;
pid_t home_owner = -1;

void remove_isolated_home() {
    if (isolated_home.empty() || ::getpid() != home_owner) return;  // a forked child leaves it
    std::error_code ec;
    std::filesystem::remove_all(isolated_home, ec);
}

}  // namespace

std::string isolate_test_environment() {
    // Names first: unsetenv changes `environ` under the loop.
    std::vector<std::string> names;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string_view kv(*e);
        if (kv.substr(0, 4) == "AWS_") names.emplace_back(kv.substr(0, kv.find('=')));
    }
    for (const auto& n : names) ::unsetenv(n.c_str());

    if (isolated_home.empty()) {
        const char* tmp = std::getenv("TMPDIR");
        std::string dir = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
        dir += "/awsconnect-test-home-XXXXXX";
        if (::mkdtemp(dir.data()) == nullptr)
            throw std::runtime_error("cannot create a temporary HOME for the tests under " + dir);
        isolated_home = dir;
        home_owner = ::getpid();
        std::atexit(remove_isolated_home);
    }
    ::setenv("HOME", isolated_home.c_str(), 1);
    return isolated_home;
}

int run_tests(int argc, char** argv) {
    isolate_test_environment();
    doctest::Context context;
    context.applyCommandLine(argc, argv);
    return context.run();
}

}  // namespace awsconnect::test
