// The EC2 instance metadata provider, IMDSv2 only.
//
//   PUT  /latest/api/token                           x-aws-ec2-metadata-token-ttl-seconds: 21600
//   GET  /latest/meta-data/iam/security-credentials/        -> the role name (first line)
//   GET  /latest/meta-data/iam/security-credentials/<role>  -> the credentials JSON
//        (both GETs with x-aws-ec2-metadata-token: <token>)
//
// Short timeouts (1 s) and 2 tries per request by default: off EC2 nothing answers at
// 169.254.169.254 and the default chain must not hang there. A 401 on a GET (token expired)
// fetches a new token once. No IMDSv1 fallback: botocore falls back when the token PUT is
// refused with 404/405; the newer SDKs recommend turning that off, and v1 is what SSRF
// attacks use, so a token failure is a failure here.
// An unreachable service (timeouts, refused) or an instance without a role is "not
// configured"; a service that answers wrongly is a failure.
#include "credentials/credentials_json.hpp"

#include "http/ascii.hpp"
#include "credentials/http_get.hpp"
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"

namespace awsconnect::creds {
namespace {

constexpr std::string_view label = "imds";
constexpr std::string_view role_path = "/latest/meta-data/iam/security-credentials/";

using http::iequals;

bool unreachable(http_failure f) {
    return f == http_failure::timeout || f == http_failure::refused ||
           f == http_failure::connect || f == http_failure::resolve;
}

class imds_provider final : public credentials_provider {
public:
    explicit imds_provider(imds_options o) : o_(std::move(o)) {}

    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        if (auto d = o_.env.get("AWS_EC2_METADATA_DISABLED"); d && iequals(*d, "true")) {
            co_return not_configured(label, "disabled by AWS_EC2_METADATA_DISABLED");
        }
        std::string base = o_.endpoint;
        if (base.empty()) {
            if (auto e = o_.env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
                base = std::string(*e);
            } else if (auto m = o_.env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")) {
                if (iequals(*m, "IPv6")) {
                    base = "http://[fd00:ec2::254]";
                } else if (iequals(*m, "IPv4")) {
                    base = "http://169.254.169.254";
                } else {
                    co_return provider_failed(label,
                                              "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be "
                                              "IPv4 or IPv6",
                                              errc::invalid_configuration);
                }
            } else {
                base = "http://169.254.169.254";
            }
        }
        while (!base.empty() && base.back() == '/') base.pop_back();
        if (!parse_http_url(base).ok) {
            co_return provider_failed(label, "the metadata endpoint is not an http(s) URL",
                                      errc::invalid_configuration);
        }

        std::string token;
        std::string role;
        http_reply reply;
        // Two rounds at most: the second only when a GET says the token has expired.
        for (int round = 0; round < 2; ++round) {
            auto t = co_await fetch_token(base);
            if (!t) co_return t.error();
            token = std::move(*t);

            reply = co_await get(base + std::string(role_path), token);
            if (!reply.ok()) co_return network_error(base, "GET " + std::string(role_path), reply);
            if (reply.status == 401 && round == 0) continue;
            if (reply.status == 404) {
                co_return not_configured(label, "no IAM role is attached to the instance");
            }
            if (reply.status != 200) co_return status_error("GET " + std::string(role_path), reply);
            role = first_line(reply.body);
            if (role.empty()) {
                co_return not_configured(label, "no IAM role is attached to the instance");
            }

            const std::string creds_path = std::string(role_path) + role;
            reply = co_await get(base + creds_path, token);
            if (!reply.ok()) co_return network_error(base, "GET " + creds_path, reply);
            if (reply.status == 401 && round == 0) continue;
            if (reply.status != 200) co_return status_error("GET " + creds_path, reply);
            break;
        }
        if (reply.status != 200) {
            co_return provider_failed(label, "the session token was rejected twice (HTTP 401)");
        }

        auto parsed =
            parse_credentials_document(reply.body, credentials_document::imds, now_or_system(o_.now));
        if (auto* bad = std::get_if<document_error>(&parsed)) {
            co_return provider_failed(label, "role credentials: " + bad->why,
                                      bad->expired ? errc::expired_token
                                                   : errc::malformed_response);
        }
        auto& c = std::get<credentials>(parsed);
        c.source = "imds";
        co_return std::make_shared<const credentials>(std::move(c));
    }

    std::string_view name() const noexcept override { return "imds"; }

private:
    boost::asio::awaitable<result<std::string>> fetch_token(const std::string& base) {
        http_request_spec spec;
        spec.method = "PUT";
        spec.url = base + "/latest/api/token";
        spec.timeout = o_.timeout;
        spec.max_body_bytes = 4096;
        spec.headers.emplace_back("x-aws-ec2-metadata-token-ttl-seconds", "21600");
        http_reply r = co_await http_fetch_retrying(std::move(spec), o_.attempts);
        if (!r.ok()) co_return network_error(base, "PUT /latest/api/token", r);
        if (r.status != 200) co_return status_error("PUT /latest/api/token", r);
        if (r.body.empty() || r.body.find_first_of("\r\n") != std::string::npos) {
            co_return provider_failed(label, "PUT /latest/api/token returned an unusable token",
                                      errc::malformed_response);
        }
        co_return std::move(r.body);
    }

    boost::asio::awaitable<http_reply> get(std::string url, const std::string& token) {
        http_request_spec spec;
        spec.url = std::move(url);
        spec.timeout = o_.timeout;
        spec.max_body_bytes = 16 * 1024;
        spec.headers.emplace_back("x-aws-ec2-metadata-token", token);
        co_return co_await http_fetch_retrying(std::move(spec), o_.attempts);
    }

    error network_error(const std::string& base, const std::string& what,
                        const http_reply& r) const {
        if (unreachable(r.failure)) {
            // Not on EC2 (or IMDS is off): nothing configured here.
            return not_configured(label, "no instance metadata service at " + base + " (" + what +
                                             ": " + r.what + ", " + std::to_string(o_.attempts) +
                                             (o_.attempts == 1 ? " try)" : " tries)"));
        }
        return provider_failed(label, what + ": " + r.what, errc_of(r.failure));
    }

    static error status_error(const std::string& what, const http_reply& r) {
        return provider_failed(label, what + " returned HTTP " + std::to_string(r.status));
    }

    static std::string first_line(const std::string& body) {
        std::string line = body.substr(0, body.find_first_of("\r\n"));
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
        return line;
    }

    imds_options o_;
};

}  // namespace

credentials_provider_ptr make_imds_provider(imds_options opts) {
    return std::make_shared<imds_provider>(std::move(opts));
}

}  // namespace awsconnect::creds

namespace awsconnect {

credentials_provider_ptr make_imds_credentials_provider() {
    creds::imds_options o;
    o.env = config::environment::from_process();
    return creds::make_imds_provider(std::move(o));
}

}  // namespace awsconnect
