// awsconnect-emulator: the emulator as a standalone program.
//
// Starts a local Amazon Connect phone-number service with the whole lifecycle (search,
// claim, describe, list, update, update metadata, release; include/awsconnect/emulator.hpp)
// and the credentials services (STS AssumeRole and AssumeRoleWithWebIdentity, SSO
// GetRoleCredentials, SSO-OIDC CreateToken),
// prints ONE JSON line on stdout when it is ready -- {"url":"https://127.0.0.1:PORT",
// "ca_file":"/tmp/.../ca.pem"} (ca_file only for TLS) -- and serves until SIGINT or
// SIGTERM, then stops cleanly and exits 0. Bad flags exit 2 with a message on stderr.
//
//   awsconnect-emulator --claim-count 10 &      # prints {"url":...,"ca_file":...}
//   aws connect release-phone-number --endpoint-url "$URL" --ca-bundle "$CA"
//       --phone-number-id 00000000-0000-4000-8000-000000000000
#include <awsconnect/emulator.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace po = boost::program_options;
using namespace awsconnect;

namespace {

constexpr int exit_usage = 2;
constexpr const char* credentials_variable = "AWSCONNECT_EMULATOR_CREDENTIALS";

int usage_error(const std::string& message) {
    std::fprintf(stderr, "awsconnect-emulator: %s\n(see --help)\n", message.c_str());
    return exit_usage;
}

// "HOST:PORT", "[V6]:PORT" or ":PORT".
bool parse_listen(const std::string& text, std::string& host, std::uint16_t& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) return false;
    host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "127.0.0.1";
    const std::string p = text.substr(colon + 1);
    if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos)
        return false;
    const unsigned long v = std::stoul(p);
    if (v > 65535) return false;
    port = static_cast<std::uint16_t>(v);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    po::options_description flags(
        "awsconnect-emulator: a local Amazon Connect phone-number service\n"
        "\n"
        "Operations: SearchAvailablePhoneNumbers, ClaimPhoneNumber, DescribePhoneNumber,\n"
        "ListPhoneNumbersV2, UpdatePhoneNumber, UpdatePhoneNumberMetadata, ReleasePhoneNumber.\n"
        "A number is available, then claimed (IN_PROGRESS for --claim-latency, then\n"
        "CLAIMED), then released (a --cooldown during which it is neither searchable nor\n"
        "claimable and its id answers 404), then available again.\n"
        "\n"
        "When ready it prints one JSON line on stdout, {\"url\": ..., \"ca_file\": ...}\n"
        "(ca_file only for TLS), and serves until SIGINT or SIGTERM.\n"
        "Admin paths (unauthenticated): GET /__emulator/counters, GET /__emulator/health,\n"
        "GET /__emulator/clock, POST /__emulator/counters/reset (with --allow-reset only),\n"
        "POST /__emulator/clock {\"advance_seconds\": N} (with --allow-clock only).\n"
        "It listens on 127.0.0.1 unless --listen says otherwise.\n"
        "\n"
        "Credentials accepted for SigV4 come from --credentials-file, from the\n"
        "environment variable AWSCONNECT_EMULATOR_CREDENTIALS (the same entries,\n"
        "newline- or comma-separated) and from --credentials, all together; with none,\n"
        "the AWS example pair AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY.\n"
        "A command line is visible to every local user (ps, /proc/PID/cmdline): keep\n"
        "real secrets out of --credentials.\n"
        "\n"
        "Credentials services on the same listener (for profiles that assume roles, use\n"
        "web identity or SSO; point AWS_ENDPOINT_URL_STS, the SSO portal and SSO-OIDC at it):\n"
        "STS AssumeRole (POST /, SigV4 with scope service sts) and\n"
        "AssumeRoleWithWebIdentity (unsigned, a well-formed JWT whose sub is echoed), SSO\n"
        "GetRoleCredentials (GET /federation/credentials, a bearer token of\n"
        "--sso-tokens-file or one CreateToken issued) and SSO-OIDC CreateToken (POST\n"
        "/token, refresh_token grant for a client of --oidc-clients-file). The temporary\n"
        "credentials they issue are accepted for Connect calls until they expire on the\n"
        "emulator's clock (then 403 ExpiredTokenException). Roles: any role of --account,\n"
        "or exactly the --role ARNs.\n"
        "\n"
        "Flags");
    // clang-format off
    flags.add_options()
        ("help,h", "print this help and exit")
        ("listen", po::value<std::string>()->default_value("127.0.0.1:0"),
         "HOST:PORT to listen on; port 0 picks a free port (see the JSON line)")
        ("plain-http", "serve plain HTTP instead of TLS")
        ("cert", po::value<std::string>(),
         "PEM certificate (chain) to serve; with --key. Default: a self-signed EC P-256 "
         "certificate for 127.0.0.1, ::1 and localhost, generated at start and written to "
         "ca_file (removed at exit)")
        ("key", po::value<std::string>(), "PEM private key of --cert")
        ("credentials-file", po::value<std::vector<std::string>>()->composing(),
         "a file of credentials accepted for SigV4, AKID:SECRET[:TOKEN] one per line "
         "(blank lines and lines starting with # are skipped; repeatable); requests with a "
         "session token must carry exactly TOKEN")
        ("credentials", po::value<std::vector<std::string>>()->composing(),
         "AKID:SECRET[:TOKEN] accepted for SigV4 (repeatable). Beware: visible to every "
         "local user in ps; prefer --credentials-file or the environment variable")
        ("role", po::value<std::vector<std::string>>()->composing(),
         "a role ARN (arn:aws:iam::ACCOUNT:role/NAME) AssumeRole, AssumeRoleWithWebIdentity "
         "and GetRoleCredentials may give (repeatable); without it, any role of --account")
        ("sso-tokens-file", po::value<std::vector<std::string>>()->composing(),
         "a file of SSO access tokens GetRoleCredentials accepts, one per line (# comments; "
         "repeatable); they never expire")
        ("oidc-clients-file", po::value<std::vector<std::string>>()->composing(),
         "a file of SSO-OIDC clients CreateToken accepts, CLIENT_ID:CLIENT_SECRET:REFRESH_TOKEN "
         "one per line (# comments; repeatable)")
        ("sso-credential-lifetime", po::value<std::int64_t>()->default_value(3600),
         "seconds the credentials of GetRoleCredentials live (1..43200)")
        ("sso-token-lifetime", po::value<std::int64_t>()->default_value(3600),
         "seconds the access tokens of CreateToken live (expiresIn; 1..86400)")
        ("region", po::value<std::string>()->default_value("us-east-1"),
         "the Region the credential scope (and phone-number ARNs) must name")
        ("account", po::value<std::string>()->default_value("123456789012"),
         "the account id (12 digits) in the ARNs of instances, traffic distribution groups "
         "and phone numbers")
        ("instance", po::value<std::vector<std::string>>()->composing(),
         "an instance id (repeatable); the first is the target of pre-claimed numbers. "
         "Default: one instance, 11111111-1111-4111-8111-111111111111")
        ("traffic-distribution-group", po::value<std::vector<std::string>>()->composing(),
         "a traffic distribution group id (repeatable)")
        ("available", po::value<std::uint64_t>()->default_value(100),
         "numbers available to search and claim in each pool")
        ("pool", po::value<std::vector<std::string>>()->composing(),
         "COUNTRY:TYPE:PREFIX, a pool of numbers PREFIX + 7 digits (repeatable; replaces "
         "the default pools US:TOLL_FREE:+1800, US:DID:+1206, GB:TOLL_FREE:+44800, "
         "GB:DID:+44207)")
        ("claim-latency", po::value<std::int64_t>()->default_value(0),
         "milliseconds (emulator clock) a claimed number stays IN_PROGRESS")
        ("update-latency", po::value<std::int64_t>()->default_value(0),
         "milliseconds (emulator clock) an updated number stays IN_PROGRESS; meanwhile "
         "Update, UpdateMetadata and Release answer ResourceInUseException")
        ("claim-count", po::value<std::uint64_t>()->default_value(0),
         "claim N numbers with ids 00000000-0000-4000-8000-XXXXXXXXXXXX, X = the index "
         "0..N-1 as 12 lower-case hex digits, numbers +1555 and the index as 7 digits "
         "(US DID), on the first instance")
        ("claim", po::value<std::vector<std::string>>()->composing(),
         "claim this id (UUID or phone-number ARN; repeatable)")
        ("claim-any", "every well-formed id counts as claimed (throughput runs); each is "
         "still released at most once per cooldown")
        ("in-use", po::value<std::vector<std::string>>()->composing(),
         "this id answers 409 ResourceInUseException (repeatable)")
        ("throttle", po::value<std::string>(),
         "RATE:BURST token bucket (requests per second, bucket size); beyond it 429 "
         "ThrottlingException")
        ("faults", po::value<std::string>(),
         "fault spec, e.g. '503:0.05,reset-before:0.01,delay=200ms:0.02' (probabilities) "
         "or 'script:3=503-html,5=reset-after-commit' (by request number). Faults: "
         "500|502|503|504[-json|-html|-empty], 429, delay=DURATION, reset-before, "
         "reset-after-commit, idle-close=DURATION, truncate, garbage, stall, none; "
         "DURATION is N, Nms or Ns")
        ("seed", po::value<std::uint64_t>()->default_value(0),
         "seed for fault draws and request ids (same seed, same run)")
        ("threads", po::value<int>()->default_value(1), "threads serving connections")
        ("idempotency-window", po::value<std::int64_t>()->default_value(24 * 3600),
         "seconds a clientToken is remembered")
        ("cooldown", po::value<std::int64_t>()->default_value(30 * 24 * 3600),
         "seconds a released number stays in its cooldown")
        ("clock-offset", po::value<std::int64_t>()->default_value(0),
         "seconds added to the system clock to make the emulator's clock (may be "
         "negative; for clock-skew tests, or to start past a cooldown)")
        ("idle-timeout", po::value<std::int64_t>()->default_value(60'000),
         "milliseconds after which an idle keep-alive connection is closed (0: never)")
        ("max-header-bytes", po::value<std::size_t>()->default_value(8 * 1024),
         "larger request headers get 431 and the connection is closed")
        ("max-body-bytes", po::value<std::size_t>()->default_value(64 * 1024),
         "larger request bodies get 413 and the connection is closed")
        ("no-admin", "do not serve the /__emulator/ admin paths")
        ("allow-reset", "let POST /__emulator/counters/reset (unauthenticated) reset the "
         "counters; without it that path answers 403")
        ("allow-clock", "let POST /__emulator/clock (unauthenticated) move the emulator's "
         "clock, e.g. past a cooldown; without it that path answers 403")
        ("counters-on-exit", "print the counters as JSON on stderr at exit");
    // clang-format on

    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, flags), vm);
        po::notify(vm);
    } catch (const std::exception& e) {
        return usage_error(e.what());
    }
    if (vm.count("help")) {
        std::cout << flags << "\n";
        return 0;
    }

    emulator::server_config config;
    if (!parse_listen(vm["listen"].as<std::string>(), config.listen_host, config.port))
        return usage_error("--listen must be HOST:PORT");
    config.tls = vm.count("plain-http") == 0;
    if (vm.count("cert")) config.cert_file = vm["cert"].as<std::string>();
    if (vm.count("key")) config.key_file = vm["key"].as<std::string>();
    // Credentials: files, the environment and argv, all accepted; the example pair when
    // none is given. Messages never echo an entry (it holds a secret).
    {
        std::vector<emulator::credential> accepted;
        if (vm.count("credentials-file")) {
            for (const auto& path : vm["credentials-file"].as<std::vector<std::string>>()) {
                std::ifstream f(path, std::ios::binary);
                std::ostringstream text;
                if (!f || !(text << f.rdbuf()))
                    return usage_error("--credentials-file: cannot read " + path);
                auto list = emulator::parse_credential_list(text.str());
                if (!list) return usage_error("--credentials-file " + path + ": " + list.error().message);
                accepted.insert(accepted.end(), list->begin(), list->end());
            }
        }
        if (const char* env = std::getenv(credentials_variable); env != nullptr && *env != '\0') {
            auto list = emulator::parse_credential_list(env);
            if (!list)
                return usage_error(std::string(credentials_variable) + ": " + list.error().message);
            accepted.insert(accepted.end(), list->begin(), list->end());
        }
        if (vm.count("credentials")) {
            for (const auto& text : vm["credentials"].as<std::vector<std::string>>()) {
                auto c = emulator::parse_credential(text);
                if (!c) return usage_error("--credentials: " + c.error().message);
                accepted.push_back(std::move(*c));
            }
            std::fprintf(stderr,
                         "awsconnect-emulator: warning: --credentials puts a secret on the command "
                         "line, where every local user can read it (ps); prefer "
                         "--credentials-file or %s\n",
                         credentials_variable);
        }
        if (!accepted.empty()) config.credentials = std::move(accepted);
    }
    // The credentials services. Tokens and client secrets come from files only (never argv),
    // and messages never echo them.
    if (vm.count("role")) config.roles = vm["role"].as<std::vector<std::string>>();
    auto read_file = [](const std::string& path, std::string& text) {
        std::ifstream f(path, std::ios::binary);
        std::ostringstream out;
        if (!f || !(out << f.rdbuf())) return false;
        text = out.str();
        return true;
    };
    if (vm.count("sso-tokens-file")) {
        for (const auto& path : vm["sso-tokens-file"].as<std::vector<std::string>>()) {
            std::string text;
            if (!read_file(path, text)) return usage_error("--sso-tokens-file: cannot read " + path);
            auto list = emulator::parse_token_list(text);
            if (!list) return usage_error("--sso-tokens-file " + path + ": " + list.error().message);
            config.sso_access_tokens.insert(config.sso_access_tokens.end(), list->begin(), list->end());
        }
    }
    if (vm.count("oidc-clients-file")) {
        for (const auto& path : vm["oidc-clients-file"].as<std::vector<std::string>>()) {
            std::string text;
            if (!read_file(path, text)) return usage_error("--oidc-clients-file: cannot read " + path);
            auto list = emulator::parse_oidc_client_list(text);
            if (!list) return usage_error("--oidc-clients-file " + path + ": " + list.error().message);
            config.oidc_clients.insert(config.oidc_clients.end(), list->begin(), list->end());
        }
    }
    config.sso_credentials_lifetime = std::chrono::seconds(vm["sso-credential-lifetime"].as<std::int64_t>());
    config.sso_token_lifetime = std::chrono::seconds(vm["sso-token-lifetime"].as<std::int64_t>());
    config.region = vm["region"].as<std::string>();
    config.account_id = vm["account"].as<std::string>();
    if (vm.count("instance")) config.instance_ids = vm["instance"].as<std::vector<std::string>>();
    if (vm.count("traffic-distribution-group"))
        config.traffic_distribution_group_ids =
            vm["traffic-distribution-group"].as<std::vector<std::string>>();
    config.available_per_pool = vm["available"].as<std::uint64_t>();
    if (vm.count("pool")) {
        config.number_pools.clear();
        for (const auto& text : vm["pool"].as<std::vector<std::string>>()) {
            auto p = emulator::parse_number_pool(text);
            if (!p) return usage_error("--pool: " + p.error().message);
            config.number_pools.push_back(std::move(*p));
        }
    }
    if (vm["claim-latency"].as<std::int64_t>() < 0 || vm["update-latency"].as<std::int64_t>() < 0)
        return usage_error("--claim-latency and --update-latency must not be negative");
    config.claim_latency = std::chrono::milliseconds(vm["claim-latency"].as<std::int64_t>());
    config.update_latency = std::chrono::milliseconds(vm["update-latency"].as<std::int64_t>());
    config.claim_count = vm["claim-count"].as<std::uint64_t>();
    if (vm.count("claim")) config.claimed_ids = vm["claim"].as<std::vector<std::string>>();
    config.claim_any = vm.count("claim-any") != 0;
    if (vm.count("in-use")) config.in_use_ids = vm["in-use"].as<std::vector<std::string>>();
    if (vm.count("throttle")) {
        auto t = emulator::parse_throttle(vm["throttle"].as<std::string>());
        if (!t) return usage_error("--throttle: " + t.error().message);
        config.throttle = *t;
    }
    if (vm.count("faults")) {
        auto f = emulator::parse_fault_spec(vm["faults"].as<std::string>());
        if (!f) return usage_error("--faults: " + f.error().message);
        config.faults = std::move(*f);
    }
    config.seed = vm["seed"].as<std::uint64_t>();
    config.threads = vm["threads"].as<int>();
    config.idempotency_window = std::chrono::seconds(vm["idempotency-window"].as<std::int64_t>());
    config.cooldown = std::chrono::seconds(vm["cooldown"].as<std::int64_t>());
    config.clock_offset = std::chrono::seconds(vm["clock-offset"].as<std::int64_t>());
    config.idle_timeout = std::chrono::milliseconds(vm["idle-timeout"].as<std::int64_t>());
    config.max_header_bytes = vm["max-header-bytes"].as<std::size_t>();
    config.max_body_bytes = vm["max-body-bytes"].as<std::size_t>();
    config.admin_paths = vm.count("no-admin") == 0;
    config.allow_counters_reset = vm.count("allow-reset") != 0;
    config.allow_clock_control = vm.count("allow-clock") != 0;

    // Signals first: one that arrives as soon as the JSON line is out must stop us cleanly.
    boost::asio::io_context io;
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    std::signal(SIGPIPE, SIG_IGN);

    auto started = emulator::server::start(std::move(config));
    if (!started) return usage_error(started.error().message);
    auto& server = **started;

    boost::json::object ready;
    ready["url"] = server.url();
    if (!server.ca_file().empty()) ready["ca_file"] = server.ca_file();
    std::printf("%s\n", boost::json::serialize(ready).c_str());
    std::fflush(stdout);

    signals.async_wait([&](const boost::system::error_code&, int) { server.stop(); });
    io.run();

    if (vm.count("counters-on-exit"))
        std::fprintf(stderr, "%s\n", emulator::to_json(server.get_counters()).c_str());
    return 0;
}
