// awsconnect: the Amazon Connect phone-number client.
//
//   awsconnect::client c(ioc.get_executor(), awsconnect::client_config{.region = "us-east-1"});
//   auto r = co_await c.release_phone_number({.phone_number_id = id});
//   if (r) use(r->client_token, r->request_id); else report(r.error());
//
// Exception safety: the constructor throws awsconnect::exception (errc::invalid_configuration,
// with one message per broken rule) when the configuration is invalid; `create` returns the
// same error instead. Calls never throw for expected failures.
//
// Thread safety: one client may be used by many coroutines at once, on an io_context run by
// several threads. Each call runs on a strand of its own for its internal steps.
//
// Object lifetimes: the client must outlive the io_context's use of it only as far as the
// caller's own coroutines go; in-flight calls keep what they need alive. Destroying (or
// shutting down) the client fails calls that wait for a connection with client_shut_down
// and closes idle connections.
#pragma once

#include <awsconnect/client_config.hpp>
#include <awsconnect/release_phone_number.hpp>
#include <awsconnect/result.hpp>
#include <awsconnect/stats.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace awsconnect {

namespace detail {
class client_impl;
}

/// What a client has done so far.
struct client_stats {
    std::uint64_t calls = 0;       ///< calls started
    std::uint64_t succeeded = 0;
    std::uint64_t failed = 0;      ///< completed with an error (validation included)
    std::uint64_t cancelled = 0;   ///< ... of which the caller cancelled
    std::uint64_t attempts = 0;    ///< requests sent (stale-connection replays not counted)
    std::uint64_t retries = 0;     ///< attempts after the first
    std::uint64_t retries_throttling = 0;
    std::uint64_t retries_transient = 0;  ///< connection errors and timeouts
    std::uint64_t retries_server = 0;     ///< 500/502/503/504
    std::uint64_t retries_clock_skew = 0;
    std::uint64_t quota_exceeded = 0;        ///< retries refused by the client-side quota
    std::uint64_t max_attempts_reached = 0;
    int retry_quota = 0;                     ///< tokens left in the retry quota
    std::chrono::milliseconds clock_skew{0};  ///< learned server time minus local time
    pool_stats pool;
};

class client {
public:
    /// Resolves the configuration (explicit values, environment, shared files, defaults),
    /// checks it, and sets up credentials, the endpoint and the connection pool. Throws
    /// awsconnect::exception with errc::invalid_configuration.
    client(boost::asio::any_io_executor executor, client_config config = {});
    /// The same, returning the configuration error instead of throwing.
    static result<client> create(boost::asio::any_io_executor executor, client_config config = {});

    client(client&&) noexcept;
    client& operator=(client&&) noexcept;
    ~client();

    /// Releases a phone number: DELETE /phone-number/{PhoneNumberId}?clientToken=...,
    /// retried as the configuration says with the same token on every attempt. The result
    /// carries the token and the request id; so does the error, with the attempts made.
    /// Cancelling the awaiting coroutine ends the call promptly with errc::cancelled.
    boost::asio::awaitable<result<release_phone_number_response>> release_phone_number(
        release_phone_number_request request);

    client_stats stats() const;

    /// Fails waiting calls with client_shut_down and closes idle connections; calls made
    /// afterwards fail the same way. The destructor does it too.
    void shutdown();

    /// The region and endpoint in use (after resolution).
    const std::string& region() const;
    const std::string& endpoint_url() const;

    /// For tests and the bench: the implementation (internal API).
    detail::client_impl& impl() const noexcept { return *impl_; }
    explicit client(std::shared_ptr<detail::client_impl> impl) noexcept;

private:
    std::shared_ptr<detail::client_impl> impl_;
};

}  // namespace awsconnect
