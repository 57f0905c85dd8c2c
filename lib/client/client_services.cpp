#include "client/client_services.hpp"

#include "operation/idempotency_token.hpp"

#include <awsconnect/error.hpp>
#include <awsconnect/release_phone_number.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <openssl/rand.h>

#include <random>
#include <stdexcept>

namespace awsconnect::detail {
namespace asio = boost::asio;

std::string csprng_uuid();

namespace {

std::mt19937_64& thread_rng() {
    thread_local std::mt19937_64 rng([] {
        std::random_device rd;
        return (std::uint64_t(rd()) << 32) ^ rd();
    }());
    return rng;
}

}  // namespace

std::string csprng_uuid() {
    std::array<std::uint8_t, 16> b;
    if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1)
        throw std::runtime_error("OpenSSL RAND_bytes failed: no idempotency token can be made safely");
    return operation::format_uuid_v4(b);
}

namespace {

std::string prng_uuid() {
    std::array<std::uint8_t, 16> b;
    auto& rng = thread_rng();
    const std::uint64_t x = rng(), y = rng();
    for (int i = 0; i < 8; ++i) {
        b[i] = static_cast<std::uint8_t>(x >> (8 * i));
        b[8 + i] = static_cast<std::uint8_t>(y >> (8 * i));
    }
    return operation::format_uuid_v4(b);
}

asio::awaitable<boost::system::error_code> timer_sleep(transport::pool_time until) {
    asio::steady_timer timer(co_await asio::this_coro::executor, until);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return make_error_code(errc::cancelled);
    co_return boost::system::error_code{};
}

}  // namespace

client_services real_client_services() {
    client_services s;
    s.steady_now = [] { return transport::pool_clock::now(); };
    s.wall_now = [] { return std::chrono::system_clock::now(); };
    s.sleep_until = timer_sleep;
    s.new_token = csprng_uuid;
    s.new_invocation_id = prng_uuid;
    s.jitter = [] { return std::uniform_real_distribution<double>(0.0, 1.0)(thread_rng()); };
    return s;
}

}  // namespace awsconnect::detail

namespace awsconnect {
std::string make_client_token() { return detail::csprng_uuid(); }
}  // namespace awsconnect
