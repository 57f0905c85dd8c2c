// A credentials provider for tests: returns scripted results in order (the last one
// repeats), counts its calls, and can take its time (a delay, or until a condition holds)
// so callers overlap.
#pragma once

#include <awsconnect/credentials.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace awsconnect::test {

inline credentials_ptr make_creds(std::string id, std::string secret = "secret",
                                  std::optional<std::chrono::system_clock::time_point> exp = {},
                                  std::string token = {}) {
    credentials c;
    c.access_key_id = std::move(id);
    c.secret_access_key = std::move(secret);
    c.session_token = std::move(token);
    c.expiration = exp;
    c.source = "scripted";
    return std::make_shared<const credentials>(std::move(c));
}

class scripted_provider final : public credentials_provider {
public:
    explicit scripted_provider(std::vector<result<credentials_ptr>> script, std::string label = "scripted")
        : script_(std::move(script)), label_(std::move(label)) {}

    /// Each call waits this long before answering.
    std::chrono::milliseconds delay{0};
    /// Each call waits (polling every millisecond, at most 10 s) until this returns true.
    std::function<bool()> until;

    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        namespace asio = boost::asio;
        const int n = calls_.fetch_add(1);
        auto ex = co_await asio::this_coro::executor;
        if (delay.count() > 0) {
            asio::steady_timer t(ex, delay);
            co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        for (int i = 0; until && !until() && i < 10'000; ++i) {
            asio::steady_timer t(ex, std::chrono::milliseconds(1));
            co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        const std::size_t idx = std::min<std::size_t>(static_cast<std::size_t>(n), script_.size() - 1);
        co_return script_[idx];
    }

    std::string_view name() const noexcept override { return label_; }
    int calls() const noexcept { return calls_.load(); }

private:
    std::vector<result<credentials_ptr>> script_;
    std::string label_;
    std::atomic<int> calls_{0};
};

}  // namespace awsconnect::test
