// The process environment and the file system, as the configuration stage sees them.
//
// Configuration resolution and the credentials providers never call getenv() or open a
// file directly: they read an `environment` (a snapshot of the variables) and a
// `file_reader` (path -> contents). The real ones are `environment::from_process()` and
// `read_file_from_disk`; tests build both by hand, so every precedence rule is tested
// without touching the machine's environment or home directory.
//
// Thread safety: an `environment` is a value; reading it from several threads is safe.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsconnect::config {

class environment {
public:
    environment() = default;
    explicit environment(std::map<std::string, std::string, std::less<>> vars)
        : vars_(std::move(vars)) {}
    environment(std::initializer_list<std::pair<const std::string, std::string>> vars)
        : vars_(vars) {}

    /// A copy of the calling process's environment (`environ`), taken now.
    static environment from_process();

    /// The variable's value, or nullopt when it is unset or set to the empty string (an
    /// empty AWS_REGION= is treated as "not set", as the SDKs do for most settings).
    std::optional<std::string_view> get(std::string_view name) const;
    /// The raw value, empty strings included.
    std::optional<std::string_view> get_raw(std::string_view name) const;

    void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
    void unset(std::string_view name);

    /// "NAME=value" strings, e.g. for a child process's envp.
    std::vector<std::string> to_strings() const;

private:
    std::map<std::string, std::string, std::less<>> vars_;
};

/// Reads a whole file: its contents, or nullopt when it does not exist or cannot be read.
using file_reader = std::function<std::optional<std::string>(const std::string& path)>;

/// The real file system. Files larger than `max_bytes` are reported as unreadable (nobody's
/// config file or CA bundle is that large; a huge file is a mistake, not input).
std::optional<std::string> read_file_from_disk(const std::string& path,
                                               std::size_t max_bytes = 16 * 1024 * 1024);

/// `read_file_from_disk` as a file_reader.
file_reader disk_file_reader();

}  // namespace awsconnect::config
