// What every `awsconnect` command shares: the client options (--region, --profile, ...),
// the client configuration made from them, parsing a command line with --help, the exit
// codes, and running one coroutine over a client with Ctrl-C cancelling it.
//
// Thread safety: used by the CLI's single thread.
#pragma once

#include "journal.hpp"

#include <awsconnect/awsconnect.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/program_options.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::cli {

namespace po = boost::program_options;

/// Options every command shares; they fill a client_config.
struct common_options {
    std::string region, profile, endpoint_url, ca_bundle, retry_mode;
    int max_attempts = 0;
    double attempt_timeout = 0, deadline = 0;
    bool no_verify_ssl = false;
    bool debug = false;
};

/// How a command uses the shared options.
enum class command_kind {
    single,  ///< one call (or one walk): --deadline bounds each call
    bulk,    ///< --deadline bounds the run; adaptive retry unless --retry-mode says otherwise
};

po::options_description common_description(common_options& o, command_kind kind);

/// The client configuration: explicit options, the rest resolved by the client from the
/// environment and the shared files. A bad --retry-mode is an invalid_configuration error.
result<client_config> make_config(const common_options& o, command_kind kind);

/// The exit code of an envelope code: 3 + its index (VALIDATION_ERROR = 3 ...).
int exit_code_of(const error& e);
/// The table of exit codes that --help prints.
std::string exit_codes_help();

/// Parses `argv` (argv[0] is the command's name) against `options`. Returns an exit code
/// when the command must stop now: 0 after printing --help (`usage` then the options), 2
/// after a usage error (printed on stderr, with a pointer to --help). `options` must have
/// a "help" switch.
std::optional<int> parse_command_line(int argc, char** argv, std::string_view command, std::string_view usage,
                                      const po::options_description& options, po::variables_map& vm,
                                      const po::positional_options_description* positional = nullptr);

/// Prints "awsconnect <command>: <message> (see --help)" on stderr and returns 2.
int usage_error(std::string_view command, std::string_view message);

/// Builds the client from `config` and runs `body` over it until it completes; SIGINT and
/// SIGTERM cancel it (the client's calls then end with CANCELLED). A configuration error
/// is printed as an envelope and its exit code returned. `body` returns the exit code.
int run_with_client(client_config config, const std::function<boost::asio::awaitable<int>(client&)>& body);

/// Prints an outcome's envelope on stdout; returns its exit code (0 on success).
template <class T>
int print_outcome(const result<T>& r) {
    std::printf("%s\n", to_envelope_json(r).c_str());
    std::fflush(stdout);
    return r ? 0 : exit_code_of(r.error());
}

}  // namespace awsconnect::cli
