// awsconnect: counters a client keeps about its calls and its connections.
//
// Snapshots: every field is read at one moment under the owner's lock (totals only grow;
// gauges are the current value).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace awsconnect {

/// The connection pool of one endpoint (or all endpoints, summed).
struct pool_stats {
    // Totals.
    std::uint64_t connections_opened = 0;   ///< connects that completed (TCP, and TLS if any)
    std::uint64_t connect_failures = 0;     ///< connects that failed (resolve, TCP or TLS)
    std::uint64_t address_failures = 0;     ///< TCP connects to one address that failed
    std::uint64_t acquires = 0;             ///< connections handed to callers
    std::uint64_t reused = 0;               ///< ... of which were idle, kept-alive connections
    std::uint64_t handshakes_full = 0;      ///< TLS handshakes without resumption
    std::uint64_t handshakes_resumed = 0;   ///< TLS handshakes that resumed a session
    std::uint64_t stale_replays = 0;        ///< requests replayed after a reused connection failed
    std::uint64_t dead_on_checkout = 0;     ///< idle connections found closed when taken
    std::uint64_t idle_expired = 0;         ///< idle connections closed by the idle timeout
    std::uint64_t lifetime_retired = 0;     ///< connections closed at their maximum lifetime
    std::uint64_t saturated = 0;            ///< acquires refused: too many waiters
    std::uint64_t wait_timeouts = 0;        ///< waiters whose deadline passed
    // Poisonings (a leased connection closed instead of reused), by reason.
    std::uint64_t poisoned_timeout = 0;
    std::uint64_t poisoned_cancelled = 0;
    std::uint64_t poisoned_io_error = 0;          ///< reset, EOF, write/read error
    std::uint64_t poisoned_protocol = 0;          ///< partial, unparsable or oversized response
    std::uint64_t poisoned_connection_close = 0;  ///< Connection: close, HTTP/1.0
    std::uint64_t poisoned_tls = 0;
    // Time callers waited for a connection (only those that had to wait).
    std::uint64_t waits = 0;
    std::uint64_t wait_ns_total = 0;
    std::uint64_t wait_ns_max = 0;
    /// Waits by duration: < 1 ms, < 10 ms, < 100 ms, < 1 s, >= 1 s.
    std::array<std::uint64_t, 5> wait_histogram{};
    // Gauges.
    std::size_t idle = 0;
    std::size_t leased = 0;
    std::size_t connecting = 0;
    std::size_t waiting = 0;
    std::size_t peak_connecting = 0;  ///< the most connects ever in flight at once
    std::size_t peak_total = 0;       ///< the most connections ever open or opening at once
    std::chrono::milliseconds idle_timeout{0};  ///< current (possibly learned) idle timeout
};

}  // namespace awsconnect
