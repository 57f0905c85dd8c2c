// The bench's exactly-once verdict: after a run against the emulator, was every number
// released exactly once, and did every failed call report the token that can finish it?
//
// The method is the fault matrix's (test/integration/faults/fault_harness.hpp,
// settle_exactly_once): take the faults off and send every failed call again, with the token
// it reported. A failed call whose number the service had already released must come back as
// the service's replay of that release (its token was the one sent); any other must now
// release its number. Then, with the emulator's counters:
//   - every re-send succeeded, naming its number and token;
//   - replays during the re-send == failed calls whose number was already released;
//   - commits over the run and the re-send == calls (each call has a number of its own);
//   - released twice == 0, and every number of the run is released.
// A client that minted a new token per retry fails it: after a reset-after-commit its retry
// gets 404 with a new token, and the re-send with that token gets the 404 again. (The
// equation the bench used to check, successes + failed-but-released == commits, held for
// such a client too.)
//
// `judge_exactly_once` is the rule over counts (pure); `check_exactly_once` does the re-send
// and gathers the counts. Both use only the public client and emulator APIs.
//
// Thread safety: check_exactly_once is one coroutine (the re-sends are made one at a time);
// it may run on an io_context served by several threads. It changes the emulator's faults
// and throttle (off for good).
#pragma once

#include <awsconnect/awsconnect.hpp>
#include <awsconnect/emulator.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace awsconnect::bench {

/// A call that failed, and the token it reported (from its error).
struct failed_call {
    std::string phone_number_id;
    std::string client_token;
};

/// What a run did, as the check needs it.
struct run_record {
    std::uint64_t calls = 0;  ///< calls made, each on a number of its own
    /// The number of call i, 0 <= i < calls (every number is checked to be released).
    std::function<std::string(std::uint64_t)> phone_number_id_of;
    std::vector<failed_call> failed;      ///< every failed call, with its reported token
    std::uint64_t failed_unrecorded = 0;  ///< failed calls missing from `failed` (a memory cap)
    /// The emulator's counters before the run's first call (zeros for a fresh emulator).
    std::uint64_t commits_before = 0;
    std::uint64_t released_twice_before = 0;
};

/// The counts the verdict is judged on.
struct exactly_once_counts {
    std::uint64_t calls = 0;
    std::uint64_t successes = 0;                ///< calls that succeeded in the run
    std::uint64_t failed = 0;                   ///< failed calls, re-sent
    std::uint64_t failed_unrecorded = 0;        ///< failed calls that could not be re-sent
    std::uint64_t failed_already_released = 0;  ///< re-sent calls whose number was released before the re-send
    std::uint64_t resent_ok = 0;                ///< re-sends that succeeded, naming their number and token
    std::uint64_t replays = 0;                  ///< the emulator's idempotent replays during the re-send
    std::uint64_t commits = 0;                  ///< numbers released over the run and the re-send
    std::uint64_t released_twice = 0;           ///< over the run and the re-send
    std::uint64_t not_released = 0;             ///< numbers of the run still not released at the end
};

struct exactly_once_verdict {
    bool pass = false;
    exactly_once_counts counts;
    std::vector<std::string> failures;  ///< one sentence per broken rule; empty on a pass

    /// The failures joined with "; " (empty on a pass).
    std::string reason() const;
};

/// The rules above, over counts.
exactly_once_verdict judge_exactly_once(const exactly_once_counts& c);

/// Turns the emulator's faults and throttle off, sends every failed call of `run` again over
/// `c` with its reported token (one at a time), counts what the emulator did and judges.
/// `c` makes the re-sends with the given tokens: the bench passes its own client; a test of a
/// deliberately broken caller passes a real client.
boost::asio::awaitable<exactly_once_verdict> check_exactly_once(client& c, emulator::server& emu,
                                                                const run_record& run);

}  // namespace awsconnect::bench
