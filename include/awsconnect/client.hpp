// awsconnect: the Amazon Connect phone-number client.
//
// Example (the build compiles it from this comment, and a test runs it against the
// emulator: test/integration/client/header_examples_test.cpp):
//
// ```cpp
// #include <awsconnect/awsconnect.hpp>
// #include <iostream>
//
// // Credentials and endpoint as the AWS SDKs find them (AWS_ACCESS_KEY_ID, AWS_PROFILE,
// // ~/.aws/config, ...); the region set here.
// boost::asio::awaitable<int> release(boost::asio::any_io_executor ex, std::string id) {
//     awsconnect::client_config config;
//     config.region = "us-east-1";
//     awsconnect::client c(ex, config);
//     auto r = co_await c.release_phone_number({id});
//     if (!r) {  // keep r.error().client_token and retry with it: nothing is released twice
//         std::cerr << r.error().message << "\n";
//         co_return 1;
//     }
//     std::cout << "released " << r->phone_number_id << " with token " << r->client_token << "\n";
//     co_return 0;
// }
// ```
//
// Every operation of the phone-number lifecycle is a member returning
// `awaitable<result<T>>`; each runs through the same engine: local validation, one
// idempotency token per call (for Claim, Update, UpdateMetadata and Release: the caller's,
// or a generated UUID v4, sent on every attempt and reported on the result and the error),
// SigV4, the connection pool, retries with backoff, deadlines and cancellation.
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
#include <awsconnect/phone_numbers.hpp>
#include <awsconnect/release_phone_number.hpp>
#include <awsconnect/result.hpp>
#include <awsconnect/stats.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace awsconnect {

namespace detail {
class client_impl;
struct client_access;
}

/// What a client has done so far. Each field is read on its own (relaxed atomics), so a
/// snapshot taken while calls run may be off by the calls in flight; totals only grow,
/// gauges are the current value.
struct client_stats {
    std::uint64_t calls = 0;       ///< calls started
    std::uint64_t succeeded = 0;
    std::uint64_t failed = 0;      ///< completed with an error (validation included)
    std::uint64_t cancelled = 0;   ///< ... of which the caller cancelled
    /// Requests sent, stale keep-alive replays included (pool.stale_replays says how many
    /// were replays): the same definition as the `attempts` of results and errors.
    std::uint64_t attempts = 0;
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

    // ---- The operations (specs/lifecycle.md §2) -------------------------------------

    /// SearchAvailablePhoneNumbers: one page of numbers that can be claimed for a target.
    boost::asio::awaitable<result<search_available_phone_numbers_response>> search_available_phone_numbers(
        search_available_phone_numbers_request request);

    /// ClaimPhoneNumber. The claim completes asynchronously on the service: wait for it
    /// with wait_until_phone_number_settled. Retried with the same token on every attempt;
    /// the token is on the response and on the error.
    boost::asio::awaitable<result<claim_phone_number_response>> claim_phone_number(
        claim_phone_number_request request);

    /// DescribePhoneNumber.
    boost::asio::awaitable<result<describe_phone_number_response>> describe_phone_number(
        describe_phone_number_request request);

    /// ListPhoneNumbersV2: one page of the numbers claimed to a target.
    boost::asio::awaitable<result<list_phone_numbers_v2_response>> list_phone_numbers_v2(
        list_phone_numbers_v2_request request);

    /// UpdatePhoneNumber: moves a number to another instance or traffic distribution
    /// group (asynchronously, like a claim). Token as for claim_phone_number.
    boost::asio::awaitable<result<update_phone_number_response>> update_phone_number(
        update_phone_number_request request);

    /// UpdatePhoneNumberMetadata: sets a number's description. Token as for claims.
    boost::asio::awaitable<result<update_phone_number_metadata_response>> update_phone_number_metadata(
        update_phone_number_metadata_request request);

    /// ReleasePhoneNumber: DELETE /phone-number/{PhoneNumberId}?clientToken=...,
    /// retried as the configuration says with the same token on every attempt. The result
    /// carries the token and the request id; so does the error, with the attempts made.
    /// Cancelling the awaiting coroutine ends the call promptly with errc::cancelled.
    boost::asio::awaitable<result<release_phone_number_response>> release_phone_number(
        release_phone_number_request request);

    // ---- Pagination --------------------------------------------------------------------

    /// How a walk over the pages of a paginated operation ended.
    struct page_walk_result {
        std::size_t pages = 0;  ///< pages received
        std::size_t items = 0;  ///< items handed to the callback
        bool stopped = false;   ///< the callback returned false
        /// Set when a page failed (after the engine's retries).
        std::optional<error> failure;
        /// Where to resume, when `more`: set this as the request's next_token (absent: the
        /// page the walk started at, i.e. the request's own next_token was absent), then
        /// skip the first `resume_skip` items of that page. After a failure: the NextToken
        /// of the page that failed. After a stop: the page holding the item after the one
        /// the callback stopped at.
        std::optional<std::string> resume_token;
        /// Items of the resume page the callback has seen already (a stop in the middle of
        /// a page); 0 otherwise.
        std::size_t resume_skip = 0;
        /// Whether items may be left after where the walk ended: a page failed, or the
        /// callback stopped before the last item of the last page.
        bool more = false;
        bool ok() const noexcept { return !failure; }
    };

    /// Walks every page of ListPhoneNumbersV2 from `request` (its next_token, if set, is
    /// where the walk starts), calling `on_item` for each number in order; `on_item`
    /// returns false to stop. One page is held at a time; each page is one call through
    /// the engine (retried like any call); the next page is requested only after the
    /// callback has seen every item of the current one.
    boost::asio::awaitable<page_walk_result> for_each_phone_number(
        list_phone_numbers_v2_request request,
        std::function<boost::asio::awaitable<bool>(const list_phone_numbers_summary&)> on_item);

    /// The same over SearchAvailablePhoneNumbers.
    boost::asio::awaitable<page_walk_result> for_each_available_phone_number(
        search_available_phone_numbers_request request,
        std::function<boost::asio::awaitable<bool>(const available_number_summary&)> on_item);

    // ---- Waiting for a claim or an update ----------------------------------------------

    struct settle_options {
        /// Delays between two DescribePhoneNumber polls grow exponentially from
        /// `min_delay` to `max_delay`, with jitter (as the SDKs' waiters do).
        std::chrono::milliseconds min_delay{2'000};
        std::chrono::milliseconds max_delay{30'000};
        /// The whole wait: when it passes, the wait fails with operation_timeout.
        std::chrono::milliseconds timeout{std::chrono::minutes(5)};
    };

    /// Polls DescribePhoneNumber until the number's status is settled (CLAIMED or FAILED)
    /// and returns its summary: check `phone_number_status.status` (a FAILED claim has its
    /// reason in `message`). A Describe that fails (after the engine's retries) ends the
    /// wait with its error; cancelling the awaiting coroutine ends it with errc::cancelled.
    boost::asio::awaitable<result<claimed_phone_number_summary>> wait_until_phone_number_settled(
        std::string phone_number_id, settle_options options);
    boost::asio::awaitable<result<claimed_phone_number_summary>> wait_until_phone_number_settled(
        std::string phone_number_id);

    // ---- The client ---------------------------------------------------------------------

    client_stats stats() const;

    /// Fails waiting calls with client_shut_down and closes idle connections; calls made
    /// afterwards fail the same way. The destructor does it too.
    void shutdown();

    /// The region and endpoint in use (after resolution).
    const std::string& region() const;
    const std::string& endpoint_url() const;

private:
    friend struct detail::client_access;  // tests and tools build a client over their own engine
    explicit client(std::shared_ptr<detail::client_impl> impl) noexcept;
    std::shared_ptr<detail::client_impl> impl_;
};

}  // namespace awsconnect
