// A scripted HTTP/1.1 server on 127.0.0.1 for the container and IMDS provider tests.
//
// Each request is answered by the test's handler: a status and body, after an optional
// delay, or never (the connection stays open and silent), or by closing the connection at
// once. Every request is recorded (method, target, headers with lower-case names) so tests
// can check what the provider sent. Runs on the test's io_context (one thread).
// `refused_port()` gives a port where nothing listens.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace awsconnect::test {

struct seen_request {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  ///< names lower-cased

    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string("<absent>") : it->second;
    }
};

struct canned_response {
    enum class mode { respond, never_answer, close_at_once };
    mode how = mode::respond;
    int status = 200;
    std::string body;
    std::chrono::milliseconds delay{0};
};

inline canned_response respond(int status, std::string body) {
    canned_response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}
inline canned_response never_answer() {
    canned_response r;
    r.how = canned_response::mode::never_answer;
    return r;
}
inline canned_response close_at_once() {
    canned_response r;
    r.how = canned_response::mode::close_at_once;
    return r;
}

class local_http_server {
public:
    using handler = std::function<canned_response(const seen_request&)>;

    local_http_server(boost::asio::io_context& ioc, handler h)
        : state_(std::make_shared<state>(ioc, std::move(h))) {
        namespace asio = boost::asio;
        using asio::ip::tcp;
        state_->acceptor.open(tcp::v4());
        state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
        state_->acceptor.bind({asio::ip::make_address("127.0.0.1"), 0});
        state_->acceptor.listen();
        asio::co_spawn(ioc, accept_loop(state_), asio::detached);
    }
    ~local_http_server() {
        boost::system::error_code ec;
        state_->acceptor.close(ec);
        for (auto& s : state_->held) s->close(ec);
    }
    local_http_server(const local_http_server&) = delete;
    local_http_server& operator=(const local_http_server&) = delete;

    unsigned short port() const { return state_->acceptor.local_endpoint().port(); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
    const std::vector<seen_request>& requests() const { return state_->requests; }

    /// A port on 127.0.0.1 where nothing listens (bound, then released).
    static unsigned short refused_port(boost::asio::io_context& ioc) {
        using boost::asio::ip::tcp;
        tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
        unsigned short p = a.local_endpoint().port();
        a.close();
        return p;
    }

private:
    struct state {
        state(boost::asio::io_context& ioc, handler h) : acceptor(ioc), on_request(std::move(h)) {}
        boost::asio::ip::tcp::acceptor acceptor;
        handler on_request;
        std::vector<seen_request> requests;
        std::vector<std::shared_ptr<boost::asio::ip::tcp::socket>> held;  // never answered
    };

    static boost::asio::awaitable<void> accept_loop(std::shared_ptr<state> st) {
        namespace asio = boost::asio;
        for (;;) {
            auto [ec, sock] = co_await st->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec) co_return;
            auto ex = co_await asio::this_coro::executor;
            asio::co_spawn(ex, serve(st, std::make_shared<asio::ip::tcp::socket>(std::move(sock))),
                           asio::detached);
        }
    }

    static boost::asio::awaitable<void> serve(std::shared_ptr<state> st,
                                              std::shared_ptr<boost::asio::ip::tcp::socket> sock) {
        namespace asio = boost::asio;
        asio::streambuf buf(16 * 1024);
        auto [ec, n] = co_await asio::async_read_until(*sock, buf, "\r\n\r\n",
                                                       asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        std::string head(asio::buffers_begin(buf.data()), asio::buffers_begin(buf.data()) + n);
        seen_request req = parse(head);
        st->requests.push_back(req);
        canned_response r = st->on_request(req);
        if (r.how == canned_response::mode::never_answer) {
            st->held.push_back(sock);
            co_return;
        }
        if (r.how == canned_response::mode::close_at_once) {
            boost::system::error_code ignored;
            sock->close(ignored);
            co_return;
        }
        if (r.delay.count() > 0) {
            asio::steady_timer t(co_await asio::this_coro::executor, r.delay);
            co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        std::string out = "HTTP/1.1 " + std::to_string(r.status) + " Canned\r\nContent-Length: " +
                          std::to_string(r.body.size()) +
                          "\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + r.body;
        co_await asio::async_write(*sock, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
        boost::system::error_code ignored;
        sock->shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        sock->close(ignored);
    }

    static seen_request parse(const std::string& head) {
        seen_request r;
        std::size_t eol = head.find("\r\n");
        std::string line = head.substr(0, eol);
        std::size_t sp1 = line.find(' ');
        std::size_t sp2 = line.find(' ', sp1 + 1);
        r.method = line.substr(0, sp1);
        r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
        std::size_t pos = eol + 2;
        while (pos < head.size()) {
            std::size_t e = head.find("\r\n", pos);
            if (e == std::string::npos || e == pos) break;
            std::string h = head.substr(pos, e - pos);
            std::size_t colon = h.find(':');
            if (colon != std::string::npos) {
                std::string name = h.substr(0, colon);
                for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                std::size_t v = h.find_first_not_of(' ', colon + 1);
                r.headers[name] = v == std::string::npos ? "" : h.substr(v);
            }
            pos = e + 2;
        }
        return r;
    }

    std::shared_ptr<state> state_;
};

}  // namespace awsconnect::test
