// The logger, the default sink and the level names.
#include "log/logger.hpp"

#include "log/redact.hpp"

#include <cstdio>

namespace awsconnect {

std::string_view to_string(log_level level) noexcept {
    switch (level) {
        case log_level::debug: return "debug";
        case log_level::info: return "info";
        case log_level::warning: return "warning";
        case log_level::error: return "error";
        case log_level::off: return "off";
    }
    return "unknown";
}

log_sink stderr_log_sink() {
    return [](log_level level, std::string_view component, std::string_view message) {
        std::string_view name = "DEBUG";
        switch (level) {
            case log_level::debug: name = "DEBUG"; break;
            case log_level::info: name = "INFO"; break;
            case log_level::warning: name = "WARNING"; break;
            case log_level::error: name = "ERROR"; break;
            case log_level::off: return;
        }
        std::string line;
        line.reserve(24 + component.size() + message.size());
        line.append("awsconnect: [").append(component).append("] ").append(name).append(": ").append(message);
        line.push_back('\n');
        // One write per line: stdio locks the stream for it, so concurrent lines stay whole.
        std::fwrite(line.data(), 1, line.size(), stderr);
    };
}

namespace log {

logger::logger(log_config config)
    : threshold_(config.level), sink_(config.sink ? std::move(config.sink) : stderr_log_sink()) {}

void logger::write(log_level level, std::string_view component, std::string_view message) const noexcept {
    if (!sink_ || level == log_level::off || stopped_.load(std::memory_order_acquire)) return;
    try {
        const std::string clean = redact(message);
        sink_(level, component, clean);
    } catch (...) {
        // The line is lost; the library's work goes on (a log sink must never fail a call).
    }
}

logger_ptr no_logger() noexcept {
    static const logger nothing;
    // Aliasing constructor: shares no ownership, allocates nothing.
    return logger_ptr(logger_ptr(), &nothing);
}

logger_ptr make_logger(log_config config) { return std::make_shared<const logger>(std::move(config)); }

}  // namespace log
}  // namespace awsconnect
