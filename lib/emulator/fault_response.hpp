// What injected faults send and how they are counted. Pure.
//
// HTTP errors answer in the shape real front ends do: restJson1 (X-Amzn-ErrorType and
// {"Message"} for the model's InternalServiceException and ThrottlingException, {"message"}
// for the gateway's 502/503/504) for JSON bodies, a load balancer's page for HTML, nothing at all for empty
// bodies. Garbage is deterministic per (seed, request number), so a run is reproducible.
#pragma once

#include "emulator/service_core.hpp"

#include <awsconnect/emulator.hpp>

#include <cstdint>
#include <string>

namespace awsconnect::emulator {

/// The response of an `http_error` or `throttle` fault (nothing is handled).
void set_injected_error(response& r, const fault& f);

/// Counts `f` in the per-kind fault counters (none: nothing).
void count_fault(fault_counters& c, const fault& f) noexcept;

/// Replaces `out` with 64 bytes that do not start an HTTP response.
void make_garbage(std::string& out, std::uint64_t seed, std::uint64_t request_number);

}  // namespace awsconnect::emulator
