// The transport seen from the client: send one serialized request to an endpoint and get
// one response back, within a deadline, never losing the request on a stale connection.
//
// An interface so the client's orchestration can run over fakes (test/fakes): a scripted
// transport that plays canned responses and errors, one that captures requests, one that
// never answers.
#pragma once

#include <awsconnect/error.hpp>
#include <awsconnect/stats.hpp>

#include "http/http_response.hpp"
#include "transport/endpoint_key.hpp"
#include "transport/pool_state.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <string>
#include <string_view>

namespace awsconnect::transport {

struct transport_request {
    const endpoint_key* endpoint = nullptr;
    std::string_view bytes;  ///< the whole HTTP/1.1 request, as it goes on the wire
    pool_time deadline{};    ///< end of this attempt (already min(attempt, operation))
    /// The code for a timeout at `deadline`: attempt_timeout, or operation_timeout when the
    /// call's deadline is the nearer one.
    errc deadline_code = errc::attempt_timeout;
};

struct transport_result {
    /// Empty when a response was read (whatever its status); else what failed (an errc of
    /// the connection, TLS, timeout, pool or cancelled families).
    boost::system::error_code ec;
    boost::system::error_code cause;  ///< the system/TLS error behind `ec`, if any
    std::string message;              ///< what failed, for the error's client message
    http::response response;
    int stale_replays = 0;            ///< replays after a reused connection failed (no quota)
    bool request_sent = false;        ///< the request was written (the server may have acted)
};

class http_transport {
public:
    virtual ~http_transport() = default;
    /// Sends `req.bytes` and reads one response into `out`. Cancelling the awaiting
    /// coroutine stops it (errc::cancelled); the connection is then dropped.
    virtual boost::asio::awaitable<void> send(const transport_request& req, transport_result& out) = 0;
    virtual pool_stats stats() const = 0;
    /// Fails waiters, closes idle connections; later sends fail with client_shut_down.
    virtual void shutdown() = 0;
};

}  // namespace awsconnect::transport
