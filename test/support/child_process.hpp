// Runs a program as a child process for tests: arguments, extra environment, captured
// stdout and stderr, exit status, a hard time limit, and kill -9 for crash tests.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace awsconnect::test {

struct child_result {
    int exit_code = -1;     ///< -1 when killed by a signal
    int signal = 0;         ///< the signal that ended it, or 0
    bool timed_out = false;
    std::string out, err;
};

/// Runs `argv` (argv[0] is the program path) with `env` added to this process's
/// environment, stdin from /dev/null; kills it after `limit`.
child_result run_child(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                       std::chrono::milliseconds limit = std::chrono::seconds(60));

/// A running child, for tests that kill it midway.
class running_child {
public:
    running_child(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
    ~running_child();
    void kill9();
    child_result wait(std::chrono::milliseconds limit = std::chrono::seconds(60));
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    int out_fd_ = -1, err_fd_ = -1;
    bool reaped_ = false;
};

}  // namespace awsconnect::test
