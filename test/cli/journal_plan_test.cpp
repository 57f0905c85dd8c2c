// The journal's plan of a release by filter and the input journaled with a claim
// (tools/cli/journal.hpp), with exact text.
#include "journal.hpp"

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::cli;

TEST_SUITE("cli journal") {

TEST_CASE("plan lines, exact; read back in order, each id once") {
    const std::string filter = R"({"instance_id":"i-1","phone_number_types":["DID"]})";
    const std::string lines = plan_lines({"b", "a"}, filter);
    CHECK(lines == R"({"event":"listed","id":"b"})"
                   "\n"
                   R"({"event":"listed","id":"a"})"
                   "\n"
                   R"({"event":"plan","count":2,"filter":{"instance_id":"i-1","phone_number_types":["DID"]}})");
    const auto plan = parse_plan(lines + "\n" + R"({"event":"listed","id":"b"})" + "\n");
    CHECK(plan.complete);
    CHECK(plan.ids == std::vector<std::string>{"b", "a"});
    CHECK(plan.filter == filter);
}

TEST_CASE("a plan cut short by a crash is not complete; listed ids are known, without a token") {
    const std::string lines = plan_lines({"x", "y"}, "{}");
    const std::string cut = lines.substr(0, lines.rfind('\n') + 10);  // the plan line is cut
    const auto plan = parse_plan(cut);
    CHECK_FALSE(plan.complete);
    CHECK(plan.ids == std::vector<std::string>{"x", "y"});
    std::size_t skipped = 0;
    const auto state = parse_journal(cut, &skipped);
    CHECK(skipped == 1);  // the cut line
    REQUIRE(state.size() == 2);
    CHECK(state.at("x").token.empty());
    CHECK_FALSE(state.at("x").finished);
}

TEST_CASE("listed, then started and ended: the entry has the token and the outcome") {
    const std::string text = plan_lines({"x", "y"}, "{}") + "\n" + start_line("x", "tx") + "\n" +
                             end_line("x", "tx", true, R"({"success":true,"data":{}})") + "\n" + start_line("y", "ty") + "\n";
    const auto state = parse_journal(text);
    CHECK(state.at("x").finished);
    CHECK(state.at("x").succeeded);
    CHECK(state.at("y").token == "ty");
    CHECK_FALSE(state.at("y").finished);
    // A later "listed" line never drops what is known.
    const auto again = parse_journal(text + plan_lines({"y"}, "{}") + "\n");
    CHECK(again.at("y").token == "ty");
}

TEST_CASE("a start line carries the call's input; the last start's input is kept") {
    CHECK(start_line("+18005550100", "t1", R"({"instance_id":"i-1","tags":{"a":"b"}})") ==
          R"({"event":"start","id":"+18005550100","token":"t1","params":{"instance_id":"i-1","tags":{"a":"b"}}})");
    const std::string text = start_line("+18005550100", "t1", R"({"instance_id":"i-1"})") + "\n" +
                             end_line("+18005550100", "t1", false, R"({"success":false,"error":{"code":"THROTTLED"}})") + "\n";
    const auto state = parse_journal(text);
    CHECK(state.at("+18005550100").params == R"({"instance_id":"i-1"})");
    CHECK(state.at("+18005550100").token == "t1");
    CHECK_FALSE(state.at("+18005550100").finished);  // THROTTLED is never final
    CHECK(parse_journal(start_line("n", "t") + "\n").at("n").params.empty());
}

}  // TEST_SUITE
