// The fault matrix's harness: run a batch of calls at once and hold every call to the
// library's promise, "each call ends with exactly one result, and a failed call reports the
// token it used, so it can be retried safely".
//
// - run_batch starts every call of a batch together (the pool queues what it cannot serve),
//   optionally cancels some at given moments, and runs the io_context until all completed
//   (bounded). Each completion is counted per call, so a call that completes twice, or
//   never, fails the test.
// - check_results checks each outcome: a success names its number and the token; a failure
//   has one of the codes the scenario allows, and the token (the caller's, or a UUID v4 the
//   client made, never shared between calls).
// - settle_exactly_once then removes the faults and makes every failed call again with the
//   token it reported. Each must succeed: a number released by a try that failed comes back
//   as the service's replay of that success, which proves the reported token was the one
//   sent. In the end every number was released exactly once: the emulator's commits (run
//   plus settle) equal the number of calls, and released_twice is 0.
#pragma once

#include <awsconnect/awsconnect.hpp>
#include <awsconnect/emulator.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace awsconnect::test {

/// One call of a batch: what was asked, and everything that came back.
struct call_slot {
    std::string id;
    std::optional<std::string> token;  ///< the caller's token, if it gave one
    int completions = 0;
    std::optional<result<release_phone_number_response>> out;
    boost::asio::cancellation_signal cancel;
    std::unique_ptr<boost::asio::steady_timer> cancel_timer;

    bool ok() const { return out && out->has_value(); }
    /// The token the call reports (from the response or the error).
    std::string reported_token() const {
        if (!out) return {};
        return out->has_value() ? (*out)->client_token : out->error().client_token;
    }
};

using batch = std::vector<std::unique_ptr<call_slot>>;

/// Calls for `count` claimed numbers, starting at claimed index `first`.
inline batch make_batch(std::uint64_t first, std::size_t count) {
    batch b;
    for (std::size_t i = 0; i < count; ++i) {
        auto s = std::make_unique<call_slot>();
        s->id = emulator::claimed_phone_number_id(first + i);
        b.push_back(std::move(s));
    }
    return b;
}

/// When to cancel call `i` (from the start of the batch), or nothing.
using cancel_plan = std::function<std::optional<std::chrono::milliseconds>(std::size_t i)>;

/// Starts every call of `b` on `ioc` at once and runs until all have completed or `limit`
/// passed; then until the io_context has nothing left to run, so a second completion
/// would be seen.
inline void run_batch(boost::asio::io_context& ioc, client& c, batch& b, const cancel_plan& cancel_at = {},
                      std::chrono::milliseconds limit = std::chrono::seconds(60)) {
    namespace asio = boost::asio;
    std::size_t done = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
        call_slot* s = b[i].get();
        asio::co_spawn(ioc, c.release_phone_number({s->id, s->token}),
                       asio::bind_cancellation_slot(
                           s->cancel.slot(), [s, &done](std::exception_ptr e, result<release_phone_number_response> r) {
                               CHECK_FALSE(e);
                               if (++s->completions == 1) ++done;
                               s->out.emplace(std::move(r));
                           }));
        if (cancel_at) {
            if (auto when = cancel_at(i)) {
                s->cancel_timer = std::make_unique<asio::steady_timer>(ioc, *when);
                s->cancel_timer->async_wait([s](boost::system::error_code ec) {
                    // A call that already completed has nothing left to cancel.
                    if (!ec && s->completions == 0) s->cancel.emit(asio::cancellation_type::terminal);
                });
            }
        }
    }
    ioc.restart();
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (done < b.size() && std::chrono::steady_clock::now() < deadline) ioc.run_for(std::chrono::milliseconds(20));
    REQUIRE_MESSAGE(done == b.size(), "calls still running after the limit: " << (b.size() - done));
    // Whatever the calls left behind (cancel timers, closing connections) runs to the end.
    ioc.restart();
    ioc.run_for(std::chrono::seconds(10));
    CHECK_MESSAGE(ioc.stopped(), "the io_context still had work 10 s after the last call completed");
}

/// What a batch ended with.
struct tally {
    std::size_t ok = 0;
    std::size_t failed = 0;
    std::map<std::string, std::size_t> by_code;  ///< failures by errc name
    int attempts = 0;                            ///< attempts reported, successes and failures

    std::string describe() const {
        std::string s = "ok=" + std::to_string(ok) + " failed=" + std::to_string(failed);
        for (const auto& [k, v] : by_code) s += " " + k + "=" + std::to_string(v);
        return s;
    }
};

inline bool is_uuid_v4(const std::string& t) {
    if (t.size() != 36 || t[8] != '-' || t[13] != '-' || t[18] != '-' || t[23] != '-' || t[14] != '4') return false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) continue;
        const char ch = t[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
    }
    return true;
}

/// Checks every call of `b`: exactly one completion; a success names its number and token;
/// a failure has a code in `allowed` and reports its token. Tokens are never shared.
inline tally check_results(const batch& b, const std::set<errc>& allowed) {
    tally t;
    std::set<std::string> tokens;
    for (const auto& s : b) {
        CAPTURE(s->id);
        CHECK(s->completions == 1);
        REQUIRE(s->out.has_value());
        const std::string token = s->reported_token();
        if (s->token)
            CHECK(token == *s->token);
        else
            CHECK_MESSAGE(is_uuid_v4(token), "token: " << token);
        CHECK_MESSAGE(tokens.insert(token).second, "token reported by two calls: " << token);
        if (s->ok()) {
            ++t.ok;
            const auto& r = **s->out;
            CHECK(r.phone_number_id == s->id);
            CHECK_FALSE(r.request_id.empty());
            CHECK(r.attempts >= 1);
            t.attempts += r.attempts;
        } else {
            ++t.failed;
            const error& e = s->out->error();
            const errc code = static_cast<errc>(e.code.value());
            CHECK(e.code.category() == awsconnect_category());
            CHECK_MESSAGE(allowed.count(code) == 1, "unexpected " << to_string(code) << ": " << e.message);
            ++t.by_code[std::string(to_string(code))];
            t.attempts += e.attempts;
        }
    }
    return t;
}

/// Removes the faults, makes every failed call of `b` again with the token it reported
/// (a fresh client `c2` built by the caller), and checks that each number was released
/// exactly once over the run and the settle. Returns how many failed calls had already
/// released their number (their retry came back as a replay).
inline std::size_t settle_exactly_once(boost::asio::io_context& ioc, client& c2, emulator::server& emu,
                                       const batch& b) {
    const auto run = emu.get_counters();
    CHECK(run.released_twice == 0);
    CHECK(run.commits <= b.size());
    emu.set_faults({});
    emu.set_throttle(std::nullopt);
    emu.reset_counters();

    batch again;
    std::size_t already_released = 0;
    for (const auto& s : b) {
        CAPTURE(s->id);
        if (s->ok()) {
            CHECK(emu.state_of(s->id) == emulator::number_state::released);
            continue;
        }
        if (emu.state_of(s->id) == emulator::number_state::released) ++already_released;
        auto r = std::make_unique<call_slot>();
        r->id = s->id;
        r->token = s->reported_token();
        again.push_back(std::move(r));
    }
    if (!again.empty()) {
        run_batch(ioc, c2, again);
        const tally t = check_results(again, {});
        CHECK_MESSAGE(t.ok == again.size(), t.describe());
    }
    const auto settle = emu.get_counters();
    CHECK(settle.ok == again.size());
    CHECK(settle.idempotent_replays == already_released);
    CHECK(run.commits + settle.commits == b.size());
    CHECK(settle.released_twice == 0);
    for (const auto& s : b) CHECK(emu.state_of(s->id) == emulator::number_state::released);
    return already_released;
}

}  // namespace awsconnect::test
