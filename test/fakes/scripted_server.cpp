#include "fakes/scripted_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <openssl/ssl.h>

#include <array>
#include <cstdint>
#include <thread>
#include <vector>

namespace awsconnect::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using namespace asio::experimental::awaitable_operators;

std::string server_request::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (beast::iequals(n, name)) return v;
    return {};
}

struct scripted_server::impl {
    server_options options;
    asio::io_context ioc;
    asio::ssl::context ssl{asio::ssl::context::tls_server};
    tcp::acceptor acceptor{ioc};
    std::thread thread;
    std::atomic<int> connections{0}, requests{0}, handshakes{0}, resumed{0}, open{0};
    int in_handshake = 0, max_in_handshake = 0;  // the server's own thread only
    mutable std::mutex mutex;
    std::vector<server_request> received;
    std::vector<std::weak_ptr<tcp::socket>> sockets;
    std::atomic<bool> stopped{false};
    std::uint16_t port = 0;

    template <class Stream>
    asio::awaitable<void> serve(Stream& stream, tcp::socket& sock, int conn_no) {
        beast::flat_buffer buffer;
        for (int n = 1;; ++n) {
            http::request_parser<http::string_body> parser;
            parser.header_limit(64 * 1024);
            bool read_ok = false;
            if (options.idle_close.count() > 0 && n > 1) {
                asio::steady_timer t(ioc, options.idle_close);
                auto r = co_await (http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable)) ||
                                   t.async_wait(asio::as_tuple(asio::use_awaitable)));
                if (r.index() == 1) {  // idle too long: close without a word
                    error_code ec;
                    sock.close(ec);
                    co_return;
                }
                read_ok = !std::get<0>(std::get<0>(r));
            } else {
                auto [ec, bytes] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
                (void)bytes;
                read_ok = !ec;
            }
            if (!read_ok) co_return;
            auto& msg = parser.get();
            server_request req;
            req.method = std::string(msg.method_string());
            req.target = std::string(msg.target());
            for (const auto& f : msg) req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
            req.body = msg.body();
            req.connection = conn_no;
            req.request_on_connection = n;
            req.index = ++requests;
            {
                std::lock_guard lock(mutex);
                received.push_back(req);
            }
            server_action a = options.handler ? options.handler(req) : server_action{};
            if (a.delay.count() > 0) {
                asio::steady_timer t(ioc, a.delay);
                co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
            }
            error_code ec;
            switch (a.kind) {
                case server_action_kind::reset_before_read:
                case server_action_kind::reset_after_read:
                    sock.set_option(asio::socket_base::linger(true, 0), ec);
                    sock.close(ec);
                    co_return;
                case server_action_kind::close_after_read:
                    sock.shutdown(tcp::socket::shutdown_both, ec);
                    sock.close(ec);
                    co_return;
                case server_action_kind::stall: {
                    asio::steady_timer t(ioc, std::chrono::hours(1));
                    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
                    co_return;
                }
                case server_action_kind::respond: break;
            }
            std::string out = a.raw;
            if (out.empty()) {
                out = "HTTP/1.1 " + std::to_string(a.status) + " " +
                      std::string(http::obsolete_reason(http::status(a.status))) + "\r\n";
                out += "Content-Type: application/json\r\n";
                out += "Content-Length: " + std::to_string(a.body.size()) + "\r\n";
                out += "x-amzn-RequestId: req-" + std::to_string(req.index) + "\r\n";
                if (a.connection_close) out += "Connection: close\r\n";
                if (options.keep_alive_header_seconds > 0)
                    out += "Keep-Alive: timeout=" + std::to_string(options.keep_alive_header_seconds) + "\r\n";
                for (const auto& [hn, hv] : a.headers) out += hn + ": " + hv + "\r\n";
                out += "\r\n" + a.body;
            }
            auto [wec, written] = co_await asio::async_write(stream, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
            (void)written;
            if (wec) co_return;
            if (a.close_after || a.connection_close || !a.raw.empty()) {
                if constexpr (!std::is_same_v<Stream, tcp::socket>) {
                    // A server that closes TLS without close_notify, as many do.
                }
                sock.shutdown(tcp::socket::shutdown_both, ec);
                sock.close(ec);
                co_return;
            }
        }
    }

    // Plays `fault` on a connection whose client is starting a TLS handshake.
    asio::awaitable<void> break_handshake(tcp::socket& sock, tls_fault fault) {
        error_code ec;
        auto reset = [&] {
            sock.set_option(asio::socket_base::linger(true, 0), ec);
            sock.close(ec);
        };
        if (fault == tls_fault::reset_unread) {
            // Once the client has sent something (so its connect has completed for sure):
            // resetting at accept could reach the client while its connect is still
            // completing, and then fail the connect rather than the handshake.
            auto [wec] = co_await sock.async_wait(tcp::socket::wait_read, asio::as_tuple(asio::use_awaitable));
            (void)wec;
            reset();
            co_return;
        }
        // The ClientHello: one TLS record, a 5-byte header (type 22, version, length) and
        // the length's bytes.
        std::array<std::uint8_t, 5> header{};
        auto [hec, hn] = co_await asio::async_read(sock, asio::buffer(header), asio::as_tuple(asio::use_awaitable));
        (void)hn;
        if (hec || header[0] != 22) {
            sock.close(ec);
            co_return;
        }
        std::vector<std::uint8_t> hello((std::size_t(header[3]) << 8) | header[4]);
        auto [bec, bn] = co_await asio::async_read(sock, asio::buffer(hello), asio::as_tuple(asio::use_awaitable));
        (void)bn;
        if (bec) {
            sock.close(ec);
            co_return;
        }
        std::string reply;
        switch (fault) {
            case tls_fault::reset_after_client_hello: reset(); co_return;
            case tls_fault::close_after_client_hello:
                sock.shutdown(tcp::socket::shutdown_both, ec);
                sock.close(ec);
                co_return;
            // An alert record: type 21, TLS 1.2, length 2, level 2 (fatal), description.
            case tls_fault::alert_handshake_failure: reply = std::string("\x15\x03\x03\x00\x02\x02\x28", 7); break;
            case tls_fault::alert_protocol_version: reply = std::string("\x15\x03\x03\x00\x02\x02\x46", 7); break;
            case tls_fault::http_reply:
                reply = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                break;
            case tls_fault::none:
            case tls_fault::reset_unread: break;
        }
        auto [wec, wn] = co_await asio::async_write(sock, asio::buffer(reply), asio::as_tuple(asio::use_awaitable));
        (void)wec;
        (void)wn;
        sock.shutdown(tcp::socket::shutdown_send, ec);
        // Let the client read the reply before the socket goes: wait for its close.
        std::array<char, 256> sink{};
        for (;;) {
            auto [rec, rn] = co_await sock.async_read_some(asio::buffer(sink), asio::as_tuple(asio::use_awaitable));
            (void)rn;
            if (rec) break;
        }
        sock.close(ec);
    }

    asio::awaitable<void> connection(std::shared_ptr<tcp::socket> sock, int conn_no) {
        struct counter {
            std::atomic<int>& n;
            explicit counter(std::atomic<int>& c) : n(c) { ++n; }
            ~counter() { --n; }
        } open_guard(open);
        error_code ec;
        if (!options.tls) {
            co_await serve(*sock, *sock, conn_no);
            sock->close(ec);
            co_return;
        }
        if (options.stall_tls_handshake) {
            asio::steady_timer t(ioc, std::chrono::hours(1));
            co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
            co_return;
        }
        if (options.tls_fault_for) {
            const tls_fault fault = options.tls_fault_for(conn_no);
            if (fault != tls_fault::none) {
                co_await break_handshake(*sock, fault);
                co_return;
            }
        }
        asio::ssl::stream<tcp::socket&> stream(*sock, ssl);
        max_in_handshake = std::max(max_in_handshake, ++in_handshake);
        auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server, asio::as_tuple(asio::use_awaitable));
        --in_handshake;
        if (hec) {
            sock->close(ec);
            co_return;
        }
        ++handshakes;
        if (SSL_session_reused(stream.native_handle())) ++resumed;
        co_await serve(stream, *sock, conn_no);
        sock->close(ec);
    }

    asio::awaitable<void> accept_loop() {
        for (;;) {
            auto sock = std::make_shared<tcp::socket>(ioc);
            auto [ec] = co_await acceptor.async_accept(*sock, asio::as_tuple(asio::use_awaitable));
            if (ec) co_return;
            const int n = ++connections;
            {
                std::lock_guard lock(mutex);
                sockets.push_back(sock);
            }
            asio::co_spawn(ioc, connection(sock, n), asio::detached);
        }
    }
};

scripted_server::scripted_server(server_options options) : impl_(std::make_unique<impl>()) {
    impl_->options = std::move(options);
    if (impl_->options.tls) {
        impl_->ssl.use_certificate_chain_file(impl_->options.cert.cert);
        impl_->ssl.use_private_key_file(impl_->options.cert.key, asio::ssl::context::pem);
        SSL_CTX_set_session_id_context(impl_->ssl.native_handle(),
                                       reinterpret_cast<const unsigned char*>("awsconnect-test"), 15);
    }
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
    impl_->acceptor.open(ep.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(ep);
    impl_->acceptor.listen();
    impl_->port = impl_->acceptor.local_endpoint().port();
    asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

scripted_server::~scripted_server() { stop(); }

void scripted_server::stop() {
    if (impl_->stopped.exchange(true)) return;
    asio::post(impl_->ioc, [this] {
        error_code ec;
        impl_->acceptor.close(ec);
        std::lock_guard lock(impl_->mutex);
        for (auto& w : impl_->sockets)
            if (auto s = w.lock()) s->close(ec);
    });
    impl_->ioc.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

std::uint16_t scripted_server::port() const { return impl_->port; }
std::string scripted_server::url() const {
    return std::string(impl_->options.tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port());
}
int scripted_server::connections() const { return impl_->connections; }
int scripted_server::requests() const { return impl_->requests; }
int scripted_server::handshakes() const { return impl_->handshakes; }
int scripted_server::resumed_handshakes() const { return impl_->resumed; }
int scripted_server::open_connections() const { return impl_->open; }
int scripted_server::max_concurrent_handshakes() const { return impl_->max_in_handshake; }
std::vector<server_request> scripted_server::received() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->received;
}

}  // namespace awsconnect::test
