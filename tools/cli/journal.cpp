#include "journal.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <unistd.h>

namespace awsconnect::cli {

journal_state parse_journal(std::string_view text, std::size_t* skipped) {
    journal_state state;
    std::size_t bad = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            // A last line without its newline was cut short by a crash.
            ++bad;
            break;
        }
        const std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.empty()) continue;
        boost::system::error_code ec;
        const auto v = boost::json::parse(line, ec);
        const auto* o = ec ? nullptr : v.if_object();
        const auto* ev = o ? o->if_contains("event") : nullptr;
        const auto* id = o ? o->if_contains("id") : nullptr;
        const auto* tok = o ? o->if_contains("token") : nullptr;
        if (ev && ev->is_string() && (ev->as_string() == "plan" || (ev->as_string() == "listed" && id && id->is_string()))) {
            // A listed id is known, not yet sent: it has no token (parse_plan reads the rest).
            if (ev->as_string() == "listed") state.try_emplace(std::string(id->as_string()));
            continue;
        }
        if (!ev || !id || !tok || !ev->is_string() || !id->is_string() || !tok->is_string()) {
            ++bad;
            continue;
        }
        auto& e = state[std::string(id->as_string())];
        e.token = std::string(tok->as_string());
        if (ev->as_string() == "start") {
            e.finished = false;
            const auto* params = o->if_contains("params");
            e.params = params && params->is_object() ? boost::json::serialize(*params) : std::string();
        } else if (ev->as_string() == "end") {
            // Finality comes from the outcome by today's rule, not from the line's "final"
            // field: a journal written under another rule is read by this one.
            const auto* out = o->if_contains("outcome");
            const auto* oo = out ? out->if_object() : nullptr;
            const auto* ok = oo ? oo->if_contains("success") : nullptr;
            e.succeeded = ok && ok->is_bool() && ok->as_bool();
            e.finished = e.succeeded;
            if (!e.succeeded) {
                const auto* err = oo ? oo->if_contains("error") : nullptr;
                const auto* eo = err ? err->if_object() : nullptr;
                const auto* code = eo ? eo->if_contains("code") : nullptr;
                if (code && code->is_string())
                    if (const auto kind = error_kind_from_string(code->as_string())) e.finished = is_final_outcome(*kind);
            }
        } else {
            ++bad;
        }
    }
    if (skipped) *skipped = bad;
    return state;
}

bool is_final_outcome(error_kind kind) noexcept {
    // No default: a new envelope code does not compile (-Werror=switch) until it is decided.
    switch (kind) {
        case error_kind::validation_error:
        case error_kind::invalid_parameter:
        case error_kind::resource_not_found:
        case error_kind::idempotency_conflict: return true;
        case error_kind::access_denied:
        case error_kind::resource_in_use:
        case error_kind::throttled:
        case error_kind::service_error:
        case error_kind::timeout:
        case error_kind::connection_error:
        case error_kind::tls_error:
        case error_kind::auth_error:
        case error_kind::credentials_unavailable:
        case error_kind::retry_quota_exceeded:
        case error_kind::cancelled:
        case error_kind::protocol_error: return false;
    }
    return false;
}

std::optional<error_kind> error_kind_from_string(std::string_view code) noexcept {
    // to_string names every envelope code and answers "UNKNOWN" past the last one.
    for (int k = 1; k < 256; ++k) {
        const std::string_view name = to_string(static_cast<error_kind>(k));
        if (name == "UNKNOWN") break;
        if (name == code) return static_cast<error_kind>(k);
    }
    return std::nullopt;
}

journal_plan parse_plan(std::string_view text) {
    journal_plan plan;
    std::map<std::string, bool, std::less<>> seen;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) break;  // cut short by a crash
        const std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.find("\"listed\"") == std::string_view::npos && line.find("\"plan\"") == std::string_view::npos) continue;
        boost::system::error_code ec;
        const auto v = boost::json::parse(line, ec);
        const auto* o = ec ? nullptr : v.if_object();
        const auto* ev = o ? o->if_contains("event") : nullptr;
        if (!ev || !ev->is_string()) continue;
        if (ev->as_string() == "listed") {
            const auto* id = o->if_contains("id");
            if (id && id->is_string() && seen.emplace(std::string(id->as_string()), true).second)
                plan.ids.emplace_back(id->as_string());
        } else if (ev->as_string() == "plan") {
            const auto* f = o->if_contains("filter");
            plan.complete = true;
            plan.filter = f ? boost::json::serialize(*f) : std::string("null");
        }
    }
    return plan;
}

std::string plan_lines(const std::vector<std::string>& ids, std::string_view filter_json) {
    std::string out;
    for (const auto& id : ids) {
        boost::json::object o;
        o["event"] = "listed";
        o["id"] = id;
        out += boost::json::serialize(o);
        out += '\n';
    }
    boost::json::object p;
    p["event"] = "plan";
    p["count"] = ids.size();
    p["filter"] = boost::json::parse(filter_json);
    out += boost::json::serialize(p);
    return out;
}

std::string start_line(std::string_view id, std::string_view token, std::string_view params_json) {
    boost::json::object o;
    o["event"] = "start";
    o["id"] = id;
    o["token"] = token;
    if (!params_json.empty()) o["params"] = boost::json::parse(params_json);
    return boost::json::serialize(o);
}

std::string end_line(std::string_view id, std::string_view token, bool final, std::string_view envelope_json) {
    boost::json::object o;
    o["event"] = "end";
    o["id"] = id;
    o["token"] = token;
    o["final"] = final;
    o["outcome"] = boost::json::parse(envelope_json);
    return boost::json::serialize(o);
}

result<void> sync_directory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return make_error(errc::invalid_configuration,
                          "cannot open the directory '" + dir + "' to sync it: " + std::strerror(errno));
    const int rc = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    if (rc != 0 && saved != EINVAL)
        return make_error(errc::invalid_configuration, "cannot fsync the directory '" + dir + "': " + std::strerror(saved));
    return {};
}

namespace {
error journal_locked_error(const std::string& path) {
    error e = make_error(errc::invalid_configuration,
                         "the journal '" + path +
                             "' is in use by another run (it is locked): wait for that run to end, or give another --journal");
    e.cause = boost::system::errc::make_error_code(boost::system::errc::resource_unavailable_try_again);
    return e;
}
}  // namespace

bool is_journal_locked(const error& e) noexcept {
    return e.code == errc::invalid_configuration &&
           e.cause == boost::system::errc::make_error_code(boost::system::errc::resource_unavailable_try_again);
}

result<journal_file> journal_file::open(const std::string& path, journal_state& state, journal_plan* plan) {
    // Create it (0600: ids and tokens are the user's business), or open the existing one.
    int fd = -1;
    bool created = false;
    for (int tries = 0; tries < 3; ++tries) {
        fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC | O_CREAT | O_EXCL, 0600);
        if (fd >= 0) {
            created = true;
            break;
        }
        if (errno != EEXIST) break;
        fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
        if (fd >= 0 || errno != ENOENT) break;  // removed in between: create it again
    }
    if (fd < 0)
        return make_error(errc::invalid_configuration,
                          "cannot open the journal '" + path + "': " + std::strerror(errno));
    journal_file f(fd, path, created);  // closes fd on every return below

    // One run at a time: an open file description lock on the whole file, held until close.
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = 0;
    lock.l_len = 0;  // to the end, however long it grows
    if (::fcntl(fd, F_OFD_SETLK, &lock) != 0) {
        if (errno == EAGAIN || errno == EACCES) return journal_locked_error(path);
        return make_error(errc::invalid_configuration, "cannot lock the journal '" + path + "': " + std::strerror(errno));
    }

    // A new file's directory entry is on disk only once its directory is synced.
    if (created) {
        const std::filesystem::path parent = std::filesystem::path(path).parent_path();
        if (auto r = sync_directory(parent.empty() ? std::string(".") : parent.string()); !r) return r.error();
    }

    std::string text;
    char buf[65536];
    ssize_t n;
    while ((n = ::pread(fd, buf, sizeof buf, static_cast<off_t>(text.size()))) > 0) text.append(buf, static_cast<std::size_t>(n));
    if (n < 0)
        return make_error(errc::invalid_configuration, "cannot read the journal '" + path + "': " + std::strerror(errno));
    state = parse_journal(text);
    if (plan) *plan = parse_plan(text);
    // A line cut short by a crash: end it, so the next line starts cleanly.
    if (!text.empty() && text.back() != '\n')
        if (auto r = f.append(""); !r) return r.error();
    return f;
}

journal_file::journal_file(journal_file&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)), created_(o.created_) {
    o.fd_ = -1;
}

journal_file::~journal_file() {
    if (fd_ >= 0) ::close(fd_);
}

result<void> journal_file::append(std::string_view line) {
    std::string data(line);
    data.push_back('\n');
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return make_error(errc::invalid_configuration, "cannot write the journal '" + path_ + "': " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd_) != 0)
        return make_error(errc::invalid_configuration, "cannot fsync the journal '" + path_ + "': " + std::strerror(errno));
    return {};
}

std::vector<std::string> parse_ids(std::string_view text, std::size_t* duplicates) {
    std::vector<std::string> ids;
    std::map<std::string, bool, std::less<>> seen;
    std::size_t dup = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '\r')) line.remove_prefix(1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        if (seen.emplace(std::string(line), true).second)
            ids.emplace_back(line);
        else
            ++dup;
    }
    if (duplicates) *duplicates = dup;
    return ids;
}

int exit_code_for(error_kind kind) noexcept { return 3 + (static_cast<int>(kind) - 1); }

}  // namespace awsconnect::cli
