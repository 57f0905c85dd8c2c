// Splitting credential_process command lines: each case is what Python's
// shlex.split(line) (POSIX mode, which botocore uses) returns for the same line, so a line
// that works with the AWS CLI runs the same program with the same arguments here.
#include "credentials/command_line.hpp"

#include <doctest/doctest.h>

using namespace awsconnect::creds;
using args = std::vector<std::string>;

namespace {
args split(std::string_view line) {
    auto r = split_command_line(line);
    REQUIRE_MESSAGE(r.error.empty(), r.error);
    return r.args;
}
std::string split_error(std::string_view line) {
    auto r = split_command_line(line);
    CHECK(r.args.empty());
    return r.error;
}
}  // namespace

TEST_SUITE("command_line") {

TEST_CASE("words separated by any whitespace") {
    CHECK(split("/usr/bin/tool") == args{"/usr/bin/tool"});
    CHECK(split("  tool   --profile  dev ") == args{"tool", "--profile", "dev"});
    CHECK(split("tool\t--a\n--b\r\n") == args{"tool", "--a", "--b"});
}

TEST_CASE("quotes") {
    CHECK(split("tool 'a b' \"c d\"") == args{"tool", "a b", "c d"});
    CHECK(split("tool a\"b c\"d") == args{"tool", "ab cd"});
    CHECK(split("tool '' \"\"") == args{"tool", "", ""});
    CHECK(split("tool 'it\"s'") == args{"tool", "it\"s"});
    CHECK(split("tool \"it's\"") == args{"tool", "it's"});
    CHECK(split("'/path with space/tool' --x") == args{"/path with space/tool", "--x"});
}

TEST_CASE("backslashes") {
    CHECK(split("tool a\\ b") == args{"tool", "a b"});
    CHECK(split("tool \\'x\\'") == args{"tool", "'x'"});
    CHECK(split("tool \"a\\\"b\"") == args{"tool", "a\"b"});
    CHECK(split("tool \"a\\\\b\"") == args{"tool", "a\\b"});
    CHECK(split("tool \"a\\nb\"") == args{"tool", "a\\nb"});  // kept inside double quotes
    CHECK(split("tool 'a\\nb'") == args{"tool", "a\\nb"});    // literal inside single quotes
    CHECK(split("C:\\\\tools\\\\x.exe") == args{"C:\\tools\\x.exe"});
}

TEST_CASE("no shell: variables, globs and operators are plain text") {
    CHECK(split("tool $HOME *.json | cat > out; rm -rf x") ==
          args{"tool", "$HOME", "*.json", "|", "cat", ">", "out;", "rm", "-rf", "x"});
    CHECK(split("tool # not a comment") == args{"tool", "#", "not", "a", "comment"});
}

TEST_CASE("errors") {
    CHECK(split_error("") == "empty command");
    CHECK(split_error("   \t ") == "empty command");
    CHECK(split_error("tool 'open") == "no closing quotation");
    CHECK(split_error("tool \"open") == "no closing quotation");
    CHECK(split_error("tool \\") == "no escaped character after a final backslash");
}

}  // TEST_SUITE
