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
#include <sstream>

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

TEST_CASE("which errors are final") {
    CHECK(is_final(error_kind::resource_not_found));
    CHECK(is_final(error_kind::resource_in_use));
    CHECK(is_final(error_kind::idempotency_conflict));
    CHECK(is_final(error_kind::validation_error));
    CHECK(is_final(error_kind::access_denied));
    CHECK_FALSE(is_final(error_kind::timeout));
    CHECK_FALSE(is_final(error_kind::throttled));
    CHECK_FALSE(is_final(error_kind::connection_error));
    CHECK_FALSE(is_final(error_kind::service_error));
    CHECK_FALSE(is_final(error_kind::cancelled));
    CHECK_FALSE(is_final(error_kind::retry_quota_exceeded));
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
