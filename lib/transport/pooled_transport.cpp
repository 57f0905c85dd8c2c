#include "transport/pooled_transport.hpp"

namespace awsconnect::transport {
namespace asio = boost::asio;
using boost::system::error_code;

pooled_transport::pooled_transport(asio::any_io_executor ex, transport_options options)
    : executor_(std::move(ex)), options_(std::move(options)) {
    if (!options_.pool.log) options_.pool.log = log::no_logger();
}

pooled_transport::~pooled_transport() { shutdown(); }

std::shared_ptr<connection_pool> pooled_transport::pool_for(const endpoint_key& key) {
    std::lock_guard lock(mutex_);
    for (const auto& p : pools_)
        if (p->key() == key) return p;
    pool_options o = options_.pool;
    o.key = key;
    auto p = connection_pool::create(executor_, std::move(o));
    if (shut_down_) p->shutdown();
    pools_.push_back(p);
    return p;
}

asio::awaitable<void> pooled_transport::send(const transport_request& req, transport_result& out) {
    auto pool = pool_for(*req.endpoint);
    const auto timeout_code = make_error_code(req.deadline_code);
    bool fresh_only = false;
    for (;;) {
        auto a = co_await pool->acquire(req.deadline, fresh_only);
        if (a.ec) {
            out.ec = a.ec;
            if (a.ec == errc::pool_wait_timeout && req.deadline_code == errc::operation_timeout)
                out.ec = timeout_code;
            out.message = std::move(a.message);
            co_return;
        }
        lease conn(pool, std::move(a.conn), a.reused);
        out.response = http::response{};
        auto x = co_await conn->exchange(req.bytes, out.response, req.deadline, options_.limits);
        out.request_sent = out.request_sent || x.wrote_all;
        if (!x.ec && !x.timed_out) {
            conn.release(x.reusable, x.poison, x.keep_alive_timeout);
            co_return;
        }
        // A reused connection that failed before any byte of the response: the server most
        // likely closed it while it sat idle (the keep-alive race). Replay once, on a fresh
        // connection, the same bytes (same token), without retry quota or backoff. Never
        // for a fresh connection: a server that hangs up on every request must not loop us.
        const bool stale = conn.reused() && !x.got_response_bytes && !x.timed_out &&
                           (x.ec == errc::connection_reset || x.ec == errc::connection_closed);
        conn.release(false, x.poison, std::nullopt);
        if (stale && out.stale_replays == 0 && pool_clock::now() < req.deadline) {
            ++out.stale_replays;
            pool->count_stale_replay();
            options_.pool.log->debug("transport", [&] {
                return std::string(to_string(errc(x.ec.value()))) + " on a reused connection to " +
                       req.endpoint->url() +
                       " before any response byte (stale keep-alive): the request is replayed on a new connection";
            });
            fresh_only = true;
            continue;
        }
        out.ec = x.timed_out ? timeout_code : x.ec;
        out.cause = x.cause;
        if (x.timed_out)
            out.message = std::string(req.deadline_code == errc::operation_timeout ? "operation deadline"
                                                                                    : "attempt timeout") +
                          " reached " + (x.got_response_bytes ? "while reading the response from "
                                         : x.wrote_all       ? "waiting for the response from "
                                                             : "while sending the request to ") +
                          req.endpoint->url();
        else if (x.ec == errc::cancelled)
            out.message = "cancelled while talking to " + req.endpoint->url();
        else
            out.message = std::string(to_string(errc(x.ec.value()))) + " on " + req.endpoint->url() +
                          (x.cause ? " (" + x.cause.message() + ")" : std::string());
        co_return;
    }
}

pool_stats pooled_transport::stats() const {
    std::lock_guard lock(mutex_);
    pool_stats sum;
    for (const auto& p : pools_) {
        const pool_stats s = p->stats();
        sum.connections_opened += s.connections_opened;
        sum.connect_failures += s.connect_failures;
        sum.address_failures += s.address_failures;
        sum.acquires += s.acquires;
        sum.reused += s.reused;
        sum.handshakes_full += s.handshakes_full;
        sum.handshakes_resumed += s.handshakes_resumed;
        sum.stale_replays += s.stale_replays;
        sum.dead_on_checkout += s.dead_on_checkout;
        sum.idle_expired += s.idle_expired;
        sum.lifetime_retired += s.lifetime_retired;
        sum.saturated += s.saturated;
        sum.wait_timeouts += s.wait_timeouts;
        sum.poisoned_timeout += s.poisoned_timeout;
        sum.poisoned_cancelled += s.poisoned_cancelled;
        sum.poisoned_io_error += s.poisoned_io_error;
        sum.poisoned_protocol += s.poisoned_protocol;
        sum.poisoned_connection_close += s.poisoned_connection_close;
        sum.poisoned_tls += s.poisoned_tls;
        sum.waits += s.waits;
        sum.wait_ns_total += s.wait_ns_total;
        sum.wait_ns_max = std::max(sum.wait_ns_max, s.wait_ns_max);
        for (std::size_t i = 0; i < sum.wait_histogram.size(); ++i) sum.wait_histogram[i] += s.wait_histogram[i];
        sum.idle += s.idle;
        sum.leased += s.leased;
        sum.connecting += s.connecting;
        sum.waiting += s.waiting;
        sum.peak_connecting += s.peak_connecting;
        sum.peak_total += s.peak_total;
        sum.idle_timeout = s.idle_timeout;
    }
    return sum;
}

void pooled_transport::shutdown() {
    std::vector<std::shared_ptr<connection_pool>> pools;
    {
        std::lock_guard lock(mutex_);
        shut_down_ = true;
        pools = pools_;
    }
    for (auto& p : pools) p->shutdown();
}

}  // namespace awsconnect::transport
