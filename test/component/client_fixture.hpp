// A client over fakes, for the component tests: the real orchestration (client_impl and
// the public client wrapping it) with a scripted transport, a fake clock, fake sleeps,
// numbered tokens and invocation ids, and a fixed jitter b (1 unless a test sets it).
//
// The configuration is the spec's default (standard mode, 2.0 rules, 3 attempts, quota
// 500, cap 20 s; attempt timeout 10 s, operation 60 s) unless a test tweaks it. The
// observer's events are copied (their strings owned) so tests assert every attempt.
#pragma once

#include "client/client_access.hpp"
#include "client/client_impl.hpp"
#include "fakes/fake_services.hpp"
#include "fakes/recorded_request.hpp"
#include "fakes/scripted_transport.hpp"
#include "support/run_coro.hpp"

#include <awsconnect/awsconnect.hpp>

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace awsconnect::test {

/// An attempt_event with its strings owned.
struct seen_attempt {
    int attempt = 0;
    int max_attempts = 0;
    boost::system::error_code error;
    int http_status = 0;
    std::string request_id;
    std::string client_token;
    std::string retry_kind;
    bool will_retry = false;
    std::chrono::milliseconds delay{0};
    int quota_left = 0;
    int stale_replays = 0;
};

class observer_log {
public:
    /// Also called with every event, on the attempt's thread (e.g. to snapshot state).
    std::function<void(const attempt_event&)> hook;

    void add(const attempt_event& e) {
        if (hook) hook(e);
        seen_attempt s;
        s.attempt = e.attempt;
        s.max_attempts = e.max_attempts;
        s.error = e.error;
        s.http_status = e.http_status;
        s.request_id = std::string(e.request_id);
        s.client_token = std::string(e.client_token);
        s.retry_kind = std::string(e.retry_kind);
        s.will_retry = e.will_retry;
        s.delay = e.delay;
        s.quota_left = e.quota_left;
        s.stale_replays = e.stale_replays;
        std::lock_guard lock(mutex_);
        events_.push_back(std::move(s));
    }
    std::vector<seen_attempt> events() const {
        std::lock_guard lock(mutex_);
        return events_;
    }
    void clear() {
        std::lock_guard lock(mutex_);
        events_.clear();
    }

private:
    mutable std::mutex mutex_;
    std::vector<seen_attempt> events_;
};

inline constexpr const char* test_region = "us-east-1";
inline constexpr const char* test_host = "connect.us-east-1.amazonaws.com";
/// A well-formed phone number id (the emulator's claimed number 1).
inline constexpr const char* test_id = "00000000-0000-4000-8000-000000000001";

inline config::resolved_config spec_default_config() {
    config::resolved_config c;
    c.region = test_region;
    c.profile = "default";
    // resolved_retry's and timeout_config's defaults are the spec's: standard, 2.0 rules,
    // 3 attempts, 20 s cap, quota 500; attempt 10 s, operation 60 s.
    return c;
}

inline detail::client_endpoint test_endpoint() {
    detail::client_endpoint e;
    e.key = {true, test_host, 443};
    e.url = std::string("https://") + test_host;
    e.host_header = test_host;
    e.signing_region = test_region;
    e.signing_name = "connect";
    return e;
}

inline credentials test_credentials() {
    return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "static"};
}

class client_fixture {
public:
    explicit client_fixture(const std::function<void(config::resolved_config&)>& tweak = {},
                            credentials creds = test_credentials())
        : client_fixture(tweak, make_static_credentials_provider(std::move(creds))) {}
    /// With the given provider (the engine puts its cache in front of it).
    client_fixture(const std::function<void(config::resolved_config&)>& tweak, credentials_provider_ptr provider)
        : clock(std::make_shared<fake_clock>()),
          services(clock),
          transport(std::make_shared<scripted_transport>(clock)),
          log_(std::make_shared<observer_log>()),
          impl(make_impl(tweak, std::move(provider))),
          c(detail::client_access::make(impl)) {}

    boost::asio::io_context ioc;
    std::shared_ptr<fake_clock> clock;
    fake_services services;
    std::shared_ptr<scripted_transport> transport;

private:
    std::shared_ptr<observer_log> log_;

public:
    std::shared_ptr<detail::client_impl> impl;
    client c;

    /// One call through the public client, run to completion (hard limit 20 s).
    result<release_phone_number_response> call(release_phone_number_request r) {
        return run_coro(ioc, c.release_phone_number(std::move(r)));
    }
    result<release_phone_number_response> call(std::string id = test_id) {
        return call(release_phone_number_request{std::move(id), std::nullopt});
    }
    result<release_phone_number_response> call_with_token(std::string token, std::string id = test_id) {
        return call(release_phone_number_request{std::move(id), std::move(token)});
    }

    std::vector<seen_attempt> events() const { return log_->events(); }
    /// Set before calls start: runs inside the observer, after each attempt's accounting.
    void on_event(std::function<void(const attempt_event&)> hook) { log_->hook = std::move(hook); }
    void clear_events() { log_->clear(); }
    /// The parsed attempts (stale replays excluded), in order.
    std::vector<parsed_request> requests() const {
        std::vector<parsed_request> out;
        for (const auto& s : transport->sends()) out.push_back(s.parsed);
        return out;
    }
    int quota() const { return impl->quota().available(); }
    /// The fake time elapsed since the fixture was made.
    std::chrono::nanoseconds elapsed() const { return clock->elapsed(); }

private:
    std::shared_ptr<detail::client_impl> make_impl(const std::function<void(config::resolved_config&)>& tweak,
                                                   credentials_provider_ptr provider) {
        auto cfg = spec_default_config();
        if (tweak) tweak(cfg);
        auto log = log_;
        cfg.observer = [log](const attempt_event& e) { log->add(e); };
        return std::make_shared<detail::client_impl>(ioc.get_executor(), std::move(cfg), test_endpoint(), transport,
                                                     std::move(provider), services.services());
    }
};

/// Shorthands for script steps.
inline scripted_step throttling_429() { return scripted_step::service_error(429, "ThrottlingException", "Rate exceeded"); }
inline scripted_step internal_500() {
    return scripted_step::service_error(500, "InternalServiceException", "Internal service failure");
}

/// Durations for exact comparisons with the fake sleeps.
inline std::vector<std::chrono::nanoseconds> ns(std::initializer_list<std::chrono::milliseconds> ms) {
    std::vector<std::chrono::nanoseconds> out;
    for (auto m : ms) out.push_back(m);
    return out;
}

}  // namespace awsconnect::test
