#include "client/client_impl.hpp"

#include "client/request_writer.hpp"
#include "credentials/providers.hpp"
#include "operation/release_phone_number_validate.hpp"
#include "protocol/release_phone_number_response.hpp"
#include "retry/retry_classifier.hpp"
#include "transport/pooled_transport.hpp"

#include <awsconnect/version.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>

#include <cstdio>

namespace awsconnect::detail {
namespace asio = boost::asio;
using boost::system::error_code;
using transport::pool_time;

namespace {

retry::rules_version to_rules(retry_rules r) {
    return r == retry_rules::v2_1 ? retry::rules_version::v2_1 : retry::rules_version::v2_0;
}

std::string_view retry_kind_name(retry::retry_kind k) { return retry::to_string(k); }

}  // namespace

client_impl::client_impl(asio::any_io_executor executor, config::resolved_config cfg, client_endpoint endpoint,
                         std::shared_ptr<transport::http_transport> transport, credentials_provider_ptr credentials,
                         client_services services)
    : executor_(std::move(executor)),
      cfg_(std::move(cfg)),
      endpoint_(std::move(endpoint)),
      transport_(std::move(transport)),
      services_(std::move(services)),
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

client_impl::~client_impl() { shutdown(); }

result<std::shared_ptr<client_impl>> client_impl::create(asio::any_io_executor executor, config::resolved_config cfg,
                                                         const config::environment& env,
                                                         const config::file_reader& read) {
    // Endpoint: the override, or the Connect rules for the region.
    endpoint::endpoint_params ep;
    ep.region = cfg.region;
    ep.use_fips = cfg.use_fips;
    ep.use_dualstack = cfg.use_dualstack;
    if (!cfg.endpoint_url.empty()) ep.endpoint = cfg.endpoint_url;
    auto resolved = endpoint::resolve_connect_endpoint(ep);
    if (!resolved) return resolved.error();
    client_endpoint e;
    e.key = {resolved->scheme == "https", resolved->host, resolved->port};
    e.url = resolved->url;
    e.base_path = resolved->base_path;
    e.host_header = e.key.authority();
    e.signing_region = resolved->signing_region.empty() ? cfg.region : resolved->signing_region;
    e.signing_name = resolved->signing_name.empty() ? "connect" : resolved->signing_name;

    // Transport: one TLS context (trust store loaded once), one pool per endpoint.
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
    if (e.key.tls) {
        transport::tls_settings ts;
        ts.ca_file = cfg.tls.ca_file;
        ts.ca_directory = cfg.tls.ca_directory;
        ts.insecure_skip_verify = cfg.tls.insecure_skip_verify;
        if (ts.insecure_skip_verify)
            std::fprintf(stderr,
                         "awsconnect: WARNING: TLS verification is off (tls.insecure_skip_verify): any "
                         "certificate is accepted for %s\n",
                         e.url.c_str());
        auto ctx = transport::tls_context::create(ts);
        if (!ctx) return ctx.error();
        t.pool.tls = *ctx;
    }
    auto transport = std::make_shared<transport::pooled_transport>(executor, std::move(t));

    // Credentials: the caller's provider, or the default chain for this configuration.
    credentials_provider_ptr provider = cfg.credentials;
    if (!provider)
        provider = creds::make_default_chain_for(cfg, env, read);
    auto impl = std::make_shared<client_impl>(std::move(executor), std::move(cfg), std::move(e), std::move(transport),
                                              std::move(provider), real_client_services());
    // Pre-warm (R17): open the configured connections now.
    if (impl->cfg_.pool.initial_size > 0)
        if (auto* pt = dynamic_cast<transport::pooled_transport*>(impl->transport_.get()))
            pt->pool_for(impl->endpoint_.key);
    return impl;
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

result<release_phone_number_response> client_impl::fail(error e, std::string_view token, int attempts) {
    e.client_token.assign(token);
    e.attempts = attempts;
    ++counters_.failed;
    if (e.code == errc::cancelled) ++counters_.cancelled;
    return e;
}

asio::awaitable<result<release_phone_number_response>> client_impl::release(release_phone_number_request request) {
    // Our errors are values: never let a cancelled coroutine throw at its next co_await.
    co_await asio::this_coro::throw_if_cancelled(false);
    // The coroutine's cancellation state records a cancellation even while nothing is
    // waiting (between two steps); read once, checked synchronously before each step.
    const asio::cancellation_state cancellation = co_await asio::this_coro::cancellation_state;
    auto cancelled_already = [&] { return cancellation.cancelled() != asio::cancellation_type::none; };
    const auto keep_alive = shared_from_this();  // the engine outlives the call
    ++counters_.calls;

    // Validate (nothing is sent on failure).
    if (auto problem = operation::validate_release_phone_number(request, cfg_.region))
        co_return fail(std::move(*problem), request.client_token.value_or(""), 0);

    // The idempotency token and the invocation id: once per call, before the retry loop.
    std::string token = request.client_token ? std::move(*request.client_token) : services_.new_token();
    const std::string invocation_id = services_.new_invocation_id();

    const pool_time operation_deadline = services_.steady_now() + cfg_.timeouts.operation;
    const int max_attempts = cfg_.retry.max_attempts;
    wire_buffer wire(*this);
    error last;
    int attempt = 0;   // attempts as the retry policy counts them (max_attempts)
    int replayed = 0;  // stale keep-alive replays: sent, but not counted against max_attempts
    int last_cost = 0;
    bool skew_retry_used = false;

    auto operation_timed_out = [&](int attempts) {
        error e = make_error(errc::operation_timeout,
                             "operation deadline of " + std::to_string(cfg_.timeouts.operation.count()) +
                                 " ms reached after " + std::to_string(attempts) + " attempt(s)");
        if (attempts > 0) {
            e.cause = last.code;
            e.http_status = last.http_status;
            e.service_code = last.service_code;
            e.request_id = last.request_id;
            e.server_message = last.server_message;
        }
        return fail(std::move(e), token, attempts);
    };

    for (;;) {
        if (services_.steady_now() >= operation_deadline) co_return operation_timed_out(attempt + replayed);
        if (cancelled_already())
            co_return fail(make_error(errc::cancelled, "cancelled by the caller before attempt " +
                                                           std::to_string(attempt + 1)),
                           token, attempt + replayed);

        // Adaptive mode: the client-side send-rate limiter may ask us to wait.
        if (limiter_) {
            for (double wait = limiter_->acquire(seconds_now()); wait > 0; wait = limiter_->acquire(seconds_now())) {
                // Rounded up: a wait truncated to the clock's tick can leave the bucket a hair
                // short, and the next acquire then asks for less than a tick: a busy loop.
                const auto until = services_.steady_now() + std::chrono::ceil<pool_time::duration>(
                                                                std::chrono::duration<double>(wait));
                if (until >= operation_deadline) co_return operation_timed_out(attempt + replayed);
                if (cancelled_already() || co_await services_.sleep_until(until))
                    co_return fail(make_error(errc::cancelled, "cancelled by the caller while rate limited"), token,
                                   attempt);
            }
        }

        ++attempt;

        // Credentials: the cache's synchronous fast path; a refresh may reach the network.
        // The wait for it ends at the call's deadline or cancellation (the refresh goes on).
        credentials_ptr creds = credentials_->cached_if_fresh(services_.wall_now());
        if (!creds) {
            auto fetched = co_await credentials_->get_credentials_within(operation_deadline - services_.steady_now());
            if (!fetched && fetched.error().code == errc::operation_timeout)
                co_return operation_timed_out(attempt - 1 + replayed);
            if (!fetched) {
                error e = fetched.error();
                if (e.code != errc::cancelled) e.code = errc::credentials_unavailable;
                co_return fail(std::move(e), token, attempt - 1 + replayed);
            }
            creds = std::move(*fetched);
        }
        const credentials& c = *creds;

        // Sign (fresh time, corrected by the learned clock skew) and serialize.
        std::chrono::milliseconds signed_offset{0};
        const request_headers headers{endpoint_.host_header, c.session_token, invocation_id, attempt, max_attempts,
                                      user_agent_};
        const request_target target = begin_release_request(*wire, endpoint_.base_path, request.phone_number_id,
                                                            token, header_room(headers));
        {
            thread_local sigv4::signing_output signature;  // reused: no allocation per attempt
            const sigv4::header_field signed_headers[] = {{"host", endpoint_.host_header}};
            sigv4::signing_params p;
            p.credentials = {c.access_key_id, c.secret_access_key, c.session_token};
            p.region = endpoint_.signing_region;
            p.service = endpoint_.signing_name;
            signed_offset = skew_.offset();
            p.time = services_.wall_now() + signed_offset;
            sigv4::sign({"DELETE", target.path, target.query, signed_headers, {}, {}}, p, signature, &keys_);
            finish_release_request(*wire, headers, signature);
        }

        // Send, within the attempt's deadline (or the call's, when it is nearer).
        const pool_time attempt_deadline = services_.steady_now() + cfg_.timeouts.attempt;
        transport::transport_request req;
        req.endpoint = &endpoint_.key;
        req.bytes = *wire;
        req.deadline = std::min(attempt_deadline, operation_deadline);
        req.deadline_code = attempt_deadline <= operation_deadline ? errc::attempt_timeout : errc::operation_timeout;
        transport::transport_result out;
        ++counters_.attempts;
        co_await transport_->send(req, out);
        replayed += out.stale_replays;

        // Parse, learn the clock skew, classify.
        attempt_event ev;
        ev.attempt = attempt;
        ev.max_attempts = max_attempts;
        ev.client_token = token;
        ev.stale_replays = out.stale_replays;
        retry::retry_kind kind = retry::retry_kind::none;
        bool throttled = false;
        std::optional<std::chrono::milliseconds> retry_after;
        if (!out.ec) {
            // The skew counts as corrected when the offset differs from the one this request
            // was signed with: changed by this response, or by a concurrent call's (retry.md
            // §4 says "by that response"; with many calls in flight only the first would then
            // be retried, and the others would fail although the clock is already fixed).
            if (out.response.date) skew_.observe(*out.response.date, services_.wall_now());
            const bool skew_changed = skew_.offset() != signed_offset;
            auto failure = protocol::interpret_release_phone_number(out.response);
            ev.http_status = out.response.status;
            if (!failure) {
                // Success.
                if (limiter_) limiter_->update(seconds_now(), false);
                retry::on_success(policy_, quota_, attempt, last_cost);
                ++counters_.succeeded;
                release_phone_number_response r;
                r.phone_number_id = std::move(request.phone_number_id);
                r.client_token = std::move(token);
                r.request_id = std::move(out.response.request_id);
                r.attempts = attempt + replayed;
                r.released_at = services_.wall_now();
                ev.client_token = r.client_token;
                ev.request_id = r.request_id;
                ev.quota_left = quota_.available();
                notify(ev);
                co_return r;
            }
            kind = retry::classify({failure->code, failure->http_status, failure->service_code, skew_changed,
                                    skew_retry_used});
            throttled = kind == retry::retry_kind::throttling;
            retry_after = retry::parse_retry_after(out.response.retry_after);
            last = protocol::to_error(*failure);
        } else {
            const errc code = errc(out.ec.value());
            if (code == errc::cancelled) {
                error e = make_error(errc::cancelled, "cancelled by the caller during attempt " + std::to_string(attempt));
                e.cause = out.cause;
                co_return fail(std::move(e), token, attempt + replayed);
            }
            kind = retry::classify({code, 0, {}, false, skew_retry_used});
            last = make_error(code, out.message);
            last.cause = out.cause;
        }
        last.client_token = token;
        last.attempts = attempt;
        if (limiter_) limiter_->update(seconds_now(), throttled);

        // Decide: retry after a delay, or stop with this error.
        const errc last_code = errc(last.code.value());
        const auto d = retry::decide(policy_, quota_, kind, retry::is_timeout(last_code), attempt, services_.jitter(),
                                     retry_after);
        ev.error = last.code;
        ev.request_id = last.request_id;
        ev.retry_kind = retry_kind_name(kind);
        if (!d.retry) {
            if (d.quota_exceeded) {
                ++counters_.quota_exceeded;
                last.cause = last.code;
                last.code = errc::retry_quota_exceeded;
                last.message = "not retried: the client-side retry quota is exhausted (" +
                               std::to_string(quota_.available()) + " tokens left, " +
                               std::to_string(retry::retry_cost(policy_.rules, kind, retry::is_timeout(last_code))) +
                               " needed); attempt " + std::to_string(attempt) + " failed with: " + last.message;
            }
            if (d.max_attempts_reached) {
                ++counters_.max_attempts_reached;
                last.max_attempts_reached = true;
            }
            ev.quota_left = quota_.available();
            notify(ev);
            co_return fail(std::move(last), token, attempt + replayed);
        }
        // No retry that could only start after the call's deadline.
        const pool_time resume_at = services_.steady_now() + d.delay;
        if (resume_at >= operation_deadline) {
            quota_.release(d.cost);  // the retry will not happen: give its cost back
            last.message += " (not retried: the operation deadline would pass during the " +
                            std::to_string(d.delay.count()) + " ms backoff)";
            ev.quota_left = quota_.available();
            notify(ev);
            co_return fail(std::move(last), token, attempt + replayed);
        }
        last_cost = d.cost;
        if (kind == retry::retry_kind::clock_skew) skew_retry_used = true;
        ++counters_.retries;
        switch (kind) {
            case retry::retry_kind::throttling: ++counters_.retries_throttling; break;
            case retry::retry_kind::transient: ++counters_.retries_transient; break;
            case retry::retry_kind::server_error: ++counters_.retries_server; break;
            case retry::retry_kind::clock_skew: ++counters_.retries_clock_skew; break;
            case retry::retry_kind::none: break;
        }
        ev.will_retry = true;
        ev.delay = d.delay;
        ev.quota_left = quota_.available();
        notify(ev);
        // A cancellation that arrived between two steps (while nothing was waiting) is
        // recorded in the coroutine's cancellation state: honour it before sleeping.
        if (cancelled_already() || co_await services_.sleep_until(resume_at))
            co_return fail(make_error(errc::cancelled, "cancelled by the caller during the backoff after attempt " +
                                                           std::to_string(attempt)),
                           token, attempt + replayed);
    }
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
