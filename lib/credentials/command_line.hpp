// Splitting a credential_process command line into arguments, without a shell.
//
// The AWS CLI and botocore run credential_process through `shlex.split(command)` (POSIX
// mode) and exec the result directly; we do the same, so the same line means the same
// program and arguments: spaces, tabs and newlines separate words; '...' is literal;
// inside "...", a backslash escapes only '"' and '\'; outside quotes a backslash escapes any
// character; quoted parts join the word around them (a"b c"d is one word); '' is an empty
// argument. No variables, globs, pipes or redirections: `$HOME` stays `$HOME`.
//
// Pure.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace awsconnect::creds {

/// The arguments, or why the line cannot be split ("no closing quotation", "no escaped
/// character", "empty command"). The message never quotes the line (it may hold a secret).
struct split_result {
    std::vector<std::string> args;
    std::string error;  ///< empty on success
};

split_result split_command_line(std::string_view line);

}  // namespace awsconnect::creds
