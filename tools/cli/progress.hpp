// The bulk commands' progress line and end-of-run summary, as text.
//
// On a terminal the line is redrawn in place on stderr (carriage return, erase line) a few
// times a second; when stderr is not a terminal nothing is drawn during the run. The
// summary is printed at the end either way.
//
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace awsconnect::cli {

struct progress_counts {
    std::size_t total = 0;      ///< items of the run
    std::size_t done = 0;       ///< settled for this run (skipped ones included)
    std::size_t succeeded = 0;
    std::size_t failed = 0;
    std::size_t skipped = 0;    ///< finished by an earlier run (journal)
    std::size_t retrying = 0;   ///< throttled, waiting to be sent again
};

/// "released 120/300  ok 118  failed 2  retrying 3  41.5/s  ETA 0:04" ("ETA ?" before the
/// first call settles). The rate counts the calls this run settled (not the skipped ones)
/// over `elapsed_seconds`.
std::string format_progress(std::string_view verb, const progress_counts& c, double elapsed_seconds);

/// "0:04", "12:30", "1:02:03" (rounded up to a whole second).
std::string format_duration(double seconds);

}  // namespace awsconnect::cli
