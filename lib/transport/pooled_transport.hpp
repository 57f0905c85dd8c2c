// The real transport: one connection pool per endpoint, and the dispatch of one request:
// lease a connection, write, read, give it back or poison it; replay once on a fresh
// connection when a reused one failed before any response byte (R1, R2, R3).
#pragma once

#include "transport/connection_pool.hpp"
#include "transport/http_transport.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace awsconnect::transport {

struct transport_options {
    /// `key` is ignored: each endpoint gets its own pool. `log` is every pool's, and the
    /// dispatch's (a stale-connection replay).
    pool_options pool;
    response_limits limits;
};

class pooled_transport final : public http_transport {
public:
    pooled_transport(boost::asio::any_io_executor ex, transport_options options);
    ~pooled_transport() override;

    boost::asio::awaitable<void> send(const transport_request& req, transport_result& out) override;
    pool_stats stats() const override;
    void shutdown() override;

    /// The pool of an endpoint, created on first use (tests inspect it).
    std::shared_ptr<connection_pool> pool_for(const endpoint_key& key);

private:
    boost::asio::any_io_executor executor_;
    transport_options options_;
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<connection_pool>> pools_;
    bool shut_down_ = false;
};

}  // namespace awsconnect::transport
