// The real environment and file system behind config::environment and file_reader.
#include "config/environment.hpp"

#include <cstdio>
#include <cstring>

extern char** environ;  // POSIX

namespace awsconnect::config {

environment environment::from_process() {
    std::map<std::string, std::string, std::less<>> vars;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const char* eq = std::strchr(*e, '=');
        if (eq == nullptr) continue;
        vars.emplace(std::string(*e, static_cast<std::size_t>(eq - *e)), std::string(eq + 1));
    }
    return environment(std::move(vars));
}

std::optional<std::string_view> environment::get(std::string_view name) const {
    auto v = get_raw(name);
    if (v && v->empty()) return std::nullopt;
    return v;
}

std::optional<std::string_view> environment::get_raw(std::string_view name) const {
    auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return std::string_view(it->second);
}

void environment::unset(std::string_view name) {
    auto it = vars_.find(name);
    if (it != vars_.end()) vars_.erase(it);
}

std::vector<std::string> environment::to_strings() const {
    std::vector<std::string> out;
    out.reserve(vars_.size());
    for (const auto& [k, v] : vars_) out.push_back(k + "=" + v);
    return out;
}

std::optional<std::string> read_file_from_disk(const std::string& path, std::size_t max_bytes) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return std::nullopt;
    std::string out;
    char buf[8192];
    std::size_t n;
    bool ok = true;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        if (out.size() + n > max_bytes) {
            ok = false;
            break;
        }
        out.append(buf, n);
    }
    // A directory opens on Linux but fails to read: that is "unreadable", not empty.
    if (std::ferror(f)) ok = false;
    std::fclose(f);
    if (!ok) return std::nullopt;
    return out;
}

file_reader disk_file_reader() {
    return [](const std::string& path) { return read_file_from_disk(path); };
}

}  // namespace awsconnect::config
