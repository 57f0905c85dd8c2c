#include "child_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace awsconnect::emulator::test {

using namespace std::chrono;

child_process::~child_process() {
    if (pid_ > 0 && !exit_code_) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    if (out_fd_ >= 0) ::close(out_fd_);
    if (err_fd_ >= 0) ::close(err_fd_);
}

bool child_process::start(const std::vector<std::string>& argv,
                          const std::vector<std::string>& env) {
    int out_pipe[2], err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) return false;
    if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
        ::close(out_pipe[0]);
        ::close(out_pipe[1]);
        return false;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);

    std::vector<char*> args, envp;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);

    // PATH lookup uses the child's PATH when given.
    std::string program = argv.at(0);
    if (program.find('/') == std::string::npos) {
        for (const auto& e : env)
            if (e.starts_with("PATH="))
                for (std::size_t pos = 5; pos <= e.size();) {
                    const std::size_t colon = std::min(e.find(':', pos), e.size());
                    const auto candidate = std::filesystem::path(e.substr(pos, colon - pos)) / program;
                    if (::access(candidate.c_str(), X_OK) == 0) {
                        program = candidate.string();
                        break;
                    }
                    pos = colon + 1;
                }
    }
    const int rc = posix_spawnp(&pid_, program.c_str(), &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
    if (rc != 0) pid_ = -1;
    return rc == 0;
}

void child_process::pump(int timeout_ms) {
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    if (::poll(fds, 2, timeout_ms) <= 0) return;
    char buf[4096];
    for (int i = 0; i < 2; ++i) {
        if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
        if (n > 0) {
            (i == 0 ? out_ : err_).append(buf, static_cast<std::size_t>(n));
        } else {
            ::close(fds[i].fd);
            (i == 0 ? out_fd_ : err_fd_) = -1;
        }
    }
}

std::optional<std::string> child_process::read_line(milliseconds timeout) {
    const auto deadline = steady_clock::now() + timeout;
    for (;;) {
        const auto nl = out_.find('\n', line_pos_);
        if (nl != std::string::npos) {
            std::string line = out_.substr(line_pos_, nl - line_pos_);
            line_pos_ = nl + 1;
            return line;
        }
        const auto left = duration_cast<milliseconds>(deadline - steady_clock::now()).count();
        if (left <= 0 || (out_fd_ < 0 && err_fd_ < 0)) return std::nullopt;
        if (out_fd_ < 0) return std::nullopt;
        pump(static_cast<int>(std::min<long long>(left, 100)));
    }
}

void child_process::send_signal(int sig) {
    if (pid_ > 0 && !exit_code_) ::kill(pid_, sig);
}

std::optional<int> child_process::wait(milliseconds timeout) {
    if (exit_code_) return exit_code_;
    if (pid_ <= 0) return std::nullopt;
    const auto deadline = steady_clock::now() + timeout;
    for (;;) {
        if (out_fd_ >= 0 || err_fd_ >= 0) pump(20);
        int status = 0;
        const pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            while (out_fd_ >= 0 || err_fd_ >= 0) pump(100);  // drain
            exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return exit_code_;
        }
        if (steady_clock::now() >= deadline) return std::nullopt;
        if (out_fd_ < 0 && err_fd_ < 0) ::usleep(10'000);
    }
}

run_result run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                       milliseconds timeout) {
    child_process p;
    run_result r;
    if (!p.start(argv, env)) {
        r.err = "cannot start " + argv.at(0);
        return r;
    }
    r.exit_code = p.wait(timeout);
    r.out = p.out();
    r.err = p.err();
    return r;
}

std::vector<std::string> environment_with(const std::vector<std::string>& drop_prefixes,
                                          const std::vector<std::string>& add) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view v(*e);
        bool drop = false;
        for (const auto& p : drop_prefixes) drop |= v.starts_with(p);
        for (const auto& a : add) drop |= v.substr(0, v.find('=') + 1) == a.substr(0, a.find('=') + 1);
        if (!drop) env.emplace_back(v);
    }
    env.insert(env.end(), add.begin(), add.end());
    return env;
}

bool in_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    if (path == nullptr) return false;
    const std::string p(path);
    for (std::size_t pos = 0; pos <= p.size();) {
        const std::size_t colon = std::min(p.find(':', pos), p.size());
        if (::access((std::filesystem::path(p.substr(pos, colon - pos)) / program).c_str(), X_OK) == 0)
            return true;
        pos = colon + 1;
    }
    return false;
}

}  // namespace awsconnect::emulator::test
