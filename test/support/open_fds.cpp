#include "support/run_coro.hpp"

#include <filesystem>

namespace awsconnect::test {

int open_fds() {
    int n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

}  // namespace awsconnect::test
