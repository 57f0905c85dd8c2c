// The throttle: a token bucket on the emulator's clock.
//
// Pure: the time comes in as an argument. The bucket starts full; a request takes one
// token or is throttled. A clock that goes back refills nothing.
#pragma once

#include <awsconnect/emulator.hpp>

#include <algorithm>
#include <chrono>

namespace awsconnect::emulator {

class token_bucket {
public:
    using time_point = std::chrono::system_clock::time_point;

    token_bucket(throttle_config c, time_point now) noexcept
        : config_(c), tokens_(c.burst), last_(now) {}

    /// Takes a token if there is one.
    bool try_take(time_point now) noexcept {
        if (now > last_) {
            const double elapsed = std::chrono::duration<double>(now - last_).count();
            tokens_ = std::min(config_.burst, tokens_ + elapsed * config_.rate);
            last_ = now;
        }
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

    double tokens() const noexcept { return tokens_; }

private:
    throttle_config config_;
    double tokens_;
    time_point last_;
};

}  // namespace awsconnect::emulator
