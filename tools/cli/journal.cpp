#include "journal.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cerrno>
#include <cstring>
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
        if (!ev || !id || !tok || !ev->is_string() || !id->is_string() || !tok->is_string()) {
            ++bad;
            continue;
        }
        auto& e = state[std::string(id->as_string())];
        e.token = std::string(tok->as_string());
        if (ev->as_string() == "start") {
            e.finished = false;
        } else if (ev->as_string() == "end") {
            const auto* fin = o->if_contains("final");
            e.finished = fin && fin->is_bool() && fin->as_bool();
            const auto* out = o->if_contains("outcome");
            const auto* ok = out && out->is_object() ? out->as_object().if_contains("success") : nullptr;
            e.succeeded = ok && ok->is_bool() && ok->as_bool();
        } else {
            ++bad;
        }
    }
    if (skipped) *skipped = bad;
    return state;
}

bool is_final(error_kind kind) noexcept {
    switch (kind) {
        case error_kind::validation_error:
        case error_kind::invalid_parameter:
        case error_kind::access_denied:
        case error_kind::resource_not_found:
        case error_kind::resource_in_use:
        case error_kind::idempotency_conflict:
        case error_kind::auth_error:
        case error_kind::tls_error: return true;
        case error_kind::throttled:
        case error_kind::service_error:
        case error_kind::timeout:
        case error_kind::connection_error:
        case error_kind::credentials_unavailable:
        case error_kind::retry_quota_exceeded:
        case error_kind::cancelled:
        case error_kind::protocol_error: return false;
    }
    return false;
}

std::string start_line(std::string_view id, std::string_view token) {
    boost::json::object o;
    o["event"] = "start";
    o["id"] = id;
    o["token"] = token;
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

result<journal_file> journal_file::open(const std::string& path, journal_state& state) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return make_error(errc::invalid_configuration,
                          "cannot open the journal '" + path + "': " + std::strerror(errno));
    std::string text;
    char buf[65536];
    ssize_t n;
    while ((n = ::pread(fd, buf, sizeof buf, static_cast<off_t>(text.size()))) > 0) text.append(buf, static_cast<std::size_t>(n));
    if (n < 0) {
        ::close(fd);
        return make_error(errc::invalid_configuration, "cannot read the journal '" + path + "': " + std::strerror(errno));
    }
    state = parse_journal(text);
    journal_file f(fd, path);
    // A line cut short by a crash: end it, so the next line starts cleanly.
    if (!text.empty() && text.back() != '\n')
        if (auto r = f.append(""); !r) return r.error();
    return f;
}

journal_file::journal_file(journal_file&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }

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
