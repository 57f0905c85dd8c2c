// A client over the real transport (pool, sockets, TLS) with the real clocks and sleeps,
// but a fixed backoff jitter b, for integration tests whose outcome depends on when a
// retry starts (the attempt timeout / operation deadline case) or that should not wait
// a random second between attempts.
//
// The client is built by the production factory (client_impl::create), from a
// client_config resolved without the process environment or files, with the test's
// services (clocks, sleep, randomness) passed in: every setting (timeouts, pool limits,
// TLS) reaches it exactly as it reaches a client built by client::create.
#pragma once

#include "client/client_access.hpp"
#include "client/client_impl.hpp"
#include "config/resolve_config.hpp"

#include <awsconnect/awsconnect.hpp>

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace awsconnect::test {

inline credentials_provider_ptr example_credentials_provider() {
    return make_static_credentials_provider(
        {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, "static"});
}

/// A configuration for a local server at `url`: us-east-1, example credentials.
inline client_config local_config(std::string url, std::string ca_file = {}) {
    client_config c;
    c.region = "us-east-1";
    c.endpoint_url = std::move(url);
    c.tls.ca_file = std::move(ca_file);
    c.credentials = example_credentials_provider();
    return c;
}

/// The resolved configuration, without the process environment (so no shared config
/// files either: their paths come from it); files named in `c` (the CA bundle) are read.
inline config::resolved_config resolve_hermetic(const client_config& c) {
    auto r = config::resolve_config(c, config::environment{}, config::disk_file_reader());
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().message));
    return std::move(*r);
}

/// A client built by the production factory from `config` (resolved hermetically) with
/// `services` as its clocks, sleep and randomness.
inline client make_test_client(boost::asio::any_io_executor ex, const client_config& config,
                               detail::client_services services) {
    auto impl = detail::client_impl::create(std::move(ex), resolve_hermetic(config), config::environment{},
                                            config::disk_file_reader(), std::move(services));
    REQUIRE_MESSAGE(impl.has_value(), (impl ? std::string() : impl.error().message));
    return detail::client_access::make(std::move(*impl));
}

/// A client over the real transport whose backoff jitter is always `jitter_b`.
inline client make_socket_client(boost::asio::any_io_executor ex, const client_config& config, double jitter_b) {
    auto services = detail::real_client_services();
    services.jitter = [jitter_b] { return jitter_b; };
    return make_test_client(std::move(ex), config, std::move(services));
}

}  // namespace awsconnect::test
