#include "emulator/fault_plan.hpp"

#include <algorithm>

namespace awsconnect::emulator {

fault choose_fault(const fault_spec& spec, std::uint64_t n, std::uint64_t seed) noexcept {
    const auto it = std::lower_bound(
        spec.script.begin(), spec.script.end(), n,
        [](const scripted_fault& s, std::uint64_t v) { return s.request_number < v; });
    if (it != spec.script.end() && it->request_number == n) return it->what;
    if (spec.random.empty()) return {};
    const double u = fault_draw(seed, n);
    double cumulative = 0;
    for (const auto& r : spec.random) {
        cumulative += r.probability;
        if (u < cumulative) return r.what;
    }
    return {};
}

}  // namespace awsconnect::emulator
