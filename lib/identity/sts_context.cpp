#include "identity/sts_context.hpp"

#include "credentials/iso8601.hpp"
#include "endpoint/resolve_endpoint.hpp"

namespace awsconnect::identity {
namespace {

/// STS calls when no Region is configured: us-east-1, as the SDKs' STS clients fall back
/// (smithy-rs, botocore's legacy global endpoint is in us-east-1 too).
constexpr const char* fallback_region = "us-east-1";

result<detail::client_endpoint> resolve(const config::resolved_config& cfg) {
    endpoint::endpoint_params p;
    p.region = cfg.region.empty() ? std::string(fallback_region) : cfg.region;
    p.use_fips = cfg.use_fips;
    p.use_dualstack = cfg.use_dualstack;
    if (!cfg.sts_endpoint_url.empty()) p.endpoint = cfg.sts_endpoint_url;
    auto r = endpoint::resolve_sts_endpoint(p);
    if (!r) {
        error e = r.error();
        e.message = "STS endpoint" +
                    (cfg.sts_endpoint_url_source.empty() ? std::string() : " from " + cfg.sts_endpoint_url_source) +
                    ": " + e.message;
        return e;
    }
    return detail::make_client_endpoint(*r, *p.region, "sts");
}

detail::client_services with_real_defaults(detail::client_services s) {
    const detail::client_services real = detail::real_client_services();
    if (!s.steady_now) s.steady_now = real.steady_now;
    if (!s.wall_now) s.wall_now = real.wall_now;
    if (!s.sleep_until) s.sleep_until = real.sleep_until;
    if (!s.new_token) s.new_token = real.new_token;
    if (!s.new_invocation_id) s.new_invocation_id = real.new_invocation_id;
    if (!s.jitter) s.jitter = real.jitter;
    return s;
}

/// The unsigned engines' provider: never asked (the engine asks only for signed calls).
class no_credentials final : public credentials_provider {
public:
    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        co_return make_error(errc::credentials_unavailable, "unsigned STS calls have no credentials");
    }
    std::string_view name() const noexcept override { return "none"; }
};

}  // namespace

sts_context::sts_context(const identity_options& o)
    : cfg_(o.sts_config),
      services_(with_real_defaults(o.services)),
      cache_(o.cache),
      log_(o.log ? o.log : log::make_logger(o.sts_config.logger)),
      read_(o.read ? o.read : config::disk_file_reader()),
      endpoint_(resolve(o.sts_config)) {
    if (cfg_.region.empty()) cfg_.region = fallback_region;
    cfg_.observer = nullptr;  // STS attempts are not the client's calls
    cfg_.credentials = nullptr;
    cfg_.endpoint_url = endpoint_ ? endpoint_->url : std::string();
    if (!cache_.now) cache_.now = services_.wall_now;
}

std::string sts_context::endpoint_description() const {
    return endpoint_ ? endpoint_->url : std::string("(none: ") + endpoint_.error().message + ")";
}

result<std::shared_ptr<detail::client_impl>> sts_context::make_engine(boost::asio::any_io_executor executor,
                                                                      credentials_provider_ptr source) {
    if (!endpoint_) return endpoint_.error();
    std::shared_ptr<transport::http_transport> transport;
    {
        std::lock_guard lock(mutex_);
        if (!transport_) {
            auto t = detail::make_transport(executor, cfg_, *endpoint_, log_);
            if (!t) return t.error();
            transport_ = std::move(*t);
        }
        transport = transport_;
    }
    if (!source) {
        source = std::make_shared<no_credentials>();
    } else if (!std::dynamic_pointer_cast<creds::cached_provider>(source)) {
        source = creds::make_cached_provider(std::move(source), cache_);
    }
    return std::make_shared<detail::client_impl>(std::move(executor), cfg_, *endpoint_, std::move(transport),
                                                 std::move(source), services_, log_);
}

result<credentials> to_credentials(operation::sts_credentials_output out, std::string source) {
    auto expiration = creds::parse_iso8601(out.expiration);
    if (!expiration)
        return make_error(errc::malformed_response,
                          "the response's Credentials/Expiration is not an ISO 8601 time");
    credentials c;
    c.access_key_id = std::move(out.access_key_id);
    c.secret_access_key = std::move(out.secret_access_key);
    c.session_token = std::move(out.session_token);
    c.expiration = *expiration;
    c.source = std::move(source);
    c.account_id = std::move(out.account_id);
    return c;
}

std::string describe_sts_failure(std::string_view what, const error& e) {
    std::string m(what);
    m += " failed: ";
    m += e.message;
    if (!e.server_message.empty() && e.message.find(e.server_message) == std::string::npos) {
        m += " (";
        m += e.server_message;
        m += ")";
    }
    return m;
}

std::string default_session_name(std::chrono::system_clock::time_point now) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    return "awsconnect-" + std::to_string(ms);
}

}  // namespace awsconnect::identity
