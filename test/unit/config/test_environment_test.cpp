// The test processes' isolation from the developer's environment (test/support/
// test_environment.hpp): whatever AWS_* variables and ~/.aws files the shell that runs the
// suite has, no test sees them.
//
// Strategy: the probe case checks this process (no AWS_* variable; HOME an empty temporary
// directory; the configuration resolved from the process environment is the defaults).
// The second case runs this executable again as a child, with the probe selected, under a
// hostile environment: AWS_PROFILE, AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, AWS_REGION set, and a
// HOME whose ~/.aws/config sets a region and max_attempts. The child's probe must pass.
#include "config/resolve_config.hpp"
#include "support/child_process.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

extern char** environ;

using namespace awsconnect;

TEST_SUITE("test environment") {

TEST_CASE("test environment probe: no AWS_* variable, an empty temporary HOME, default settings") {
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view kv(*e);
        CHECK_MESSAGE(kv.substr(0, 4) != "AWS_", "set in the test process: " << kv.substr(0, kv.find('=')));
    }
    const char* home = std::getenv("HOME");
    REQUIRE(home != nullptr);
    const std::filesystem::path h(home);
    CHECK(h.filename().string().rfind("awsconnect-test-home-", 0) == 0);
    REQUIRE(std::filesystem::is_directory(h));
    CHECK(std::filesystem::is_empty(h));
    MESSAGE("isolated HOME: " << h.string() << "\n");

    client_config c;
    c.region = "us-east-1";  // the region is required; everything else from the process
    auto r = config::resolve_config(c, config::environment::from_process(), config::disk_file_reader());
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    CHECK(r->profile == "default");
    CHECK(r->retry.max_attempts == 3);
    CHECK(r->retry.mode == retry_mode::standard);
    CHECK(r->endpoint_url.empty());
    CHECK(r->tls.ca_file.empty());
}

TEST_CASE("test environment: a run started with AWS_* variables and a ~/.aws/config sees neither") {
    char self[4096];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    REQUIRE(n > 0);
    const std::string exe(self, static_cast<std::size_t>(n));

    // The developer's HOME, with a shared config file that changes the defaults.
    const char* tmp = std::getenv("TMPDIR");
    const auto dev_home = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") /
                          ("awsconnect-dev-home-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dev_home / ".aws");
    struct remove_dir {
        std::filesystem::path p;
        ~remove_dir() {
            std::error_code ec;
            std::filesystem::remove_all(p, ec);
        }
    } cleanup{dev_home};
    std::ofstream(dev_home / ".aws" / "config") << "[default]\nregion = eu-central-1\nmax_attempts = 9\n"
                                                   "[profile x]\nregion = ap-south-1\nmax_attempts = 7\n";

    const auto r = test::run_child(
        {exe, "--test-case=test environment probe*", "--no-version"},
        {"AWS_PROFILE=x", "AWS_MAX_ATTEMPTS=5", "AWS_RETRY_MODE=adaptive", "AWS_REGION=eu-west-1",
         "AWS_CA_BUNDLE=/nonexistent/ca.pem", "HOME=" + dev_home.string()},
        std::chrono::seconds(60));
    INFO(r.out);
    INFO(r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("test cases:  1 |  1 passed | 0 failed") != std::string::npos);
    // The child's own HOME was a temporary directory, removed when it exited; the
    // developer's was left alone.
    const auto at = r.out.find("isolated HOME: ");
    REQUIRE(at != std::string::npos);
    const auto end = r.out.find('\n', at);
    const std::string child_home = r.out.substr(at + 15, end - at - 15);
    CHECK(child_home.find("awsconnect-test-home-") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(child_home));
    CHECK(std::filesystem::exists(dev_home / ".aws" / "config"));
}

}  // TEST_SUITE
