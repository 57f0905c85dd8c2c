// The chain provider: the first provider that has credentials wins.
//
// A provider that is not configured lets the next one try; one that is configured but
// failed stops the chain (provider_error.hpp). Either way the error lists every provider
// tried, in order, with its reason:
//   "no credentials: environment: AWS_ACCESS_KEY_ID not set; profile default: ...; ..."
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"

namespace awsconnect::creds {
namespace {

class chain_provider final : public credentials_provider {
public:
    explicit chain_provider(std::vector<credentials_provider_ptr> providers)
        : providers_(std::move(providers)) {}

    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        std::string tried;
        for (const auto& p : providers_) {
            if (!p) continue;
            auto r = co_await p->get_credentials();
            if (r) co_return r;
            if (!tried.empty()) tried += "; ";
            tried += r.error().message;
            if (!is_not_configured(r.error())) {
                error e = make_error(errc::credentials_unavailable, "no credentials: " + tried);
                e.cause = r.error().cause;
                co_return e;
            }
        }
        if (tried.empty()) tried = "the chain has no providers";
        // No cause: a chain inside a chain is "not configured" when all of it was.
        co_return make_error(errc::credentials_unavailable, "no credentials: " + tried);
    }

    std::string_view name() const noexcept override { return "chain"; }

private:
    std::vector<credentials_provider_ptr> providers_;
};

}  // namespace

credentials_provider_ptr make_chain_provider(std::vector<credentials_provider_ptr> providers) {
    return std::make_shared<chain_provider>(std::move(providers));
}

}  // namespace awsconnect::creds

namespace awsconnect {

credentials_provider_ptr make_chain_credentials_provider(
    std::vector<credentials_provider_ptr> providers) {
    return creds::make_chain_provider(std::move(providers));
}

}  // namespace awsconnect
