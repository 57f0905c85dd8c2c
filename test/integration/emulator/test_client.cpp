#include "test_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <openssl/ssl.h>

#include <arpa/inet.h>

#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace awsconnect::emulator::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr auto tok = asio::as_tuple(asio::use_awaitable);

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}
}  // namespace

std::string http_reply::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (iequal(n, name)) return v;
    return {};
}
bool http_reply::has_header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (iequal(n, name)) return true;
    return false;
}

std::string simple_request(std::string_view method, std::string_view target,
                           std::string_view extra_headers) {
    std::string out(method);
    out.append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    out.append(extra_headers).append("\r\n");
    return out;
}

std::string listening_address(std::uint16_t port) {
    for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        std::ifstream f(table);
        std::string line;
        std::getline(f, line);  // the header
        while (std::getline(f, line)) {
            std::istringstream row(line);
            std::string slot, local, remote, state;
            row >> slot >> local >> remote >> state;
            const auto colon = local.rfind(':');
            if (state != "0A" || colon == std::string::npos ||
                std::stoul(local.substr(colon + 1), nullptr, 16) != port)
                continue;
            // The address: 32-bit words in host byte order, as hex.
            const std::string hex = local.substr(0, colon);
            unsigned char bytes[16] = {};
            for (std::size_t w = 0; w < hex.size() / 8; ++w) {
                const std::uint32_t word =
                    static_cast<std::uint32_t>(std::stoul(hex.substr(w * 8, 8), nullptr, 16));
                std::memcpy(bytes + w * 4, &word, 4);
            }
            char text[64] = {};
            inet_ntop(hex.size() == 8 ? AF_INET : AF_INET6, bytes, text, sizeof text);
            return text;
        }
    }
    return {};
}

struct test_client::impl {
    bool tls = false;
    std::string host, port, ca_file, verify_host;
    asio::io_context io;
    asio::ssl::context ctx{asio::ssl::context::tls_client};
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
    beast::flat_buffer buffer;
    SSL_SESSION* offered = nullptr;
    SSL_SESSION* last = nullptr;
    bool resumed = false;

    ~impl() {
        if (offered) SSL_SESSION_free(offered);
        if (last) SSL_SESSION_free(last);
    }

    beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*secure) : *plain; }

    // A read timeout that cancels the read but keeps the connection open (tcp_stream's
    // own expiry would close the socket): a test can then see that the server did not
    // close it either. Returns a guard; `fired()` tells whether the timeout struck.
    struct read_deadline {
        std::shared_ptr<asio::steady_timer> timer;
        std::shared_ptr<bool> struck = std::make_shared<bool>(false);
        bool fired() const { return *struck; }
        ~read_deadline() { timer->cancel(); }
    };
    read_deadline arm(std::chrono::milliseconds timeout) {
        read_deadline d{std::make_shared<asio::steady_timer>(io, timeout)};
        lowest().expires_never();
        d.timer->async_wait([this, struck = d.struck](const beast::error_code& ec) {
            if (ec) return;
            *struck = true;
            lowest().cancel();
        });
        return d;
    }

    // Runs `a` to completion, or gives up after `limit` (closing the socket).
    template <class T>
    T run(asio::awaitable<T> a, std::chrono::milliseconds limit, T on_timeout) {
        std::optional<T> result;
        asio::co_spawn(io, std::move(a), [&](std::exception_ptr e, T v) {
            if (!e) result = std::move(v);
        });
        io.restart();
        io.run_for(limit + 2s);
        if (!result) {
            if (plain || secure) {
                beast::error_code ec;
                lowest().socket().close(ec);
            }
            io.restart();
            io.run_for(1s);
            return on_timeout;
        }
        return *result;
    }
};

test_client::test_client(const std::string& url, std::string ca_file, std::string verify_host)
    : impl_(std::make_unique<impl>()) {
    const auto scheme_end = url.find("://");
    impl_->tls = url.substr(0, scheme_end) == "https";
    const std::string rest = url.substr(scheme_end + 3);
    const auto colon = rest.rfind(':');
    impl_->host = rest.substr(0, colon);
    impl_->port = rest.substr(colon + 1);
    impl_->ca_file = std::move(ca_file);
    impl_->verify_host = verify_host.empty() ? impl_->host : std::move(verify_host);
    if (impl_->tls) {
        impl_->ctx.set_verify_mode(asio::ssl::verify_peer);
        if (impl_->ca_file.empty())
            impl_->ctx.set_default_verify_paths();
        else
            impl_->ctx.load_verify_file(impl_->ca_file);
        SSL_CTX_set_session_cache_mode(impl_->ctx.native_handle(), SSL_SESS_CACHE_CLIENT);
    }
}

test_client::~test_client() { close(); }

boost::system::error_code test_client::connect(std::chrono::milliseconds timeout) {
    auto& m = *impl_;
    m.buffer.clear();
    m.plain.reset();
    m.secure.reset();
    auto op = [&]() -> asio::awaitable<boost::system::error_code> {
        beast::error_code ec;
        const auto address = asio::ip::make_address(m.host, ec);
        if (ec) co_return ec;
        const tcp::endpoint ep(address, static_cast<unsigned short>(std::stoi(m.port)));
        if (!m.tls) {
            m.plain.emplace(m.io);
            m.plain->expires_after(timeout);
            auto [e] = co_await m.plain->async_connect(ep, tok);
            co_return e;
        }
        m.secure.emplace(m.io, m.ctx);
        auto& s = *m.secure;
        s.set_verify_callback(asio::ssl::host_name_verification(m.verify_host));
        beast::error_code not_ip;
        asio::ip::make_address(m.verify_host, not_ip);
        if (not_ip) SSL_set_tlsext_host_name(s.native_handle(), m.verify_host.c_str());
        if (m.offered) SSL_set_session(s.native_handle(), m.offered);
        beast::get_lowest_layer(s).expires_after(timeout);
        auto [e] = co_await beast::get_lowest_layer(s).async_connect(ep, tok);
        if (e) co_return e;
        auto [h] = co_await s.async_handshake(asio::ssl::stream_base::client, tok);
        if (!h) {
            m.resumed = SSL_session_reused(s.native_handle()) == 1;
            if (m.last) SSL_SESSION_free(m.last);
            m.last = SSL_get1_session(s.native_handle());
        }
        co_return h;
    };
    return m.run<boost::system::error_code>(op(), timeout, asio::error::timed_out);
}

boost::system::error_code test_client::send(std::string_view bytes,
                                            std::chrono::milliseconds timeout) {
    auto& m = *impl_;
    if (!m.plain && !m.secure) return asio::error::not_connected;
    auto op = [&]() -> asio::awaitable<boost::system::error_code> {
        m.lowest().expires_after(timeout);
        if (m.tls) {
            auto [e, n] = co_await asio::async_write(*m.secure, asio::buffer(bytes), tok);
            co_return e;
        }
        auto [e, n] = co_await asio::async_write(*m.plain, asio::buffer(bytes), tok);
        co_return e;
    };
    return m.run<boost::system::error_code>(op(), timeout, asio::error::timed_out);
}

http_reply test_client::read_reply(std::chrono::milliseconds timeout) {
    auto& m = *impl_;
    http_reply timed_out;
    timed_out.error = asio::error::timed_out;
    if (!m.plain && !m.secure) {
        http_reply r;
        r.error = asio::error::not_connected;
        return r;
    }
    auto op = [&]() -> asio::awaitable<http_reply> {
        http::response_parser<http::string_body> p;
        p.body_limit(1 << 20);
        const auto deadline = m.arm(timeout);
        beast::error_code ec;
        if (m.tls) {
            auto [e, n] = co_await http::async_read(*m.secure, m.buffer, p, tok);
            ec = e;
        } else {
            auto [e, n] = co_await http::async_read(*m.plain, m.buffer, p, tok);
            ec = e;
        }
        http_reply r;
        r.error = deadline.fired() ? beast::error::timeout : ec;
        if (!ec) {
            const auto& msg = p.get();
            r.complete = true;
            r.status = static_cast<int>(msg.result_int());
            for (const auto& f : msg)
                r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
            r.body = msg.body();
            r.keep_alive = msg.keep_alive();
        }
        co_return r;
    };
    return m.run<http_reply>(op(), timeout, timed_out);
}

http_reply test_client::exchange(std::string_view bytes, std::chrono::milliseconds timeout) {
    if (const auto ec = send(bytes, timeout)) {
        http_reply r;
        r.error = ec;
        return r;
    }
    return read_reply(timeout);
}

bool test_client::wait_closed(std::chrono::milliseconds timeout) {
    auto& m = *impl_;
    if (!m.plain && !m.secure) return true;
    if (m.buffer.size() > 0) return false;  // data is waiting
    auto op = [&]() -> asio::awaitable<int> {
        char byte;
        const auto deadline = m.arm(timeout);
        beast::error_code ec;
        std::size_t n = 0;
        if (m.tls) {
            auto [e, k] = co_await m.secure->async_read_some(asio::buffer(&byte, 1), tok);
            ec = e;
            n = k;
        } else {
            auto [e, k] = co_await m.plain->async_read_some(asio::buffer(&byte, 1), tok);
            ec = e;
            n = k;
        }
        if (n > 0) co_return 0;               // data, not a close
        if (deadline.fired()) co_return 0;  // still open
        co_return ec ? 1 : 0;
    };
    return m.run<int>(op(), timeout, 0) == 1;
}

bool test_client::session_resumed() const { return impl_->resumed; }

void test_client::resume_session_from(const test_client& other) {
    if (impl_->offered) SSL_SESSION_free(impl_->offered);
    // TLS 1.3 tickets arrive after the handshake: take the live connection's session.
    if (other.impl_->secure) {
        impl_->offered = SSL_get1_session(other.impl_->secure->native_handle());
    } else {
        impl_->offered = other.impl_->last;
        if (impl_->offered) SSL_SESSION_up_ref(impl_->offered);
    }
}

void test_client::close() {
    auto& m = *impl_;
    beast::error_code ec;
    if (m.plain) m.plain->socket().close(ec);
    if (m.secure) beast::get_lowest_layer(*m.secure).socket().close(ec);
    m.plain.reset();
    m.secure.reset();
}

}  // namespace awsconnect::emulator::test
