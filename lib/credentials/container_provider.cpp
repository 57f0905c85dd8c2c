// The container provider (ECS task roles, EKS Pod Identity).
//
// Where: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI appended to http://169.254.170.2 (it wins,
// as in botocore), else AWS_CONTAINER_CREDENTIALS_FULL_URI. A full URI over plain http must
// name a loopback host (127.0.0.0/8, ::1, localhost) or the ECS/EKS agent addresses
// (169.254.170.2, 169.254.170.23, fd00:ec2::23): anything else could send the token, and
// get credentials, over a network in clear text. https may name any host.
// Authorization: the contents of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read on every
// call: EKS rotates it; trailing whitespace dropped), else AWS_CONTAINER_AUTHORIZATION_TOKEN.
// Tries: `attempts` on timeouts, connection failures and 5xx.
// Once configured (either variable set), every failure stops a chain.
#include "credentials/credentials_json.hpp"

#include "http/ascii.hpp"
#include "credentials/http_get.hpp"
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"

#include <boost/asio/ip/address.hpp>

namespace awsconnect::creds {
namespace {

constexpr std::string_view label = "container";

bool allowed_plain_http_host(const std::string& host) {
    const std::string lower = http::to_lower_ascii(host);
    if (lower == "localhost") return true;
    boost::system::error_code ec;
    auto a = boost::asio::ip::make_address(lower, ec);
    if (ec) return false;
    if (a.is_loopback()) return true;
    return a == boost::asio::ip::make_address("169.254.170.2") ||
           a == boost::asio::ip::make_address("169.254.170.23") ||
           a == boost::asio::ip::make_address("fd00:ec2::23");
}

class container_provider final : public credentials_provider {
public:
    explicit container_provider(container_options o) : o_(std::move(o)) {
        if (!o_.read) o_.read = config::disk_file_reader();
    }

    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        http_request_spec spec;
        spec.timeout = o_.timeout;
        if (auto rel = o_.env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
            spec.url = o_.relative_base;
            if (rel->front() != '/') spec.url += '/';
            spec.url += *rel;
        } else if (auto full = o_.env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            spec.url = std::string(*full);
            url_parts u = parse_http_url(spec.url);
            if (!u.ok) {
                co_return provider_failed(label,
                                          "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http:// "
                                          "or https:// URL with a host",
                                          errc::invalid_configuration);
            }
            if (!u.https && !allowed_plain_http_host(u.host)) {
                co_return provider_failed(
                    label,
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI names host \"" + u.host +
                        "\": plain http is only allowed to a loopback address, 169.254.170.2, "
                        "169.254.170.23 or fd00:ec2::23 (use https for other hosts)",
                    errc::invalid_configuration);
            }
        } else {
            co_return not_configured(label,
                                     "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
                                     "AWS_CONTAINER_CREDENTIALS_FULL_URI not set");
        }

        std::string token;
        if (auto file = o_.env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
            auto text = o_.read(std::string(*file));
            if (!text) {
                co_return provider_failed(label,
                                          "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \"" +
                                              std::string(*file) + "\"",
                                          errc::invalid_configuration);
            }
            token = std::move(*text);
            while (!token.empty() && (token.back() == '\n' || token.back() == '\r' ||
                                      token.back() == ' ' || token.back() == '\t')) {
                token.pop_back();
            }
        } else if (auto t = o_.env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
            token = std::string(*t);
        }
        if (token.find_first_of("\r\n") != std::string::npos) {
            co_return provider_failed(label,
                                      "the authorization token contains a line break (it "
                                      "cannot be sent as a header)",
                                      errc::invalid_configuration);
        }
        spec.headers.emplace_back("Accept", "application/json");
        if (!token.empty()) spec.headers.emplace_back("Authorization", std::move(token));

        const std::string where = "GET " + parse_http_url(spec.url).display();
        http_reply reply = co_await http_fetch_retrying(std::move(spec), o_.attempts);
        if (!reply.ok()) {
            co_return provider_failed(label, where + ": " + reply.what, errc_of(reply.failure));
        }
        if (reply.status != 200) {
            co_return provider_failed(label, where + " returned HTTP " +
                                                 std::to_string(reply.status));
        }
        auto parsed = parse_credentials_document(reply.body, credentials_document::container,
                                                 now_or_system(o_.now));
        if (auto* bad = std::get_if<document_error>(&parsed)) {
            co_return provider_failed(label, where + ": " + bad->why,
                                      bad->expired ? errc::expired_token
                                                   : errc::malformed_response);
        }
        auto& c = std::get<credentials>(parsed);
        c.source = "container";
        co_return std::make_shared<const credentials>(std::move(c));
    }

    std::string_view name() const noexcept override { return "container"; }

private:
    container_options o_;
};

}  // namespace

credentials_provider_ptr make_container_provider(container_options opts) {
    return std::make_shared<container_provider>(std::move(opts));
}

}  // namespace awsconnect::creds

namespace awsconnect {

credentials_provider_ptr make_container_credentials_provider() {
    creds::container_options o;
    o.env = config::environment::from_process();
    return creds::make_container_provider(std::move(o));
}

}  // namespace awsconnect
