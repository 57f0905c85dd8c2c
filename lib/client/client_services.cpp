#include "client/client_services.hpp"

#include "operation/idempotency_token.hpp"

#include <awsconnect/error.hpp>
#include <awsconnect/release_phone_number.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <pthread.h>

#include <array>
#include <atomic>
#include <cstring>
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

namespace {

// RAND_bytes per token costs a lock and a DRBG call per call; tokens are drawn instead from a
// per-thread block of CSPRNG output, refilled when used up. A forked child must never repeat
// its parent's tokens: pthread_atfork bumps a generation that invalidates every block.
std::atomic<unsigned> fork_generation{0};
const bool fork_handler_installed = [] {
    return ::pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1, std::memory_order_relaxed); }) == 0;
}();

struct random_block {
    std::array<std::uint8_t, 1024> bytes;
    std::size_t used = sizeof(bytes);
    unsigned generation = 0;
};

void csprng_bytes(std::uint8_t* out, std::size_t n) {
    thread_local random_block block;
    const unsigned generation = fork_generation.load(std::memory_order_relaxed);
    if (!fork_handler_installed || n > block.bytes.size()) {  // no fork protection: no buffering
        if (RAND_bytes(out, static_cast<int>(n)) != 1)
            throw std::runtime_error("OpenSSL RAND_bytes failed: no idempotency token can be made safely");
        return;
    }
    if (block.used + n > block.bytes.size() || block.generation != generation) {
        if (RAND_bytes(block.bytes.data(), static_cast<int>(block.bytes.size())) != 1)
            throw std::runtime_error("OpenSSL RAND_bytes failed: no idempotency token can be made safely");
        block.used = 0;
        block.generation = generation;
    }
    std::memcpy(out, block.bytes.data() + block.used, n);
    OPENSSL_cleanse(block.bytes.data() + block.used, n);  // handed out once, never kept
    block.used += n;
}

}  // namespace

std::string csprng_uuid() {
    std::array<std::uint8_t, 16> b;
    csprng_bytes(b.data(), b.size());
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
