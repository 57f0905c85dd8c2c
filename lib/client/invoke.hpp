// The typed front of a call: what every operation's public method does around the one
// orchestration loop (orchestrator.cpp).
//
//   validate (nothing sent on failure) -> the idempotency token, once -> serialize and hash
//   the body, once -> run the loop on a strand of its own, forwarding the caller's
//   cancellation -> the typed result, with the token, request id and attempts
//
// `Op` is an operation of lib/operation (operation.hpp says what it provides). Instantiated
// once per operation, in client.cpp.
#pragma once

#include "client/client_impl.hpp"
#include "crypto/sha256.hpp"
#include "sigv4/canonical_request.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
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

template <class Op>
boost::asio::awaitable<result<typename Op::output>> invoke(std::shared_ptr<client_impl> impl,
                                                           typename Op::input request) {
    namespace asio = boost::asio;
    using output = typename Op::output;

    // Validate (nothing is sent on failure).
    if (auto problem = Op::validate(request, {impl->config().region})) {
        std::string_view given;
        if constexpr (has_idempotency_token<Op>)
            if (const auto& t = Op::token_of(request)) given = *t;
        co_return impl->reject(std::move(*problem), given);
    }

    // The idempotency token: the caller's, or a new one; once per call, before the loop.
    std::string token;
    if constexpr (has_idempotency_token<Op>) {
        auto& given = Op::token_of(request);
        token = given ? std::move(*given) : impl->new_token();
    }

    // Serialize and hash the body once; every attempt sends the same bytes.
    struct input_lease {
        client_impl& owner;
        operation::serialized_input in;
        ~input_lease() { owner.give_back_input_buffer(std::move(in)); }
    } lease{*impl, impl->take_input_buffer()};
    Op::serialize(request, token, lease.in);
    std::array<char, 64> body_hash{};
    std::string_view payload_hash = sigv4::empty_payload_hash;
    if (!lease.in.body.empty()) {
        body_hash = crypto::to_hex(crypto::sha256_of(lease.in.body));
        payload_hash = std::string_view(body_hash.data(), body_hash.size());
    }

    output result_value;
    struct parse_state {
        typename Op::input* in;
        output* out;
    } state{&request, &result_value};
    call_spec call;
    call.op = &Op::op;
    call.input = &lease.in;
    call.token = token;
    call.payload_hash = payload_hash;
    call.parse_state = &state;
    call.parse_success = [](void* p, const http::response& r, const operation::parse_context& ctx) {
        auto* s = static_cast<parse_state*>(p);
        return Op::parse(r, *s->in, *s->out, ctx);
    };

    // Run the loop on a strand of its own, with the caller's cancellation forwarded.
    call_outcome outcome;
    auto strand = impl->next_strand();
    auto forward = std::make_shared<call_cancellation>();
    asio::cancellation_state cs = co_await asio::this_coro::cancellation_state;
    if (cs.slot().is_connected()) {
        cs.slot().assign([forward, strand](asio::cancellation_type type) {
            asio::post(strand, [forward, type] { forward->signal.emit(type); });
        });
    }
    co_await asio::co_spawn(strand, impl->run(call, outcome),
                            asio::bind_cancellation_slot(forward->signal.slot(), asio::use_awaitable));

    if (outcome.failure) co_return std::move(*outcome.failure);
    result_value.request_id = std::move(outcome.request_id);
    result_value.attempts = outcome.attempts;
    if constexpr (has_idempotency_token<Op>) result_value.client_token = std::move(token);
    co_return result_value;
}

}  // namespace awsconnect::detail
