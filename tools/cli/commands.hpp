// The `awsconnect` commands, one function each: argv[0] is the command's name; the return
// value is the process exit code (see exit_codes_help()).
//
//   single_commands.cpp  one subcommand per operation, named as the AWS CLI names them
//   release_bulk.cpp     release-phone-numbers (from a file, or by filter)
//   claim_bulk.cpp       claim-phone-numbers --count N
#pragma once

namespace awsconnect::cli {

int search_available_phone_numbers_command(int argc, char** argv);
int claim_phone_number_command(int argc, char** argv);
int describe_phone_number_command(int argc, char** argv);
int list_phone_numbers_v2_command(int argc, char** argv);
int update_phone_number_command(int argc, char** argv);
int update_phone_number_metadata_command(int argc, char** argv);
int release_phone_number_command(int argc, char** argv);

int release_phone_numbers_command(int argc, char** argv);
int claim_phone_numbers_command(int argc, char** argv);

}  // namespace awsconnect::cli
