// The STS side of the identity stage: the endpoint every STS call of a chain goes to, one
// transport for all of them, and an engine (detail::client_impl) per credentials source.
//
// The endpoint is resolved once, when the context is made (resolve_sts_endpoint: the
// configured endpoint URL, else the regional one); a bad one is reported by every call.
// The transport and the engines are made on the executor of the first call that needs them.
// Each engine's configuration is the client's (retry, timeouts, pool, TLS), without its
// attempt observer (STS attempts are not Connect calls). Thread safety: all members may be
// called from several threads.
#pragma once

#include "client/client_impl.hpp"
#include "identity/identity.hpp"
#include "operation/sts_query.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <mutex>

namespace awsconnect::identity {

class sts_context {
public:
    explicit sts_context(const identity_options& o);

    /// An engine whose calls are signed with `source`'s credentials (behind a cache with the
    /// context's options, unless `source` is a cache already); null `source`: for unsigned
    /// calls only.
    result<std::shared_ptr<detail::client_impl>> make_engine(boost::asio::any_io_executor executor,
                                                             credentials_provider_ptr source);

    /// The wall clock (session names, expirations).
    std::chrono::system_clock::time_point now() const { return services_.wall_now(); }
    const config::file_reader& read() const noexcept { return read_; }
    const log::logger_ptr& log() const noexcept { return log_; }
    /// "https://sts.us-east-1.amazonaws.com" (or why there is none), for messages.
    std::string endpoint_description() const;

private:
    config::resolved_config cfg_;
    detail::client_services services_;
    creds::cached_options cache_;
    log::logger_ptr log_;
    config::file_reader read_;
    result<detail::client_endpoint> endpoint_;
    std::mutex mutex_;
    std::shared_ptr<transport::http_transport> transport_;  // made with the first engine
};

/// The STS output as credentials: `source` names them; the expiration parsed (ISO 8601; a
/// bad one is malformed_response); the account id from the assumed role's ARN.
result<credentials> to_credentials(operation::sts_credentials_output out, std::string source);

/// "AssumeRole arn:aws:iam::123456789012:role/R failed: <what the engine said>" (with the
/// service's code and message when it answered): the message of a failed STS call.
std::string describe_sts_failure(std::string_view what, const error& e);

}  // namespace awsconnect::identity
