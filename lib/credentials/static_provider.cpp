// The static provider: always the same credentials.
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"

namespace awsconnect {
namespace {

class static_provider final : public credentials_provider {
public:
    explicit static_provider(credentials c) {
        if (c.source.empty()) c.source = "static";
        if (c.access_key_id.empty()) {
            why_ = "the access key id is empty";
        } else if (c.secret_access_key.empty()) {
            why_ = "the secret access key is empty";
        }
        creds_ = std::make_shared<const credentials>(std::move(c));
    }

    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        // Configured by the caller, so a problem is a failure, not "not configured".
        if (!why_.empty()) co_return creds::provider_failed("static", why_,
                                                                  errc::invalid_configuration);
        co_return creds_;
    }

    std::string_view name() const noexcept override { return "static"; }

private:
    credentials_ptr creds_;
    std::string why_;
};

}  // namespace

credentials_provider_ptr make_static_credentials_provider(credentials c) {
    return std::make_shared<static_provider>(std::move(c));
}

}  // namespace awsconnect
