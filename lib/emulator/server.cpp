// The emulator's I/O shell: the listener, one coroutine per connection, the fault
// injector's actions, the admin paths, the clock and the counters.
//
// Everything the service decides is in the pure core (service_core, authenticate,
// fault_plan, response_writer); this file reads requests, asks the core (handle_request,
// the same pipeline the tests and the fuzzer drive), and writes what it answers (or what
// the fault says to do instead). The service state sits behind one
// mutex, taken twice per request (arrival + fault choice, then the operation); SigV4
// verification, the expensive part, runs outside it. Each connection keeps its buffers
// (parser arena, output) from one request to the next, so a warm keep-alive connection
// serves requests without allocating.
#include "emulator/config_check.hpp"
#include "emulator/emulator_clock.hpp"
#include "emulator/fault_plan.hpp"
#include "emulator/fault_response.hpp"
#include "emulator/request_parser.hpp"
#include "emulator/response_writer.hpp"
#include "emulator/service_core.hpp"
#include "emulator/tls_certificate.hpp"
#include "http/http_date.hpp"
#include "log/logger.hpp"

#include <awsconnect/emulator.hpp>
#include <awsconnect/envelope.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/ssl.h>
#include <pthread.h>
#include <time.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <list>
#include <mutex>
#include <thread>
#include <type_traits>

namespace awsconnect::emulator {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using std::chrono::system_clock;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds handshake_timeout{10};
constexpr std::chrono::seconds write_timeout{30};

using plain_stream = beast::tcp_stream;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;

// What the connection does with the request it just read.
struct step {
    enum kind {
        write,             ///< write `out`, then read the next request (keep-alive)
        write_then_close,  ///< write `out`, then close gracefully (FIN)
        wait_then_handle,  ///< a delay fault: wait `f.duration`, then handle
        reset,             ///< close with a TCP reset, nothing written
        stall,             ///< never answer; hold the connection until it closes
    };
    step(kind k = write, fault fl = {}) noexcept : what(k), f(fl) {}  // NOLINT: implicit
    kind what;
    fault f;
};

// The Date header, formatted once per second per thread.
std::string_view cached_http_date(system_clock::time_point now) {
    thread_local std::int64_t second = -1;
    thread_local std::string text;
    const auto s = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
    if (s != second) {
        text = http::format_http_date(now);
        second = s;
    }
    return text;
}

}  // namespace

// ---------------------------------------------------------------------------------------

template <class Stream>
class connection;

class connection_base {
public:
    virtual ~connection_base() = default;
    /// Closes the socket and cancels the timer; runs on the connection's executor.
    virtual void close_now() = 0;
    asio::any_io_executor executor;
};

class server::impl {
public:
    explicit impl(server_config c);
    ~impl();

    std::optional<error> open();
    void start_threads();
    void stop();
    void remove_temp_dir();

    counters get_counters() const;
    void reset_counters();

    // Run by connections.
    bool register_connection(const std::shared_ptr<connection_base>& c,
                             std::list<std::weak_ptr<connection_base>>::iterator& where);
    void unregister_connection(std::list<std::weak_ptr<connection_base>>::iterator where);

    template <class Stream>
    asio::awaitable<void> serve(std::shared_ptr<connection<Stream>> c);

    server_config config;
    log::logger log;  // config.logger, made ready
    std::string url, ca_file, temp_dir;
    service_settings settings;
    sigv4::signing_key_cache key_cache;
    emulator_clock clock;
    std::atomic<std::uint64_t> response_sequence{0};

    // The service state and what decides faults; guarded by state_mutex.
    mutable std::mutex state_mutex;
    service_state state;
    fault_spec faults;
    std::uint64_t fault_base = 0;

    std::optional<asio::ssl::context> tls;

    // Open connections, so that stop() can close them.
    std::mutex connections_mutex;
    std::condition_variable connections_cv;
    std::list<std::weak_ptr<connection_base>> connections;
    std::atomic<std::uint64_t> connections_open{0};
    bool accepting = true;  // guarded by connections_mutex

    // CPU time of the server's threads: live ones by clock id, finished ones summed.
    mutable std::mutex cpu_mutex;
    std::vector<clockid_t> thread_clocks;
    std::chrono::nanoseconds finished_cpu{0};

    // Declared after everything the I/O objects use: destroyed before them.
    asio::io_context io;
    tcp::acceptor acceptor;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::vector<std::thread> threads;
    std::mutex stop_mutex;
    bool stopped = false;

private:
    asio::awaitable<void> accept_loop();
    void run_thread();
    // The per-request logic, synchronous: what to do with the request just read.
    template <class Stream>
    step on_request(connection<Stream>& c, bool keep_alive);
    // The handler (authentication, the operation) and the faults that follow it.
    template <class Stream>
    step handle_connect(connection<Stream>& c, const fault& f, bool keep_alive,
                        system_clock::time_point now);
    // Answers an oversized or malformed request; false when there is nothing to answer.
    template <class Stream>
    bool on_read_error(connection<Stream>& c, const beast::error_code& ec);
    // The response as bytes; `truncated`: promise more body than is written.
    void format_response(std::string& out, const response& r, bool keep_alive,
                         system_clock::time_point now, bool truncated = false);
    void serve_admin(const request_view& req, response& r);
    void serve_clock(const request_view& req, response& r);
};

// One client connection: the stream and the buffers it reuses.
template <class Stream>
class connection final : public connection_base {
public:
    connection(server::impl& s, Stream st)
        : owner(s), stream(std::move(st)), timer(stream.get_executor()) {
        executor = stream.get_executor();
        storage.bytes.reserve(4096);
        storage.fields.reserve(16);
        storage.headers.reserve(16);
        out.reserve(1024);
        resp.body.reserve(256);
    }
    ~connection() override {
        if (registered) owner.unregister_connection(where);
    }

    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream); }

    void close_now() override {
        beast::error_code ec;
        lowest().socket().close(ec);
        timer.cancel();
    }
    // Abortive close: RST instead of FIN.
    void reset() {
        beast::error_code ec;
        lowest().socket().set_option(asio::socket_base::linger(true, 0), ec);
        lowest().socket().close(ec);
    }
    // Graceful close: FIN after what was written (TLS without close_notify, as a server
    // dropping an idle connection does).
    void close_gracefully() {
        beast::error_code ec;
        lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
        lowest().socket().close(ec);
    }

    server::impl& owner;
    Stream stream;
    asio::steady_timer timer;
    beast::flat_buffer buffer;
    request_storage storage;
    std::optional<request_parser> parser;
    response resp;
    request_scratch scratch;
    std::string out;
    std::array<char, 512> sink;  // where a stalled connection's input goes
    std::chrono::milliseconds idle_close{0};  // armed by an idle-close fault
    std::list<std::weak_ptr<connection_base>>::iterator where;
    bool registered = false;
};

// ---------------------------------------------------------------------------------------

server::impl::impl(server_config c)
    : config(std::move(c)),
      log(config.logger),
      settings(config),
      clock(config),
      state(config, clock.now()),
      faults(config.faults),
      acceptor(asio::make_strand(io)) {}

server::impl::~impl() { stop(); }

void server::impl::remove_temp_dir() {
    if (temp_dir.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(temp_dir, ec);
    temp_dir.clear();
}

std::optional<error> server::impl::open() {
    auto fail = [](std::string m, const beast::error_code& ec = {}) {
        error e = make_error(errc::invalid_configuration, std::move(m));
        e.cause = ec;
        return e;
    };

    // TLS: the given identity, or a fresh self-signed one written to a temporary file.
    if (config.tls) {
        tls.emplace(asio::ssl::context::tls_server);
        tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
        SSL_CTX* native = tls->native_handle();
        SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
        static constexpr unsigned char session_context[] = "awsconnect-emulator";
        SSL_CTX_set_session_id_context(native, session_context, sizeof session_context - 1);
        beast::error_code ec;
        if (!config.cert_file.empty()) {
            tls->use_certificate_chain_file(config.cert_file, ec);
            if (ec) return fail("cannot read the certificate file " + config.cert_file, ec);
            tls->use_private_key_file(config.key_file, asio::ssl::context::pem, ec);
            if (ec) return fail("cannot read the key file " + config.key_file, ec);
            ca_file = config.cert_file;
        } else {
            auto identity = generate_self_signed_identity(config.listen_host);
            if (!identity) return identity.error();
            tls->use_certificate_chain(asio::buffer(identity->certificate), ec);
            if (!ec) tls->use_private_key(asio::buffer(identity->private_key),
                                          asio::ssl::context::pem, ec);
            if (ec) return fail("cannot load the generated certificate", ec);
            std::string dir = (std::filesystem::temp_directory_path() /
                               "awsconnect-emulator-XXXXXX").string();
            if (::mkdtemp(dir.data()) == nullptr)
                return fail("cannot create a temporary directory for the CA file");
            temp_dir = dir;
            ca_file = (std::filesystem::path(dir) / "ca.pem").string();
            std::ofstream f(ca_file, std::ios::binary);
            f << identity->certificate;
            if (!f.flush()) return fail("cannot write the CA file " + ca_file);
        }
        if (SSL_CTX_check_private_key(native) != 1)
            return fail("the private key does not match the certificate");
    }

    // The listener.
    beast::error_code ec;
    const std::string host = config.listen_host == "localhost" ? "127.0.0.1" : config.listen_host;
    const auto address = asio::ip::make_address(host, ec);
    if (ec) return fail("--listen: '" + config.listen_host + "' is not an IP address", ec);
    const tcp::endpoint wanted(address, config.port);
    const std::string where = host + ":" + std::to_string(config.port);
    acceptor.open(wanted.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(wanted, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return fail("cannot listen on " + where + ": " + ec.message(), ec);

    const auto bound = acceptor.local_endpoint(ec);
    std::string shown = address.is_unspecified()
                            ? (address.is_v6() ? "[::1]" : "127.0.0.1")
                            : (address.is_v6() ? "[" + host + "]" : host);
    url = std::string(config.tls ? "https://" : "http://") + shown + ":" +
          std::to_string(bound.port());
    return std::nullopt;
}

void server::impl::start_threads() {
    work.emplace(io.get_executor());
    asio::co_spawn(acceptor.get_executor(), accept_loop(), asio::detached);
    for (int i = 0; i < config.threads; ++i) threads.emplace_back([this] { run_thread(); });
}

void server::impl::run_thread() {
    pthread_setname_np(pthread_self(), "emulator");  // for top, perf and debuggers
    clockid_t id{};
    const bool has_clock = pthread_getcpuclockid(pthread_self(), &id) == 0;
    if (has_clock) {
        std::lock_guard lock(cpu_mutex);
        thread_clocks.push_back(id);
    }
    for (;;) {
        try {
            io.run();
            break;
        } catch (const std::exception& e) {
            log.write_if(log_level::error, "emulator", [&] { return std::string("a handler threw: ") + e.what(); });
        }
    }
    if (has_clock) {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        std::lock_guard lock(cpu_mutex);
        finished_cpu += std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
        std::erase(thread_clocks, id);
    }
}

void server::impl::stop() {
    std::lock_guard stop_lock(stop_mutex);
    if (stopped) return;
    stopped = true;
    if (threads.empty()) {  // never started
        remove_temp_dir();
        return;
    }

    // No new connections; close the listener and every open connection on its executor.
    // (The references are dropped outside the lock: the last one unregisters.)
    std::vector<std::shared_ptr<connection_base>> open;
    {
        std::lock_guard lock(connections_mutex);
        accepting = false;
        for (const auto& w : connections)
            if (auto c = w.lock()) open.push_back(std::move(c));
    }
    for (auto& c : open) asio::post(c->executor, [c] { c->close_now(); });
    open.clear();
    asio::post(acceptor.get_executor(), [this] {
        beast::error_code ec;
        acceptor.close(ec);
    });
    work.reset();
    // Closed connections finish quickly; bound the wait anyway, then stop the loop hard.
    bool drained = false;
    {
        std::unique_lock lock(connections_mutex);
        drained = connections_cv.wait_for(lock, std::chrono::seconds(5),
                                          [this] { return connections.empty(); });
    }
    if (!drained) io.stop();
    for (auto& t : threads) t.join();
    remove_temp_dir();
}

bool server::impl::register_connection(
    const std::shared_ptr<connection_base>& c,
    std::list<std::weak_ptr<connection_base>>::iterator& where) {
    std::lock_guard lock(connections_mutex);
    if (!accepting) return false;
    where = connections.insert(connections.end(), c);
    connections_open.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void server::impl::unregister_connection(std::list<std::weak_ptr<connection_base>>::iterator where) {
    std::lock_guard lock(connections_mutex);
    connections.erase(where);
    connections_open.fetch_sub(1, std::memory_order_relaxed);
    if (connections.empty()) connections_cv.notify_all();
}

counters server::impl::get_counters() const {
    counters c;
    {
        std::lock_guard lock(state_mutex);
        c = state.stats;
    }
    c.connections_open = connections_open.load(std::memory_order_relaxed);
    std::lock_guard lock(cpu_mutex);
    c.cpu_time = finished_cpu;
    for (const clockid_t id : thread_clocks) {
        timespec ts{};
        if (clock_gettime(id, &ts) == 0)
            c.cpu_time += std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
    }
    return c;
}

void server::impl::reset_counters() {
    std::lock_guard lock(state_mutex);
    state.stats = counters{};
    // Tripwires, never reset.
    state.stats.released_twice = state.numbers.released_twice();
    state.stats.claimed_twice = state.numbers.claimed_twice();
    fault_base = 0;
}

// ---------------------------------------------------------------------------------------
// Accepting and serving

asio::awaitable<void> server::impl::accept_loop() {
    for (;;) {
        asio::any_io_executor ex = config.threads > 1 ? asio::any_io_executor(asio::make_strand(io))
                                                      : asio::any_io_executor(io.get_executor());
        auto [ec, socket] = co_await acceptor.async_accept(ex, use_tuple);
        if (!acceptor.is_open()) co_return;
        if (ec) {
            // Out of descriptors and the like: wait a little rather than spin.
            asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(20));
            co_await pause.async_wait(use_tuple);
            continue;
        }
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        {
            std::lock_guard lock(state_mutex);
            ++state.stats.connections_accepted;
        }
        auto spawn = [&](auto conn) {
            if (!register_connection(conn, conn->where)) return;
            conn->registered = true;
            asio::co_spawn(conn->executor, serve(conn), [this](std::exception_ptr e) {
                if (!e) return;
                try {
                    std::rethrow_exception(e);
                } catch (const std::exception& x) {
                    log.write_if(log_level::error, "emulator",
                                 [&] { return std::string("a connection's handler threw: ") + x.what(); });
                }
            });
        };
        if (tls)
            spawn(std::make_shared<connection<tls_stream>>(
                *this, tls_stream(beast::tcp_stream(std::move(socket)), *tls)));
        else
            spawn(std::make_shared<connection<plain_stream>>(
                *this, plain_stream(std::move(socket))));
    }
}

template <class Stream>
asio::awaitable<void> server::impl::serve(std::shared_ptr<connection<Stream>> c) {
    if constexpr (is_tls<Stream>) {
        // Asio asks OpenSSL to free its record buffers whenever they are empty, which costs
        // two large allocations per request on a keep-alive connection: keep them.
        SSL_clear_mode(c->stream.native_handle(), SSL_MODE_RELEASE_BUFFERS);
        c->lowest().expires_after(handshake_timeout);
        auto [ec] = co_await c->stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
        if (ec) co_return;
        const bool resumed = SSL_session_reused(c->stream.native_handle()) == 1;
        std::lock_guard lock(state_mutex);
        ++state.stats.tls_handshakes;
        if (resumed) ++state.stats.tls_resumed;
    }
    // One flat loop: the per-request logic is synchronous (on_request, handle_connect) and
    // only the I/O is awaited here, so a request costs no coroutine frames of its own.
    for (;;) {
        if (c->idle_close.count() > 0)
            c->lowest().expires_after(c->idle_close);
        else if (config.idle_timeout.count() > 0)
            c->lowest().expires_after(config.idle_timeout);
        else
            c->lowest().expires_never();
        c->parser.emplace(c->storage, config.max_header_bytes, config.max_body_bytes);
        auto [ec, n] = co_await bhttp::async_read(c->stream, c->buffer, *c->parser, use_tuple);

        step next;
        if (ec) {
            // Oversized or malformed requests get an answer; anything else (EOF, reset,
            // idle timeout, stop) just ends the connection.
            if (!on_read_error(*c, ec)) break;
            next = {step::write_then_close};
        } else {
            next = on_request(*c, c->parser->keep_alive());
        }
        if (next.what == step::wait_then_handle) {
            c->timer.expires_after(next.f.duration);
            auto [timer_ec] = co_await c->timer.async_wait(use_tuple);
            if (timer_ec) co_return;  // stopped
            next = handle_connect(*c, next.f, c->parser->keep_alive(), clock.now());
        }
        switch (next.what) {
            case step::reset: c->reset(); co_return;
            case step::stall: {
                // Hold the connection without answering; read (and drop) until the client
                // gives up or stop() closes the socket.
                c->lowest().expires_never();
                for (;;) {
                    auto [rec, k] = co_await c->stream.async_read_some(
                        asio::buffer(c->sink.data(), c->sink.size()), use_tuple);
                    if (rec) break;
                }
                co_return;
            }
            default: break;
        }
        c->lowest().expires_after(write_timeout);
        auto [wec, wn] = co_await asio::async_write(c->stream, asio::buffer(c->out), use_tuple);
        if (wec || next.what == step::write_then_close) break;
    }
    c->close_gracefully();
}

template <class Stream>
bool server::impl::on_read_error(connection<Stream>& c, const beast::error_code& ec) {
    int status = 0;
    if (ec == bhttp::error::header_limit)
        status = 431;
    else if (ec == bhttp::error::body_limit)
        status = 413;
    else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
             ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message)
        status = 400;
    if (status == 0) return false;
    response& r = c.resp;
    r.reset();
    set_error(r, status, "BadRequestException",
              status == 431   ? "The request's header is too large."
              : status == 413 ? "The request's body is too large."
                              : "The request is not valid HTTP/1.1.",
              outcome::bad_request);
    {
        std::lock_guard lock(state_mutex);
        count(state.stats, r);
    }
    format_response(c.out, r, false, clock.now());
    return true;
}

void server::impl::format_response(std::string& out, const response& r, bool keep_alive,
                                   system_clock::time_point now, bool truncated) {
    const auto generated = format_request_id(config.seed, ++response_sequence);
    const std::string_view id =
        r.request_id.empty() ? std::string_view(generated.data(), generated.size()) : r.request_id;
    out.clear();
    response_head head;
    head.status = r.status;
    head.content_type = r.content_type;
    head.error_type = r.error_type;
    head.date = cached_http_date(now);
    head.request_id = id;
    head.allow = r.allow;
    head.keep_alive = keep_alive;
    // Truncated: the head promises one byte more than the body, and half the body is sent.
    head.content_length = r.body.size() + (truncated ? 1 : 0);
    append_response_head(out, head);
    out.append(std::string_view(r.body).substr(0, truncated ? r.body.size() / 2 : r.body.size()));
}

void server::impl::serve_admin(const request_view& req, response& r) {
    r.reset();
    {
        // Admin requests are counted apart: they are not Connect requests.
        std::lock_guard lock(state_mutex);
        ++state.stats.admin_requests;
    }
    const route rt = route_request(req.method, req.path(), true);
    switch (rt.kind) {
        case route_kind::admin_counters: r.body = to_json(get_counters()); break;
        case route_kind::admin_reset:
            if (!config.allow_counters_reset) {
                set_error(r, 403, "AccessDeniedException",
                          "POST /__emulator/counters/reset is turned off: start the emulator "
                          "with --allow-reset (server_config::allow_counters_reset) to allow it.",
                          outcome::unknown_operation);
                break;
            }
            reset_counters();
            r.body.assign("{}");
            break;
        case route_kind::admin_health: r.body.assign("{\"status\":\"ok\"}"); break;
        case route_kind::admin_clock: serve_clock(req, r); break;
        case route_kind::method_not_allowed:
            set_error(r, 405, "UnknownOperationException", "Method not allowed on this admin path.",
                      outcome::unknown_operation);
            r.allow = rt.allow;
            break;
        default:
            set_error(r, 404, "UnknownOperationException",
                      "Admin paths: GET /__emulator/counters, POST /__emulator/counters/reset, "
                      "GET /__emulator/health, GET|POST /__emulator/clock.",
                      outcome::unknown_operation);
            break;
    }
}

void server::impl::serve_clock(const request_view& req, response& r) {
    if (req.method == "POST") {
        if (!config.allow_clock_control) {
            set_error(r, 403, "AccessDeniedException",
                      "POST /__emulator/clock is turned off: start the emulator with "
                      "--allow-clock (server_config::allow_clock_control) to allow it.",
                      outcome::unknown_operation);
            return;
        }
        // {"advance_seconds": N}, N an integer (negative moves the clock back), at most
        // 100 years either way.
        boost::system::error_code ec;
        const boost::json::value body = boost::json::parse(req.body, ec);
        const boost::json::value* n =
            !ec && body.is_object() ? body.get_object().if_contains("advance_seconds") : nullptr;
        constexpr std::int64_t limit = std::int64_t{100} * 366 * 24 * 3600;
        if (n == nullptr || !n->is_int64() || n->get_int64() < -limit || n->get_int64() > limit) {
            set_error(r, 400, "BadRequestException",
                      "The body must be {\"advance_seconds\": N} with N an integer number of "
                      "seconds (at most 100 years either way).",
                      outcome::bad_request);
            return;
        }
        clock.advance(std::chrono::seconds(n->get_int64()));
    }
    const auto now = clock.now();
    boost::json::object o;
    o["now"] = format_iso8601(now);
    o["epoch_seconds"] = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    r.body = boost::json::serialize(o);
}

template <class Stream>
step server::impl::on_request(connection<Stream>& c, bool keep_alive) {
    const request_view req = c.parser->view();
    response& r = c.resp;
    if (config.admin_paths && req.path().starts_with("/__emulator/")) {
        serve_admin(req, r);
        format_response(c.out, r, keep_alive, clock.now());
        return {keep_alive ? step::write : step::write_then_close};
    }

    // The credentials services: not Connect requests (never faulted nor numbered).
    const system_clock::time_point now = clock.now();
    if (is_identity_route(route_request(req.method, req.path(), false).kind)) {
        handle_request(req, settings, {state, &state_mutex}, now, key_cache, c.scratch, r);
        format_response(c.out, r, keep_alive, now);
        return {keep_alive ? step::write : step::write_then_close};
    }

    // A Connect request: its number, and the fault it gets.
    std::uint64_t number = 0;
    fault f;
    {
        std::lock_guard lock(state_mutex);
        number = begin_request(state) - fault_base;
        f = choose_fault(faults, number, config.seed);
        count_fault(state.stats.faults, f);
    }

    // Faults that act instead of the handler.
    switch (f.kind) {
        case fault_kind::delay: return {step::wait_then_handle, f};
        case fault_kind::http_error:
        case fault_kind::throttle:
            set_injected_error(r, f);
            {
                std::lock_guard lock(state_mutex);
                count(state.stats, r);
            }
            format_response(c.out, r, keep_alive, now);
            return {keep_alive ? step::write : step::write_then_close};
        case fault_kind::reset_before: return {step::reset};
        case fault_kind::garbage:
            make_garbage(c.out, config.seed, number);
            return {step::write_then_close};
        case fault_kind::stall: return {step::stall};
        default: return handle_connect(c, f, keep_alive, now);
    }
}

template <class Stream>
step server::impl::handle_connect(connection<Stream>& c, const fault& f, bool keep_alive,
                                  system_clock::time_point now) {
    // The handler: the core's one pipeline (authentication outside the state lock, the
    // rest under it), as the tests and the fuzzer run it.
    handle_request(c.parser->view(), settings, {state, &state_mutex}, now, key_cache, c.scratch,
                   c.resp);
    response& r = c.resp;

    // Faults that act after the handler (the number may be released by now).
    switch (f.kind) {
        case fault_kind::reset_after_commit: return {step::reset};
        case fault_kind::truncate:
            format_response(c.out, r, keep_alive, now, true);
            return {step::write_then_close};
        case fault_kind::idle_close: c.idle_close = f.duration; break;
        default: break;
    }
    format_response(c.out, r, keep_alive, now);
    return {keep_alive ? step::write : step::write_then_close};
}

// ---------------------------------------------------------------------------------------
// The public face

result<std::unique_ptr<server>> server::start(server_config config) {
    if (auto e = check_config(config)) return *e;
    auto p = std::make_unique<impl>(std::move(config));
    if (auto e = p->open()) return *e;
    p->start_threads();
    return std::unique_ptr<server>(new server(std::move(p)));
}

server::server(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
server::~server() = default;

const std::string& server::url() const noexcept { return impl_->url; }
std::uint16_t server::port() const noexcept {
    const auto colon = impl_->url.rfind(':');
    return static_cast<std::uint16_t>(std::atoi(impl_->url.c_str() + colon + 1));
}
const std::string& server::ca_file() const noexcept { return impl_->ca_file; }
const server_config& server::config() const noexcept { return impl_->config; }
void server::stop() { impl_->stop(); }
counters server::get_counters() const { return impl_->get_counters(); }
void server::reset_counters() { impl_->reset_counters(); }

void server::set_faults(fault_spec spec) {
    std::lock_guard lock(impl_->state_mutex);
    impl_->faults = std::move(spec);
    impl_->fault_base = impl_->state.stats.requests_total;
}

void server::set_throttle(std::optional<throttle_config> throttle) {
    const auto now = impl_->clock.now();
    std::lock_guard lock(impl_->state_mutex);
    if (throttle)
        impl_->state.throttle.emplace(*throttle, now);
    else
        impl_->state.throttle.reset();
}

system_clock::time_point server::now() const { return impl_->clock.now(); }
void server::advance_clock(system_clock::duration d) { impl_->clock.advance(d); }
void server::set_clock(system_clock::time_point t) { impl_->clock.set(t); }

bool server::claim(std::string_view id) {
    const auto p = parse_phone_number_id(id, impl_->config.region);
    if (p.status != id_status::ok) return false;
    const auto now = impl_->clock.now();
    std::lock_guard lock(impl_->state_mutex);
    impl_->state.numbers.claim_id(p.key, now);
    return true;
}

bool server::mark_in_use(std::string_view id) {
    const auto p = parse_phone_number_id(id, impl_->config.region);
    if (p.status != id_status::ok) return false;
    const auto now = impl_->clock.now();
    std::lock_guard lock(impl_->state_mutex);
    impl_->state.numbers.mark_in_use(p.key, now);
    return true;
}

number_state server::state_of(std::string_view id) const {
    const auto p = parse_phone_number_id(id, impl_->config.region);
    if (p.status != id_status::ok) return number_state::unknown;
    const auto now = impl_->clock.now();
    std::lock_guard lock(impl_->state_mutex);
    return impl_->state.numbers.state_of(p.key, now);
}

}  // namespace awsconnect::emulator
