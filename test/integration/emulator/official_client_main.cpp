// The main of the official-client checks (official_clients.hpp): each executable checks one
// client, named at build time (AWSCONNECT_OFFICIAL_CLIENT). A missing client is never a
// pass: with -Dofficial_clients=enabled (AWSCONNECT_OFFICIAL_CLIENTS_REQUIRED=1, as CI
// builds) the executable fails; otherwise it exits 77, which Meson reports as SKIP.
#include "official_clients.hpp"
#include "support/test_environment.hpp"

#include <cstdio>

int main(int argc, char** argv) {
    using namespace awsconnect::emulator::test;
    constexpr official_client client = official_client::AWSCONNECT_OFFICIAL_CLIENT;
    constexpr bool required = AWSCONNECT_OFFICIAL_CLIENTS_REQUIRED != 0;
    awsconnect::test::isolate_test_environment();  // the probe runs isolated too
    if (const std::string missing = official_client_missing(client); !missing.empty()) {
        std::fprintf(stderr, "%s: %s is not usable: %s\n(scripts/setup installs it)\n",
                     required ? "FAIL" : "SKIP", to_string(client), missing.c_str());
        return required ? 1 : 77;
    }
    return awsconnect::test::run_tests(argc, argv);
}
