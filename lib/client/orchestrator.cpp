// The orchestration loop: the one retry loop every operation runs through.
//
//   per attempt: [adaptive rate limit] -> credentials -> sign -> write -> send -> parse
//                -> learn clock skew -> classify -> decide (stop, or retry after a delay)
//
// What an operation brings (client_impl.hpp `call_spec`): its descriptor (method, where
// the token goes), the token, and the typed front's functions: serialize the input (once
// per call; the body is hashed once here), read a 2xx response into the typed output,
// take the call's end. Nothing here names an operation. The stages it sequences are pure (sigv4, protocol, retry); the loop
// does the waiting (credentials, transport, backoff sleeps) and the bookkeeping (stats,
// observer, the call's one result).
//
// Guarantees, for every operation: the same token and invocation id on every attempt;
// `attempts` counts every request sent (a stale keep-alive replay included); a call
// ends exactly once, with its token on the result and on the error; no attempt starts that
// the operation deadline would cut; a cancellation between two steps is honoured before
// the next one.
#include "client/client_impl.hpp"

#include "client/request_writer.hpp"
#include "crypto/sha256.hpp"
#include "protocol/aws_query_error.hpp"
#include "protocol/parse_error.hpp"
#include "protocol/service_error.hpp"
#include "retry/retry_classifier.hpp"

#include <boost/asio/this_coro.hpp>

#include <array>

namespace awsconnect::detail {
namespace asio = boost::asio;
using transport::pool_time;

void client_impl::fail(const call_spec& call, error e, int attempts) {
    e.client_token.assign(call.token);
    e.attempts = attempts;
    ++counters_.failed;
    if (e.code == errc::cancelled) ++counters_.cancelled;
    std::string no_request_id;
    call.complete(call.state, &e, no_request_id, attempts);
}

asio::awaitable<void> client_impl::run(const call_spec& call) {
    // Our errors are values: never let a cancelled coroutine throw at its next co_await.
    co_await asio::this_coro::throw_if_cancelled(false);
    // The coroutine's cancellation state records a cancellation even while nothing is
    // waiting (between two steps); read once, checked synchronously before each step.
    const asio::cancellation_state cancellation = co_await asio::this_coro::cancellation_state;
    auto cancelled_already = [&] { return cancellation.cancelled() != asio::cancellation_type::none; };
    const auto keep_alive = shared_from_this();  // the engine outlives the call
    ++counters_.calls;

    const operation::descriptor& op = *call.op;
    const std::string_view token = call.token;
    // The input's wire form and the body's hash: once per call, the same on every attempt.
    input_buffer input(*this);
    call.serialize(call.state, *input);
    std::array<char, 64> body_hash{};
    std::string_view payload_hash = sigv4::empty_payload_hash;
    if (!input->body.empty()) {
        body_hash = crypto::to_hex(crypto::sha256_of(input->body));
        payload_hash = std::string_view(body_hash.data(), body_hash.size());
    }
    const std::string invocation_id = services_.new_invocation_id();  // once per call
    const pool_time operation_deadline = services_.steady_now() + cfg_.timeouts.operation;
    const int max_attempts = cfg_.retry.max_attempts;
    const std::string_view content_type =
        input->body.empty() ? std::string_view{} : operation::content_type_of(op.protocol);
    const bool signed_request = op.auth == operation::auth_scheme::sigv4;
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
        fail(call, std::move(e), attempts);
    };
    auto cancelled = [&](std::string what) {
        fail(call, make_error(errc::cancelled, "cancelled by the caller " + what), attempt + replayed);
    };

    for (;;) {
        if (services_.steady_now() >= operation_deadline) co_return operation_timed_out(attempt + replayed);
        if (cancelled_already()) co_return cancelled("before attempt " + std::to_string(attempt + 1));

        // Adaptive mode: the client-side send-rate limiter may ask us to wait.
        if (limiter_) {
            for (double wait = limiter_->acquire(seconds_now()); wait > 0; wait = limiter_->acquire(seconds_now())) {
                // Rounded up: a wait truncated to the clock's tick can leave the bucket a hair
                // short, and the next acquire then asks for less than a tick: a busy loop.
                const auto until = services_.steady_now() + std::chrono::ceil<pool_time::duration>(
                                                                std::chrono::duration<double>(wait));
                if (until >= operation_deadline) co_return operation_timed_out(attempt + replayed);
                if (cancelled_already() || co_await services_.sleep_until(until))
                    co_return cancelled("while rate limited");
            }
        }

        ++attempt;

        // Credentials (signed operations): the cache's synchronous fast path; a refresh may
        // reach the network. The wait for it ends at the call's deadline or cancellation
        // (the refresh goes on).
        credentials_ptr creds;
        if (signed_request) creds = credentials_->cached_if_fresh(services_.wall_now());
        if (signed_request && !creds) {
            auto fetched =
                co_await credentials_->get_credentials_within(operation_deadline - services_.steady_now(), log_);
            if (!fetched && fetched.error().code == errc::operation_timeout)
                co_return operation_timed_out(attempt - 1 + replayed);
            if (!fetched) {
                error e = fetched.error();
                if (e.code != errc::cancelled) e.code = errc::credentials_unavailable;
                co_return fail(call, std::move(e), attempt - 1 + replayed);
            }
            creds = std::move(*fetched);
        }

        // Write the request line, sign (fresh time, corrected by the learned clock skew),
        // then the headers and the body.
        std::chrono::milliseconds signed_offset = skew_.offset();
        const request_headers headers{endpoint_.host_header,
                                      creds ? std::string_view(creds->session_token) : std::string_view{},
                                      invocation_id,
                                      attempt,
                                      max_attempts,
                                      user_agent_,
                                      content_type,
                                      op.auth == operation::auth_scheme::sso_bearer ? call.bearer_token
                                                                                     : std::string_view{}};
        const request_target target = begin_request(*wire, op.method, endpoint_.base_path, input->path, input->query,
                                                    header_room(headers, input->body.size()));
        if (!signed_request) {
            finish_request(*wire, headers, nullptr, input->body);
        } else {
            const credentials& c = *creds;
            thread_local sigv4::signing_output signature;  // reused: no allocation per attempt
            const sigv4::header_field with_body[] = {{"content-type", content_type}, {"host", endpoint_.host_header}};
            const sigv4::header_field without_body[] = {{"host", endpoint_.host_header}};
            sigv4::signing_params p;
            p.credentials = {c.access_key_id, c.secret_access_key, c.session_token};
            p.region = endpoint_.signing_region;
            p.service = endpoint_.signing_name;
            p.time = services_.wall_now() + signed_offset;
            const std::span<const sigv4::header_field> signed_headers =
                content_type.empty() ? std::span<const sigv4::header_field>(without_body)
                                     : std::span<const sigv4::header_field>(with_body);
            sigv4::sign({op.method, target.path, target.query, signed_headers, {}, payload_hash}, p, signature,
                        &keys_);
            finish_request(*wire, headers, &signature, input->body);
        }

        // Send, within the attempt's deadline (or the call's, when it is nearer).
        const pool_time attempt_deadline = services_.steady_now() + cfg_.timeouts.attempt;
        transport::transport_request req;
        req.endpoint = &endpoint_.key;
        req.bytes = *wire;
        req.deadline = std::min(attempt_deadline, operation_deadline);
        req.deadline_code = attempt_deadline <= operation_deadline ? errc::attempt_timeout : errc::operation_timeout;
        transport::transport_result sent;
        co_await transport_->send(req, sent);
        replayed += sent.stale_replays;
        counters_.attempts += 1 + static_cast<std::uint64_t>(sent.stale_replays);

        // Parse, learn the clock skew, classify.
        attempt_event ev;
        ev.attempt = attempt;
        ev.max_attempts = max_attempts;
        ev.client_token = token;
        ev.stale_replays = sent.stale_replays;
        retry::retry_kind kind = retry::retry_kind::none;
        bool throttled = false;
        std::optional<std::chrono::milliseconds> retry_after;
        if (!sent.ec) {
            // The skew counts as corrected when the offset differs from the one this request
            // was signed with: changed by this response, or by a concurrent call's (retry.md
            // §4 says "by that response"; with many calls in flight only the first would then
            // be retried, and the others would fail although the clock is already fixed).
            if (sent.response.date) skew_.observe(*sent.response.date, services_.wall_now());
            const bool skew_changed = skew_.offset() != signed_offset;
            auto failure = op.protocol == operation::wire_protocol::aws_query
                               ? protocol::aws_query_failure_of(sent.response)
                               : protocol::service_failure_of(sent.response);
            ev.http_status = sent.response.status;
            if (!failure) {
                // A 2xx: the operation reads its output. A body that is not the output shape
                // is reported, not retried (the service has acted; the token makes a retry by
                // the caller safe).
                auto unreadable = call.parse_success(call.state, sent.response, {services_.wall_now()});
                if (!unreadable) {
                    if (limiter_) limiter_->update(seconds_now(), false);
                    retry::on_success(policy_, quota_, attempt, last_cost);
                    ++counters_.succeeded;
                    // Server text, like the request id of an error: bounded and well-formed.
                    sent.response.request_id = protocol::take_request_id(sent.response);
                    ev.request_id = sent.response.request_id;
                    ev.quota_left = quota_.available();
                    notify(ev);
                    call.complete(call.state, nullptr, sent.response.request_id, attempt + replayed);
                    co_return;
                }
                last = std::move(*unreadable);
                last.http_status = sent.response.status;
                last.request_id = protocol::take_request_id(sent.response);
                ev.error = last.code;
                ev.request_id = last.request_id;
                ev.quota_left = quota_.available();
                notify(ev);
                log_retry(call, ev, last, "the service acted on it (a 2xx) but the response is not readable");
                co_return fail(call, std::move(last), attempt + replayed);
            }
            kind = retry::classify({failure->code, failure->http_status, failure->service_code, skew_changed,
                                    skew_retry_used});
            throttled = kind == retry::retry_kind::throttling;
            retry_after = retry::parse_retry_after(sent.response.retry_after);
            last = protocol::to_error(*failure);
        } else {
            const errc code = errc(sent.ec.value());
            if (code == errc::cancelled) {
                error e = make_error(errc::cancelled, "cancelled by the caller during attempt " + std::to_string(attempt));
                e.cause = sent.cause;
                co_return fail(call, std::move(e), attempt + replayed);
            }
            kind = retry::classify({code, 0, {}, false, skew_retry_used});
            last = make_error(code, sent.message);
            last.cause = sent.cause;
        }
        last.client_token = token;
        last.attempts = attempt + replayed;
        if (limiter_) limiter_->update(seconds_now(), throttled);

        // Decide: retry after a delay, or stop with this error.
        const errc last_code = errc(last.code.value());
        const auto d = retry::decide(policy_, quota_, kind, retry::is_timeout(last_code), attempt, services_.jitter(),
                                     retry_after);
        ev.error = last.code;
        ev.request_id = last.request_id;
        ev.retry_kind = retry::to_string(kind);
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
            log_retry(call, ev, last,
                      d.quota_exceeded         ? "the retry quota is exhausted"
                      : d.max_attempts_reached ? "the maximum number of attempts is reached"
                                               : "the error is not retryable");
            co_return fail(call, std::move(last), attempt + replayed);
        }
        // No retry that could only start after the call's deadline.
        const pool_time resume_at = services_.steady_now() + d.delay;
        if (resume_at >= operation_deadline) {
            quota_.release(d.cost);  // the retry will not happen: give its cost back
            last.message += " (not retried: the operation deadline would pass during the " +
                            std::to_string(d.delay.count()) + " ms backoff)";
            ev.quota_left = quota_.available();
            notify(ev);
            log_retry(call, ev, last, "the operation deadline would pass during the backoff");
            co_return fail(call, std::move(last), attempt + replayed);
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
        log_retry(call, ev, last, {});
        // A cancellation that arrived between two steps (while nothing was waiting) is
        // recorded in the coroutine's cancellation state: honour it before sleeping.
        if (cancelled_already() || co_await services_.sleep_until(resume_at))
            co_return cancelled("during the backoff after attempt " + std::to_string(attempt));
    }
}

}  // namespace awsconnect::detail
