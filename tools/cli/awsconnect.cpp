// The `awsconnect` command line: one subcommand per operation of the phone-number
// lifecycle (named as the AWS CLI names them), and two bulk commands with a crash-safe
// journal.
//
//   awsconnect search-available-phone-numbers | claim-phone-number | describe-phone-number |
//              list-phone-numbers-v2 | update-phone-number | update-phone-number-metadata |
//              release-phone-number  [options]
//   awsconnect release-phone-numbers (--from-file ids.txt | --target-arn/--instance-id + filters) ...
//   awsconnect claim-phone-numbers --count N --journal FILE ...
//
// Output: the JSON result envelope on stdout (bulk commands: a JSON line per item). Exit
// codes: 0 success, 2 usage, 3..18 one per envelope code (see --help), 19 some items of a
// bulk run failed, 1 internal error.
#include "commands.hpp"
#include "common.hpp"

#include <cstring>
#include <iostream>
#include <string>

using namespace awsconnect;
using namespace awsconnect::cli;

namespace {

struct command {
    const char* name;
    int (*run)(int, char**);
    const char* summary;
};

constexpr command commands[] = {
    {"search-available-phone-numbers", search_available_phone_numbers_command,
     "search the numbers that can be claimed for an instance (every page)"},
    {"claim-phone-number", claim_phone_number_command, "claim one number for an instance or traffic distribution group"},
    {"describe-phone-number", describe_phone_number_command, "describe a claimed number (target, tags, claim status)"},
    {"list-phone-numbers-v2", list_phone_numbers_v2_command, "list the numbers claimed to an instance (every page)"},
    {"update-phone-number", update_phone_number_command, "move a claimed number to another instance or group"},
    {"update-phone-number-metadata", update_phone_number_metadata_command, "set a claimed number's description"},
    {"release-phone-number", release_phone_number_command, "release one phone number"},
    {"release-phone-numbers", release_phone_numbers_command,
     "release many numbers (from a file, or listed by filter), with a crash-safe journal"},
    {"claim-phone-numbers", claim_phone_numbers_command, "search, then claim N numbers, with a crash-safe journal"},
};

std::string usage() {
    std::string u = "Usage: awsconnect <command> [options]\n\nCommands:\n";
    for (const auto& c : commands) {
        std::string line = "  " + std::string(c.name);
        line.resize(34, ' ');
        u += line + c.summary + "\n";
    }
    u += "\nRun 'awsconnect <command> --help' for the options of a command.\n"
         "'awsconnect --version' prints the version.\n";
    return u;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << usage();
        return exit_usage;
    }
    const std::string cmd = argv[1];
    try {
        for (const auto& c : commands)
            if (cmd == c.name) return c.run(argc - 1, argv + 1);
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            std::cout << usage() << "\n" << exit_codes_help();
            return 0;
        }
        if (cmd == "--version") {
            std::cout << "awsconnect " << AWSCONNECT_VERSION << "\n";
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << "awsconnect: internal error: " << e.what() << "\n";
        return exit_internal;
    }
    std::cerr << "awsconnect: unknown command '" << cmd << "'\n\n" << usage();
    return exit_usage;
}
