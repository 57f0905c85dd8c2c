// The bulk journal, the ids file and the exit codes (tools/cli/journal.hpp), with exact text.
//
// Strategy: the journal is what makes a rerun after a crash safe, so each rule of its
// format is pinned: which ids count as finished, that the token of an unfinished id is
// kept, that a line cut short by a crash is ignored and the file is repaired, and that each
// append reaches the file before it returns.
#include "journal.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace awsconnect;
using namespace awsconnect::cli;

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST_SUITE("cli journal") {

TEST_CASE("journal lines, exact") {
    CHECK(start_line("pn-1", "tok-1") == R"({"event":"start","id":"pn-1","token":"tok-1"})");
    CHECK(end_line("pn-1", "tok-1", true, R"({"success":true,"data":{"id":"pn-1"}})") ==
          R"({"event":"end","id":"pn-1","token":"tok-1","final":true,"outcome":{"success":true,"data":{"id":"pn-1"}}})");
}

TEST_CASE("an id is finished only by a final end; a started id keeps its token") {
    const std::string text = start_line("a", "ta") + "\n" + start_line("b", "tb") + "\n" +
                             end_line("a", "ta", true, R"({"success":true,"data":{}})") + "\n" + start_line("c", "tc") + "\n" +
                             end_line("c", "tc", false, R"({"success":false,"error":{"code":"TIMEOUT"}})") + "\n" +
                             start_line("d", "td") + "\n" + end_line("d", "td", true, R"({"success":false,"error":{"code":"RESOURCE_NOT_FOUND"}})") + "\n";
    std::size_t skipped = 99;
    const auto s = parse_journal(text, &skipped);
    CHECK(skipped == 0);
    REQUIRE(s.size() == 4);
    CHECK(s.at("a").finished);
    CHECK(s.at("a").succeeded);
    CHECK_FALSE(s.at("b").finished);
    CHECK(s.at("b").token == "tb");
    CHECK_FALSE(s.at("c").finished);  // a timeout may be retried, with the same token
    CHECK(s.at("c").token == "tc");
    CHECK(s.at("d").finished);
    CHECK_FALSE(s.at("d").succeeded);
}

TEST_CASE("a line cut short by a crash, and garbage lines, are skipped") {
    const std::string text = start_line("a", "ta") + "\nnot json\n{\"event\":\"start\"}\n" + start_line("b", "tb").substr(0, 20);
    std::size_t skipped = 0;
    const auto s = parse_journal(text, &skipped);
    CHECK(skipped == 3);
    REQUIRE(s.size() == 1);
    CHECK(s.at("a").token == "ta");
}

TEST_CASE("which outcomes are final: a decision for every envelope code") {
    // The rule, written out: final = trying again (same token) cannot change the outcome.
    const std::map<std::string, bool> expected = {
        {"VALIDATION_ERROR", true},         {"INVALID_PARAMETER", true},     {"RESOURCE_NOT_FOUND", true},
        {"IDEMPOTENCY_CONFLICT", true},     {"ACCESS_DENIED", false},        {"RESOURCE_IN_USE", false},
        {"THROTTLED", false},               {"SERVICE_ERROR", false},        {"TIMEOUT", false},
        {"CONNECTION_ERROR", false},        {"TLS_ERROR", false},            {"AUTH_ERROR", false},
        {"CREDENTIALS_UNAVAILABLE", false}, {"RETRY_QUOTA_EXCEEDED", false}, {"CANCELLED", false},
        {"PROTOCOL_ERROR", false},
    };
    // Every envelope code there is (to_string answers UNKNOWN past the last): a code added
    // later without a decision here fails.
    std::size_t codes = 0;
    for (int k = 1; to_string(static_cast<error_kind>(k)) != "UNKNOWN"; ++k) {
        const auto kind = static_cast<error_kind>(k);
        const std::string code(to_string(kind));
        CAPTURE(code);
        ++codes;
        REQUIRE_MESSAGE(expected.count(code) == 1, "no finality decided for " << code);
        CHECK(is_final_outcome(kind) == expected.at(code));
        // The journal reads the code back to the same kind.
        CHECK(error_kind_from_string(code) == kind);
        // And a journal line with that outcome finishes its id exactly when it is final.
        const auto s = parse_journal(end_line("x", "tx", true, R"({"success":false,"error":{"code":")" + code + R"("}})") + "\n");
        CHECK(s.at("x").finished == expected.at(code));
        CHECK_FALSE(s.at("x").succeeded);
    }
    CHECK(codes == expected.size());
    CHECK_FALSE(error_kind_from_string("UNKNOWN").has_value());
    CHECK_FALSE(error_kind_from_string("auth_error").has_value());
}

TEST_CASE("finality is read from the outcome: an old journal's final AUTH_ERROR or TLS_ERROR is retried") {
    // Written by a version that called these final: the rerun must not skip them.
    const std::string text =
        start_line("a", "ta") + "\n" + end_line("a", "ta", true, R"({"success":false,"error":{"code":"AUTH_ERROR"}})") + "\n" +
        start_line("t", "tt") + "\n" + end_line("t", "tt", true, R"({"success":false,"error":{"code":"TLS_ERROR"}})") + "\n" +
        start_line("n", "tn") + "\n" + end_line("n", "tn", false, R"({"success":false,"error":{"code":"RESOURCE_NOT_FOUND"}})") + "\n" +
        start_line("u", "tu") + "\n" + end_line("u", "tu", true, R"({"success":false,"error":{"code":"FUTURE_CODE"}})") + "\n" +
        start_line("m", "tm") + "\n" + R"({"event":"end","id":"m","token":"tm","final":true})" + "\n";
    std::size_t skipped = 99;
    const auto s = parse_journal(text, &skipped);
    CHECK(skipped == 0);
    REQUIRE(s.size() == 5);
    CHECK_FALSE(s.at("a").finished);
    CHECK(s.at("a").token == "ta");
    CHECK_FALSE(s.at("t").finished);
    CHECK(s.at("t").token == "tt");
    CHECK(s.at("n").finished);          // final by its code, whatever the line says
    CHECK_FALSE(s.at("u").finished);    // an unknown code: retried (the same token is safe)
    CHECK_FALSE(s.at("m").finished);    // no outcome: retried
}

TEST_CASE("the journal file: appends are on disk when append returns; a torn last line is repaired") {
    const auto path = (std::filesystem::temp_directory_path() / "awsconnect-journal-test.journal").string();
    std::filesystem::remove(path);
    {
        journal_state st;
        auto j = journal_file::open(path, st);
        REQUIRE(j.has_value());
        CHECK(st.empty());
        REQUIRE(j->append(start_line("a", "ta")).has_value());
        CHECK(slurp(path) == start_line("a", "ta") + "\n");
    }
    // A crash in the middle of a line.
    {
        std::ofstream out(path, std::ios::app);
        out << R"({"event":"start","id":"b","tok)";
    }
    {
        journal_state st;
        auto j = journal_file::open(path, st);
        REQUIRE(j.has_value());
        CHECK(st.size() == 1);
        REQUIRE(j->append(start_line("c", "tc")).has_value());
    }
    journal_state st;
    auto j = journal_file::open(path, st);
    REQUIRE(j.has_value());
    CHECK(st.size() == 2);
    CHECK(st.at("c").token == "tc");
    std::filesystem::remove(path);
}

TEST_CASE("an unwritable journal is a clear error") {
    journal_state st;
    auto j = journal_file::open("/nonexistent-dir/x.journal", st);
    REQUIRE_FALSE(j.has_value());
    CHECK(j.error().message.find("cannot open the journal '/nonexistent-dir/x.journal'") == 0);
}

TEST_CASE("a new journal is created with mode 0600 and its directory synced; an existing one keeps its mode") {
    const auto dir = std::filesystem::temp_directory_path() / ("awsconnect-journal-mode-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = (dir / "run.journal").string();
    const mode_t old_mask = ::umask(0);  // the mode must not depend on a permissive umask
    {
        journal_state st;
        auto j = journal_file::open(path, st);
        REQUIRE(j.has_value());
        CHECK(j->created());
    }
    ::umask(old_mask);
    struct stat sb {};
    REQUIRE(::stat(path.c_str(), &sb) == 0);
    CHECK((sb.st_mode & 07777) == 0600);
    {
        journal_state st;
        auto j = journal_file::open(path, st);
        REQUIRE(j.has_value());
        CHECK_FALSE(j->created());  // nothing created: no directory entry to sync
    }
    CHECK(sync_directory(dir.string()).has_value());
    const auto missing = sync_directory((dir / "nope").string());
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().message.find("cannot open the directory '" + (dir / "nope").string() + "' to sync it") == 0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("the journal is locked while open: a second open fails at once, naming it; after close it opens") {
    const auto path = (std::filesystem::temp_directory_path() / ("awsconnect-journal-lock-" + std::to_string(::getpid()))).string();
    std::filesystem::remove(path);
    {
        journal_state st;
        auto first = journal_file::open(path, st);
        REQUIRE(first.has_value());
        REQUIRE(first->append(start_line("a", "ta")).has_value());
        journal_state st2;
        auto second = journal_file::open(path, st2);
        REQUIRE_FALSE(second.has_value());
        CHECK(is_journal_locked(second.error()));
        CHECK(second.error().message.find("the journal '" + path + "' is in use by another run") == 0);
        CHECK(st2.empty());  // nothing read behind the holder's back
        // Other errors are not "locked".
        journal_state st3;
        auto bad = journal_file::open("/nonexistent-dir/x.journal", st3);
        REQUIRE_FALSE(bad.has_value());
        CHECK_FALSE(is_journal_locked(bad.error()));
    }
    journal_state st;
    auto again = journal_file::open(path, st);
    REQUIRE(again.has_value());
    CHECK(st.at("a").token == "ta");
    std::filesystem::remove(path);
}

TEST_CASE("ids file: trimmed, comments and blanks ignored, repeats kept once") {
    std::size_t dups = 0;
    const auto ids = parse_ids("# numbers to release\n a \n\nb\r\na\n  # note\nc", &dups);
    CHECK(ids == std::vector<std::string>{"a", "b", "c"});
    CHECK(dups == 1);
}

TEST_CASE("exit codes: one per envelope code") {
    CHECK(exit_code_for(error_kind::validation_error) == 3);
    CHECK(exit_code_for(error_kind::resource_not_found) == 6);
    CHECK(exit_code_for(error_kind::protocol_error) == 18);
    CHECK(exit_partial == 19);
}

}  // TEST_SUITE
