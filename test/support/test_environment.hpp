// Every test process runs isolated from the developer's environment: no AWS_* variable and
// a fresh, empty HOME (so no ~/.aws files), whatever the shell that started it exported.
// Child processes the tests start inherit the same. Tests that check environment reading
// pass a config::environment of their own or set the variables they need explicitly.
//
// Thread safety: isolate_test_environment() changes the process environment; it is called
// once, from main, before any test (and so any thread) starts.
#pragma once

#include <string>

namespace awsconnect::test {

/// Unsets every AWS_* variable and points HOME at a new empty directory, which is removed
/// when this process exits (not when a forked child exits). Returns that directory.
/// Throws std::runtime_error when the directory cannot be made.
std::string isolate_test_environment();

/// The doctest runner every test executable uses: isolates the environment, then runs the
/// tests selected by the command line. Returns doctest's exit code.
int run_tests(int argc, char** argv);

}  // namespace awsconnect::test
