// The AWS CLI v2 (Debian's awscli, /usr/bin/aws; official_clients.hpp) drives every
// phone-number lifecycle operation against the emulator, unchanged apart from
// --endpoint-url and the CA file: it signs with its own SigV4 code (bodies included),
// serializes with its own restJson1 code, walks pages with its own paginator and parses the
// emulator's answers and errors with its own parser, the independent check of the
// emulator's wire format. The newer operations and members come from the shared model
// through AWS_DATA_PATH (official_lifecycle_clients.hpp); one test runs the CLI's own model
// to show which operations it has. The main (official_client_main.cpp) fails or skips
// (exit 77) before any test when the CLI is not usable.
#include "official_lifecycle_clients.hpp"

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace awsconnect::emulator::test;
using namespace awsconnect::emulator::test::lifecycle_clients;
using namespace std::chrono;
namespace json = boost::json;

TEST_SUITE("emulator.official_clients.aws_cli.lifecycle") {

TEST_CASE("the AWS CLI drives every operation (the shared model through AWS_DATA_PATH)") {
    scratch_dir dir;
    const std::string data_path = make_data_path(dir);
    auto s = start_emulator(clients_config());
    const auto env = client_env(*s, data_path);
    auto aws = [&](std::vector<std::string> args) {
        std::vector<std::string> argv{aws_cli_program, "connect"};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.push_back("--endpoint-url");
        argv.push_back(s->url());
        return run_command(argv, env, client_timeout);
    };
    const run_result version = run_command({aws_cli_program, "--version"}, env, client_timeout);
    MESSAGE("using " << version.out << version.err);

    // Search: the CLI walks every page (--page-size sets MaxResults).
    const json::value found = json_of(aws({"search-available-phone-numbers", "--instance-id", instance,
                                           "--phone-number-country-code", "US", "--phone-number-type",
                                           "TOLL_FREE", "--page-size", "3"}));
    std::vector<std::string> expected;
    for (std::uint64_t i = 0; i < 10; ++i) expected.push_back(pool_phone_number({"US", "TOLL_FREE", "+1800"}, i));
    CHECK(numbers_of(found.at("AvailableNumbersList")) == expected);
    CHECK(s->get_counters().search_available_phone_numbers.ok == 4);  // 3 + 3 + 3 + 1

    // Claim, with a description, tags and a token; the same token replays the same id.
    const std::vector<std::string> claim_args{"claim-phone-number", "--instance-id", instance,
                                              "--phone-number", "+18000000004",
                                              "--phone-number-description", "front desk",
                                              "--tags", "team=support,floor=3",
                                              "--client-token", "cli-claim-1"};
    const json::value claimed = json_of(aws(claim_args));
    const std::string id(claimed.at("PhoneNumberId").as_string());
    CHECK(claimed.at("PhoneNumberArn").as_string() == arn_base + "phone-number/" + id);
    CHECK(json_of(aws(claim_args)) == claimed);
    CHECK(s->get_counters().claim_phone_number.commits == 1);
    CHECK(s->get_counters().claim_phone_number.replays == 1);

    // Describe: IN_PROGRESS, then CLAIMED once the emulator's clock passes the latency.
    auto summary = [&](const std::string& which) {
        return json_of(aws({"describe-phone-number", "--phone-number-id", which})).at("ClaimedPhoneNumberSummary");
    };
    CHECK(summary(id).at("PhoneNumberStatus").at("Status").as_string() == "IN_PROGRESS");
    settle(*s);
    const json::value described = summary(id);
    CHECK(described.at("PhoneNumberStatus").at("Status").as_string() == "CLAIMED");
    CHECK(described.at("PhoneNumber").as_string() == "+18000000004");
    CHECK(described.at("PhoneNumberDescription").as_string() == "front desk");
    CHECK(described.at("Tags") == json::parse(R"({"team":"support","floor":"3"})"));
    CHECK(described.at("InstanceId").as_string() == instance);
    CHECK(summary(arn_base + "phone-number/" + id) == described);  // an ARN, encoded by the CLI

    // List, walked page by page by the CLI, with filters; --max-results asks for one page,
    // and its NextToken for the next.
    const json::value listed = json_of(aws({"list-phone-numbers-v2", "--instance-id", instance, "--page-size", "2"}));
    CHECK(numbers_of(listed.at("ListPhoneNumbersSummaryList")) ==
          std::vector<std::string>{"+15550000000", "+15550000001", "+15550000002", "+15550000003", "+18000000004"});
    const json::value page = json_of(aws({"list-phone-numbers-v2", "--instance-id", instance, "--max-results", "3"}));
    CHECK(numbers_of(page.at("ListPhoneNumbersSummaryList")) ==
          std::vector<std::string>{"+15550000000", "+15550000001", "+15550000002"});
    const std::string token(page.at("NextToken").as_string());
    const json::value rest = json_of(aws({"list-phone-numbers-v2", "--instance-id", instance, "--max-results", "3",
                                          "--next-token", token}));
    CHECK(numbers_of(rest.at("ListPhoneNumbersSummaryList")) ==
          std::vector<std::string>{"+15550000003", "+18000000004"});
    CHECK_FALSE(rest.as_object().contains("NextToken"));
    const json::value filtered = json_of(aws({"list-phone-numbers-v2", "--phone-number-country-codes", "US",
                                              "--phone-number-types", "TOLL_FREE", "--phone-number-prefix", "+1800"}));
    CHECK(numbers_of(filtered.at("ListPhoneNumbersSummaryList")) == std::vector<std::string>{"+18000000004"});

    // Update to a traffic distribution group, then the metadata; Release waits for the move.
    const json::value moved = json_of(aws({"update-phone-number", "--phone-number-id", id, "--target-arn",
                                           tdg_arn, "--client-token", "cli-move-1"}));
    CHECK(moved.at("PhoneNumberId").as_string() == id);
    const run_result busy = aws({"release-phone-number", "--phone-number-id", id});
    CHECK(busy.exit_code != 0);
    CHECK_MESSAGE(busy.err.find("(ResourceInUseException) when calling the ReleasePhoneNumber operation") !=
                      std::string::npos, busy.err);
    settle(*s);
    CHECK(json_of(aws({"update-phone-number-metadata", "--phone-number-id", id, "--phone-number-description",
                       "moved", "--client-token", "cli-meta-1"})) == json::object{});
    const json::value after = summary(id);
    CHECK(after.at("TargetArn").as_string() == tdg_arn);
    CHECK(after.at("PhoneNumberDescription").as_string() == "moved");
    CHECK(json_of(aws({"release-phone-number", "--phone-number-id", id, "--client-token", "cli-release-1"})) ==
          json::object{});
    CHECK(json_of(aws({"release-phone-number", "--phone-number-id", id, "--client-token", "cli-release-1"})) ==
          json::object{});  // replayed

    // Modeled errors, as the CLI reports them.
    auto fails_with = [&](std::vector<std::string> args, const std::string& type, const std::string& operation) {
        const run_result r = aws(std::move(args));
        CHECK(r.exit_code.has_value());
        CHECK(r.exit_code != 0);
        CHECK_MESSAGE(r.err.find("(" + type + ") when calling the " + operation + " operation") != std::string::npos,
                      r.err);
    };
    fails_with({"describe-phone-number", "--phone-number-id", id}, "ResourceNotFoundException", "DescribePhoneNumber");
    fails_with({"claim-phone-number", "--instance-id", instance, "--phone-number", "+15550000000"},
               "InvalidParameterException", "ClaimPhoneNumber");
    fails_with({"claim-phone-number", "--instance-id", instance, "--phone-number", "+18000000005",
                "--client-token", "cli-claim-1"},
               "IdempotencyException", "ClaimPhoneNumber");
    fails_with({"update-phone-number", "--phone-number-id", claimed_phone_number_id(0), "--instance-id", "nope"},
               "ResourceNotFoundException", "UpdatePhoneNumber");

    const counters n = s->get_counters();
    CHECK(n.release_phone_number.commits == 1);
    CHECK(n.update_phone_number.commits == 1);
    CHECK(n.update_phone_number_metadata.commits == 1);
    CHECK(n.invalid_signature == 0);  // every CLI signature verified, bodies included
    CHECK(n.claimed_twice == 0);
    CHECK(n.released_twice == 0);
}

TEST_CASE("the AWS CLI with Debian's own model: six operations by TargetArn, and no UpdatePhoneNumberMetadata") {
    auto s = start_emulator(clients_config());
    const auto env = client_env(*s, "");
    auto aws = [&](std::vector<std::string> args) {
        std::vector<std::string> argv{aws_cli_program, "connect"};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.push_back("--endpoint-url");
        argv.push_back(s->url());
        return run_command(argv, env, client_timeout);
    };
    const json::value found = json_of(aws({"search-available-phone-numbers", "--target-arn", instance_arn_text,
                                           "--phone-number-country-code", "GB", "--phone-number-type", "DID"}));
    CHECK(numbers_of(found.at("AvailableNumbersList")).size() == 10);
    const std::string id(json_of(aws({"claim-phone-number", "--target-arn", instance_arn_text,
                                      "--phone-number", "+442070000000"})).at("PhoneNumberId").as_string());
    settle(*s);
    CHECK(json_of(aws({"describe-phone-number", "--phone-number-id", id}))
              .at("ClaimedPhoneNumberSummary").at("PhoneNumber").as_string() == "+442070000000");
    CHECK(numbers_of(json_of(aws({"list-phone-numbers-v2", "--target-arn", instance_arn_text}))
                         .at("ListPhoneNumbersSummaryList")).size() == 5);
    CHECK(json_of(aws({"update-phone-number", "--phone-number-id", id, "--target-arn", tdg_arn}))
              .at("PhoneNumberId").as_string() == id);
    settle(*s);
    CHECK(json_of(aws({"release-phone-number", "--phone-number-id", id})) == json::object{});
    const run_result unknown = aws({"update-phone-number-metadata", "--phone-number-id", id});
    CHECK(unknown.exit_code == 252);  // the CLI's usage error: it does not know the operation
    CHECK(s->get_counters().update_phone_number_metadata.requests == 0);
}

}  // TEST_SUITE
