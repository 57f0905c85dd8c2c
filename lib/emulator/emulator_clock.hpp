// The emulator's clock: the system clock plus an offset, or frozen and moved by hand.
//
// Read once per request and written only by tests (server::advance_clock / set_clock),
// so a mutex is cheap enough and keeps the two modes consistent.
#pragma once

#include <awsconnect/emulator.hpp>

#include <chrono>
#include <mutex>

namespace awsconnect::emulator {

class emulator_clock {
public:
    using time_point = std::chrono::system_clock::time_point;
    using duration = std::chrono::system_clock::duration;

    explicit emulator_clock(const server_config& c)
        : offset_(c.clock_offset), frozen_(c.fixed_time.has_value()),
          frozen_at_(c.fixed_time.value_or(time_point{})) {}

    time_point now() const {
        std::lock_guard lock(mutex_);
        return frozen_ ? frozen_at_ : std::chrono::system_clock::now() + offset_;
    }
    /// Moves the clock by `d`, frozen or not.
    void advance(duration d) {
        std::lock_guard lock(mutex_);
        if (frozen_)
            frozen_at_ += d;
        else
            offset_ += d;
    }
    /// Freezes the clock at `t`.
    void set(time_point t) {
        std::lock_guard lock(mutex_);
        frozen_ = true;
        frozen_at_ = t;
    }

private:
    mutable std::mutex mutex_;
    duration offset_;
    bool frozen_;
    time_point frozen_at_;
};

}  // namespace awsconnect::emulator
