// Configuration resolution and validation (see resolve_config.hpp for the table).
#include "config/resolve_config.hpp"

#include "http/ascii.hpp"
#include "config/shared_config_files.hpp"

#include <charconv>
#include <climits>
#include <cmath>
#include <sstream>

namespace awsconnect::config {
namespace {

/// A value as text, with where it came from ("AWS_REGION", `profile "dev" (file, line 3)`).
struct setting {
    std::string value;
    std::string source;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

using http::iequals;

/// A value quoted for a message: printable ASCII only, at most 64 characters.
std::string quoted(std::string_view v) {
    std::string out = "\"";
    std::size_t n = 0;
    for (char c : v) {
        if (++n > 64) {
            out += "...";
            break;
        }
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    out += '"';
    return out;
}

std::string ms(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

std::optional<bool> parse_bool(std::string_view v) {
    v = trim(v);
    if (iequals(v, "true")) return true;
    if (iequals(v, "false")) return false;
    return std::nullopt;
}

enum class int_parse { ok, not_a_number, out_of_range };

int_parse parse_int(std::string_view v, int& out) {
    v = trim(v);
    if (!v.empty() && v.front() == '+') v.remove_prefix(1);
    if (v.empty()) return int_parse::not_a_number;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec == std::errc::result_out_of_range) return int_parse::out_of_range;
    if (ec != std::errc() || p != v.data() + v.size()) return int_parse::not_a_number;
    return int_parse::ok;
}

constexpr bool starts_with_icase(std::string_view s, std::string_view prefix) {
    return http::istarts_with(s, prefix);
}

// ---- rules shared by validate() and resolve_config() ------------------------------------

void check_region(std::string_view region, std::string_view source,
                  std::vector<std::string>& problems) {
    if (is_valid_region(region)) return;
    problems.push_back("region " + quoted(region) + " from " + std::string(source) +
                       " is not a valid region name (1 to 63 letters, digits or '-', not "
                       "starting or ending with '-')");
}

void check_endpoint_url(std::string_view url, std::string_view source,
                        std::vector<std::string>& problems) {
    // The URL itself is not quoted: an endpoint URL may carry user:password@.
    std::string_view rest;
    if (starts_with_icase(url, "http://")) {
        rest = url.substr(7);
    } else if (starts_with_icase(url, "https://")) {
        rest = url.substr(8);
    } else {
        problems.push_back("endpoint_url from " + std::string(source) +
                           " must start with http:// or https://");
        return;
    }
    if (rest.empty() || rest.front() == '/' || rest.front() == ':' || rest.front() == '?') {
        problems.push_back("endpoint_url from " + std::string(source) + " has no host");
    }
}

void check_max_attempts(int n, std::string_view source, std::vector<std::string>& problems) {
    if (n >= 1) return;
    problems.push_back("max_attempts " + std::to_string(n) + " from " + std::string(source) +
                       " must be at least 1");
}

void check_profile_name(std::string_view name, std::string_view source,
                        std::vector<std::string>& problems) {
    if (is_valid_profile_name(name)) return;
    problems.push_back("profile " + quoted(name) + " from " + std::string(source) +
                       " is not a valid profile name (letters, digits and _-/.%@:+)");
}

void check_positive(std::chrono::milliseconds d, std::string_view name,
                    std::vector<std::string>& problems) {
    if (d.count() > 0) return;
    problems.push_back(std::string(name) + " must be positive (is " + ms(d) + ")");
}

void check_not_negative(std::chrono::milliseconds d, std::string_view name,
                        std::vector<std::string>& problems) {
    if (d.count() >= 0) return;
    problems.push_back(std::string(name) + " must not be negative (is " + ms(d) + ")");
}

void check_at_least_one(std::size_t n, std::string_view name,
                        std::vector<std::string>& problems) {
    if (n >= 1) return;
    problems.push_back(std::string(name) + " must be at least 1 (is 0)");
}

/// The rules on fields that have no environment or profile counterpart.
void check_structure(const client_config& c, std::vector<std::string>& problems) {
    check_positive(c.timeouts.resolve, "timeouts.resolve", problems);
    check_positive(c.timeouts.connect, "timeouts.connect", problems);
    check_positive(c.timeouts.tls_handshake, "timeouts.tls_handshake", problems);
    check_positive(c.timeouts.attempt, "timeouts.attempt", problems);
    check_positive(c.timeouts.operation, "timeouts.operation", problems);

    check_not_negative(c.retry.max_backoff, "retry.max_backoff", problems);
    if (c.retry.quota_enabled && c.retry.initial_quota < 0) {
        problems.push_back("retry.initial_quota must not be negative (is " +
                           std::to_string(c.retry.initial_quota) + ")");
    }

    const auto& p = c.pool;
    check_at_least_one(p.max_connections, "pool.max_connections", problems);
    check_at_least_one(p.max_concurrent_connects, "pool.max_concurrent_connects", problems);
    if (p.max_connections >= 1 && p.initial_size > p.max_connections) {
        problems.push_back("pool.initial_size must not exceed pool.max_connections (is " +
                           std::to_string(p.initial_size) + " > " +
                           std::to_string(p.max_connections) + ")");
    }
    check_positive(p.idle_timeout, "pool.idle_timeout", problems);
    check_positive(p.max_lifetime, "pool.max_lifetime", problems);
    check_not_negative(p.dns_ttl, "pool.dns_ttl", problems);
    check_not_negative(p.address_penalty, "pool.address_penalty", problems);
    // Written so that NaN fails too.
    if (!(p.lifetime_jitter >= 0.0 && p.lifetime_jitter < 1.0)) {
        std::ostringstream os;
        os << p.lifetime_jitter;
        problems.push_back("pool.lifetime_jitter must be at least 0 and below 1 (is " +
                           os.str() + ")");
    }
    check_at_least_one(p.max_response_header_bytes, "pool.max_response_header_bytes", problems);
    check_at_least_one(p.max_response_body_bytes, "pool.max_response_body_bytes", problems);
}

// ---- resolution -------------------------------------------------------------------------

class resolver {
public:
    resolver(const client_config& cfg, const environment& env, const file_reader& read,
             resolve_options opts)
        : cfg_(cfg), env_(env), read_(read), opts_(opts) {}

    resolve_outcome run() {
        resolve_outcome out;
        auto& r = out.config;
        check_structure(cfg_, problems_);

        files_ = load_shared_config(env_, read_, cfg_.profile);
        for (auto& p : files_.problems) problems_.push_back(p);
        profile_ = files_.selected();
        r.profile = files_.profile_name;
        if (files_.profile_explicit()) {
            if (!is_valid_profile_name(files_.profile_name)) {
                check_profile_name(files_.profile_name, files_.profile_name_source, problems_);
            } else if (profile_ == nullptr && files_.problems.empty()) {
                // A profile someone asked for by name must exist (botocore: ProfileNotFound);
                // a missing "default" just means "no files".
                problems_.push_back(files_.describe_profile() + " from " +
                                    files_.profile_name_source + " was not found in " +
                                    files_.describe_files());
            }
        }

        resolve_region(r);
        resolve_endpoint(r);
        r.use_fips = resolve_bool(cfg_.use_fips, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
        r.use_dualstack =
            resolve_bool(cfg_.use_dualstack, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");
        resolve_retry(r.retry);
        resolve_tls(r.tls);

        r.timeouts = cfg_.timeouts;
        r.pool = cfg_.pool;
        r.credentials = cfg_.credentials;
        r.user_agent_suffix = cfg_.user_agent_suffix;
        r.observer = cfg_.observer;
        r.logger = cfg_.logger;
        fill_profile_keys(r.profile_keys);

        out.problems = std::move(problems_);
        return out;
    }

private:
    std::optional<setting> from_env(std::string_view name) const {
        auto v = env_.get(name);
        if (!v) return std::nullopt;
        return setting{std::string(*v), std::string(name)};
    }

    std::optional<setting> from_profile(std::string_view key) const {
        if (profile_ == nullptr) return std::nullopt;
        const profile_value* v = profile_->find(key);
        if (v == nullptr || v->value.empty()) return std::nullopt;
        return setting{v->value, describe_profile_value(files_.profile_name, *v)};
    }

    void resolve_region(resolved_config& r) {
        std::optional<setting> s;
        if (!cfg_.region.empty()) s = setting{cfg_.region, "client_config.region"};
        if (!s) s = from_env("AWS_REGION");
        if (!s) s = from_env("AWS_DEFAULT_REGION");
        if (!s) s = from_profile("region");
        if (!s) {
            r.region_source = "default";
            if (opts_.require_region) {
                problems_.push_back(
                    "region is not set: set client_config.region, AWS_REGION, "
                    "AWS_DEFAULT_REGION or region in " + files_.describe_profile());
            }
            return;
        }
        s->value = std::string(trim(s->value));
        check_region(s->value, s->source, problems_);
        r.region = std::move(s->value);
        r.region_source = std::move(s->source);
    }

    void resolve_endpoint(resolved_config& r) {
        // STS (the credential providers' AssumeRole calls) follows the same order, with its
        // own service-specific variable and `services` key; client_config.endpoint_url is
        // Connect's only.
        if (auto s = configured_endpoint("AWS_ENDPOINT_URL_STS", "sts")) {
            r.sts_endpoint_url = std::move(s->value);
            r.sts_endpoint_url_source = std::move(s->source);
        }
        if (!cfg_.endpoint_url.empty()) {
            check_endpoint_url(cfg_.endpoint_url, "client_config.endpoint_url", problems_);
            r.endpoint_url = cfg_.endpoint_url;
            r.endpoint_url_source = "client_config.endpoint_url";
            return;
        }
        if (auto s = configured_endpoint("AWS_ENDPOINT_URL_CONNECT", "connect")) {
            r.endpoint_url = std::move(s->value);
            r.endpoint_url_source = std::move(s->source);
        }
    }

    /// The configured endpoint of a service: its variable, AWS_ENDPOINT_URL, the profile's
    /// `services` section, the profile's endpoint_url; nothing when
    /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (else the profile's ignore_configured_endpoint_urls)
    /// is true. A bad flag or URL is reported once (for the first service asked).
    std::optional<setting> configured_endpoint(std::string_view service_env, std::string_view service_id) {
        const bool report = !endpoint_reported_;
        endpoint_reported_ = true;
        bool ignore = false;
        std::optional<setting> flag = from_env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
        if (!flag) flag = from_profile("ignore_configured_endpoint_urls");
        if (flag) {
            if (report) {
                ignore = parse_bool_or_report(*flag, "ignore_configured_endpoint_urls");
            } else {
                ignore = parse_bool(flag->value).value_or(false);
            }
        }
        if (ignore) return std::nullopt;

        std::optional<setting> s = from_env(service_env);
        const bool service_specific = s.has_value();
        if (!s) s = from_env("AWS_ENDPOINT_URL");
        if (!s) s = from_services_section(service_id);
        if (!s) s = from_profile("endpoint_url");
        if (!s) return std::nullopt;
        s->value = std::string(trim(s->value));
        if (report || service_specific) check_endpoint_url(s->value, s->source, problems_);
        return s;
    }

    /// `services = name` in the profile, then `[services name]` / `<service_id> =` /
    /// `  endpoint_url = ...` in the config file (the key is the service id, lower case).
    std::optional<setting> from_services_section(std::string_view service_id) const {
        if (profile_ == nullptr) return std::nullopt;
        const profile_value* v =
            files_.profiles.find_service_setting(*profile_, service_id, "endpoint_url");
        if (v == nullptr) return std::nullopt;
        return setting{v->value, "services \"" + profile_->find("services")->value + "\" (" +
                                     v->file + ", line " + std::to_string(v->line) + ")"};
    }

    bool parse_bool_or_report(const setting& s, std::string_view what) {
        auto b = parse_bool(s.value);
        if (!b) {
            problems_.push_back(std::string(what) + " " + quoted(s.value) + " from " + s.source +
                                " must be true or false");
            return false;
        }
        return *b;
    }

    bool resolve_bool(std::optional<bool> explicit_value, std::string_view env_name,
                      std::string_view profile_key) {
        if (explicit_value) return *explicit_value;
        std::optional<setting> s = from_env(env_name);
        if (!s) s = from_profile(profile_key);
        if (!s) return false;
        return parse_bool_or_report(*s, profile_key);
    }

    void resolve_retry(resolved_retry& r) {
        r.max_backoff = cfg_.retry.max_backoff;
        r.quota_enabled = cfg_.retry.quota_enabled;
        r.initial_quota = cfg_.retry.initial_quota;

        if (cfg_.retry.mode) {
            r.mode = *cfg_.retry.mode;
        } else {
            std::optional<setting> s = from_env("AWS_RETRY_MODE");
            if (!s) s = from_profile("retry_mode");
            if (s) {
                std::string_view v = trim(s->value);
                if (iequals(v, "standard") || iequals(v, "legacy")) {
                    // "legacy" is the SDKs' pre-standard mode; we only implement standard.
                    r.mode = retry_mode::standard;
                } else if (iequals(v, "adaptive")) {
                    r.mode = retry_mode::adaptive;
                } else {
                    problems_.push_back("retry_mode " + quoted(s->value) + " from " + s->source +
                                        " must be standard, adaptive or legacy");
                }
            }
        }

        if (cfg_.retry.max_attempts) {
            check_max_attempts(*cfg_.retry.max_attempts, "client_config.retry.max_attempts",
                               problems_);
            r.max_attempts = *cfg_.retry.max_attempts;
        } else {
            std::optional<setting> s = from_env("AWS_MAX_ATTEMPTS");
            if (!s) s = from_profile("max_attempts");
            if (s) {
                int n = 0;
                switch (parse_int(s->value, n)) {
                case int_parse::ok:
                    check_max_attempts(n, s->source, problems_);
                    r.max_attempts = n;
                    break;
                case int_parse::not_a_number:
                    problems_.push_back("max_attempts " + quoted(s->value) + " from " +
                                        s->source + " is not a whole number");
                    break;
                case int_parse::out_of_range:
                    problems_.push_back("max_attempts " + quoted(s->value) + " from " +
                                        s->source + " is out of range");
                    break;
                }
            }
        }

        if (cfg_.retry.rules) {
            r.rules = *cfg_.retry.rules;
        } else if (auto s = from_env("AWS_NEW_RETRIES_2026")) {
            auto b = parse_bool(s->value);
            if (!b) {
                problems_.push_back("AWS_NEW_RETRIES_2026 " + quoted(s->value) +
                                    " must be true or false");
            } else {
                r.rules = *b ? retry_rules::v2_1 : retry_rules::v2_0;
            }
        }
    }

    void resolve_tls(tls_config& t) {
        t = cfg_.tls;
        std::optional<setting> s;
        if (!cfg_.tls.ca_file.empty()) {
            s = setting{cfg_.tls.ca_file, "client_config.tls.ca_file"};
        } else {
            s = from_env("AWS_CA_BUNDLE");
            if (!s) s = from_profile("ca_bundle");
            if (s) {
                std::string expanded = expand_home(s->value, env_);
                if (!expanded.empty()) s->value = std::move(expanded);
            }
        }
        if (!s) return;
        if (!read_(s->value)) {
            problems_.push_back("CA bundle " + quoted(s->value) + " from " + s->source +
                                " cannot be read");
        }
        t.ca_file = std::move(s->value);
    }

    void fill_profile_keys(profile_credentials& k) const {
        k.profile = files_.profile_name;
        k.profile_explicit = files_.profile_explicit();
        k.profile_found = profile_ != nullptr;
        k.config_file = files_.config_file;
        k.credentials_file = files_.credentials_file;
        if (profile_ == nullptr) return;
        auto get = [&](std::string_view key) -> std::optional<profile_value> {
            const profile_value* v = profile_->find(key);
            if (v == nullptr) return std::nullopt;
            return *v;
        };
        k.access_key_id = get("aws_access_key_id");
        k.secret_access_key = get("aws_secret_access_key");
        k.session_token = get("aws_session_token");
        k.credential_process = get("credential_process");
    }

    const client_config& cfg_;
    const environment& env_;
    const file_reader& read_;
    resolve_options opts_;
    shared_config files_;
    const profile_section* profile_ = nullptr;
    bool endpoint_reported_ = false;
    std::vector<std::string> problems_;
};

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) out += "; ";
        out += p;
    }
    return out;
}

}  // namespace

bool is_valid_region(std::string_view region) noexcept {
    if (region.empty() || region.size() > 63) return false;
    if (region.front() == '-' || region.back() == '-') return false;
    for (char c : region) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-';
        if (!ok) return false;
    }
    return true;
}

std::vector<std::string> validate_client_config(const client_config& cfg) {
    std::vector<std::string> problems;
    check_structure(cfg, problems);
    if (!cfg.profile.empty()) check_profile_name(cfg.profile, "client_config.profile", problems);
    if (!cfg.region.empty()) check_region(cfg.region, "client_config.region", problems);
    if (!cfg.endpoint_url.empty()) {
        check_endpoint_url(cfg.endpoint_url, "client_config.endpoint_url", problems);
    }
    if (cfg.retry.max_attempts) {
        check_max_attempts(*cfg.retry.max_attempts, "client_config.retry.max_attempts", problems);
    }
    return problems;
}

resolve_outcome resolve_config_collect(const client_config& cfg, const environment& env,
                                       const file_reader& read, resolve_options opts) {
    return resolver(cfg, env, read, opts).run();
}

result<resolved_config> resolve_config(const client_config& cfg, const environment& env,
                                       const file_reader& read, resolve_options opts) {
    auto out = resolve_config_collect(cfg, env, read, opts);
    if (!out.problems.empty()) {
        return make_error(errc::invalid_configuration, join(out.problems));
    }
    return std::move(out.config);
}

}  // namespace awsconnect::config

// ---- the public face: client_config's static loaders and validate() ----------------------

namespace awsconnect {
namespace {

result<client_config> load_from(client_config c) {
    auto r = config::resolve_config(c, config::environment::from_process(),
                                    config::disk_file_reader(),
                                    config::resolve_options{.require_region = false});
    if (!r) return r.error();
    c.region = r->region;
    // Only a profile someone chose becomes explicit; "default" stays implicit, so that a
    // machine without config files does not later fail with "profile not found".
    if (r->profile_keys.profile_explicit) c.profile = r->profile;
    c.endpoint_url = r->endpoint_url;
    c.use_fips = r->use_fips;
    c.use_dualstack = r->use_dualstack;
    c.retry.mode = r->retry.mode;
    c.retry.max_attempts = r->retry.max_attempts;
    c.retry.rules = r->retry.rules;
    c.tls.ca_file = r->tls.ca_file;
    return c;
}

}  // namespace

result<client_config> client_config::from_environment() { return load_from(client_config{}); }

result<client_config> client_config::from_profile(std::string_view profile) {
    client_config c;
    c.profile = std::string(profile);
    return load_from(std::move(c));
}

std::vector<std::string> client_config::validate() const {
    return config::validate_client_config(*this);
}

}  // namespace awsconnect
