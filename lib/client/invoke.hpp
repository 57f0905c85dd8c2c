// The typed front of a call: what every operation's public method does around the one
// orchestration loop (orchestrator.cpp).
//
//   validate (nothing sent on failure) -> the idempotency token, once -> run the loop on a
//   strand of its own, forwarding the caller's cancellation (the loop serializes the input
//   and hashes the body once, through this front's functions) -> the typed result, with the
//   token, request id and attempts
//
// `Op` is an operation of lib/operation (operation.hpp says what it provides). Instantiated
// once per operation, in client.cpp.
//
// The coroutine's frame is kept small (no validation error, no serialized input in it), so
// Asio's per-thread recycling allocator keeps it: a frame over about 1 KiB goes to malloc
// on every call.
#pragma once

#include "client/client_impl.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>
#include <string>

namespace awsconnect::detail {

// Forwards the caller's cancellation to the call's strand. Boost 1.81's co_spawn forwards a
// cancellation by dispatching a lambda that holds a raw pointer into the caller's slot; if
// the call completes in between, that pointer dangles. Here the caller's slot only posts
// to the strand a function holding this shared state, and the call's own slot belongs to
// the state: everything the emission touches is alive until the emission is done.
struct call_cancellation {
    boost::asio::cancellation_signal signal;
};

template <class Op>
concept has_idempotency_token = Op::op.token != operation::token_location::none;

/// A call of `Op` as the loop reaches it (call_spec's `state`).
template <class Op>
struct typed_call {
    typename Op::input& request;
    const std::string& token;
    result<typename Op::output>& outcome;

    static void serialize(void* self, operation::serialized_input& out) {
        auto& c = *static_cast<typed_call*>(self);
        Op::serialize(c.request, c.token, out);
    }
    static std::optional<error> parse_success(void* self, const http::response& r,
                                              const operation::parse_context& ctx) {
        auto& c = *static_cast<typed_call*>(self);
        return Op::parse(r, c.request, *c.outcome, ctx);
    }
    static void complete(void* self, error* failure, std::string& request_id, int attempts) {
        auto& c = *static_cast<typed_call*>(self);
        if (failure) {
            c.outcome = std::move(*failure);
            return;
        }
        c.outcome->request_id = std::move(request_id);
        c.outcome->attempts = attempts;
    }
};

/// The call, once its input is valid.
template <class Op>
boost::asio::awaitable<result<typename Op::output>> run_valid(std::shared_ptr<client_impl> impl,
                                                              typename Op::input request) {
    namespace asio = boost::asio;

    // The idempotency token: the caller's, or a new one; once per call, before the loop.
    std::string token;
    if constexpr (has_idempotency_token<Op>) {
        auto& given = Op::token_of(request);
        token = given ? std::move(*given) : impl->new_token();
    }

    result<typename Op::output> outcome{typename Op::output{}};
    typed_call<Op> state{request, token, outcome};
    call_spec call;
    call.op = &Op::op;
    call.token = token;
    if constexpr (Op::op.auth == operation::auth_scheme::sso_bearer) call.bearer_token = Op::bearer_of(request);
    call.state = &state;
    call.serialize = &typed_call<Op>::serialize;
    call.parse_success = &typed_call<Op>::parse_success;
    call.complete = &typed_call<Op>::complete;

    // Run the loop on a strand of its own, with the caller's cancellation forwarded.
    auto strand = impl->next_strand();
    auto forward = std::make_shared<call_cancellation>();
    asio::cancellation_state cs = co_await asio::this_coro::cancellation_state;
    if (cs.slot().is_connected()) {
        cs.slot().assign([forward, strand](asio::cancellation_type type) {
            asio::post(strand, [forward, type] { forward->signal.emit(type); });
        });
    }
    co_await asio::co_spawn(strand, impl->run(call),
                            asio::bind_cancellation_slot(forward->signal.slot(), asio::use_awaitable));
    if constexpr (has_idempotency_token<Op>)
        if (outcome) outcome->client_token = std::move(token);
    co_return outcome;
}

template <class T>
boost::asio::awaitable<result<T>> ready(error e) {
    co_return std::move(e);
}

/// One call of `Op`: validated here, before anything is awaited; then run_valid.
template <class Op>
boost::asio::awaitable<result<typename Op::output>> invoke(std::shared_ptr<client_impl> impl,
                                                           typename Op::input request) {
    if (auto problem = Op::validate(request, {impl->config().region})) {
        std::string_view given;
        if constexpr (has_idempotency_token<Op>)
            if (const auto& t = Op::token_of(request)) given = *t;
        return ready<typename Op::output>(impl->reject(std::move(*problem), given));
    }
    return run_valid<Op>(std::move(impl), std::move(request));
}

}  // namespace awsconnect::detail
