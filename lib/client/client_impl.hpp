// The client's engine: everything a call needs, built once, and the one orchestration loop
// that every operation runs through (DESIGN.md §1, specs/lifecycle.md §1):
//
//   [typed front, invoke.hpp: validate -> token (once) -> serialize + body hash (once)]
//   -> run (orchestrator.cpp), per attempt: rate limit (adaptive) -> credentials -> sign
//      -> send -> parse -> learn clock skew -> classify -> decide
//   -> result<output>
//
// The stages are pure (lib/operation, sigv4, protocol, retry); the loop only sequences them
// and does the waiting, and knows nothing of any operation: what is specific to one is in
// its file under lib/operation. Test seams: the transport (an interface) and the services
// (clocks, sleep, randomness) are passed in.
//
// Thread safety: calls may run concurrently on any threads. Shared state is the retry
// quota (atomic), the adaptive limiter and key cache (mutexes), the clock skew (atomic),
// the credentials cache (mutex), the buffer pools (mutex) and the counters (atomics).
#pragma once

#include <awsconnect/client.hpp>

#include "client/client_services.hpp"
#include "operation/operation.hpp"
#include "config/resolve_config.hpp"
#include "credentials/cached_provider.hpp"
#include "endpoint/resolve_endpoint.hpp"
#include "log/logger.hpp"
#include "retry/adaptive_rate_limiter.hpp"
#include "retry/clock_skew.hpp"
#include "retry/retry_quota.hpp"
#include "retry/retry_strategy.hpp"
#include "sigv4/signing_key.hpp"
#include "transport/http_transport.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>

#include <array>
#include <mutex>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace awsconnect::detail {

/// One call as the orchestration loop sees it: which operation, its token, and the typed
/// front's functions that serialize the input (once per call), read a successful response
/// into the typed output, and take the call's end. Built by the typed front (invoke.hpp)
/// and alive until the loop is done; `state` is the front's typed call.
struct call_spec {
    const operation::descriptor* op = nullptr;
    std::string_view token;  ///< the idempotency token; empty when the operation has none
    /// The bearer token of an `sso_bearer` operation (a secret: never logged or reported).
    std::string_view bearer_token;
    void* state = nullptr;
    /// Writes the input's path, query and body (called once, before the first attempt).
    void (*serialize)(void* state, operation::serialized_input& out) = nullptr;
    /// Reads a 2xx response into the typed output; called once, on success. A body that
    /// is not the output shape gives an error (malformed_response, not retried).
    std::optional<error> (*parse_success)(void* state, const http::response&, const operation::parse_context&) =
        nullptr;
    /// The call's end, exactly once: `failure` is null on success. `request_id` is the
    /// successful response's; `attempts` counts requests sent, stale replays included.
    void (*complete)(void* state, error* failure, std::string& request_id, int attempts) = nullptr;
};

/// Where requests go and how they are signed.
struct client_endpoint {
    transport::endpoint_key key;
    std::string url;        ///< as resolved, for messages
    std::string base_path;  ///< prefix of every request path ("" usually)
    std::string host_header;
    std::string signing_region;
    std::string signing_name;
};

/// Where requests go, from a resolved endpoint: the signing region is the endpoint's, else
/// `region`; the signing name the endpoint's, else `default_signing_name`.
client_endpoint make_client_endpoint(const endpoint::resolved_endpoint& resolved, std::string_view region,
                                     std::string_view default_signing_name);

/// The pooled transport `cfg` asks for (pool limits, timeouts, response limits; TLS trust
/// when `e` is https), logging to `log`.
result<std::shared_ptr<transport::http_transport>> make_transport(boost::asio::any_io_executor executor,
                                                                  const config::resolved_config& cfg,
                                                                  const client_endpoint& e, log::logger_ptr log);

class client_impl : public std::enable_shared_from_this<client_impl> {
public:
    /// `log`: the logger the transport shares; null: one made from `cfg.logger`.
    client_impl(boost::asio::any_io_executor executor, config::resolved_config cfg, client_endpoint endpoint,
                std::shared_ptr<transport::http_transport> transport, credentials_provider_ptr credentials,
                client_services services, log::logger_ptr log = nullptr);
    ~client_impl();

    /// Builds everything from a resolved configuration: endpoint rules, TLS context, pool,
    /// credentials chain (lib/identity, with the cache in front). Defined in client_create.cpp,
    /// above the identity stage (the engine itself does not depend on it).
    /// `env` and `read` are the environment and files the configuration was resolved from
    /// (the default credentials chain reads them again). `services` are the clocks, sleep and
    /// randomness the calls use: the real ones in production; tests pass their own here, so
    /// that every setting reaches the client exactly as it does in production.
    static result<std::shared_ptr<client_impl>> create(boost::asio::any_io_executor executor,
                                                       config::resolved_config cfg, const config::environment& env,
                                                       const config::file_reader& read,
                                                       client_services services = real_client_services());

    /// The orchestration loop for one call (orchestrator.cpp), on the calling coroutine's
    /// executor (the typed front puts it on a strand). Ends with `call.complete`, exactly
    /// once; never throws.
    boost::asio::awaitable<void> run(const call_spec& call);

    /// Counts a call rejected before the loop (validation) and returns its error, with
    /// the caller's token when it gave one.
    error reject(error e, std::string_view token);
    /// A new idempotency token (UUID v4 from the CSPRNG, or the test services' one).
    std::string new_token() { return services_.new_token(); }
    /// Client time, for the typed outputs (released_at).
    std::chrono::system_clock::time_point wall_now() const { return services_.wall_now(); }

    /// A strand for the next call (a fixed set, used in turn: no allocation per call).
    boost::asio::any_io_executor next_strand() noexcept;

    client_stats stats() const;
    void shutdown();

    const config::resolved_config& config() const noexcept { return cfg_; }
    /// Clocks, sleeps and randomness (the waiters poll with them).
    const client_services& services() const noexcept { return services_; }
    const client_endpoint& endpoint() const noexcept { return endpoint_; }
    const log::logger& log() const noexcept { return *log_; }
    retry::retry_quota& quota() noexcept { return quota_; }
    retry::clock_skew& skew() noexcept { return skew_; }
    retry::adaptive_rate_limiter* limiter() noexcept { return limiter_ ? &*limiter_ : nullptr; }

private:
    struct counters {
        std::atomic<std::uint64_t> calls{0}, succeeded{0}, failed{0}, cancelled{0}, attempts{0}, retries{0},
            retries_throttling{0}, retries_transient{0}, retries_server{0}, retries_clock_skew{0},
            quota_exceeded{0}, max_attempts_reached{0};
    };

    // Request buffers are reused from call to call (their capacity is kept), so a call
    // allocates none in the steady state.
    std::string take_buffer();
    void give_back_buffer(std::string b);
    struct wire_buffer {
        client_impl& owner;
        std::string s;
        explicit wire_buffer(client_impl& o) : owner(o), s(o.take_buffer()) {}
        ~wire_buffer() { owner.give_back_buffer(std::move(s)); }
        std::string& operator*() noexcept { return s; }
    };
    // The same for the serialized inputs (path, query, body).
    operation::serialized_input take_input_buffer();
    void give_back_input_buffer(operation::serialized_input b);
    struct input_buffer {
        client_impl& owner;
        operation::serialized_input in;
        explicit input_buffer(client_impl& o) : owner(o), in(o.take_input_buffer()) {}
        ~input_buffer() { owner.give_back_input_buffer(std::move(in)); }
        operation::serialized_input& operator*() noexcept { return in; }
        operation::serialized_input* operator->() noexcept { return &in; }
    };
    void fail(const call_spec& call, error e, int attempts);
    void notify(const attempt_event& e) const;
    void log_retry(const call_spec& call, const attempt_event& e, const error& failure, std::string_view stop) const;
    double seconds_now() const;

    boost::asio::any_io_executor executor_;
    config::resolved_config cfg_;
    client_endpoint endpoint_;
    std::shared_ptr<transport::http_transport> transport_;
    std::shared_ptr<creds::cached_provider> credentials_;
    client_services services_;
    log::logger_ptr log_;
    retry::retry_policy_params policy_;
    retry::retry_quota quota_;
    retry::clock_skew skew_;
    std::optional<retry::adaptive_rate_limiter> limiter_;
    sigv4::signing_key_cache keys_;
    std::string user_agent_;
    std::vector<boost::asio::any_io_executor> strands_;  // each a strand
    std::atomic<std::size_t> next_strand_{0};
    transport::pool_time epoch_;
    std::mutex buffers_mutex_;
    std::vector<std::string> buffers_;
    std::vector<operation::serialized_input> input_buffers_;
    counters counters_;
};

}  // namespace awsconnect::detail
