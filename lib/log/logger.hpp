// The library's logger: the caller's log_config (<awsconnect/log.hpp>) made ready to use,
// shared by everything a client builds (transport, credentials cache, orchestration).
//
// Lines are written only when their level is enabled, and are made only then:
//
//     log.debug("transport", [&] { return "connection " + std::to_string(id) + " opened"; });
//
// The lambda runs only when debug is enabled; otherwise the cost is the inline level
// comparison (no formatting, no allocation). Every line is redacted (redact.hpp) before it
// reaches the sink, and a sink that throws loses its line, never the call.
//
// Callers must not write a line while holding one of their locks: the sink may call back
// into the library.
//
// Lifetime: the owner (the client) calls stop() when it is destroyed; work of its that
// finishes later (a connect, a credentials refresh still running) then writes nothing, so
// the caller's sink never runs after the client is gone.
//
// Thread safety: write() and stop() may be called from any thread; the level and the sink
// do not change after construction.
#pragma once

#include <awsconnect/log.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace awsconnect::log {

class logger {
public:
    /// Writes nothing.
    logger() noexcept = default;
    /// The caller's configuration; an empty sink is the default (stderr) sink.
    explicit logger(log_config config);

    /// Whether lines of `level` are written: the check to make before building one.
    bool enabled(log_level level) const noexcept {
        return static_cast<int>(level) >= static_cast<int>(threshold_);
    }

    /// Writes the line `make()` returns (a string) if `level` is enabled.
    template <class MakeLine>
    void write_if(log_level level, std::string_view component, MakeLine&& make) const {
        if (enabled(level)) write(level, component, std::forward<MakeLine>(make)());
    }
    template <class MakeLine>
    void debug(std::string_view component, MakeLine&& make) const {
        write_if(log_level::debug, component, std::forward<MakeLine>(make));
    }
    template <class MakeLine>
    void warning(std::string_view component, MakeLine&& make) const {
        write_if(log_level::warning, component, std::forward<MakeLine>(make));
    }

    /// Redacts `message` and hands it to the sink (whatever the level; check it first).
    void write(log_level level, std::string_view component, std::string_view message) const noexcept;

    /// No line is written after this.
    void stop() const noexcept { stopped_.store(true, std::memory_order_release); }

private:
    log_level threshold_ = log_level::off;
    log_sink sink_;
    mutable std::atomic<bool> stopped_{false};
};

using logger_ptr = std::shared_ptr<const logger>;

/// A shared logger that writes nothing (the default of the options that take one).
logger_ptr no_logger() noexcept;

/// A shared logger for `config`.
logger_ptr make_logger(log_config config);

}  // namespace awsconnect::log
