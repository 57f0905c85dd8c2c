// The official clients' probe and environment (official_clients.hpp).
#include "official_clients.hpp"

#include <unistd.h>

namespace awsconnect::emulator::test {

using namespace std::chrono_literals;

const char* to_string(official_client c) noexcept {
    switch (c) {
        case official_client::aws_cli: return "the AWS CLI v2 (Debian package awscli, /usr/bin/aws)";
        case official_client::boto3: return "boto3 (Debian package python3-boto3, /usr/bin/python3)";
        case official_client::botocore: return "botocore (Debian package python3-botocore, /usr/bin/python3)";
    }
    return "?";
}

std::vector<std::string> official_client_environment(const std::vector<std::string>& add) {
    std::vector<std::string> env = environment_with({"AWS_", "PYTHON"}, add);
    env.emplace_back("PYTHONDONTWRITEBYTECODE=1");
    return env;
}

run_result run_python(const std::string& script, const std::vector<std::string>& args,
                      const std::vector<std::string>& env, std::chrono::milliseconds timeout) {
    std::vector<std::string> argv{python_program, "-I", script};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, official_client_environment(env), timeout);
}

std::string official_client_missing(official_client c) {
    const std::string& program = c == official_client::aws_cli ? aws_cli_program : python_program;
    if (::access(program.c_str(), X_OK) != 0) return program + " is not installed";
    run_result r;
    if (c == official_client::aws_cli) {
        // The CLI's own botocore must know the operation.
        r = run_command({aws_cli_program, "connect", "release-phone-number", "help"},
                        official_client_environment({"AWS_PAGER=", "PAGER=cat", "MANPAGER=cat"}), 120s);
    } else {
        const std::string module = c == official_client::boto3 ? "boto3" : "botocore";
        const std::string probe =
            "import " + module +
            ", botocore.session\n"
            "m = botocore.session.get_session().get_service_model('connect')\n"
            "op = m.operation_model('ReleasePhoneNumber')\n"
            "assert op.http['method'] == 'DELETE', op.http\n"
            "print(" + module + ".__version__)\n";
        r = run_command({python_program, "-I", "-c", probe}, official_client_environment({}), 120s);
    }
    if (!r.exit_code) return program + " did not finish in time";
    if (*r.exit_code != 0) return program + " failed: " + r.err.substr(0, 2000);
    return {};
}

}  // namespace awsconnect::emulator::test
