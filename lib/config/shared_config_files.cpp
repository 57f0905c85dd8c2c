// Locating and merging ~/.aws/config and ~/.aws/credentials (see shared_config_files.hpp).
#include "config/shared_config_files.hpp"

namespace awsconnect::config {

std::string shared_config::describe_profile() const {
    return "profile \"" + profile_name + "\"";
}

std::string shared_config::describe_files() const {
    std::string out;
    auto add = [&](const std::string& p) {
        if (p.empty()) return;
        if (!out.empty()) out += " or ";
        out += p;
    };
    add(config_file);
    add(credentials_file);
    if (out.empty()) out = "(no config files: HOME is not set)";
    return out;
}

std::string expand_home(std::string_view path, const environment& env) {
    if (path.empty() || path.front() != '~') return std::string(path);
    // Only "~" and "~/..." (another user's "~name" is not supported; the SDKs differ on it).
    if (path.size() > 1 && path[1] != '/') return std::string(path);
    auto home = env.get("HOME");
    if (!home) return {};
    std::string out(*home);
    out += path.substr(1);
    return out;
}

shared_config load_shared_config(const environment& env, const file_reader& read,
                                 std::string_view profile_override,
                                 std::string_view profile_source) {
    shared_config out;
    if (!profile_override.empty()) {
        out.profile_name = std::string(profile_override);
        out.profile_name_source = std::string(profile_source);
    } else if (auto p = env.get("AWS_PROFILE")) {
        out.profile_name = std::string(*p);
        out.profile_name_source = "AWS_PROFILE";
    } else {
        out.profile_name = "default";
        out.profile_name_source = "default";
    }

    auto config_path = env.get("AWS_CONFIG_FILE");
    out.config_file = expand_home(config_path ? *config_path : "~/.aws/config", env);
    auto creds_path = env.get("AWS_SHARED_CREDENTIALS_FILE");
    out.credentials_file = expand_home(creds_path ? *creds_path : "~/.aws/credentials", env);

    auto load = [&](const std::string& path, profile_file_kind kind, bool& found) {
        profile_set set;
        if (path.empty()) return set;
        auto text = read(path);
        if (!text) return set;
        found = true;
        auto parsed = parse_profile_file(*text, path, kind);
        if (!parsed) {
            out.problems.push_back(parsed.error().message);
            return set;
        }
        return std::move(*parsed);
    };
    out.profiles = load(out.config_file, profile_file_kind::config, out.config_file_found);
    merge_profile_sets(out.profiles, load(out.credentials_file, profile_file_kind::credentials,
                                          out.credentials_file_found));
    return out;
}

std::string describe_profile_value(std::string_view profile, const profile_value& v) {
    std::string out = "profile \"";
    out += profile;
    out += "\" (";
    out += v.file;
    out += ", line ";
    out += std::to_string(v.line);
    out += ")";
    return out;
}

}  // namespace awsconnect::config
