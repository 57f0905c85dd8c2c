// What the client takes from the outside world: clocks, sleeping, randomness.
//
// The orchestration reads time and randomness only through this struct, so component tests
// run it over a fake clock (sleeps advance time instead of waiting) and fixed random values
// (jitter b = 1, numbered tokens), and every delay and quota value is exact.
#pragma once

#include "transport/pool_state.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace awsconnect::detail {

struct client_services {
    /// Monotonic time, for deadlines and backoff.
    std::function<transport::pool_time()> steady_now;
    /// Wall-clock time, for signing (the learned clock skew is added to it).
    std::function<std::chrono::system_clock::time_point()> wall_now;
    /// Sleeps until `until`; completes early with errc::cancelled when the awaiting
    /// coroutine is cancelled.
    std::function<boost::asio::awaitable<boost::system::error_code>(transport::pool_time until)> sleep_until;
    /// A new idempotency token: a UUID v4 from a CSPRNG. Called once per call at most.
    std::function<std::string()> new_token;
    /// A new amz-sdk-invocation-id (UUID v4). Called once per call.
    std::function<std::string()> new_invocation_id;
    /// Backoff jitter, uniform in [0, 1).
    std::function<double()> jitter;
};

/// The real ones: steady_clock, system_clock, steady_timer, OpenSSL's CSPRNG for tokens, a
/// per-thread PRNG for invocation ids and jitter.
client_services real_client_services();

}  // namespace awsconnect::detail
