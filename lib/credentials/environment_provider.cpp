// The environment provider: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
// AWS_CREDENTIAL_EXPIRATION, read from a snapshot taken when the provider is made.
#include "credentials/iso8601.hpp"
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"

namespace awsconnect::creds {
namespace {

constexpr std::string_view label = "environment";

class environment_provider final : public credentials_provider {
public:
    environment_provider(config::environment env, clock_fn now)
        : env_(std::move(env)), now_(std::move(now)) {}

    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        co_return fetch();
    }

    std::string_view name() const noexcept override { return "environment"; }

private:
    result<credentials_ptr> fetch() const {
        auto id = env_.get("AWS_ACCESS_KEY_ID");
        auto secret = env_.get("AWS_SECRET_ACCESS_KEY");
        if (!id && !secret) return not_configured(label, "AWS_ACCESS_KEY_ID not set");
        // Half a key pair is a mistake to report, not a reason to look elsewhere.
        if (!id) {
            return provider_failed(label, "AWS_ACCESS_KEY_ID not set (AWS_SECRET_ACCESS_KEY is)",
                                   errc::invalid_configuration);
        }
        if (!secret) {
            return provider_failed(label, "AWS_SECRET_ACCESS_KEY not set (AWS_ACCESS_KEY_ID is)",
                                   errc::invalid_configuration);
        }
        credentials c;
        c.access_key_id = std::string(*id);
        c.secret_access_key = std::string(*secret);
        if (auto token = env_.get("AWS_SESSION_TOKEN")) c.session_token = std::string(*token);
        if (auto exp = env_.get("AWS_CREDENTIAL_EXPIRATION")) {
            auto t = parse_iso8601(*exp);
            if (!t) {
                return provider_failed(label, "AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time",
                                       errc::invalid_configuration);
            }
            if (*t <= now_or_system(now_)) {
                return provider_failed(label, "the credentials expired at " + format_iso8601(*t),
                                       errc::expired_token);
            }
            c.expiration = *t;
        }
        c.source = "environment";
        return std::make_shared<const credentials>(std::move(c));
    }

    config::environment env_;
    clock_fn now_;
};

}  // namespace

credentials_provider_ptr make_environment_provider(config::environment env, clock_fn now) {
    return std::make_shared<environment_provider>(std::move(env), std::move(now));
}

}  // namespace awsconnect::creds

namespace awsconnect {

credentials_provider_ptr make_environment_credentials_provider() {
    return creds::make_environment_provider(config::environment::from_process());
}

}  // namespace awsconnect
