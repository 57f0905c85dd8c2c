// Configuration resolution: for every setting of client_config.hpp's table, the test stacks
// all four layers (explicit field, environment, profile in the shared files, default) and
// peels them off one by one, checking the value and where it came from at each step. The
// environment and the file system are hand-built (config::environment and a map-backed
// file_reader), so nothing depends on the machine. Every validation rule is checked with
// its exact message, alone and collected together with others. One last test drives the
// public client_config::from_environment() through the real process environment and a
// temporary HOME.
#include "config/resolve_config.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

using namespace awsconnect;
using namespace awsconnect::config;
using namespace std::chrono_literals;

namespace {

const std::string config_path = "/home/u/.aws/config";
const std::string creds_path = "/home/u/.aws/credentials";

struct fixture {
    environment env{{"HOME", "/home/u"}};
    std::map<std::string, std::string> files;
    client_config cfg;

    file_reader reader() const {
        return [this](const std::string& p) -> std::optional<std::string> {
            auto it = files.find(p);
            if (it == files.end()) return std::nullopt;
            return it->second;
        };
    }
    resolve_outcome resolve(resolve_options o = {}) const {
        return resolve_config_collect(cfg, env, reader(), o);
    }
    resolved_config ok(resolve_options o = {}) const {
        auto out = resolve(o);
        for (const auto& p : out.problems) FAIL_CHECK(p);
        REQUIRE(out.problems.empty());
        return out.config;
    }
    std::vector<std::string> problems(resolve_options o = {}) const { return resolve(o).problems; }
};

using strings = std::vector<std::string>;

}  // namespace

TEST_SUITE("resolve_config") {

TEST_CASE("defaults when nothing is configured") {
    fixture f;
    f.cfg.region = "us-east-1";
    auto r = f.ok();
    CHECK(r.region == "us-east-1");
    CHECK(r.profile == "default");
    CHECK(r.endpoint_url.empty());
    CHECK(r.use_fips == false);
    CHECK(r.use_dualstack == false);
    CHECK(r.retry.mode == retry_mode::standard);
    CHECK(r.retry.max_attempts == 3);
    CHECK(r.retry.rules == retry_rules::v2_0);
    CHECK(r.retry.max_backoff == 20'000ms);
    CHECK(r.retry.quota_enabled);
    CHECK(r.retry.initial_quota == 500);
    CHECK(r.tls.ca_file.empty());
    CHECK(r.timeouts.connect == 1'000ms);
    CHECK(r.pool.max_connections == 64);
    CHECK(r.credentials == nullptr);
    CHECK(r.profile_keys.profile == "default");
    CHECK_FALSE(r.profile_keys.profile_explicit);
    CHECK_FALSE(r.profile_keys.profile_found);
    CHECK(r.profile_keys.config_file == config_path);
    CHECK(r.profile_keys.credentials_file == creds_path);
}

TEST_CASE("region: explicit, AWS_REGION, AWS_DEFAULT_REGION, profile, then an error") {
    fixture f;
    f.files[config_path] = "[default]\nregion = eu-profile-1\n";
    f.env.set("AWS_DEFAULT_REGION", "eu-default-1");
    f.env.set("AWS_REGION", "eu-env-1");
    f.cfg.region = "eu-explicit-1";
    auto r = f.ok();
    CHECK(r.region == "eu-explicit-1");
    CHECK(r.region_source == "client_config.region");

    f.cfg.region.clear();
    r = f.ok();
    CHECK(r.region == "eu-env-1");
    CHECK(r.region_source == "AWS_REGION");

    f.env.unset("AWS_REGION");
    r = f.ok();
    CHECK(r.region == "eu-default-1");
    CHECK(r.region_source == "AWS_DEFAULT_REGION");

    f.env.set("AWS_DEFAULT_REGION", "");  // empty counts as unset
    r = f.ok();
    CHECK(r.region == "eu-profile-1");
    CHECK(r.region_source == "profile \"default\" (/home/u/.aws/config, line 2)");

    f.files.clear();
    CHECK(f.problems() == strings{"region is not set: set client_config.region, AWS_REGION, "
                                  "AWS_DEFAULT_REGION or region in profile \"default\""});
    r = f.ok({.require_region = false});
    CHECK(r.region.empty());
    CHECK(r.region_source == "default");
}

TEST_CASE("profile: explicit, AWS_PROFILE, then default; files from AWS_CONFIG_FILE and "
          "AWS_SHARED_CREDENTIALS_FILE") {
    fixture f;
    f.files[config_path] =
        "[default]\nregion = r-default\n[profile envp]\nregion = r-env\n"
        "[profile explicitp]\nregion = r-explicit\n";
    f.env.set("AWS_PROFILE", "envp");
    f.cfg.profile = "explicitp";
    auto r = f.ok();
    CHECK(r.profile == "explicitp");
    CHECK(r.region == "r-explicit");
    CHECK(r.profile_keys.profile_explicit);
    CHECK(r.profile_keys.profile_found);

    f.cfg.profile.clear();
    r = f.ok();
    CHECK(r.profile == "envp");
    CHECK(r.region == "r-env");
    CHECK(r.profile_keys.profile_explicit);

    f.env.unset("AWS_PROFILE");
    r = f.ok();
    CHECK(r.profile == "default");
    CHECK(r.region == "r-default");
    CHECK_FALSE(r.profile_keys.profile_explicit);

    SUBCASE("other file locations, with ~ expanded from HOME") {
        f.files["/etc/aws/cfg"] = "[default]\nregion = r-moved\n";
        f.files["/home/u/creds2"] = "[default]\naws_access_key_id = AKIDMOVED\n";
        f.env.set("AWS_CONFIG_FILE", "/etc/aws/cfg");
        f.env.set("AWS_SHARED_CREDENTIALS_FILE", "~/creds2");
        r = f.ok();
        CHECK(r.region == "r-moved");
        REQUIRE(r.profile_keys.access_key_id.has_value());
        CHECK(r.profile_keys.access_key_id->value == "AKIDMOVED");
        CHECK(r.profile_keys.config_file == "/etc/aws/cfg");
        CHECK(r.profile_keys.credentials_file == "/home/u/creds2");
    }
    SUBCASE("without HOME the default files are not looked for") {
        f.env.unset("HOME");
        f.cfg.region = "us-east-1";
        r = f.ok();
        CHECK_FALSE(r.profile_keys.profile_found);
        CHECK(r.profile_keys.config_file.empty());
    }
}

TEST_CASE("the credentials file overrides the config file for the same profile") {
    fixture f;
    f.files[config_path] = "[default]\nregion = from-config\naws_access_key_id = CFGKEY\n";
    f.files[creds_path] = "[default]\nregion = from-creds\naws_access_key_id = CREDKEY\n"
                          "aws_secret_access_key = CREDSECRET\naws_session_token = TOK\n"
                          "credential_process = /bin/tool --x\n";
    auto r = f.ok();
    CHECK(r.region == "from-creds");
    CHECK(r.region_source == "profile \"default\" (/home/u/.aws/credentials, line 2)");
    REQUIRE(r.profile_keys.access_key_id);
    CHECK(r.profile_keys.access_key_id->value == "CREDKEY");
    CHECK(r.profile_keys.access_key_id->file == creds_path);
    CHECK(r.profile_keys.secret_access_key->value == "CREDSECRET");
    CHECK(r.profile_keys.session_token->value == "TOK");
    CHECK(r.profile_keys.credential_process->value == "/bin/tool --x");
    CHECK(r.profile_keys.profile_found);
}

TEST_CASE("endpoint_url: explicit, AWS_ENDPOINT_URL_CONNECT, AWS_ENDPOINT_URL, the profile's "
          "services section, the profile's endpoint_url, then the rules") {
    fixture f;
    f.cfg.region = "us-east-1";
    f.files[config_path] =
        "[default]\n"
        "endpoint_url = http://profile.example\n"
        "services = local\n"
        "[services local]\n"
        "connect =\n"
        "  endpoint_url = http://services.example:8080\n";
    f.env.set("AWS_ENDPOINT_URL", "https://global-env.example");
    f.env.set("AWS_ENDPOINT_URL_CONNECT", "http://connect-env.example");
    f.cfg.endpoint_url = "http://127.0.0.1:9000";
    auto r = f.ok();
    CHECK(r.endpoint_url == "http://127.0.0.1:9000");
    CHECK(r.endpoint_url_source == "client_config.endpoint_url");

    f.cfg.endpoint_url.clear();
    r = f.ok();
    CHECK(r.endpoint_url == "http://connect-env.example");
    CHECK(r.endpoint_url_source == "AWS_ENDPOINT_URL_CONNECT");

    f.env.unset("AWS_ENDPOINT_URL_CONNECT");
    r = f.ok();
    CHECK(r.endpoint_url == "https://global-env.example");
    CHECK(r.endpoint_url_source == "AWS_ENDPOINT_URL");

    f.env.unset("AWS_ENDPOINT_URL");
    r = f.ok();
    CHECK(r.endpoint_url == "http://services.example:8080");
    CHECK(r.endpoint_url_source == "services \"local\" (/home/u/.aws/config, line 6)");

    f.files[config_path] = "[default]\nendpoint_url = http://profile.example\n";
    r = f.ok();
    CHECK(r.endpoint_url == "http://profile.example");
    CHECK(r.endpoint_url_source == "profile \"default\" (/home/u/.aws/config, line 2)");

    f.files.clear();
    r = f.ok();
    CHECK(r.endpoint_url.empty());
    CHECK(r.endpoint_url_source.empty());
}

TEST_CASE("STS's endpoint: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the services section's sts, the "
          "profile's endpoint_url; client_config.endpoint_url is Connect's only") {
    fixture f;
    f.cfg.region = "us-east-1";
    f.files[config_path] =
        "[default]\n"
        "endpoint_url = http://profile.example\n"
        "services = local\n"
        "[services local]\n"
        "connect =\n"
        "  endpoint_url = http://connect-services.example\n"
        "sts =\n"
        "  endpoint_url = http://sts-services.example\n";
    f.env.set("AWS_ENDPOINT_URL", "https://global-env.example");
    f.env.set("AWS_ENDPOINT_URL_STS", "http://sts-env.example");
    f.env.set("AWS_ENDPOINT_URL_CONNECT", "http://connect-env.example");
    f.cfg.endpoint_url = "http://127.0.0.1:9000";
    auto r = f.ok();
    CHECK(r.endpoint_url == "http://127.0.0.1:9000");
    CHECK(r.sts_endpoint_url == "http://sts-env.example");
    CHECK(r.sts_endpoint_url_source == "AWS_ENDPOINT_URL_STS");

    f.env.unset("AWS_ENDPOINT_URL_STS");
    r = f.ok();
    CHECK(r.sts_endpoint_url == "https://global-env.example");
    CHECK(r.sts_endpoint_url_source == "AWS_ENDPOINT_URL");

    f.env.unset("AWS_ENDPOINT_URL");
    r = f.ok();
    CHECK(r.sts_endpoint_url == "http://sts-services.example");
    CHECK(r.sts_endpoint_url_source == "services \"local\" (/home/u/.aws/config, line 8)");

    f.files[config_path] = "[default]\nendpoint_url = http://profile.example\nservices = local\n"
                           "[services local]\nconnect =\n  endpoint_url = http://connect-services.example\n";
    r = f.ok();
    CHECK(r.sts_endpoint_url == "http://profile.example");
    CHECK(r.sts_endpoint_url_source == "profile \"default\" (/home/u/.aws/config, line 2)");

    f.env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
    r = f.ok();
    CHECK(r.sts_endpoint_url.empty());
    CHECK(r.endpoint_url == "http://127.0.0.1:9000");

    // A bad STS URL is reported, naming its source.
    f.env.unset("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    f.env.set("AWS_ENDPOINT_URL_STS", "sts.example");
    auto bad = resolve_config(f.cfg, f.env, f.reader());
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message.find("endpoint_url from AWS_ENDPOINT_URL_STS must start with http:// or https://") !=
          std::string::npos);
}

TEST_CASE("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS skips every configured endpoint but the "
          "explicit one") {
    fixture f;
    f.cfg.region = "us-east-1";
    f.files[config_path] = "[default]\nendpoint_url = http://profile.example\n";
    f.env.set("AWS_ENDPOINT_URL", "http://env.example");
    f.env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
    CHECK(f.ok().endpoint_url.empty());
    f.cfg.endpoint_url = "http://explicit.example";
    CHECK(f.ok().endpoint_url == "http://explicit.example");
    f.cfg.endpoint_url.clear();
    f.env.unset("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    f.files[config_path] = "[default]\nendpoint_url = http://profile.example\n"
                           "ignore_configured_endpoint_urls = TRUE\n";
    CHECK(f.ok().endpoint_url.empty());
}

TEST_CASE("use_fips and use_dualstack: explicit, environment, profile, default false") {
    fixture f;
    f.cfg.region = "us-east-1";
    f.files[config_path] =
        "[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n";
    f.env.set("AWS_USE_FIPS_ENDPOINT", "false");
    f.env.set("AWS_USE_DUALSTACK_ENDPOINT", "false");
    f.cfg.use_fips = true;
    f.cfg.use_dualstack = true;
    auto r = f.ok();
    CHECK(r.use_fips);
    CHECK(r.use_dualstack);

    f.cfg.use_fips.reset();
    f.cfg.use_dualstack.reset();
    r = f.ok();
    CHECK_FALSE(r.use_fips);
    CHECK_FALSE(r.use_dualstack);

    f.env.unset("AWS_USE_FIPS_ENDPOINT");
    f.env.unset("AWS_USE_DUALSTACK_ENDPOINT");
    r = f.ok();
    CHECK(r.use_fips);
    CHECK(r.use_dualstack);

    f.files.clear();
    r = f.ok();
    CHECK_FALSE(r.use_fips);
    CHECK_FALSE(r.use_dualstack);

    SUBCASE("booleans are case-insensitive") {
        f.env.set("AWS_USE_FIPS_ENDPOINT", "TRUE");
        f.env.set("AWS_USE_DUALSTACK_ENDPOINT", "True");
        r = f.ok();
        CHECK(r.use_fips);
        CHECK(r.use_dualstack);
    }
    SUBCASE("an explicit false beats a true environment") {
        f.env.set("AWS_USE_FIPS_ENDPOINT", "true");
        f.cfg.use_fips = false;
        CHECK_FALSE(f.ok().use_fips);
    }
}

TEST_CASE("retry mode: explicit, AWS_RETRY_MODE, profile retry_mode, standard") {
    fixture f;
    f.cfg.region = "us-east-1";
    f.files[config_path] = "[default]\nretry_mode = adaptive\n";
    f.env.set("AWS_RETRY_MODE", "standard");
    f.cfg.retry.mode = retry_mode::adaptive;
    CHECK(f.ok().retry.mode == retry_mode::adaptive);
    f.cfg.retry.mode.reset();
    CHECK(f.ok().retry.mode == retry_mode::standard);
    f.env.unset("AWS_RETRY_MODE");
    CHECK(f.ok().retry.mode == retry_mode::adaptive);
    f.files.clear();
    CHECK(f.ok().retry.mode == retry_mode::standard);

    SUBCASE("legacy reads as standard; names are case-insensitive") {
        f.env.set("AWS_RETRY_MODE", "Legacy");
        CHECK(f.ok().retry.mode == retry_mode::standard);
        f.env.set("AWS_RETRY_MODE", "ADAPTIVE");
        CHECK(f.ok().retry.mode == retry_mode::adaptive);
    }
}

TEST_CASE("max attempts: explicit, AWS_MAX_ATTEMPTS, profile max_attempts, 3") {
    fixture f;
    f.cfg.region = "us-east-1";
    f.files[config_path] = "[default]\nmax_attempts = 4\n";
    f.env.set("AWS_MAX_ATTEMPTS", "5");
    f.cfg.retry.max_attempts = 7;
    CHECK(f.ok().retry.max_attempts == 7);
    f.cfg.retry.max_attempts.reset();
    CHECK(f.ok().retry.max_attempts == 5);
    f.env.unset("AWS_MAX_ATTEMPTS");
    CHECK(f.ok().retry.max_attempts == 4);
    f.files.clear();
    CHECK(f.ok().retry.max_attempts == 3);
    f.env.set("AWS_MAX_ATTEMPTS", " +1 ");
    CHECK(f.ok().retry.max_attempts == 1);
}

TEST_CASE("retry rules: explicit, AWS_NEW_RETRIES_2026, v2_0") {
    fixture f;
    f.cfg.region = "us-east-1";
    f.env.set("AWS_NEW_RETRIES_2026", "true");
    f.cfg.retry.rules = retry_rules::v2_0;
    CHECK(f.ok().retry.rules == retry_rules::v2_0);
    f.cfg.retry.rules.reset();
    CHECK(f.ok().retry.rules == retry_rules::v2_1);
    f.env.set("AWS_NEW_RETRIES_2026", "false");
    CHECK(f.ok().retry.rules == retry_rules::v2_0);
    f.env.unset("AWS_NEW_RETRIES_2026");
    CHECK(f.ok().retry.rules == retry_rules::v2_0);
}

TEST_CASE("CA bundle: explicit tls.ca_file, AWS_CA_BUNDLE, profile ca_bundle, system store") {
    fixture f;
    f.cfg.region = "us-east-1";
    f.files["/explicit.pem"] = "pem";
    f.files["/env.pem"] = "pem";
    f.files["/home/u/profile.pem"] = "pem";
    f.files[config_path] = "[default]\nca_bundle = ~/profile.pem\n";
    f.env.set("AWS_CA_BUNDLE", "/env.pem");
    f.cfg.tls.ca_file = "/explicit.pem";
    f.cfg.tls.ca_directory = "/etc/ssl/certs";
    auto r = f.ok();
    CHECK(r.tls.ca_file == "/explicit.pem");
    CHECK(r.tls.ca_directory == "/etc/ssl/certs");
    f.cfg.tls.ca_file.clear();
    CHECK(f.ok().tls.ca_file == "/env.pem");
    f.env.unset("AWS_CA_BUNDLE");
    CHECK(f.ok().tls.ca_file == "/home/u/profile.pem");
    f.files.erase(config_path);
    CHECK(f.ok().tls.ca_file.empty());
}

TEST_CASE("settings without a counterpart are copied as given") {
    fixture f;
    f.cfg.region = "us-east-1";
    f.cfg.timeouts.attempt = 1234ms;
    f.cfg.pool.max_connections = 3;
    f.cfg.retry.max_backoff = 5ms;
    f.cfg.retry.quota_enabled = false;
    f.cfg.user_agent_suffix = "app/1";
    int calls = 0;
    f.cfg.observer = [&calls](const attempt_event&) { ++calls; };
    auto r = f.ok();
    CHECK(r.timeouts.attempt == 1234ms);
    CHECK(r.pool.max_connections == 3);
    CHECK(r.retry.max_backoff == 5ms);
    CHECK_FALSE(r.retry.quota_enabled);
    CHECK(r.user_agent_suffix == "app/1");
    REQUIRE(r.observer);
    r.observer(attempt_event{});
    CHECK(calls == 1);
}

TEST_CASE("every validation message, exactly") {
    fixture f;
    f.cfg.region = "us-east-1";
    auto only = [&](const std::string& expected) {
        CHECK(f.problems() == strings{expected});
    };

    SUBCASE("invalid regions") {
        f.cfg.region = "us east 1";
        only("region \"us east 1\" from client_config.region is not a valid region name (1 to "
             "63 letters, digits or '-', not starting or ending with '-')");
        f.cfg.region = "-us-east-1";
        CHECK(f.problems().size() == 1);
        f.cfg.region = "us-east-1-";
        CHECK(f.problems().size() == 1);
        f.cfg.region = std::string(64, 'a');
        CHECK(f.problems().size() == 1);
        f.cfg.region = std::string(63, 'a');
        CHECK(f.problems().empty());
        f.cfg.region.clear();
        f.env.set("AWS_REGION", "eu_west_1");
        only("region \"eu_west_1\" from AWS_REGION is not a valid region name (1 to 63 letters, "
             "digits or '-', not starting or ending with '-')");
        f.env.unset("AWS_REGION");
        f.files[config_path] = "[default]\nregion = a.b\n";
        only("region \"a.b\" from profile \"default\" (/home/u/.aws/config, line 2) is not a "
             "valid region name (1 to 63 letters, digits or '-', not starting or ending with "
             "'-')");
    }
    SUBCASE("timeouts must be positive") {
        f.cfg.timeouts.connect = -5ms;
        only("timeouts.connect must be positive (is -5 ms)");
        f.cfg.timeouts.connect = 1ms;
        f.cfg.timeouts.resolve = 0ms;
        only("timeouts.resolve must be positive (is 0 ms)");
        f.cfg.timeouts.resolve = 1ms;
        f.cfg.timeouts.tls_handshake = 0ms;
        only("timeouts.tls_handshake must be positive (is 0 ms)");
        f.cfg.timeouts.tls_handshake = 1ms;
        f.cfg.timeouts.attempt = -1ms;
        only("timeouts.attempt must be positive (is -1 ms)");
        f.cfg.timeouts.attempt = 1ms;
        f.cfg.timeouts.operation = 0ms;
        only("timeouts.operation must be positive (is 0 ms)");
    }
    SUBCASE("max_attempts below 1, not a number, out of range") {
        f.cfg.retry.max_attempts = 0;
        only("max_attempts 0 from client_config.retry.max_attempts must be at least 1");
        f.cfg.retry.max_attempts.reset();
        f.env.set("AWS_MAX_ATTEMPTS", "-2");
        only("max_attempts -2 from AWS_MAX_ATTEMPTS must be at least 1");
        f.env.set("AWS_MAX_ATTEMPTS", "three");
        only("max_attempts \"three\" from AWS_MAX_ATTEMPTS is not a whole number");
        f.env.set("AWS_MAX_ATTEMPTS", "3.5");
        only("max_attempts \"3.5\" from AWS_MAX_ATTEMPTS is not a whole number");
        f.env.set("AWS_MAX_ATTEMPTS", "99999999999");
        only("max_attempts \"99999999999\" from AWS_MAX_ATTEMPTS is out of range");
        f.env.unset("AWS_MAX_ATTEMPTS");
        f.files[config_path] = "[default]\nmax_attempts = 0x3\n";
        only("max_attempts \"0x3\" from profile \"default\" (/home/u/.aws/config, line 2) is "
             "not a whole number");
    }
    SUBCASE("unknown retry modes") {
        f.env.set("AWS_RETRY_MODE", "fast");
        only("retry_mode \"fast\" from AWS_RETRY_MODE must be standard, adaptive or legacy");
        f.env.unset("AWS_RETRY_MODE");
        f.files[config_path] = "[profile p]\nretry_mode = turbo\n";
        f.cfg.profile = "p";
        only("retry_mode \"turbo\" from profile \"p\" (/home/u/.aws/config, line 2) must be "
             "standard, adaptive or legacy");
    }
    SUBCASE("non-boolean flags") {
        f.env.set("AWS_USE_FIPS_ENDPOINT", "yes");
        only("use_fips_endpoint \"yes\" from AWS_USE_FIPS_ENDPOINT must be true or false");
        f.env.unset("AWS_USE_FIPS_ENDPOINT");
        f.files[config_path] = "[default]\nuse_dualstack_endpoint = 1\n";
        only("use_dualstack_endpoint \"1\" from profile \"default\" (/home/u/.aws/config, line "
             "2) must be true or false");
        f.files.clear();
        f.env.set("AWS_NEW_RETRIES_2026", "on");
        only("AWS_NEW_RETRIES_2026 \"on\" must be true or false");
        f.env.unset("AWS_NEW_RETRIES_2026");
        f.env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "nope");
        only("ignore_configured_endpoint_urls \"nope\" from AWS_IGNORE_CONFIGURED_ENDPOINT_URLS "
             "must be true or false");
    }
    SUBCASE("pool rules") {
        f.cfg.pool.max_connections = 0;
        only("pool.max_connections must be at least 1 (is 0)");
        f.cfg.pool.max_connections = 4;
        f.cfg.pool.lifetime_jitter = 1.0;
        only("pool.lifetime_jitter must be at least 0 and below 1 (is 1)");
        f.cfg.pool.lifetime_jitter = -0.5;
        only("pool.lifetime_jitter must be at least 0 and below 1 (is -0.5)");
        f.cfg.pool.lifetime_jitter = std::nan("");
        only("pool.lifetime_jitter must be at least 0 and below 1 (is nan)");
        f.cfg.pool.lifetime_jitter = 0.0;
        CHECK(f.problems().empty());
        f.cfg.pool.initial_size = 5;
        only("pool.initial_size must not exceed pool.max_connections (is 5 > 4)");
        f.cfg.pool.initial_size = 4;
        f.cfg.pool.max_concurrent_connects = 0;
        only("pool.max_concurrent_connects must be at least 1 (is 0)");
        f.cfg.pool.max_concurrent_connects = 1;
        f.cfg.pool.idle_timeout = 0ms;
        only("pool.idle_timeout must be positive (is 0 ms)");
        f.cfg.pool.idle_timeout = 1ms;
        f.cfg.pool.max_lifetime = -1ms;
        only("pool.max_lifetime must be positive (is -1 ms)");
        f.cfg.pool.max_lifetime = 1ms;
        f.cfg.pool.dns_ttl = -1ms;
        only("pool.dns_ttl must not be negative (is -1 ms)");
        f.cfg.pool.dns_ttl = 0ms;
        f.cfg.pool.address_penalty = -2ms;
        only("pool.address_penalty must not be negative (is -2 ms)");
        f.cfg.pool.address_penalty = 0ms;
        f.cfg.pool.max_response_header_bytes = 0;
        only("pool.max_response_header_bytes must be at least 1 (is 0)");
        f.cfg.pool.max_response_header_bytes = 1;
        f.cfg.pool.max_response_body_bytes = 0;
        only("pool.max_response_body_bytes must be at least 1 (is 0)");
    }
    SUBCASE("retry backoff and quota") {
        f.cfg.retry.max_backoff = -1ms;
        only("retry.max_backoff must not be negative (is -1 ms)");
        f.cfg.retry.max_backoff = 0ms;
        f.cfg.retry.initial_quota = -1;
        only("retry.initial_quota must not be negative (is -1)");
        f.cfg.retry.quota_enabled = false;
        CHECK(f.problems().empty());
    }
    SUBCASE("unreadable CA bundles") {
        f.cfg.tls.ca_file = "/missing.pem";
        only("CA bundle \"/missing.pem\" from client_config.tls.ca_file cannot be read");
        f.cfg.tls.ca_file.clear();
        f.env.set("AWS_CA_BUNDLE", "/nope.pem");
        only("CA bundle \"/nope.pem\" from AWS_CA_BUNDLE cannot be read");
        f.env.unset("AWS_CA_BUNDLE");
        f.files[config_path] = "[default]\nca_bundle = ~/ca.pem\n";
        only("CA bundle \"/home/u/ca.pem\" from profile \"default\" (/home/u/.aws/config, line "
             "2) cannot be read");
    }
    SUBCASE("endpoint URLs that are not http(s); the URL itself is not echoed") {
        f.cfg.endpoint_url = "ftp://user:pw@example.com";
        only("endpoint_url from client_config.endpoint_url must start with http:// or https://");
        f.cfg.endpoint_url = "127.0.0.1:8080";
        only("endpoint_url from client_config.endpoint_url must start with http:// or https://");
        f.cfg.endpoint_url = "http://";
        only("endpoint_url from client_config.endpoint_url has no host");
        f.cfg.endpoint_url = "HTTPS://Example.com";
        CHECK(f.problems().empty());
        f.cfg.endpoint_url.clear();
        f.env.set("AWS_ENDPOINT_URL_CONNECT", "localhost:8080");
        only("endpoint_url from AWS_ENDPOINT_URL_CONNECT must start with http:// or https://");
    }
    SUBCASE("profiles that do not exist or cannot exist") {
        f.cfg.profile = "ghost";
        only("profile \"ghost\" from client_config.profile was not found in "
             "/home/u/.aws/config or /home/u/.aws/credentials");
        f.cfg.profile.clear();
        f.env.set("AWS_PROFILE", "ghost2");
        only("profile \"ghost2\" from AWS_PROFILE was not found in /home/u/.aws/config or "
             "/home/u/.aws/credentials");
        f.env.set("AWS_PROFILE", "bad name");
        only("profile \"bad name\" from AWS_PROFILE is not a valid profile name (letters, "
             "digits and _-/.%@:+)");
        f.env.unset("AWS_PROFILE");
        f.env.unset("HOME");
        f.cfg.profile = "ghost";
        only("profile \"ghost\" from client_config.profile was not found in (no config files: "
             "HOME is not set)");
    }
    SUBCASE("a malformed file names the file and line") {
        f.files[creds_path] = "[default]\naws_access_key_id = A\naws_secret_access_key S3CR3T\n";
        only("/home/u/.aws/credentials, line 3: expected '=' in a property line (name = value)");
    }
}

TEST_CASE("problems are collected, not just the first") {
    fixture f;
    f.files[config_path] = "[default]\nmax_attempts = many\n";
    f.env.set("AWS_REGION", "not a region");
    f.env.set("AWS_RETRY_MODE", "eventually");
    f.env.set("AWS_USE_FIPS_ENDPOINT", "maybe");
    f.env.set("AWS_CA_BUNDLE", "/missing.pem");
    f.env.set("AWS_ENDPOINT_URL", "gopher://x");
    f.cfg.timeouts.attempt = 0ms;
    f.cfg.pool.max_connections = 0;
    const strings expected = {
        "timeouts.attempt must be positive (is 0 ms)",
        "pool.max_connections must be at least 1 (is 0)",
        "region \"not a region\" from AWS_REGION is not a valid region name (1 to 63 letters, "
        "digits or '-', not starting or ending with '-')",
        "endpoint_url from AWS_ENDPOINT_URL must start with http:// or https://",
        "use_fips_endpoint \"maybe\" from AWS_USE_FIPS_ENDPOINT must be true or false",
        "retry_mode \"eventually\" from AWS_RETRY_MODE must be standard, adaptive or legacy",
        "max_attempts \"many\" from profile \"default\" (/home/u/.aws/config, line 2) is not a "
        "whole number",
        "CA bundle \"/missing.pem\" from AWS_CA_BUNDLE cannot be read",
    };
    CHECK(f.problems() == expected);

    auto r = resolve_config(f.cfg, f.env, f.reader());
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::invalid_configuration);
    std::string joined;
    for (const auto& p : expected) joined += (joined.empty() ? "" : "; ") + p;
    CHECK(r.error().message == joined);
}

TEST_CASE("client_config::validate() checks what needs no environment") {
    client_config c;
    CHECK(c.validate().empty());
    c.region = "bad region";
    c.endpoint_url = "example.com";
    c.retry.max_attempts = 0;
    c.timeouts.tls_handshake = -1ms;
    c.pool.lifetime_jitter = 2;
    c.profile = "a b";
    CHECK(c.validate() == strings{
        "timeouts.tls_handshake must be positive (is -1 ms)",
        "pool.lifetime_jitter must be at least 0 and below 1 (is 2)",
        "profile \"a b\" from client_config.profile is not a valid profile name (letters, "
        "digits and _-/.%@:+)",
        "region \"bad region\" from client_config.region is not a valid region name (1 to 63 "
        "letters, digits or '-', not starting or ending with '-')",
        "endpoint_url from client_config.endpoint_url must start with http:// or https://",
        "max_attempts 0 from client_config.retry.max_attempts must be at least 1",
    });
}

TEST_CASE("client_config::from_environment() and from_profile() read the real environment") {
    // A temporary HOME with real files; the variables are restored afterwards.
    char tmpl[] = "/tmp/awsconnect-config-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    const std::filesystem::path home = tmpl;
    std::filesystem::create_directories(home / ".aws");
    std::ofstream(home / ".aws" / "config")
        << "[default]\nregion = eu-central-1\nmax_attempts = 6\n"
           "[profile other]\nregion = ap-south-1\nretry_mode = adaptive\n"
           "endpoint_url = http://127.0.0.1:4566\n";

    const char* names[] = {"HOME", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
                           "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_MAX_ATTEMPTS",
                           "AWS_RETRY_MODE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CONNECT",
                           "AWS_CA_BUNDLE", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT",
                           "AWS_NEW_RETRIES_2026", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"};
    std::map<std::string, std::optional<std::string>> saved;
    for (const char* n : names) {
        const char* v = std::getenv(n);
        saved[n] = v ? std::optional<std::string>(v) : std::nullopt;
        unsetenv(n);
    }
    setenv("HOME", home.c_str(), 1);
    setenv("AWS_USE_FIPS_ENDPOINT", "true", 1);

    auto c = client_config::from_environment();
    REQUIRE(c.has_value());
    CHECK(c->region == "eu-central-1");
    CHECK(c->profile.empty());  // "default" stays implicit
    CHECK(c->retry.max_attempts == 6);
    CHECK(c->retry.mode == retry_mode::standard);
    CHECK(c->use_fips == true);
    CHECK(c->use_dualstack == false);
    CHECK(c->endpoint_url.empty());

    auto o = client_config::from_profile("other");
    REQUIRE(o.has_value());
    CHECK(o->profile == "other");
    CHECK(o->region == "ap-south-1");
    CHECK(o->retry.mode == retry_mode::adaptive);
    CHECK(o->endpoint_url == "http://127.0.0.1:4566");

    auto missing = client_config::from_profile("nope");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().message ==
          "profile \"nope\" from client_config.profile was not found in " +
              (home / ".aws" / "config").string() + " or " +
              (home / ".aws" / "credentials").string());

    setenv("AWS_MAX_ATTEMPTS", "zero", 1);
    auto bad = client_config::from_environment();
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == errc::invalid_configuration);
    CHECK(bad.error().message == "max_attempts \"zero\" from AWS_MAX_ATTEMPTS is not a whole number");

    for (const auto& [n, v] : saved) {
        if (v) setenv(n.c_str(), v->c_str(), 1);
        else unsetenv(n.c_str());
    }
    std::filesystem::remove_all(home);
}

}  // TEST_SUITE
