// awsconnect: the logging hook.
//
// The library never writes to the process's stderr (or anywhere else) by itself: every line
// it has to say goes to a sink, with its level and the component that wrote it. The caller
// chooses the level from which lines are made and where they go (`client_config::logger`,
// `emulator::server_config::logger`).
//
//   level    component     lines
//   warning  client        TLS verification is off (tls.insecure_skip_verify)
//   debug    client        the endpoint chosen when the client is built, and how
//   debug    transport     host name resolved; connection opened (address, TLS handshake full
//                          or resumed), connect failed, connection reused, connection closed
//                          (and why: idle timeout, lifetime, closed by the server, poisoned,
//                          shutdown); a request replayed after a stale keep-alive connection
//   debug    retry         an attempt failed and is retried: why, after which delay; or why
//                          a failed call is not retried
//   debug    credentials   a credentials refresh started, finished (source, expiration) or
//                          failed (why, and what the calls use meanwhile)
//   error    emulator      the emulator's handlers threw (a bug)
//
// Default: warnings and errors only, written by `stderr_log_sink()` as one line each
// ("awsconnect: [client] WARNING: TLS verification is off ..."). Set `sink` to take them
// elsewhere, or `level = log_level::off` to silence them.
//
// Secrets: every line is redacted before it reaches the sink, by the same rules as anything
// else the library prints: values of secret keys, session and bearer tokens, signatures,
// Authorization headers and URL passwords are replaced by "<redacted>". Lines never contain
// them in the first place; the redaction is the second line of defence.
//
// Cost: a line below the level is never formatted; what the library pays for it is one
// comparison of two integers (no allocation, no call through the sink).
//
// Example (compiled by the build from this comment): every line from debug level on, kept
// by the caller.
//
// ```cpp
// #include <awsconnect/client_config.hpp>
// #include <mutex>
// #include <string>
// #include <vector>
//
// struct kept_lines {
//     std::mutex mutex;  // the sink may be called from several threads at once
//     std::vector<std::string> lines;
// };
//
// awsconnect::client_config with_debug_log(kept_lines& kept) {
//     awsconnect::client_config config;
//     config.region = "us-east-1";
//     config.logger.level = awsconnect::log_level::debug;
//     config.logger.sink = [&kept](awsconnect::log_level level, std::string_view component,
//                                  std::string_view message) {
//         std::lock_guard lock(kept.mutex);
//         kept.lines.push_back(std::string(awsconnect::to_string(level)) + " " + std::string(component) +
//                              ": " + std::string(message));
//     };
//     return config;
// }
// ```
//
// Thread safety: the sink may be called from any thread that runs the client's (or the
// emulator's) work, concurrently when several do: it must be thread-safe. It is never
// called with a lock of the library held, so it may call back into the client (stats()).
// Exception safety: an exception thrown by the sink is caught and the line dropped.
// Object lifetimes: the string_views are valid only during the sink call. The client copies
// the sink once, when it is built, and calls it no more once it is destroyed (work that ends
// later, such as a connect being cancelled or a credentials refresh, writes nothing).
#pragma once

#include <functional>
#include <string_view>

namespace awsconnect {

/// How important a log line is, in increasing order; `off` is only a threshold.
enum class log_level {
    debug,    ///< what the library does, step by step (connections, retries, refreshes)
    info,     ///< noteworthy events that need no action
    warning,  ///< a setting or event that deserves attention (TLS verification off)
    error,    ///< something failed that the library cannot report through a result
    off,      ///< as a threshold: no line at all
};

/// "debug", "info", "warning", "error", "off".
std::string_view to_string(log_level level) noexcept;

/// Receives one line: its level, the component that wrote it ("client", "transport",
/// "retry", "credentials", "emulator") and the message (one line, no newline, redacted).
using log_sink = std::function<void(log_level level, std::string_view component, std::string_view message)>;

/// The default sink: writes "awsconnect: [component] LEVEL: message\n" to stderr, with one
/// write per line (lines of concurrent threads do not interleave).
log_sink stderr_log_sink();

struct log_config {
    /// Lines below this level are neither made nor passed on. Default: warnings and errors.
    log_level level = log_level::warning;
    /// Where lines go. Empty: stderr_log_sink().
    log_sink sink;
};

}  // namespace awsconnect
