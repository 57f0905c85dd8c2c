// emulator_load: a throwaway load generator for the emulator's throughput goal (issue 6:
// at least 20,000 verified calls per second on one core over keep-alive TLS), until the
// bench harness (bench/) takes over.
//
// Starts an in-process emulator (claim-any, one thread by default) or targets --url, opens
// C keep-alive connections from one client thread, and sends N ReleasePhoneNumber calls,
// each freshly signed with SigV4 (unique id and clientToken per call). Reports the wall
// throughput and the emulator threads' CPU time, measured by the emulator itself
// (clock_gettime on its threads' CPU clocks; the admin path's cpu_time_ns for --url), so
// "calls per emulator CPU second" is the capacity of one core whatever else the machine
// runs. The client's own CPU time is reported apart.
#include "operation/release_phone_number.hpp"
#include "sigv4/sign_request.hpp"

#include <awsconnect/emulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using namespace awsconnect;
using namespace std::chrono;

namespace {

constexpr auto tok = asio::as_tuple(asio::use_awaitable);

struct options {
    std::uint64_t requests = 200'000;
    std::uint64_t warmup = 5'000;
    int connections = 8;
    bool tls = true;
    int emulator_threads = 1;
    std::string url, ca_file;  // external emulator
    bool tokens = true;
};

struct run_state {
    run_state(const options& o, std::string h, std::string p)
        : opt(o), host(std::move(h)), port(std::move(p)) {}
    const options& opt;
    std::string host, port;
    std::uint64_t next = 0, done = 0, total = 0;
    std::map<int, std::uint64_t> statuses;
    std::uint64_t errors = 0;
    sigv4::signing_key_cache keys;
};

nanoseconds thread_cpu() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return seconds(ts.tv_sec) + nanoseconds(ts.tv_nsec);
}

template <class Stream>
asio::awaitable<void> drive(run_state& st, Stream& stream) {
    std::string path, query, wire, id, token;
    sigv4::signing_output signed_out;
    beast::flat_buffer buffer;
    sigv4::signing_params p;
    p.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", {}};
    p.region = "us-east-1";
    p.service = "connect";
    const std::string host_value = st.host + ":" + st.port;
    while (st.next < st.total) {
        const std::uint64_t i = st.next++;
        // A fresh number for every call (claim-any), so each one is a real commit.
        id = emulator::claimed_phone_number_id(0x1000000000ull + i);
        token = "load-" + std::to_string(i);
        path.clear();
        query.clear();
        operation::append_release_phone_number_path(path, id);
        if (st.opt.tokens) operation::append_release_phone_number_query(query, token);
        const sigv4::header_field headers[] = {{"Host", host_value}};
        p.time = system_clock::now();
        sigv4::sign({"DELETE", path, query, headers, {}, {}}, p, signed_out, &st.keys);
        wire.clear();
        wire.append("DELETE ").append(path);
        if (!query.empty()) wire.append("?").append(query);
        wire.append(" HTTP/1.1\r\nHost: ").append(host_value);
        wire.append("\r\nX-Amz-Date: ").append(signed_out.amz_date);
        wire.append("\r\nAuthorization: ").append(signed_out.authorization);
        wire.append("\r\nContent-Length: 0\r\n\r\n");
        auto [we, wn] = co_await asio::async_write(stream, asio::buffer(wire), tok);
        if (we) {
            ++st.errors;
            co_return;
        }
        bhttp::response_parser<bhttp::string_body> parser;
        auto [re, rn] = co_await bhttp::async_read(stream, buffer, parser, tok);
        if (re) {
            ++st.errors;
            co_return;
        }
        ++st.statuses[parser.get().result_int()];
        ++st.done;
    }
}

// Runs `count` calls over `opt.connections` connections; returns the wall time.
nanoseconds run_batch(run_state& st, asio::io_context& io, asio::ssl::context& ctx,
                      std::uint64_t count) {
    st.total = st.next + count;
    const tcp::endpoint ep(asio::ip::make_address(st.host),
                           static_cast<unsigned short>(std::stoi(st.port)));
    std::vector<std::unique_ptr<beast::ssl_stream<beast::tcp_stream>>> secure;
    std::vector<std::unique_ptr<beast::tcp_stream>> plain;
    // Connect (and handshake) first: the timed part is the calls.
    for (int c = 0; c < st.opt.connections; ++c) {
        if (st.opt.tls) {
            auto s = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(io, ctx);
            s->set_verify_callback(asio::ssl::host_name_verification(st.host));
            beast::get_lowest_layer(*s).connect(ep);
            beast::get_lowest_layer(*s).socket().set_option(tcp::no_delay(true));
            s->handshake(asio::ssl::stream_base::client);
            secure.push_back(std::move(s));
        } else {
            auto s = std::make_unique<beast::tcp_stream>(io);
            s->connect(ep);
            s->socket().set_option(tcp::no_delay(true));
            plain.push_back(std::move(s));
        }
    }
    const auto start = steady_clock::now();
    for (auto& s : secure) asio::co_spawn(io, drive(st, *s), asio::detached);
    for (auto& s : plain) asio::co_spawn(io, drive(st, *s), asio::detached);
    io.restart();
    io.run();
    return steady_clock::now() - start;
}

// The emulator's CPU time: in-process from its counters, else from its admin path.
nanoseconds emulator_cpu(emulator::server* in_process, const std::string& host,
                         const std::string& port, bool tls, asio::ssl::context& ctx) {
    if (in_process) return in_process->get_counters().cpu_time;
    asio::io_context io;
    const tcp::endpoint ep(asio::ip::make_address(host), static_cast<unsigned short>(std::stoi(port)));
    bhttp::response<bhttp::string_body> res;
    beast::flat_buffer buffer;
    const std::string req = "GET /__emulator/counters HTTP/1.1\r\nHost: " + host +
                            "\r\nConnection: close\r\n\r\n";
    if (tls) {
        beast::ssl_stream<beast::tcp_stream> s(io, ctx);
        beast::get_lowest_layer(s).connect(ep);
        s.handshake(asio::ssl::stream_base::client);
        asio::write(s, asio::buffer(req));
        bhttp::read(s, buffer, res);
    } else {
        beast::tcp_stream s(io);
        s.connect(ep);
        asio::write(s, asio::buffer(req));
        bhttp::read(s, buffer, res);
    }
    return nanoseconds(boost::json::parse(res.body()).as_object().at("cpu_time_ns").as_int64());
}

void usage() {
    std::puts(
        "emulator_load [--requests N] [--warmup N] [--connections C] [--plain-http]\n"
        "              [--emulator-threads T] [--no-token] [--url URL [--ca-file F]]\n"
        "Sends N signed ReleasePhoneNumber calls over C keep-alive connections (TLS by\n"
        "default) to an in-process claim-any emulator, or to --url (which must run with\n"
        "--claim-any and the default credentials), and reports calls per second and calls\n"
        "per emulator CPU second.");
}

}  // namespace

int main(int argc, char** argv) {
    options opt;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage();
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--requests") opt.requests = std::stoull(value());
        else if (a == "--warmup") opt.warmup = std::stoull(value());
        else if (a == "--connections") opt.connections = std::stoi(value());
        else if (a == "--plain-http") opt.tls = false;
        else if (a == "--emulator-threads") opt.emulator_threads = std::stoi(value());
        else if (a == "--no-token") opt.tokens = false;
        else if (a == "--url") opt.url = value();
        else if (a == "--ca-file") opt.ca_file = value();
        else {
            usage();
            return a == "--help" ? 0 : 2;
        }
    }

    std::unique_ptr<emulator::server> server;
    std::string url = opt.url, ca_file = opt.ca_file;
    if (url.empty()) {
        emulator::server_config config;
        config.tls = opt.tls;
        config.claim_any = true;
        config.threads = opt.emulator_threads;
        auto s = emulator::server::start(config);
        if (!s) {
            std::fprintf(stderr, "emulator_load: %s\n", s.error().message.c_str());
            return 1;
        }
        server = std::move(*s);
        url = server->url();
        ca_file = server->ca_file();
    }
    opt.tls = url.starts_with("https://");
    const std::string rest = url.substr(url.find("://") + 3);
    run_state st(opt, rest.substr(0, rest.rfind(':')), rest.substr(rest.rfind(':') + 1));

    asio::ssl::context ctx(asio::ssl::context::tls_client);
    if (opt.tls) {
        ctx.set_verify_mode(asio::ssl::verify_peer);
        if (ca_file.empty())
            ctx.set_default_verify_paths();
        else
            ctx.load_verify_file(ca_file);
    }

    asio::io_context io;
    try {
        run_batch(st, io, ctx, opt.warmup);
        st.statuses.clear();
        st.done = 0;
        const nanoseconds cpu0 = emulator_cpu(server.get(), st.host, st.port, opt.tls, ctx);
        const nanoseconds client0 = thread_cpu();
        const nanoseconds wall = run_batch(st, io, ctx, opt.requests);
        const nanoseconds client = thread_cpu() - client0;
        const nanoseconds cpu = emulator_cpu(server.get(), st.host, st.port, opt.tls, ctx) - cpu0;

        const double wall_s = duration<double>(wall).count();
        const double cpu_s = duration<double>(cpu).count();
        std::printf("emulator_load: %s, %d connection(s), %llu calls (after %llu warm-up)\n",
                    opt.tls ? "keep-alive TLS" : "keep-alive plain HTTP", opt.connections,
                    static_cast<unsigned long long>(st.done),
                    static_cast<unsigned long long>(opt.warmup));
        std::printf("  wall time           %.3f s   -> %.0f calls/s\n", wall_s, st.done / wall_s);
        std::printf("  emulator CPU time   %.3f s   -> %.0f calls per emulator CPU second (%.1f us/call)\n",
                    cpu_s, st.done / cpu_s, cpu_s * 1e6 / static_cast<double>(st.done));
        std::printf("  client CPU time     %.3f s   (%.1f us/call)\n",
                    duration<double>(client).count(),
                    duration<double>(client).count() * 1e6 / static_cast<double>(st.done));
        std::printf("  statuses:");
        for (const auto& [status, n] : st.statuses)
            std::printf(" %d x %llu", status, static_cast<unsigned long long>(n));
        std::printf("; transport errors: %llu\n", static_cast<unsigned long long>(st.errors));
        if (server) {
            const auto c = server->get_counters();
            std::printf("  emulator: commits %llu, released_twice %llu, connections %llu, "
                        "TLS handshakes %llu\n",
                        static_cast<unsigned long long>(c.commits),
                        static_cast<unsigned long long>(c.released_twice),
                        static_cast<unsigned long long>(c.connections_accepted),
                        static_cast<unsigned long long>(c.tls_handshakes));
        }
        return st.errors == 0 && st.statuses.size() == 1 && st.statuses.count(200) ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "emulator_load: %s\n", e.what());
        return 1;
    }
}
