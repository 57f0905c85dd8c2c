// The bulk engine shared by release-phone-numbers and claim-phone-numbers: C workers over
// one client, each item journaled (its id, token and input fsynced) before it is sent, a
// token bucket for --rate shared by the workers, throttled items re-queued with backoff
// while the run's deadline allows, a report line per settled item, the progress line on a
// terminal, and Ctrl-C.
//
// What to send comes from a `bulk_source`: a fixed list of ids for releases; search
// results, claimed up to a count, for claims.
//
// An item settles for the run when its call succeeds, fails finally (is_final_outcome), or
// fails in a way the run does not retry (anything but throttling, see retry_in_run); a
// throttled item goes back into the queue (its "end" line, not final, is journaled) and is
// sent again with the same token after requeue_delay, unless the deadline would pass
// first: then it settles with its THROTTLED outcome (not final: a rerun tries it again).
//
// Thread safety: everything runs on one single-threaded io_context.
#pragma once

#include "common.hpp"
#include "journal.hpp"
#include "progress.hpp"

#include <awsconnect/awsconnect.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <variant>

namespace awsconnect::cli {

struct bulk_item {
    std::string id;      ///< a PhoneNumberId (release) or an E.164 number (claim)
    std::string token;   ///< empty: a new one is made (and journaled) before the first send
    std::string params;  ///< the call's other input, JSON (journaled with the start line)
    int requeues = 0;    ///< times it was throttled and queued again in this run
};

struct call_outcome {
    std::optional<error> failure;  ///< empty: success
    std::string envelope;          ///< the result envelope (JSON)
};

class bulk_source {
public:
    virtual ~bulk_source() = default;
    /// The next item to send, or nothing for now. The runner asks again whenever an item
    /// settles; the run ends when nothing is sent, queued or in flight and this says
    /// nothing.
    virtual boost::asio::awaitable<std::optional<bulk_item>> next() = 0;
    /// Sends `item` (its start line is journaled already; its token is set).
    virtual boost::asio::awaitable<call_outcome> send(const bulk_item& item) = 0;
    /// `item` settled for this run. Returns true when the source will offer another item
    /// in its place (a claim lost to someone else): the run's total grows by one.
    virtual bool settled(const bulk_item& item, const call_outcome& outcome) = 0;
};

struct bulk_settings {
    std::string verb = "released";  ///< for the progress line
    int concurrency = 4;
    std::optional<double> rate;     ///< calls per second, all workers together
    std::optional<std::chrono::steady_clock::time_point> deadline;
    std::FILE* report = stdout;     ///< a JSON line per settled item: {"id":...,"outcome":<envelope>}
    bool progress = false;          ///< draw the progress line on stderr (a terminal)
};

struct bulk_result {
    progress_counts counts;
    bool interrupted = false;       ///< SIGINT or SIGTERM
    bool deadline_passed = false;   ///< the deadline ended the run, or kept throttled items from another try
    std::optional<error> journal_error;
};

/// The options of both bulk commands (--concurrency, --rate, --journal, --report).
struct bulk_options {
    int concurrency = 4;
    double rate = 0;  ///< 0: no client-side pacing
    std::string journal, report;
};
void add_bulk_options(po::options_description& d, bulk_options& o, const char* journal_help);
/// The settings for run_bulk; a usage error's message when an option is out of range.
std::variant<bulk_settings, std::string> make_bulk_settings(const bulk_options& o, const common_options& common,
                                                            std::string verb);

/// Runs `a` on `ioc` (which must not be running) to its end; SIGINT or SIGTERM cancel it.
/// False when it was interrupted.
bool run_cancellable(boost::asio::io_context& ioc, boost::asio::awaitable<void> a);

/// Asks on the terminal (stderr, answer on stdin) and returns whether the answer was "yes".
bool confirm_on_terminal(const std::string& question);

/// Runs `source` to its end on `ioc` (which must not be running), then shuts `c` down.
/// `counts` holds what is known before the run (total, items skipped as finished).
bulk_result run_bulk(boost::asio::io_context& ioc, client& c, journal_file& journal, bulk_source& source,
                     const bulk_settings& settings, progress_counts counts);

}  // namespace awsconnect::cli
