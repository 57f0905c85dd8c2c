#include "fakes/scripted_transport.hpp"

#include "http/http_date.hpp"
#include "http/http_response.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace awsconnect::test {
namespace asio = boost::asio;

scripted_step scripted_step::ok() { return response(200); }

scripted_step scripted_step::response(int status, std::string body,
                                      std::vector<std::pair<std::string, std::string>> headers) {
    scripted_step s;
    s.what = kind::respond;
    s.status = status;
    s.body = std::move(body);
    s.headers = std::move(headers);
    return s;
}

scripted_step scripted_step::service_error(int status, std::string code, std::string message) {
    return response(status, "{\"message\":\"" + message + "\"}",
                    {{"X-Amzn-ErrorType", std::move(code)}, {"Content-Type", "application/x-amz-json-1.1"}});
}

scripted_step scripted_step::transport_error(errc code, std::string message) {
    scripted_step s;
    s.what = kind::fail;
    s.error = code;
    s.message = std::move(message);
    return s;
}

scripted_step scripted_step::hang() {
    scripted_step s;
    s.what = kind::hang;
    return s;
}

scripted_step scripted_step::never_answers() {
    scripted_step s;
    s.what = kind::never_answer;
    return s;
}

scripted_step& scripted_step::with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

scripted_step& scripted_step::with_date(std::chrono::system_clock::time_point t) {
    return with_header("Date", http::format_http_date(t));
}

scripted_step& scripted_step::with_stale_replays(int n) {
    stale_replays = n;
    return *this;
}

scripted_transport::scripted_transport(std::shared_ptr<fake_clock> clock) : clock_(std::move(clock)) {}

void scripted_transport::push(scripted_step step) {
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(step));
}

void scripted_transport::script(std::vector<scripted_step> steps) {
    std::lock_guard lock(mutex_);
    for (auto& s : steps) script_.push_back(std::move(s));
}

void scripted_transport::set_handler(std::function<scripted_step(const parsed_request&)> handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
}

void scripted_transport::on_send(std::function<void(int)> hook) {
    std::lock_guard lock(mutex_);
    hook_ = std::move(hook);
}

void scripted_transport::set_never_answer_limit(std::chrono::milliseconds limit) {
    std::lock_guard lock(mutex_);
    never_answer_limit_ = limit;
}

asio::awaitable<void> scripted_transport::send(const transport::transport_request& req,
                                               transport::transport_result& out) {
    auto ex = co_await asio::this_coro::executor;
    sent_request rec;
    rec.bytes.assign(req.bytes);
    rec.parsed = parse_request(req.bytes);
    rec.at = clock_->steady_now();
    rec.deadline = req.deadline;
    rec.deadline_code = req.deadline_code;

    scripted_step step;
    bool have = false;
    std::function<scripted_step(const parsed_request&)> handler;
    std::function<void(int)> hook;
    std::chrono::milliseconds never_limit{};
    {
        std::lock_guard lock(mutex_);
        rec.index = ++sends_;
        if (!script_.empty()) {
            step = std::move(script_.front());
            script_.pop_front();
            have = true;
        }
        handler = handler_;
        hook = hook_;
        never_limit = never_answer_limit_;
    }
    if (!have && handler) {
        step = handler(rec.parsed);
        have = true;
    }
    {
        std::lock_guard lock(mutex_);
        if (!have) ++unexpected_;
        const int replays = have ? step.stale_replays : 0;
        stale_replays_ += replays;
        for (int i = 0; i <= replays; ++i) {
            wire_.push_back(rec);
            wire_.back().replay = i > 0;
        }
    }
    const bool never = have && step.what == scripted_step::kind::never_answer;
    // The hook runs on arrival, before the yield below (a cancellation it posts lands while
    // the answer is "on its way"); for a never-answering step, just before the wait.
    if (hook && !never) hook(rec.index);

    // Real I/O always suspends: let other calls run.
    co_await asio::post(ex, asio::use_awaitable);

    out.stale_replays = have ? step.stale_replays : 0;
    if (!have) {
        out.ec = make_error_code(errc::malformed_response);
        out.message = "scripted_transport: no step left for send " + std::to_string(rec.index);
        co_return;
    }
    out.request_sent = true;
    switch (step.what) {
    case scripted_step::kind::respond:
        out.response.status = step.status;
        out.response.reason = step.status == 200 ? "OK" : "";  // the protocol then uses the standard phrase
        for (const auto& [name, value] : step.headers) http::set_response_header(out.response, name, value);
        if (out.response.request_id.empty()) out.response.request_id = "req-" + std::to_string(rec.index);
        out.response.body = step.body;
        break;
    case scripted_step::kind::fail:
        out.ec = make_error_code(step.error);
        out.message = step.message.empty() ? std::string(to_string(step.error)) + " (scripted)" : step.message;
        break;
    case scripted_step::kind::hang:
        // What the real transport does when the server never answers: the deadline passes.
        clock_->advance_to(req.deadline);
        out.ec = make_error_code(req.deadline_code);
        out.message = std::string(req.deadline_code == errc::operation_timeout ? "operation deadline"
                                                                                : "attempt timeout") +
                      " reached waiting for the response (scripted hang)";
        break;
    case scripted_step::kind::never_answer: {
        asio::steady_timer timer(ex, never_limit);
        if (hook) hook(rec.index);
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) {
            {
                std::lock_guard lock(mutex_);
                ++cancelled_;
            }
            out.ec = make_error_code(errc::cancelled);
            out.message = "cancelled while talking to the scripted transport";
        } else {
            out.ec = make_error_code(errc::attempt_timeout);
            out.message = "scripted never-answering step reached its real-time limit without a cancellation";
        }
        break;
    }
    }
}

std::vector<sent_request> scripted_transport::wire_requests() const {
    std::lock_guard lock(mutex_);
    return wire_;
}

std::vector<sent_request> scripted_transport::sends() const {
    std::lock_guard lock(mutex_);
    std::vector<sent_request> out;
    for (const auto& r : wire_)
        if (!r.replay) out.push_back(r);
    return out;
}

int scripted_transport::send_count() const {
    std::lock_guard lock(mutex_);
    return sends_;
}

int scripted_transport::cancelled_sends() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
}

int scripted_transport::unexpected_sends() const {
    std::lock_guard lock(mutex_);
    return unexpected_;
}

int scripted_transport::shutdowns() const {
    std::lock_guard lock(mutex_);
    return shutdowns_;
}

std::size_t scripted_transport::steps_left() const {
    std::lock_guard lock(mutex_);
    return script_.size();
}

pool_stats scripted_transport::stats() const {
    std::lock_guard lock(mutex_);
    pool_stats s;
    s.acquires = static_cast<std::uint64_t>(sends_);
    s.stale_replays = static_cast<std::uint64_t>(stale_replays_);
    s.poisoned_cancelled = static_cast<std::uint64_t>(cancelled_);
    return s;
}

void scripted_transport::shutdown() {
    std::lock_guard lock(mutex_);
    ++shutdowns_;
}

}  // namespace awsconnect::test
