// Test helper: a child process with its stdout and stderr captured through pipes, and
// hard timeouts on everything (reading a line, waiting for the exit). The destructor
// kills a child that is still running, so a failed test never leaves one behind.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace awsconnect::emulator::test {

class child_process {
public:
    child_process() = default;
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    /// Starts `argv[0]` (searched in PATH) with `env` as its whole environment.
    bool start(const std::vector<std::string>& argv, const std::vector<std::string>& env);
    /// The next line of stdout (without '\n'), or nothing after `timeout` or at EOF.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);
    void send_signal(int sig);
    /// The exit code (128 + N for a signal N), or nothing if still running after `timeout`.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    /// What the child wrote (read while waiting).
    const std::string& out() const { return out_; }
    const std::string& err() const { return err_; }
    /// The child's process id (-1 before start).
    pid_t pid() const { return pid_; }

private:
    void pump(int timeout_ms);  // reads what the pipes have
    pid_t pid_ = -1;
    int out_fd_ = -1, err_fd_ = -1;
    std::string out_, err_;
    std::size_t line_pos_ = 0;
    std::optional<int> exit_code_;
};

struct run_result {
    std::optional<int> exit_code;  ///< nothing: killed after the timeout
    std::string out, err;
};

/// Runs a command to completion (killed after `timeout`).
run_result run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                       std::chrono::milliseconds timeout);

/// This process's environment, without the variables whose names start with one of
/// `drop_prefixes`, plus `add` ("NAME=value" each).
std::vector<std::string> environment_with(const std::vector<std::string>& drop_prefixes,
                                          const std::vector<std::string>& add);

/// True if `program` is found in PATH.
bool in_path(const std::string& program);

}  // namespace awsconnect::emulator::test
