// The official clients the emulator is checked against, and how the tests run them.
//
// The tests use Debian's packages, by absolute path, never what PATH finds first (a pyenv
// or pip installation on a developer's machine is another client, with another botocore):
//   - the AWS CLI v2 (package awscli): /usr/bin/aws;
//   - boto3 and botocore (python3-boto3, python3-botocore) for /usr/bin/python3, run with
//     -I (isolated: no PYTHON* variables, no user site-packages).
// scripts/setup installs them. Each check is an executable of its own, registered as its
// own Meson test, whose main (official_client_main.cpp) first probes its client: missing,
// it fails (-Dofficial_clients=enabled) or exits 77, which Meson reports as SKIP.
#pragma once

#include "child_process.hpp"

#include <awsconnect/emulator.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace awsconnect::emulator::test {

inline const std::string aws_cli_program = "/usr/bin/aws";
inline const std::string python_program = "/usr/bin/python3";

enum class official_client { aws_cli, boto3, botocore };

const char* to_string(official_client c) noexcept;

/// Why `c` cannot be used on this machine (with the package that provides it), or "" when
/// it runs: the program exists and works, the Python modules import, and the service model
/// knows ReleasePhoneNumber.
std::string official_client_missing(official_client c);

/// The environment the clients run in: this process's (already without AWS_* and with a
/// temporary HOME, test_environment.hpp), without PYTHON* variables, plus `add`.
std::vector<std::string> official_client_environment(const std::vector<std::string>& add);

/// Runs `/usr/bin/python3 -I script args...` in official_client_environment(env).
run_result run_python(const std::string& script, const std::vector<std::string>& args,
                      const std::vector<std::string>& env, std::chrono::milliseconds timeout);

}  // namespace awsconnect::emulator::test
