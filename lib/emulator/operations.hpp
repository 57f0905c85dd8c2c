// The seven operations against the service state: what each does to the inventory and
// what it answers (restJson1 bodies with the model's member names; errors as the model
// lists them for the operation).
//
// Pure and synchronous; run under the state lock, after authentication, the throttle and
// the input checks. Idempotency (Claim, Update, UpdateMetadata, Release) is handled here:
// a token's first answer is replayed for the same operation and input within the window,
// a different input gets IdempotencyException, and ResourceInUseException answers are not
// remembered (see emulator.hpp).
#pragma once

#include "emulator/service_core.hpp"

#include <chrono>

namespace awsconnect::emulator {

/// Runs `in.op` (a valid input) and sets `out` (status, body, outcome, committed,
/// replayed). Does not count.
void run_operation(const request_input& in, const service_settings& settings,
                   service_state& state, std::chrono::system_clock::time_point now,
                   response& out);

}  // namespace awsconnect::emulator
