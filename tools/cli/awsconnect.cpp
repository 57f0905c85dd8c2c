// The `awsconnect` command line: release one phone number, or many with a crash-safe journal.
//
//   awsconnect release-phone-number --phone-number-id ID [--client-token T] [options]
//   awsconnect release-phone-numbers --from-file ids.txt [--concurrency C] [--journal FILE]
//                                    [--report FILE] [options]
//
// Output: the seed's JSON envelope on stdout. Exit codes: 0 success, 2 usage, 3..18 one per
// envelope code (see --help), 19 some ids of a bulk run failed, 1 internal error.
#include "journal.hpp"

#include <awsconnect/awsconnect.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <unistd.h>

namespace po = boost::program_options;
namespace asio = boost::asio;
using namespace awsconnect;

namespace {

// The exit-code table of --help, made from the same mapping the commands use.
std::string exit_codes_help() {
    std::string t = "Exit codes:\n  0  success\n  1  internal error\n  2  usage error\n";
    for (int k = static_cast<int>(error_kind::validation_error); k <= static_cast<int>(error_kind::protocol_error); ++k) {
        const auto kind = static_cast<error_kind>(k);
        char line[64];
        std::snprintf(line, sizeof line, " %2d  %s\n", cli::exit_code_for(kind), std::string(to_string(kind)).c_str());
        t += line;
    }
    t += " " + std::to_string(cli::exit_partial) + "  release-phone-numbers: some ids failed\n";
    return t;
}

// Options every command shares; they fill a client_config.
struct common_options {
    std::string region, profile, endpoint_url, ca_bundle, retry_mode;
    int max_attempts = 0;
    double attempt_timeout = 0, deadline = 0;
    bool no_verify_ssl = false;
    bool debug = false;
};

po::options_description common_description(common_options& o) {
    po::options_description d("Client options (unset ones come from the environment and ~/.aws files, as the AWS CLI does)");
    d.add_options()
        ("region", po::value(&o.region), "AWS Region (else AWS_REGION, AWS_DEFAULT_REGION, profile region)")
        ("profile", po::value(&o.profile), "shared config profile (else AWS_PROFILE, else default)")
        ("endpoint-url", po::value(&o.endpoint_url), "endpoint override, e.g. http://127.0.0.1:8080 (else AWS_ENDPOINT_URL_CONNECT, AWS_ENDPOINT_URL, profile endpoint_url)")
        ("ca-bundle", po::value(&o.ca_bundle), "PEM file of trusted CAs (else AWS_CA_BUNDLE, profile ca_bundle, system store)")
        ("max-attempts", po::value(&o.max_attempts), "total attempts per call, 1 = no retries (else AWS_MAX_ATTEMPTS, profile, 3)")
        ("retry-mode", po::value(&o.retry_mode), "standard or adaptive (else AWS_RETRY_MODE, profile, standard)")
        ("attempt-timeout", po::value(&o.attempt_timeout), "seconds one attempt may take (default 10)")
        ("deadline", po::value(&o.deadline), "seconds the whole call may take, retries included (default 60)")
        ("no-verify-ssl", po::bool_switch(&o.no_verify_ssl), "DANGER: do not verify the server's TLS certificate (warns)")
        ("debug", po::bool_switch(&o.debug), "the library's debug log on stderr (endpoint, connections, retries, credential refreshes; secrets redacted)");
    return d;
}

result<client_config> make_config(const common_options& o) {
    client_config c;
    c.region = o.region;
    c.profile = o.profile;
    c.endpoint_url = o.endpoint_url;
    c.tls.ca_file = o.ca_bundle;
    c.tls.insecure_skip_verify = o.no_verify_ssl;
    if (o.debug) c.logger.level = log_level::debug;  // to the default sink: stderr
    c.user_agent_suffix = "cli";
    if (o.max_attempts != 0) c.retry.max_attempts = o.max_attempts;
    if (!o.retry_mode.empty()) {
        if (o.retry_mode == "standard" || o.retry_mode == "legacy")
            c.retry.mode = retry_mode::standard;
        else if (o.retry_mode == "adaptive")
            c.retry.mode = retry_mode::adaptive;
        else
            return make_error(errc::invalid_configuration,
                              "--retry-mode must be standard or adaptive, not '" + o.retry_mode + "'");
    }
    auto seconds = [](double s) { return std::chrono::milliseconds(static_cast<long long>(s * 1000.0)); };
    if (o.attempt_timeout != 0) c.timeouts.attempt = seconds(o.attempt_timeout);
    if (o.deadline != 0) c.timeouts.operation = seconds(o.deadline);
    return c;
}

int exit_code_of(const error& e) {
    // One code per envelope code (the order of error_kind), after 0, 1 and 2.
    return cli::exit_code_for(e.kind());
}

// ---- release-phone-number --------------------------------------------------------------

int release_one(int argc, char** argv) {
    common_options common;
    std::string id, token;
    po::options_description own("release-phone-number options");
    own.add_options()
        ("help,h", "show this help")
        ("phone-number-id", po::value(&id), "the phone number's id or ARN (required)")
        ("client-token", po::value(&token), "idempotency token to use (default: a new UUID v4; reuse the one a failed call reported to retry it safely)");
    po::options_description all;
    all.add(own).add(common_description(common));
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "awsconnect release-phone-number: " << e.what() << "\n(see --help)\n";
        return cli::exit_usage;
    }
    if (vm.count("help")) {
        std::cout << "Usage: awsconnect release-phone-number --phone-number-id ID [--client-token T] [options]\n\n"
                  << "Releases one phone number and prints the result envelope as JSON on stdout.\n\n"
                  << all << "\n" << exit_codes_help();
        return 0;
    }
    if (!vm.count("phone-number-id")) {
        std::cerr << "awsconnect release-phone-number: --phone-number-id is required (see --help)\n";
        return cli::exit_usage;
    }
    auto cfg = make_config(common);
    if (!cfg) {
        std::cout << to_envelope_json(cfg.error()) << "\n";
        return exit_code_of(cfg.error());
    }
    asio::io_context ioc(1);
    auto c = client::create(ioc.get_executor(), std::move(*cfg));
    if (!c) {
        std::cout << to_envelope_json(c.error()) << "\n";
        return exit_code_of(c.error());
    }
    release_phone_number_request req{id, vm.count("client-token") ? std::optional<std::string>(token) : std::nullopt};
    std::optional<result<release_phone_number_response>> outcome;
    asio::cancellation_signal cancel;
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (!ec) cancel.emit(asio::cancellation_type::terminal);
    });
    asio::co_spawn(ioc, c->release_phone_number(std::move(req)),
                   asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, result<release_phone_number_response> r) {
                       if (e) std::rethrow_exception(e);
                       outcome = std::move(r);
                       signals.cancel();
                       c->shutdown();
                   }));
    ioc.run();
    std::cout << to_envelope_json(*outcome) << "\n";
    return *outcome ? 0 : exit_code_of(outcome->error());
}

// ---- release-phone-numbers -------------------------------------------------------------

struct bulk_progress {
    std::size_t total = 0, done = 0, succeeded = 0, failed = 0, skipped = 0;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now(), last_print{};
    bool tty = ::isatty(2) == 1;

    void print(bool final = false) {
        const auto now = std::chrono::steady_clock::now();
        if (!final && now - last_print < std::chrono::milliseconds(tty ? 100 : 1000)) return;
        last_print = now;
        const double secs = std::chrono::duration<double>(now - start).count();
        const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
        if (tty) {
            const int width = 30;
            const int filled = total ? static_cast<int>(width * done / total) : width;
            std::fprintf(stderr, "\r[%s%s] %zu/%zu  ok %zu  failed %zu  skipped %zu  %.1f/s%s",
                         std::string(static_cast<std::size_t>(filled), '#').c_str(),
                         std::string(static_cast<std::size_t>(width - filled), '.').c_str(), done, total, succeeded,
                         failed, skipped, rate, final ? "\n" : "");
        } else {
            std::fprintf(stderr, "progress: %zu/%zu ok=%zu failed=%zu skipped=%zu rate=%.1f/s\n", done, total,
                         succeeded, failed, skipped, rate);
        }
        std::fflush(stderr);
    }
};

int release_many(int argc, char** argv) {
    common_options common;
    std::string from_file, journal_path, report_path;
    int concurrency = 4;
    po::options_description own("release-phone-numbers options");
    own.add_options()
        ("help,h", "show this help")
        ("from-file", po::value(&from_file), "file of phone number ids, one per line ('#' comments and blank lines ignored) (required)")
        ("concurrency", po::value(&concurrency)->default_value(4), "calls in flight at once")
        ("journal", po::value(&journal_path), "journal file (default: <from-file>.journal): id -> token -> outcome, fsynced before each send; a rerun resumes from it")
        ("report", po::value(&report_path), "write a JSON line per outcome here (default: stdout)");
    po::options_description all;
    all.add(own).add(common_description(common));
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "awsconnect release-phone-numbers: " << e.what() << "\n(see --help)\n";
        return cli::exit_usage;
    }
    if (vm.count("help")) {
        std::cout << "Usage: awsconnect release-phone-numbers --from-file ids.txt [--concurrency C] [--journal FILE] "
                     "[--report FILE] [options]\n\n"
                  << "Releases many phone numbers over one client with bounded concurrency. Before each send\n"
                     "the id and its idempotency token are written to the journal and flushed to disk, so\n"
                     "after a crash or Ctrl-C a rerun with the same journal reuses each unfinished id's token\n"
                     "and skips the finished ones: no number is released twice and none is forgotten.\n"
                     "Finished: a success, or RESOURCE_NOT_FOUND, VALIDATION_ERROR, INVALID_PARAMETER or\n"
                     "IDEMPOTENCY_CONFLICT (trying again cannot change them). Every other outcome (AUTH_ERROR,\n"
                     "TLS_ERROR, ACCESS_DENIED, RESOURCE_IN_USE, THROTTLED, TIMEOUT, ...) is tried again by the\n"
                     "rerun, with the same token. The journal is created with mode 0600 and locked for the run:\n"
                     "a second run on the same journal stops at once (exit 2).\n\n"
                  << all << "\n" << exit_codes_help();
        return 0;
    }
    if (from_file.empty()) {
        std::cerr << "awsconnect release-phone-numbers: --from-file is required (see --help)\n";
        return cli::exit_usage;
    }
    if (concurrency < 1) {
        std::cerr << "awsconnect release-phone-numbers: --concurrency must be at least 1\n";
        return cli::exit_usage;
    }
    std::ifstream in(from_file);
    if (!in) {
        std::cerr << "awsconnect release-phone-numbers: cannot read '" << from_file << "'\n";
        return cli::exit_usage;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::size_t duplicates = 0;
    const auto ids = cli::parse_ids(text.str(), &duplicates);
    if (duplicates > 0) std::cerr << "note: " << duplicates << " repeated id(s) in " << from_file << " released once\n";
    if (journal_path.empty()) journal_path = from_file + ".journal";

    cli::journal_state state;
    auto journal = cli::journal_file::open(journal_path, state);
    if (!journal) {
        std::cerr << "awsconnect release-phone-numbers: " << journal.error().message << "\n";
        // Another run on the same journal is the user's to sort out: a usage error.
        return cli::is_journal_locked(journal.error()) ? cli::exit_usage : cli::exit_internal;
    }
    std::FILE* report = stdout;
    if (!report_path.empty()) {
        report = std::fopen(report_path.c_str(), "a");
        if (!report) {
            std::cerr << "awsconnect release-phone-numbers: cannot open the report '" << report_path << "'\n";
            return cli::exit_usage;
        }
    }

    auto cfg = make_config(common);
    if (!cfg) {
        std::cout << to_envelope_json(cfg.error()) << "\n";
        return exit_code_of(cfg.error());
    }
    cfg->pool.max_connections = static_cast<std::size_t>(concurrency);
    asio::io_context ioc(1);
    auto c = client::create(ioc.get_executor(), std::move(*cfg));
    if (!c) {
        std::cout << to_envelope_json(c.error()) << "\n";
        return exit_code_of(c.error());
    }

    bulk_progress progress;
    progress.total = ids.size();
    std::size_t next = 0;
    bool stopping = false;
    std::optional<error> journal_error;
    std::vector<asio::cancellation_signal> cancels(static_cast<std::size_t>(concurrency));

    auto write_report = [&](const std::string& id, const std::string& envelope) {
        boost::json::object line;
        line["id"] = id;
        line["outcome"] = boost::json::parse(envelope);
        std::fprintf(report, "%s\n", boost::json::serialize(line).c_str());
        std::fflush(report);
    };

    auto worker = [&]() -> asio::awaitable<void> {
        while (!stopping && next < ids.size()) {
            const std::string& id = ids[next++];
            auto& entry = state[id];
            if (entry.finished) {
                ++progress.skipped;
                ++progress.done;
                if (entry.succeeded) ++progress.succeeded;
                progress.print();
                continue;
            }
            // An unfinished id keeps its token; a new one gets a token that is journaled
            // (and flushed) before the send.
            if (entry.token.empty()) entry.token = make_client_token();
            release_phone_number_request req{id, entry.token};
            if (auto r = journal->append(cli::start_line(id, entry.token)); !r) {
                journal_error = r.error();
                stopping = true;
                break;
            }
            auto r = co_await c->release_phone_number(std::move(req));
            const std::string envelope = to_envelope_json(r);
            const bool final = r.has_value() || cli::is_final_outcome(r.error().kind());
            if (auto w = journal->append(cli::end_line(id, entry.token, final, envelope)); !w) {
                journal_error = w.error();
                stopping = true;
            }
            entry.finished = final;
            write_report(id, envelope);
            ++progress.done;
            if (r) ++progress.succeeded; else ++progress.failed;
            progress.print();
        }
    };

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (ec) return;
        stopping = true;
        std::fprintf(stderr, "\ninterrupted: stopping; calls in flight are cancelled (rerun to finish)\n");
        for (auto& s : cancels) s.emit(asio::cancellation_type::terminal);
    });
    std::size_t running = 0;
    for (auto& sig : cancels) {
        ++running;
        asio::co_spawn(ioc, worker(), asio::bind_cancellation_slot(sig.slot(), [&](std::exception_ptr e) {
                           if (e) std::rethrow_exception(e);
                           if (--running == 0) {
                               signals.cancel();
                               c->shutdown();
                           }
                       }));
    }
    ioc.run();
    progress.print(true);
    if (report != stdout) std::fclose(report);
    if (journal_error) {
        std::cerr << "awsconnect release-phone-numbers: " << journal_error->message << "\n";
        return cli::exit_internal;
    }
    std::fprintf(stderr, "released %zu, failed %zu, skipped (already done) %zu, left %zu\n", progress.succeeded,
                 progress.failed, progress.skipped, ids.size() - progress.done);
    if (progress.done < ids.size()) return exit_code_of(make_error(errc::cancelled, ""));
    return progress.failed > 0 ? cli::exit_partial : 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string usage =
        "Usage: awsconnect <command> [options]\n\n"
        "Commands:\n"
        "  release-phone-number    release one phone number (prints the result envelope)\n"
        "  release-phone-numbers   release the ids listed in a file, with a crash-safe journal\n\n"
        "Run 'awsconnect <command> --help' for the options of a command.\n"
        "'awsconnect --version' prints the version.\n";
    if (argc < 2) {
        std::cerr << usage;
        return cli::exit_usage;
    }
    const std::string cmd = argv[1];
    try {
        if (cmd == "release-phone-number") return release_one(argc - 1, argv + 1);
        if (cmd == "release-phone-numbers") return release_many(argc - 1, argv + 1);
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            std::cout << usage << "\n" << exit_codes_help();
            return 0;
        }
        if (cmd == "--version") {
            std::cout << "awsconnect " << AWSCONNECT_VERSION << "\n";
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << "awsconnect: internal error: " << e.what() << "\n";
        return cli::exit_internal;
    }
    std::cerr << "awsconnect: unknown command '" << cmd << "'\n\n" << usage;
    return cli::exit_usage;
}
