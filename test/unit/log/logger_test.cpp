// The logger (lib/log/logger.hpp): the level threshold (a line below it is never made: its
// lambda does not run), the sink gets level, component and the redacted message, the default
// sink's exact line on stderr (fd 2 captured into a file), a throwing sink loses only its
// line, stop() ends writing, and the public level names.
#include "log/logger.hpp"
#include "support/stderr_capture.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace awsconnect;

namespace {

struct line {
    log_level level;
    std::string component, message;
};

log_config capturing(std::vector<line>& lines, log_level level) {
    log_config c;
    c.level = level;
    c.sink = [&lines](log_level l, std::string_view component, std::string_view message) {
        lines.push_back({l, std::string(component), std::string(message)});
    };
    return c;
}

}  // namespace

TEST_SUITE("logger") {

TEST_CASE("the threshold: lines below it are never made") {
    std::vector<line> lines;
    log::logger l(capturing(lines, log_level::info));
    int made = 0;
    auto make = [&] {
        ++made;
        return std::string("x");
    };
    CHECK_FALSE(l.enabled(log_level::debug));
    CHECK(l.enabled(log_level::info));
    CHECK(l.enabled(log_level::warning));
    CHECK(l.enabled(log_level::error));
    l.debug("transport", make);
    CHECK(made == 0);
    CHECK(lines.empty());
    l.write_if(log_level::info, "retry", make);
    l.warning("client", make);
    l.write_if(log_level::error, "emulator", make);
    CHECK(made == 3);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].level == log_level::info);
    CHECK(lines[0].component == "retry");
    CHECK(lines[1].level == log_level::warning);
    CHECK(lines[1].component == "client");
    CHECK(lines[2].level == log_level::error);
    CHECK(lines[2].component == "emulator");
}

TEST_CASE("off, and the default-constructed logger, make nothing") {
    std::vector<line> lines;
    int made = 0;
    auto make = [&] {
        ++made;
        return std::string("x");
    };
    log::logger off(capturing(lines, log_level::off));
    for (auto lv : {log_level::debug, log_level::info, log_level::warning, log_level::error}) {
        CHECK_FALSE(off.enabled(lv));
        off.write_if(lv, "client", make);
    }
    const log::logger none;
    none.warning("client", make);
    CHECK_FALSE(log::no_logger()->enabled(log_level::error));
    CHECK(made == 0);
    CHECK(lines.empty());
}

TEST_CASE("lines reach the sink redacted") {
    std::vector<line> lines;
    log::logger l(capturing(lines, log_level::debug));
    l.debug("credentials", [] { return std::string("got aws_session_token=FwoGZXIv and Authorization: AWS4 x"); });
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].message == "got aws_session_token=<redacted> and Authorization: <redacted>");
}

TEST_CASE("a sink that throws loses its line, not the caller") {
    int calls = 0;
    log_config c;
    c.level = log_level::debug;
    c.sink = [&calls](log_level, std::string_view, std::string_view) {
        ++calls;
        throw std::runtime_error("sink down");
    };
    log::logger l(std::move(c));
    CHECK_NOTHROW(l.debug("retry", [] { return std::string("a"); }));
    CHECK_NOTHROW(l.debug("retry", [] { return std::string("b"); }));
    CHECK(calls == 2);
}

TEST_CASE("stop(): no line after it") {
    std::vector<line> lines;
    log::logger l(capturing(lines, log_level::debug));
    l.debug("transport", [] { return std::string("before"); });
    l.stop();
    l.debug("transport", [] { return std::string("after"); });
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].message == "before");
}

TEST_CASE("the default sink: one line per message on stderr, level in capitals, and only from the threshold on") {
    test::stderr_capture cap;
    {
        log_config c;  // default: warning, stderr
        CHECK(c.level == log_level::warning);
        CHECK_FALSE(c.sink);
        log::logger l(std::move(c));
        l.debug("transport", [] { return std::string("not written"); });
        l.warning("client", [] { return std::string("TLS verification is off"); });
        l.write_if(log_level::error, "emulator", [] { return std::string("password=x"); });
    }
    {
        log_config c;
        c.level = log_level::debug;
        log::logger l(std::move(c));
        l.debug("retry", [] { return std::string("retrying in 10 ms"); });
        l.write_if(log_level::info, "credentials", [] { return std::string("refreshed"); });
    }
    CHECK(cap.finish() ==
          "awsconnect: [client] WARNING: TLS verification is off\n"
          "awsconnect: [emulator] ERROR: password=<redacted>\n"
          "awsconnect: [retry] DEBUG: retrying in 10 ms\n"
          "awsconnect: [credentials] INFO: refreshed\n");
}

TEST_CASE("level names") {
    CHECK(to_string(log_level::debug) == "debug");
    CHECK(to_string(log_level::info) == "info");
    CHECK(to_string(log_level::warning) == "warning");
    CHECK(to_string(log_level::error) == "error");
    CHECK(to_string(log_level::off) == "off");
}

}  // TEST_SUITE
