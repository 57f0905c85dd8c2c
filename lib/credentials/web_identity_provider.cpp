// Web identity from the environment: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN
// [+ AWS_ROLE_SESSION_NAME], the third source of the default chain (after the profile, before
// the container; specs/credentials.md §1). EKS (IRSA) and CI systems (GitHub OIDC) set them.
//
// When the two are set, the credentials are AssumeRoleWithWebIdentity's. That call is not
// implemented yet, so the provider fails, and the chain stops there: falling through to the
// container or the instance role would use another identity than the one configured. The
// settings are read into `web_identity_settings` first, so the STS call slots in where the
// failure is returned today.
//
// As smithy-rs reads them: no AWS_WEB_IDENTITY_TOKEN_FILE is "not configured" (AWS_ROLE_ARN
// alone is not enough to mean anything); the token file without AWS_ROLE_ARN is a
// configuration error. The token file is not read here (it is a secret, and only the STS call
// needs it); messages name the variables, never their values.
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"

#include <optional>

namespace awsconnect::creds {
namespace {

constexpr std::string_view label = "web identity";

struct web_identity_settings {
    std::string token_file;
    std::string role_arn;
    std::string session_name;  ///< empty: generated at the call
};

class web_identity_env_provider final : public credentials_provider {
public:
    explicit web_identity_env_provider(config::environment env) : env_(std::move(env)) {}

    boost::asio::awaitable<result<credentials_ptr>> get_credentials() override {
        auto settings = read_settings();
        if (!settings) co_return settings.error();
        co_return provider_failed(label,
                                  "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are set: assuming a role with "
                                  "web identity (AssumeRoleWithWebIdentity) is not supported yet; no other "
                                  "source of credentials is tried in its place");
    }

    std::string_view name() const noexcept override { return "web identity"; }

private:
    result<web_identity_settings> read_settings() const {
        auto token_file = env_.get("AWS_WEB_IDENTITY_TOKEN_FILE");
        if (!token_file) return not_configured(label, "AWS_WEB_IDENTITY_TOKEN_FILE not set");
        auto role_arn = env_.get("AWS_ROLE_ARN");
        if (!role_arn) {
            return provider_failed(label, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
                                   errc::invalid_configuration);
        }
        web_identity_settings s;
        s.token_file = std::string(*token_file);
        s.role_arn = std::string(*role_arn);
        if (auto name = env_.get("AWS_ROLE_SESSION_NAME")) s.session_name = std::string(*name);
        return s;
    }

    config::environment env_;
};

}  // namespace

credentials_provider_ptr make_web_identity_env_provider(config::environment env) {
    return std::make_shared<web_identity_env_provider>(std::move(env));
}

}  // namespace awsconnect::creds
