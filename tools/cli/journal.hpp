// The bulk release journal: id -> token -> outcome, one JSON line per event, flushed to disk
// (fsync) before each send, so a rerun after a crash or Ctrl-C reuses each unfinished id's
// token and skips the finished ones: no number is released twice and none is forgotten.
//
//   {"event":"start","id":"<PhoneNumberId>","token":"<ClientToken>"}
//   {"event":"end","id":"...","token":"...","final":true,"outcome":<envelope>}
//
// An id is finished when its last "end" is final: a success, or an error that another
// attempt cannot change (not found, in use, invalid, access denied...). Errors a later
// attempt may fix (timeouts, connection errors, throttling, service errors, cancellation)
// are not final: the rerun tries again with the same token. A line cut short by a crash is
// ignored.
#pragma once

#include <awsconnect/error.hpp>
#include <awsconnect/result.hpp>

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsconnect::cli {

struct journal_entry {
    std::string token;
    bool finished = false;  ///< a final "end" was recorded
    bool succeeded = false;
};

/// The journal's state: what is known about each id.
using journal_state = std::map<std::string, journal_entry, std::less<>>;

/// Reads journal text (possibly with a partial last line). Unknown or broken lines are
/// skipped; `skipped` counts them.
journal_state parse_journal(std::string_view text, std::size_t* skipped = nullptr);

/// Whether an error is final (retrying with the same token cannot change the outcome).
bool is_final(error_kind kind) noexcept;

std::string start_line(std::string_view id, std::string_view token);
std::string end_line(std::string_view id, std::string_view token, bool final, std::string_view envelope_json);

/// An append-only journal file. Each `append` writes the line and fsyncs before returning.
class journal_file {
public:
    /// Opens (creating) `path` for appending; reads what it already holds into `state`.
    static result<journal_file> open(const std::string& path, journal_state& state);
    journal_file(journal_file&& o) noexcept;
    journal_file& operator=(journal_file&&) = delete;
    ~journal_file();

    /// Writes `line` + '\n' and fsyncs. Fails with a message naming the file.
    result<void> append(std::string_view line);

private:
    journal_file(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    int fd_ = -1;
    std::string path_;
};

/// Ids from an ids file: one per line; blank lines and lines starting with '#' ignored;
/// surrounding whitespace trimmed; repeated ids kept once (in first-seen order).
std::vector<std::string> parse_ids(std::string_view text, std::size_t* duplicates = nullptr);

/// The process exit code for an outcome: 0 on success, 3 + (kind - 1) for each envelope
/// code in the order of awsconnect::error_kind (VALIDATION_ERROR = 3 ... PROTOCOL_ERROR = 18).
int exit_code_for(error_kind kind) noexcept;
inline constexpr int exit_usage = 2;
inline constexpr int exit_partial = 19;  ///< bulk: some ids failed
inline constexpr int exit_internal = 1;

}  // namespace awsconnect::cli
