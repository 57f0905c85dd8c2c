// The bulk journal: id -> token -> outcome, one JSON line per event, flushed to disk
// (fsync) before each send, so a rerun after a crash or Ctrl-C reuses each unfinished id's
// token and skips the finished ones: no number is released twice and none is forgotten.
//
//   {"event":"start","id":"<PhoneNumberId>","token":"<ClientToken>"}
//   {"event":"end","id":"...","token":"...","final":true,"outcome":<envelope>}
//
// The id is a PhoneNumberId for releases and the E.164 number for claims. A start line may
// carry the call's other input ("params", a JSON object: a claim's target, description and
// tags), so a rerun sends exactly the same request with the same token (the service
// answers a token reused with another input with IdempotencyException).
//
// A release by filter plans its work before it sends anything: the ids the listing found,
// then one line that closes the plan with the filter that made it, in one write:
//
//   {"event":"listed","id":"<PhoneNumberId>"}          (one per id, in listing order)
//   {"event":"plan","count":N,"filter":{...}}
//
// A rerun finds a complete plan (its "plan" line) and works through it instead of listing
// again (numbers released before the crash are no longer listed, but stay in the plan).
//
// An id is finished when its last "end" holds a final outcome (`is_final_outcome`): one that
// another attempt cannot change. Every other outcome is retried by the rerun, with the same
// token. Finality is decided when the journal is read, from the outcome's envelope code, by
// the same rule; the "final" field is written for people and tools reading the file (so a
// journal written by an older version, which called AUTH_ERROR and TLS_ERROR final, is read
// by today's rule). A line cut short by a crash is ignored.
//
// The journal file is created with mode 0600 (and its directory fsynced, so the file itself
// survives a crash), and held under an exclusive lock for the whole run: a second run on the
// same journal fails at once (`is_journal_locked`).
//
// Thread safety: free functions are pure; a journal_file is used by one thread at a time.
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

/// Whether an outcome with this envelope code is final: trying again, with the same token,
/// cannot change it. The one rule for every bulk command and its journal.
///   Final: RESOURCE_NOT_FOUND (released already, or no such number), VALIDATION_ERROR and
///   INVALID_PARAMETER (the input itself is wrong), IDEMPOTENCY_CONFLICT (needs a person).
///   (A success is always final.)
///   Not final, retried on rerun with the same token: everything else, AUTH_ERROR, TLS_ERROR,
///   ACCESS_DENIED, RESOURCE_IN_USE and CREDENTIALS_UNAVAILABLE included (fixed credentials,
///   trust store, permissions or a freed number change the outcome).
bool is_final_outcome(error_kind kind) noexcept;

/// The envelope code named by `code` ("AUTH_ERROR" -> error_kind::auth_error), or nothing.
std::optional<error_kind> error_kind_from_string(std::string_view code) noexcept;

struct journal_entry {
    std::string token;    ///< empty for an id that was only listed (never sent)
    std::string params;   ///< the last start line's "params" (JSON text), or empty
    bool finished = false;  ///< the last "end" holds a final outcome
    bool succeeded = false;
};

/// The journal's state: what is known about each id.
using journal_state = std::map<std::string, journal_entry, std::less<>>;

/// Reads journal text (possibly with a partial last line). Unknown or broken lines are
/// skipped; `skipped` counts them. An "end" finishes its id when its outcome is a success or
/// an error whose code is final by `is_final_outcome` (an unknown code is not final).
journal_state parse_journal(std::string_view text, std::size_t* skipped = nullptr);

/// The plan of a release by filter, as the journal holds it.
struct journal_plan {
    bool complete = false;            ///< its "plan" line was written
    std::vector<std::string> ids;     ///< listed ids, in order, each once
    std::string filter;               ///< the "plan" line's filter (JSON text)
};

/// Reads the "listed" and "plan" lines of journal text (a later "plan" line replaces an
/// earlier one; ids listed again are kept once).
journal_plan parse_plan(std::string_view text);

/// The lines of a plan (each "listed" line, then the "plan" line), newline separated,
/// without a final newline: one journal_file::append writes them all.
std::string plan_lines(const std::vector<std::string>& ids, std::string_view filter_json);

/// `params_json`, when not empty, is a JSON object written as the line's "params".
std::string start_line(std::string_view id, std::string_view token, std::string_view params_json = {});
std::string end_line(std::string_view id, std::string_view token, bool final, std::string_view envelope_json);

/// fsyncs the directory `dir`, so an entry created in it survives a crash. A file system that
/// cannot sync directories (EINVAL) is not an error. Errors name the directory.
result<void> sync_directory(const std::string& dir);

/// An append-only journal file, locked for as long as it is open.
class journal_file {
public:
    /// Opens `path` for appending, creating it with mode 0600 (then fsyncing its directory),
    /// takes an exclusive lock on it (an open file description lock, F_OFD_SETLK: it conflicts
    /// with any other open of the file, in this process or another), and reads what it
    /// already holds into `state` (and its plan into `plan`). When another run holds the lock, fails at once with an
    /// error for which `is_journal_locked` is true.
    static result<journal_file> open(const std::string& path, journal_state& state, journal_plan* plan = nullptr);
    journal_file(journal_file&& o) noexcept;
    journal_file& operator=(journal_file&&) = delete;
    ~journal_file();  ///< closes the file, releasing the lock

    /// Writes `line` + '\n' and fsyncs. Fails with a message naming the file.
    result<void> append(std::string_view line);

    /// Whether `open` created the file (and so fsynced its directory).
    bool created() const noexcept { return created_; }

private:
    journal_file(int fd, std::string path, bool created) : fd_(fd), path_(std::move(path)), created_(created) {}
    int fd_ = -1;
    std::string path_;
    bool created_ = false;
};

/// Whether `e` (from journal_file::open) says another run holds the journal's lock.
bool is_journal_locked(const error& e) noexcept;

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
