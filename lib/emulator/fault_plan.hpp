// Which fault a request gets: the scripted one for its number, else one random rule drawn
// with a generator seeded by (seed, request number).
//
// Pure and reproducible: the same spec, seed and request number always give the same
// fault, whichever thread serves the request.
#pragma once

#include <awsconnect/emulator.hpp>

#include <cstdint>

namespace awsconnect::emulator {

/// SplitMix64's output function: a fast, well-mixed 64-bit hash.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// A number in [0, 1) for request `n`.
inline double fault_draw(std::uint64_t seed, std::uint64_t n) noexcept {
    return static_cast<double>(mix64(seed ^ mix64(n)) >> 11) * 0x1.0p-53;
}

/// The fault for request number `n` (1-based).
fault choose_fault(const fault_spec& spec, std::uint64_t n, std::uint64_t seed) noexcept;

}  // namespace awsconnect::emulator
