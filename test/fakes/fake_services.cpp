#include "fakes/fake_services.hpp"

#include <awsconnect/error.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdio>

namespace awsconnect::test {
namespace asio = boost::asio;
using transport::pool_time;

std::chrono::system_clock::time_point fake_wall_start() {
    // 2024-05-01T12:00:00Z
    return std::chrono::system_clock::time_point{std::chrono::seconds{1714564800}};
}

fake_clock::fake_clock(std::chrono::system_clock::time_point wall_start)
    : steady_start_(transport::pool_clock::now()), wall_start_(wall_start) {}

pool_time fake_clock::steady_now() const {
    std::lock_guard lock(mutex_);
    return steady_start_ + elapsed_;
}

std::chrono::system_clock::time_point fake_clock::wall_now() const {
    std::lock_guard lock(mutex_);
    return wall_start_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(elapsed_);
}

std::chrono::nanoseconds fake_clock::elapsed() const {
    std::lock_guard lock(mutex_);
    return elapsed_;
}

void fake_clock::advance(std::chrono::nanoseconds d) {
    std::lock_guard lock(mutex_);
    if (d.count() > 0) elapsed_ += d;
}

void fake_clock::advance_to(pool_time t) {
    std::lock_guard lock(mutex_);
    const auto target = std::chrono::duration_cast<std::chrono::nanoseconds>(t - steady_start_);
    if (target > elapsed_) elapsed_ = target;
}

struct fake_services::state {
    mutable std::mutex mutex;
    double jitter = 1.0;
    bool blocking = false;
    std::chrono::milliseconds blocking_limit{10'000};
    std::function<void(const sleep_record&)> hook;
    std::vector<sleep_record> sleeps;
    int token_calls = 0;
    int invocation_id_calls = 0;
    int zero_sleeps_in_a_row = 0;
    bool spin = false;
};

namespace {

// More zero-length sleeps than this in a row: the caller is spinning.
constexpr int spin_limit = 1000;

std::string numbered_uuid(const char* prefix, int n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s%012x", prefix, static_cast<unsigned>(n));
    return buf;
}

}  // namespace

fake_services::fake_services(std::shared_ptr<fake_clock> clock)
    : clock_(std::move(clock)), state_(std::make_shared<state>()) {}

// Version nibble 4, variant nibble 8 (tokens) or a (invocation ids): valid UUID v4 texts
// that are told apart at a glance.
std::string fake_services::token(int n) { return numbered_uuid("70c3e000-0000-4000-8000-", n); }
std::string fake_services::invocation_id(int n) { return numbered_uuid("1d000000-0000-4000-a000-", n); }

detail::client_services fake_services::services() const {
    detail::client_services out;
    auto s = state_;
    auto c = clock_;
    out.steady_now = [c] { return c->steady_now(); };
    out.wall_now = [c] { return c->wall_now(); };
    out.sleep_until = [s, c](pool_time until) { return sleep(s, c, until); };
    out.new_token = [s] {
        std::lock_guard lock(s->mutex);
        return token(++s->token_calls);
    };
    out.new_invocation_id = [s] {
        std::lock_guard lock(s->mutex);
        return invocation_id(++s->invocation_id_calls);
    };
    out.jitter = [s] {
        std::lock_guard lock(s->mutex);
        return s->jitter;
    };
    return out;
}

// A coroutine taking its state by value (no lambda captures to outlive).
asio::awaitable<boost::system::error_code> fake_services::sleep(std::shared_ptr<state> s,
                                                               std::shared_ptr<fake_clock> clock, pool_time until) {
    // A real sleep always suspends: let other calls run (the concurrency case needs it).
    auto ex = co_await asio::this_coro::executor;
    co_await asio::post(ex, asio::use_awaitable);

    sleep_record rec;
    rec.from = clock->steady_now();
    rec.until = until;
    rec.delay = until > rec.from ? std::chrono::duration_cast<std::chrono::nanoseconds>(until - rec.from)
                                 : std::chrono::nanoseconds{0};
    std::function<void(const sleep_record&)> hook;
    bool blocking = false;
    std::chrono::milliseconds limit{};
    std::size_t index = 0;
    bool spun = false;
    {
        std::lock_guard lock(s->mutex);
        rec.blocking = blocking = s->blocking;
        limit = s->blocking_limit;
        hook = s->hook;
        if (rec.delay.count() == 0) {
            if (++s->zero_sleeps_in_a_row > spin_limit) s->spin = true;
        } else {
            s->zero_sleeps_in_a_row = 0;
        }
        index = s->sleeps.size();
        s->sleeps.push_back(rec);
        if (s->spin) s->sleeps.back().cancelled = true;
        spun = s->spin;
    }
    if (spun) co_return make_error_code(errc::cancelled);
    if (hook) hook(rec);
    if (blocking) {
        asio::steady_timer timer(ex, limit);
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) {
            {
                std::lock_guard lock(s->mutex);
                s->sleeps[index].cancelled = true;
            }
            co_return make_error_code(errc::cancelled);
        }
    }
    clock->advance_to(until);
    co_return boost::system::error_code{};
}

void fake_services::set_jitter(double b) {
    std::lock_guard lock(state_->mutex);
    state_->jitter = b;
}

void fake_services::set_blocking_sleeps(bool on, std::chrono::milliseconds limit) {
    std::lock_guard lock(state_->mutex);
    state_->blocking = on;
    state_->blocking_limit = limit;
}

void fake_services::on_sleep(std::function<void(const sleep_record&)> hook) {
    std::lock_guard lock(state_->mutex);
    state_->hook = std::move(hook);
}

std::vector<sleep_record> fake_services::sleeps() const {
    std::lock_guard lock(state_->mutex);
    return state_->sleeps;
}

std::vector<std::chrono::nanoseconds> fake_services::delays() const {
    std::lock_guard lock(state_->mutex);
    std::vector<std::chrono::nanoseconds> out;
    for (const auto& r : state_->sleeps) out.push_back(r.delay);
    return out;
}

int fake_services::token_calls() const {
    std::lock_guard lock(state_->mutex);
    return state_->token_calls;
}

int fake_services::invocation_id_calls() const {
    std::lock_guard lock(state_->mutex);
    return state_->invocation_id_calls;
}

bool fake_services::spin_detected() const {
    std::lock_guard lock(state_->mutex);
    return state_->spin;
}

}  // namespace awsconnect::test
