// A client over the real transport (pool, sockets, TLS) with the real clocks and sleeps,
// but a fixed backoff jitter b, for integration tests whose outcome depends on when a
// retry starts (the attempt timeout / operation deadline case) or that should not wait
// a random second between attempts.
//
// It builds what client_impl::create builds (endpoint from the URL, pooled transport,
// TLS context) from a client_config resolved without the process environment or files,
// then swaps the jitter. Everything else (credentials cache, observer, stats) is the real
// client's.
#pragma once

#include "client/client_access.hpp"
#include "client/client_impl.hpp"
#include "config/resolve_config.hpp"
#include "transport/pooled_transport.hpp"
#include "transport/tls_context.hpp"

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

/// A client over the real transport whose backoff jitter is always `jitter_b`.
inline client make_socket_client(boost::asio::any_io_executor ex, const client_config& config, double jitter_b) {
    auto cfg = resolve_hermetic(config);
    endpoint::endpoint_params ep;
    ep.region = cfg.region;
    ep.endpoint = cfg.endpoint_url;
    auto resolved = endpoint::resolve_connect_endpoint(ep);
    REQUIRE_MESSAGE(resolved.has_value(), (resolved ? std::string() : resolved.error().message));
    detail::client_endpoint e;
    e.key = {resolved->scheme == "https", resolved->host, resolved->port};
    e.url = resolved->url;
    e.base_path = resolved->base_path;
    e.host_header = e.key.authority();
    e.signing_region = resolved->signing_region.empty() ? cfg.region : resolved->signing_region;
    e.signing_name = resolved->signing_name.empty() ? "connect" : resolved->signing_name;

    transport::transport_options t;
    t.pool.limits.max_connections = cfg.pool.max_connections;
    t.pool.limits.max_pending = cfg.pool.max_pending ? cfg.pool.max_pending : 4 * cfg.pool.max_connections;
    t.pool.limits.max_concurrent_connects = cfg.pool.max_concurrent_connects;
    t.pool.limits.idle_timeout = cfg.pool.idle_timeout;
    t.pool.connect_timeout = cfg.timeouts.connect;
    t.pool.tls_handshake_timeout = cfg.timeouts.tls_handshake;
    if (e.key.tls) {
        transport::tls_settings ts;
        ts.ca_file = cfg.tls.ca_file;
        auto ctx = transport::tls_context::create(ts);
        REQUIRE_MESSAGE(ctx.has_value(), (ctx ? std::string() : ctx.error().message));
        t.pool.tls = *ctx;
    }
    auto transport = std::make_shared<transport::pooled_transport>(ex, std::move(t));
    auto services = detail::real_client_services();
    services.jitter = [jitter_b] { return jitter_b; };
    credentials_provider_ptr provider = cfg.credentials;
    auto impl = std::make_shared<detail::client_impl>(ex, std::move(cfg), std::move(e), std::move(transport),
                                                      std::move(provider), std::move(services));
    return detail::client_access::make(std::move(impl));
}

}  // namespace awsconnect::test
