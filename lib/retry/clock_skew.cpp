#include "retry/clock_skew.hpp"

namespace awsconnect::retry {

bool clock_skew::observe(std::chrono::system_clock::time_point server_date,
                         std::chrono::system_clock::time_point local_receive_time) noexcept {
    using std::chrono::milliseconds;
    const std::int64_t skew =
        std::chrono::round<milliseconds>(server_date - local_receive_time).count();
    std::int64_t current = offset_ms_.load(std::memory_order_relaxed);
    do {
        const std::int64_t residual = skew - current;  // server − (local + offset)
        if ((residual < 0 ? -residual : residual) < threshold_.count()) return false;
    } while (!offset_ms_.compare_exchange_weak(current, skew, std::memory_order_relaxed));
    return true;
}

}  // namespace awsconnect::retry
