// The credential_process provider: runs the command line with `/bin/sh -c`, reads its
// Version 1 JSON.
//
// The shell, as the Go, JavaScript, Java and Rust SDKs run it, so pipelines, variables and
// quoting in the config work as they do there (botocore splits the line with shlex and uses
// no shell; a line of plain words and quotes means the same either way). The line goes to
// the shell as one argument, never through a format: nothing is added to it.
//
// How: posix_spawn of /bin/sh -c <line>, with stdin on
// /dev/null and stdout/stderr on close-on-exec pipes, read both pipes on the caller's
// executor (stdout bounded, stderr kept to its first KiB but drained so the child never
// blocks), all raced against one deadline. Past the deadline, or when stdout overflows, the
// child is killed with SIGKILL and reaped. After both pipes close, the exit status is
// polled with waitpid(WNOHANG): no SIGCHLD handler is installed, so the application's own
// signal handling is left alone. The shell runs in a process group of its own, and the
// kill is sent to the whole group: the programs of a pipeline (the shell's children, which
// keep the pipes open) die with it, and nothing is left running past the deadline. The cost:
// a tool that opens /dev/tty itself to prompt (stdin is /dev/null) is a background job of
// the terminal and is stopped until the deadline.
#include "credentials/credentials_json.hpp"
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"
#include "log/redact.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace awsconnect::creds {
namespace {

namespace asio = boost::asio;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t stderr_keep = 1024;

/// The child's pid; kills and reaps it if nobody else did (no zombies, no orphans left
/// running when the coroutine is abandoned).
class child_process {
public:
    child_process() = default;
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;
    ~child_process() {
        if (running()) {
            kill_now();
            reap_blocking();
        }
    }

    pid_t pid = -1;

    bool running() const noexcept { return pid > 0 && !reaped_; }
    /// Kills the child's process group (the shell and every program it started).
    void kill_now() noexcept {
        if (running()) ::kill(-pid, SIGKILL);
    }
    /// True once the child has been reaped; `status()` is then valid.
    bool try_reap() noexcept {
        if (!running()) return true;
        int st = 0;
        pid_t r = ::waitpid(pid, &st, WNOHANG);
        if (r == pid) {
            reaped_ = true;
            status_ = st;
        } else if (r < 0 && errno != EINTR) {
            // ECHILD: someone else reaped it (SIGCHLD set to SIG_IGN); its status is lost.
            reaped_ = true;
            status_unknown_ = true;
        }
        return reaped_;
    }
    void reap_blocking() noexcept {
        while (running()) {
            int st = 0;
            pid_t r = ::waitpid(pid, &st, 0);
            if (r == pid) {
                reaped_ = true;
                status_ = st;
            } else if (r < 0 && errno != EINTR) {
                reaped_ = true;
                status_unknown_ = true;
            }
        }
    }
    int status() const noexcept { return status_; }
    bool status_unknown() const noexcept { return status_unknown_; }

private:
    bool reaped_ = false;
    bool status_unknown_ = false;
    int status_ = 0;
};

struct pipe_contents {
    std::string data;
    bool too_large = false;
};

/// Reads until EOF, keeping at most `keep` bytes. With `kill_when_over`, more than `keep`
/// bytes kill the child and stop the reading.
asio::awaitable<pipe_contents> read_pipe(asio::posix::stream_descriptor& pipe, std::size_t keep,
                                         bool kill_when_over, child_process& child) {
    co_await asio::this_coro::throw_if_cancelled(false);
    pipe_contents out;
    char buf[4096];
    for (;;) {
        auto [ec, n] = co_await pipe.async_read_some(asio::buffer(buf), use_tuple);
        if (n > 0) {
            if (out.data.size() + n > keep) {
                if (kill_when_over) {
                    out.too_large = true;
                    child.kill_now();
                    // Closing our end makes any other writer (a grandchild in a pipeline)
                    // fail with EPIPE, so it exits and releases stderr too.
                    boost::system::error_code ignored;
                    pipe.close(ignored);
                    co_return out;
                }
                out.data.append(buf, keep - out.data.size());
            } else {
                out.data.append(buf, n);
            }
        }
        if (ec) co_return out;  // EOF, or the deadline cancelled us
    }
}

/// The first line of stderr, printable ASCII, at most 200 characters.
std::string first_line(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\n' || c == '\r') {
            if (out.empty()) continue;  // skip leading blank lines
            break;
        }
        if (out.size() >= 200) {
            out += "...";
            break;
        }
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return out;
}

class process_provider final : public credentials_provider {
public:
    explicit process_provider(process_options o) : o_(std::move(o)) {}

    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        co_return co_await run();
    }

    std::string_view name() const noexcept override { return "process"; }

private:
    error fail(std::string_view why, errc cause = errc::credentials_unavailable) const {
        return provider_failed(o_.label, "credential_process " + std::string(why), cause);
    }

    asio::awaitable<result<credentials_ptr>> run() {
        using namespace asio::experimental::awaitable_operators;
        co_await asio::this_coro::throw_if_cancelled(false);

        if (o_.command.find_first_not_of(" \t\r\n") == std::string::npos)
            co_return fail("is not a valid command line: empty command", errc::invalid_configuration);
        if (o_.command.find('\0') != std::string::npos)
            co_return fail("is not a valid command line: it contains a NUL byte", errc::invalid_configuration);
        std::vector<std::string> argv = {"sh", "-c", o_.command};

        int out_pipe[2];
        int err_pipe[2];
        if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
            co_return fail(std::string("cannot be started: pipe: ") + std::strerror(errno));
        }
        if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
            int e = errno;
            ::close(out_pipe[0]);
            ::close(out_pipe[1]);
            co_return fail(std::string("cannot be started: pipe: ") + std::strerror(e));
        }

        child_process child;
        const int spawn_error = spawn(argv, out_pipe[1], err_pipe[1], child.pid);
        ::close(out_pipe[1]);
        ::close(err_pipe[1]);
        auto ex = co_await asio::this_coro::executor;
        asio::posix::stream_descriptor out(ex, out_pipe[0]);
        asio::posix::stream_descriptor err(ex, err_pipe[0]);
        if (spawn_error != 0) {
            child.pid = -1;
            co_return fail(std::string("cannot run /bin/sh: ") + std::strerror(spawn_error));
        }

        asio::steady_timer deadline(ex);
        deadline.expires_after(o_.timeout);
        auto outcome = co_await ((read_pipe(out, o_.max_output_bytes, true, child) &&
                                  read_pipe(err, stderr_keep, false, child)) ||
                                 deadline.async_wait(use_tuple));
        if (outcome.index() == 1) co_return timed_out(child);
        auto [stdout_data, stderr_data] = std::get<0>(std::move(outcome));
        if ((co_await asio::this_coro::cancellation_state).cancelled() !=
            asio::cancellation_type::none) {
            co_return cancelled_error(child);
        }
        if (stdout_data.too_large) {
            child.reap_blocking();
            co_return fail("wrote more than " + std::to_string(o_.max_output_bytes) +
                               " bytes to stdout",
                           errc::response_too_large);
        }

        // Both pipes are closed; the child is exiting. Poll for its status (bounded by the
        // same deadline: a child that closes its output and keeps running is killed).
        while (!child.try_reap()) {
            if (std::chrono::steady_clock::now() >= deadline.expiry()) co_return timed_out(child);
            asio::steady_timer pause(ex);
            pause.expires_after(std::chrono::milliseconds(2));
            auto [pec] = co_await pause.async_wait(use_tuple);
            if (pec) co_return cancelled_error(child);
        }
        if (!child.status_unknown()) {
            const int st = child.status();
            if (WIFSIGNALED(st)) {
                co_return fail("was killed by signal " + std::to_string(WTERMSIG(st)));
            }
            if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
                std::string why = "exited with status " + std::to_string(WEXITSTATUS(st));
                // The tool's own text: redacted like everything the library prints (a tool
                // may echo what it failed to refresh).
                std::string line = log::redact(first_line(stderr_data.data));
                if (!line.empty()) why += ": " + line;
                co_return fail(why);
            }
        }

        auto parsed = parse_credentials_document(stdout_data.data,
                                                 credentials_document::process_v1,
                                                 now_or_system(o_.now));
        if (auto* bad = std::get_if<document_error>(&parsed)) {
            co_return fail("output: " + bad->why,
                           bad->expired ? errc::expired_token : errc::malformed_response);
        }
        auto& c = std::get<credentials>(parsed);
        c.source = o_.source;
        co_return std::make_shared<const credentials>(std::move(c));
    }

    /// posix_spawn of /bin/sh in a process group of its own, with stdin on /dev/null, stdout and stderr on the pipes, the signal mask
    /// cleared and SIGPIPE at its default (the caller's threads may block or ignore them).
    int spawn(std::vector<std::string>& args, int out_fd, int err_fd, pid_t& pid) const {
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        std::vector<std::string> env_strings = o_.env.to_strings();
        std::vector<char*> envp;
        for (auto& e : env_strings) envp.push_back(e.data());
        envp.push_back(nullptr);

        posix_spawn_file_actions_t actions;
        posix_spawnattr_t attr;
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attr);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
        posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
        sigset_t none;
        sigemptyset(&none);
        posix_spawnattr_setsigmask(&attr, &none);
        sigset_t defaults;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGPIPE);
        posix_spawnattr_setsigdefault(&attr, &defaults);
        posix_spawnattr_setpgroup(&attr, 0);  // a group of its own, led by the shell
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
        const int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        return rc;
    }

    error timed_out(child_process& child) const {
        child.kill_now();
        child.reap_blocking();
        return fail("timed out after " + std::to_string(o_.timeout.count()) +
                        " ms (the process was killed)",
                    errc::attempt_timeout);
    }

    error cancelled_error(child_process& child) const {
        child.kill_now();
        child.reap_blocking();
        return fail("was cancelled", errc::cancelled);
    }

    process_options o_;
};

}  // namespace

credentials_provider_ptr make_process_provider(process_options opts) {
    return std::make_shared<process_provider>(std::move(opts));
}

}  // namespace awsconnect::creds

namespace awsconnect {

credentials_provider_ptr make_process_credentials_provider(std::string command,
                                                           std::chrono::milliseconds timeout) {
    creds::process_options o;
    o.command = std::move(command);
    o.timeout = timeout;
    o.env = config::environment::from_process();
    return creds::make_process_provider(std::move(o));
}

}  // namespace awsconnect
