// Client construction: from a resolved configuration to a running engine. Above the
// engine and the identity stage (lib/identity), which builds the default credentials chain
// (its STS calls run on engines of their own): construction -> identity -> engine.
#include "client/client_impl.hpp"

#include "identity/identity.hpp"
#include "transport/pooled_transport.hpp"

namespace awsconnect::detail {
namespace asio = boost::asio;

result<std::shared_ptr<client_impl>> client_impl::create(asio::any_io_executor executor, config::resolved_config cfg,
                                                         const config::environment& env,
                                                         const config::file_reader& read,
                                                         client_services services) {
    // Endpoint: the override, or the Connect rules for the region.
    endpoint::endpoint_params ep;
    ep.region = cfg.region;
    ep.use_fips = cfg.use_fips;
    ep.use_dualstack = cfg.use_dualstack;
    if (!cfg.endpoint_url.empty()) ep.endpoint = cfg.endpoint_url;
    auto resolved = endpoint::resolve_connect_endpoint(ep);
    if (!resolved) return resolved.error();
    // One logger (one copy of the sink) for everything this client builds.
    const log::logger_ptr log = log::make_logger(cfg.logger);
    client_endpoint e = make_client_endpoint(*resolved, cfg.region, "connect");
    log->debug("client", [&] {
        const std::string from =
            !cfg.endpoint_url.empty()
                ? (cfg.endpoint_url_source.empty() ? std::string("the configured endpoint_url") : cfg.endpoint_url_source)
                : "the Connect endpoint rules: region " + cfg.region + (cfg.use_fips ? ", FIPS" : "") +
                      (cfg.use_dualstack ? ", dual-stack" : "");
        return "endpoint " + e.url + " (from " + from + "); signing region " + e.signing_region + ", service " +
               e.signing_name;
    });

    auto transport = make_transport(executor, cfg, e, log);
    if (!transport) return transport.error();

    // Credentials: the caller's provider, or the default chain for this configuration (its
    // STS calls use this configuration's retry, timeouts, pool and TLS settings, and the
    // same clocks).
    credentials_provider_ptr provider = cfg.credentials;
    if (!provider) {
        identity::identity_options io = identity::options_for(cfg, env, read);
        io.services = services;
        io.log = log;
        provider = identity::make_default_chain(std::move(io));
    }
    auto impl = std::make_shared<client_impl>(std::move(executor), std::move(cfg), std::move(e), std::move(*transport),
                                              std::move(provider), std::move(services), log);
    // Pre-warm (R17): open the configured connections now.
    if (impl->cfg_.pool.initial_size > 0)
        if (auto* pt = dynamic_cast<transport::pooled_transport*>(impl->transport_.get()))
            pt->pool_for(impl->endpoint_.key);
    return impl;
}

}  // namespace awsconnect::detail
