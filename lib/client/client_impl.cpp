#include "client/client_impl.hpp"

#include "transport/pooled_transport.hpp"

#include <awsconnect/version.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>


namespace awsconnect::detail {
namespace asio = boost::asio;
using boost::system::error_code;
using transport::pool_time;

namespace {

retry::rules_version to_rules(retry_rules r) {
    return r == retry_rules::v2_1 ? retry::rules_version::v2_1 : retry::rules_version::v2_0;
}


}  // namespace

client_impl::client_impl(asio::any_io_executor executor, config::resolved_config cfg, client_endpoint endpoint,
                         std::shared_ptr<transport::http_transport> transport, credentials_provider_ptr credentials,
                         client_services services, log::logger_ptr log)
    : executor_(std::move(executor)),
      cfg_(std::move(cfg)),
      endpoint_(std::move(endpoint)),
      transport_(std::move(transport)),
      services_(std::move(services)),
      log_(log ? std::move(log) : log::make_logger(cfg_.logger)),
      quota_(cfg_.retry.quota_enabled ? cfg_.retry.initial_quota : retry::retry_quota::default_capacity,
             retry::retry_quota::default_capacity) {
    // The cache in front of whatever provider was given (a static one is cached forever).
    credentials_ = std::dynamic_pointer_cast<creds::cached_provider>(credentials);
    if (!credentials_) {
        creds::cached_options o;
        o.now = services_.wall_now;
        credentials_ = creds::make_cached_provider(std::move(credentials), o);
    }
    policy_.rules = to_rules(cfg_.retry.rules);
    policy_.max_attempts = cfg_.retry.max_attempts;
    policy_.max_backoff = cfg_.retry.max_backoff;
    policy_.quota_enabled = cfg_.retry.quota_enabled;
    epoch_ = services_.steady_now();
    if (cfg_.retry.mode == retry_mode::adaptive) limiter_.emplace(seconds_now());
    user_agent_ = std::string("awsconnect/") + AWSCONNECT_VERSION + " lang/cpp#20 md/boost#" +
                  std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) +
                  " os/linux";
    if (!cfg_.user_agent_suffix.empty()) user_agent_ += " " + cfg_.user_agent_suffix;
    // A strand per call, from a fixed set used in turn. On an io_context, the strand is
    // strand<io_context::executor_type>: small enough for any_io_executor's inline storage,
    // so the call's many executor copies allocate nothing (strand<any_io_executor> does not
    // fit and costs a heap allocation per copy).
    strands_.reserve(16);
    const auto* ioc_executor = executor_.target<asio::io_context::executor_type>();
    for (int i = 0; i < 16; ++i) {
        if (ioc_executor)
            strands_.emplace_back(asio::make_strand(*ioc_executor));
        else
            strands_.emplace_back(asio::make_strand(executor_));
    }
}

client_impl::~client_impl() {
    shutdown();
    // Work that ends later (connects being cancelled, a credentials refresh) writes no line:
    // the caller's sink may be gone with the client.
    log_->stop();
}

client_endpoint make_client_endpoint(const endpoint::resolved_endpoint& resolved, std::string_view region,
                                     std::string_view default_signing_name) {
    client_endpoint e;
    e.key = {resolved.scheme == "https", resolved.host, resolved.port};
    e.url = resolved.url;
    e.base_path = resolved.base_path;
    e.host_header = e.key.authority();
    e.signing_region = resolved.signing_region.empty() ? std::string(region) : resolved.signing_region;
    e.signing_name = resolved.signing_name.empty() ? std::string(default_signing_name) : resolved.signing_name;
    return e;
}

result<std::shared_ptr<transport::http_transport>> make_transport(asio::any_io_executor executor,
                                                                  const config::resolved_config& cfg,
                                                                  const client_endpoint& e, log::logger_ptr log) {
    // One TLS context (trust store loaded once), one pool per endpoint.
    transport::transport_options t;
    t.pool.limits.max_connections = cfg.pool.max_connections;
    t.pool.limits.max_pending = cfg.pool.max_pending ? cfg.pool.max_pending : 4 * cfg.pool.max_connections;
    t.pool.limits.max_concurrent_connects = cfg.pool.max_concurrent_connects;
    t.pool.limits.idle_timeout = cfg.pool.idle_timeout;
    t.pool.initial_size = cfg.pool.initial_size;
    t.pool.max_lifetime = cfg.pool.max_lifetime;
    t.pool.lifetime_jitter = cfg.pool.lifetime_jitter;
    t.pool.dns_ttl = cfg.pool.dns_ttl;
    t.pool.address_penalty = cfg.pool.address_penalty;
    t.pool.resolve_timeout = cfg.timeouts.resolve;
    t.pool.connect_timeout = cfg.timeouts.connect;
    t.pool.tls_handshake_timeout = cfg.timeouts.tls_handshake;
    t.limits.header_bytes = cfg.pool.max_response_header_bytes;
    t.limits.body_bytes = cfg.pool.max_response_body_bytes;
    t.pool.log = log;
    if (e.key.tls) {
        transport::tls_settings ts;
        ts.ca_file = cfg.tls.ca_file;
        ts.ca_directory = cfg.tls.ca_directory;
        ts.insecure_skip_verify = cfg.tls.insecure_skip_verify;
        if (ts.insecure_skip_verify)
            log->warning("client", [&] {
                return "TLS verification is off (tls.insecure_skip_verify): any certificate is accepted for " + e.url;
            });
        auto ctx = transport::tls_context::create(ts);
        if (!ctx) return ctx.error();
        t.pool.tls = *ctx;
    }
    return std::shared_ptr<transport::http_transport>(
        std::make_shared<transport::pooled_transport>(std::move(executor), std::move(t)));
}

asio::any_io_executor client_impl::next_strand() noexcept {
    return strands_[next_strand_.fetch_add(1, std::memory_order_relaxed) % strands_.size()];
}

double client_impl::seconds_now() const {
    return std::chrono::duration<double>(services_.steady_now() - epoch_).count();
}

void client_impl::notify(const attempt_event& e) const {
    if (cfg_.observer) cfg_.observer(e);
}

void client_impl::log_retry(const call_spec& call, const attempt_event& e, const error& failure,
                            std::string_view stop) const {
    log_->debug("retry", [&] {
        std::string line(call.op->name);
        line += " attempt " + std::to_string(e.attempt) + "/" + std::to_string(e.max_attempts) + " failed: ";
        line += failure.code.category() == awsconnect_category() ? std::string(to_string(errc(failure.code.value())))
                                                                 : failure.code.message();
        if (!failure.message.empty()) {
            line += ": " + failure.message;
        } else if (failure.http_status != 0) {
            line += " (HTTP " + std::to_string(failure.http_status);
            if (!failure.service_code.empty()) line += " " + failure.service_code;
            line += ")";
        }
        if (e.will_retry)
            line += "; retrying in " + std::to_string(e.delay.count()) + " ms (" +
                    (e.retry_kind.empty() ? std::string("retryable") : std::string(e.retry_kind)) + ", retry quota " +
                    std::to_string(e.quota_left) + " left)";
        else
            line += "; not retried: " + std::string(stop);
        if (e.stale_replays > 0) line += "; stale-connection replays " + std::to_string(e.stale_replays);
        if (!failure.request_id.empty()) line += "; request id " + failure.request_id;
        if (!e.client_token.empty()) line += "; client_token=" + std::string(e.client_token);
        return line;
    });
}

error client_impl::reject(error e, std::string_view token) {
    ++counters_.calls;
    ++counters_.failed;
    e.client_token.assign(token);
    e.attempts = 0;
    return e;
}

std::string client_impl::take_buffer() {
    std::lock_guard lock(buffers_mutex_);
    if (buffers_.empty()) return {};
    std::string b = std::move(buffers_.back());
    buffers_.pop_back();
    return b;
}

void client_impl::give_back_buffer(std::string b) {
    if (b.capacity() > 64 * 1024) return;  // do not hoard an unusually large one
    std::lock_guard lock(buffers_mutex_);
    if (buffers_.size() < 256) buffers_.push_back(std::move(b));
}

operation::serialized_input client_impl::take_input_buffer() {
    std::lock_guard lock(buffers_mutex_);
    if (input_buffers_.empty()) return {};
    operation::serialized_input b = std::move(input_buffers_.back());
    input_buffers_.pop_back();
    return b;
}

void client_impl::give_back_input_buffer(operation::serialized_input b) {
    if (b.path.capacity() + b.query.capacity() + b.body.capacity() > 64 * 1024) return;
    std::lock_guard lock(buffers_mutex_);
    if (input_buffers_.size() < 256) input_buffers_.push_back(std::move(b));
}

client_stats client_impl::stats() const {
    client_stats s;
    s.calls = counters_.calls;
    s.succeeded = counters_.succeeded;
    s.failed = counters_.failed;
    s.cancelled = counters_.cancelled;
    s.attempts = counters_.attempts;
    s.retries = counters_.retries;
    s.retries_throttling = counters_.retries_throttling;
    s.retries_transient = counters_.retries_transient;
    s.retries_server = counters_.retries_server;
    s.retries_clock_skew = counters_.retries_clock_skew;
    s.quota_exceeded = counters_.quota_exceeded;
    s.max_attempts_reached = counters_.max_attempts_reached;
    s.retry_quota = const_cast<retry::retry_quota&>(quota_).available();
    s.clock_skew = skew_.offset();
    s.pool = transport_->stats();
    return s;
}

void client_impl::shutdown() {
    if (transport_) transport_->shutdown();
}

}  // namespace awsconnect::detail
