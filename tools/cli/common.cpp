#include "common.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>

namespace awsconnect::cli {

namespace asio = boost::asio;

po::options_description common_description(common_options& o, command_kind kind) {
    po::options_description d("Client options (unset ones come from the environment and ~/.aws files, as the AWS CLI does)");
    d.add_options()
        ("region", po::value(&o.region), "AWS Region (else AWS_REGION, AWS_DEFAULT_REGION, profile region)")
        ("profile", po::value(&o.profile), "shared config profile (else AWS_PROFILE, else default)")
        ("endpoint-url", po::value(&o.endpoint_url), "endpoint override, e.g. http://127.0.0.1:8080 (else AWS_ENDPOINT_URL_CONNECT, AWS_ENDPOINT_URL, profile endpoint_url)")
        ("ca-bundle", po::value(&o.ca_bundle), "PEM file of trusted CAs (else AWS_CA_BUNDLE, profile ca_bundle, system store)")
        ("max-attempts", po::value(&o.max_attempts), "total attempts per call, 1 = no retries (else AWS_MAX_ATTEMPTS, profile, 3)");
    if (kind == command_kind::bulk)
        d.add_options()
            ("retry-mode", po::value(&o.retry_mode), "standard or adaptive (default for bulk runs: adaptive)")
            ("attempt-timeout", po::value(&o.attempt_timeout), "seconds one attempt may take (default 10)")
            ("deadline", po::value(&o.deadline), "seconds the whole run may take: no item is sent after it, and throttled items are sent again until it (default: no limit; each call has 60 s)");
    else
        d.add_options()
            ("retry-mode", po::value(&o.retry_mode), "standard or adaptive (else AWS_RETRY_MODE, profile, standard)")
            ("attempt-timeout", po::value(&o.attempt_timeout), "seconds one attempt may take (default 10)")
            ("deadline", po::value(&o.deadline), "seconds the whole call may take, retries included (default 60)");
    d.add_options()
        ("no-verify-ssl", po::bool_switch(&o.no_verify_ssl), "DANGER: do not verify the server's TLS certificate (warns)")
        ("debug", po::bool_switch(&o.debug), "the library's debug log on stderr (endpoint, connections, retries, credential refreshes; secrets redacted)");
    return d;
}

result<client_config> make_config(const common_options& o, command_kind kind) {
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
    } else if (kind == command_kind::bulk) {
        c.retry.mode = retry_mode::adaptive;
    }
    if (o.attempt_timeout < 0 || o.deadline < 0)
        return make_error(errc::invalid_configuration, "--attempt-timeout and --deadline must not be negative");
    auto seconds = [](double s) { return std::chrono::milliseconds(static_cast<long long>(s * 1000.0)); };
    if (o.attempt_timeout != 0) c.timeouts.attempt = seconds(o.attempt_timeout);
    if (o.deadline != 0 && kind == command_kind::single) c.timeouts.operation = seconds(o.deadline);
    return c;
}

int exit_code_of(const error& e) { return exit_code_for(e.kind()); }

std::string exit_codes_help() {
    std::string t = "Exit codes:\n  0  success\n  1  internal error\n  2  usage error\n";
    for (int k = static_cast<int>(error_kind::validation_error); k <= static_cast<int>(error_kind::protocol_error); ++k) {
        const auto kind = static_cast<error_kind>(k);
        char line[64];
        std::snprintf(line, sizeof line, " %2d  %s\n", exit_code_for(kind), std::string(to_string(kind)).c_str());
        t += line;
    }
    t += " " + std::to_string(exit_partial) + "  release-phone-numbers, claim-phone-numbers: some items failed\n";
    return t;
}

int usage_error(std::string_view command, std::string_view message) {
    std::cerr << "awsconnect " << command << ": " << message << " (see --help)\n";
    return exit_usage;
}

std::optional<int> parse_command_line(int argc, char** argv, std::string_view command, std::string_view usage,
                                      const po::options_description& options, po::variables_map& vm,
                                      const po::positional_options_description* positional) {
    try {
        po::command_line_parser parser(argc, argv);
        parser.options(options);
        if (positional) parser.positional(*positional);
        po::store(parser.run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "awsconnect " << command << ": " << e.what() << "\n(see --help)\n";
        return exit_usage;
    }
    if (vm.count("help")) {
        std::cout << usage << "\n\n" << options << "\n" << exit_codes_help();
        return 0;
    }
    return std::nullopt;
}

int run_with_client(client_config config, const std::function<asio::awaitable<int>(client&)>& body) {
    asio::io_context ioc(1);
    auto c = client::create(ioc.get_executor(), std::move(config));
    if (!c) {
        std::printf("%s\n", to_envelope_json(c.error()).c_str());
        return exit_code_of(c.error());
    }
    std::optional<int> code;
    asio::cancellation_signal cancel;
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (!ec) cancel.emit(asio::cancellation_type::terminal);
    });
    asio::co_spawn(ioc, body(*c), asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr e, int rc) {
                       signals.cancel();
                       c->shutdown();
                       if (e) std::rethrow_exception(e);
                       code = rc;
                   }));
    ioc.run();
    return code.value_or(exit_internal);
}

}  // namespace awsconnect::cli
