// One HTTP/1.1 request over Beast, with a deadline (see http_get.hpp).
#include "credentials/http_get.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

#include <openssl/ssl.h>

#include <algorithm>

namespace awsconnect::creds {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using boost::system::error_code;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

http_reply failed(http_failure f, std::string what) {
    http_reply r;
    r.failure = f;
    r.what = std::move(what);
    return r;
}

bool is_ip_literal(const std::string& host) {
    error_code ec;
    (void)asio::ip::make_address(host, ec);
    return !ec;
}

template <class Stream>
asio::awaitable<http_reply> exchange(Stream& stream, const http_request_spec& spec,
                                     const url_parts& u) {
    http::request<http::empty_body> req;
    req.method(spec.method == "PUT" ? http::verb::put : http::verb::get);
    req.target(u.target);
    req.version(11);
    std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
    const bool default_port = u.port == (u.https ? 443 : 80);
    if (!default_port) host += ":" + std::to_string(u.port);
    req.set(http::field::host, host);
    for (const auto& [name, value] : spec.headers) req.set(name, value);
    req.keep_alive(false);
    req.prepare_payload();

    auto [wec, wn] = co_await http::async_write(stream, req, use_tuple);
    (void)wn;
    if (wec) co_return failed(http_failure::io, "cannot send the request: " + wec.message());

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(spec.max_body_bytes);
    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, use_tuple);
    (void)rn;
    if (rec == http::error::body_limit || rec == http::error::header_limit ||
        rec == http::error::buffer_overflow) {
        co_return failed(http_failure::too_large,
                         "the response is larger than " + std::to_string(spec.max_body_bytes) +
                             " bytes");
    }
    if (rec == http::error::end_of_stream || rec == asio::error::eof ||
        rec == http::error::partial_message) {
        co_return failed(http_failure::io, "the connection closed before the response was complete");
    }
    if (rec) co_return failed(http_failure::io, "cannot read the response: " + rec.message());
    http_reply reply;
    reply.status = parser.get().result_int();
    reply.body = std::move(parser.get().body());
    co_return reply;
}

http_reply connect_failure(const error_code& ec) {
    if (ec == asio::error::connection_refused) {
        return failed(http_failure::refused, "connection refused");
    }
    return failed(http_failure::connect, "cannot connect: " + ec.message());
}

asio::awaitable<http_reply> fetch_without_deadline(http_request_spec spec, url_parts u) {
    // The deadline cancels this coroutine; let the operations report operation_aborted
    // instead of throwing at the next co_await.
    co_await asio::this_coro::throw_if_cancelled(false);
    auto ex = co_await asio::this_coro::executor;

    std::vector<tcp::endpoint> endpoints;
    error_code aec;
    auto address = asio::ip::make_address(u.host, aec);
    if (!aec) {
        endpoints.emplace_back(address, u.port);
    } else {
        tcp::resolver resolver(ex);
        auto [rec, results] =
            co_await resolver.async_resolve(u.host, std::to_string(u.port), use_tuple);
        if (rec || results.empty()) {
            co_return failed(http_failure::resolve, "cannot resolve host \"" + u.host + "\"");
        }
        for (const auto& r : results) endpoints.push_back(r.endpoint());
    }

    if (!u.https) {
        beast::tcp_stream stream(ex);
        auto [cec, ep] = co_await stream.async_connect(endpoints, use_tuple);
        (void)ep;
        if (cec) co_return connect_failure(cec);
        co_return co_await exchange(stream, spec, u);
    }

    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ex, ctx);
    if (!is_ip_literal(u.host)) {
        // SNI (ssl's macro casts away const on the name).
        SSL_set_tlsext_host_name(stream.native_handle(), u.host.c_str());
    }
    stream.set_verify_callback(asio::ssl::host_name_verification(u.host));
    auto [cec, ep] = co_await beast::get_lowest_layer(stream).async_connect(endpoints, use_tuple);
    (void)ep;
    if (cec) co_return connect_failure(cec);
    auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (hec) co_return failed(http_failure::tls, "TLS handshake failed: " + hec.message());
    co_return co_await exchange(stream, spec, u);
}

}  // namespace

url_parts parse_http_url(const std::string& url) {
    url_parts out;
    auto r = boost::urls::parse_uri(url);
    if (!r) return out;
    const auto& u = *r;
    if (u.scheme_id() == boost::urls::scheme::http) {
        out.https = false;
    } else if (u.scheme_id() == boost::urls::scheme::https) {
        out.https = true;
    } else {
        return out;
    }
    out.host = u.host_address();
    if (out.host.empty()) return out;
    if (u.has_port()) {
        if (u.port_number() == 0) return out;
        out.port = u.port_number();
    } else {
        out.port = out.https ? 443 : 80;
    }
    out.target = std::string(u.encoded_path());
    if (out.target.empty()) out.target = "/";
    if (u.has_query()) {
        out.target += '?';
        out.target += std::string(u.encoded_query());
    }
    out.ok = true;
    return out;
}

errc errc_of(http_failure f) noexcept {
    switch (f) {
    case http_failure::timeout: return errc::attempt_timeout;
    case http_failure::refused: return errc::connection_refused;
    case http_failure::resolve: return errc::resolve_failed;
    case http_failure::connect: return errc::connect_failed;
    case http_failure::tls: return errc::tls_handshake_failed;
    case http_failure::too_large: return errc::response_too_large;
    case http_failure::bad_url: return errc::invalid_configuration;
    case http_failure::io: return errc::connection_closed;
    case http_failure::none: break;
    }
    return errc::credentials_unavailable;
}

std::string url_parts::display() const {
    std::string out = https ? "https://" : "http://";
    out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
    out += ":" + std::to_string(port);
    out += target.substr(0, target.find('?'));
    return out;
}

boost::asio::awaitable<http_reply> http_fetch_retrying(http_request_spec spec, int attempts) {
    http_reply reply;
    for (int i = 0; i < std::max(attempts, 1); ++i) {
        reply = co_await http_fetch(spec);
        bool transient = false;
        switch (reply.failure) {
        case http_failure::none: transient = reply.status >= 500; break;
        case http_failure::timeout:
        case http_failure::refused:
        case http_failure::connect:
        case http_failure::io: transient = true; break;
        default: break;
        }
        if (!transient) break;
    }
    co_return reply;
}

boost::asio::awaitable<http_reply> http_fetch(http_request_spec spec) {
    using namespace boost::asio::experimental::awaitable_operators;
    url_parts u = parse_http_url(spec.url);
    if (!u.ok) co_return failed(http_failure::bad_url, "not an http(s) URL with a host");
    const auto timeout = spec.timeout;
    asio::steady_timer deadline(co_await asio::this_coro::executor);
    deadline.expires_after(timeout);
    auto r = co_await (fetch_without_deadline(std::move(spec), std::move(u)) ||
                       deadline.async_wait(use_tuple));
    if (r.index() == 0) co_return std::get<0>(std::move(r));
    co_return failed(http_failure::timeout,
                     "timed out after " + std::to_string(timeout.count()) + " ms");
}

}  // namespace awsconnect::creds
