// The two STS sources: an AssumeRole step (signed with its source's credentials) and
// AssumeRoleWithWebIdentity (unsigned, the token file read again at every call: EKS and CI
// rotate it). Each makes its engine on the executor of its first call and keeps it; the
// engine puts a cache in front of the step's source, so the source is asked only when its
// own credentials near expiry.
//
// Failures are "configured but failed" (provider_error.hpp): a chain stops there. The
// message names the step ("AssumeRole arn:... (profile dev)") and, when the step's source
// failed before anything was sent, says so; never a secret (the web identity token, keys
// and session tokens are never quoted). DurationSeconds is sent unless it is the service's
// default (3600), as the SDKs' recorded requests show.
#include "client/invoke.hpp"
#include "credentials/provider_error.hpp"
#include "identity/sts_context.hpp"
#include "operation/assume_role.hpp"
#include "operation/assume_role_with_web_identity.hpp"

#include <boost/asio/this_coro.hpp>

namespace awsconnect::identity {
namespace {
namespace asio = boost::asio;

/// A failed step as the provider's error: the engine's code is the cause (so a chain stops),
/// the service's answer kept.
error step_failed(std::string_view label, std::string message, const error& e) {
    error out = creds::not_configured(label, message);
    out.cause = e.code == errc::credentials_unavailable && e.cause ? e.cause : e.code;
    if (!out.cause) out.cause = make_error_code(errc::credentials_unavailable);
    out.http_status = e.http_status;
    out.service_code = e.service_code;
    out.server_message = e.server_message;
    out.request_id = e.request_id;
    out.attempts = e.attempts;
    return out;
}

std::optional<int> duration_to_send(std::chrono::seconds d) {
    if (d == std::chrono::seconds(3600)) return std::nullopt;
    return static_cast<int>(d.count());
}

/// The engine of one source, made once, on the executor of the first call.
class lazy_engine {
public:
    lazy_engine(std::shared_ptr<sts_context> sts, credentials_provider_ptr source)
        : sts_(std::move(sts)), source_(std::move(source)) {}

    result<std::shared_ptr<detail::client_impl>> get(asio::any_io_executor ex) {
        std::lock_guard lock(mutex_);
        if (engine_) return engine_;
        auto e = sts_->make_engine(std::move(ex), source_);
        if (e) engine_ = *e;
        return e;
    }

private:
    std::shared_ptr<sts_context> sts_;
    credentials_provider_ptr source_;
    std::mutex mutex_;
    std::shared_ptr<detail::client_impl> engine_;
};

class assume_role_provider final : public credentials_provider {
public:
    assume_role_provider(std::shared_ptr<sts_context> sts, credentials_provider_ptr source,
                         creds::assume_role_step step, std::string label, std::string source_description)
        : sts_(sts),
          engine_(sts, std::move(source)),
          step_(std::move(step)),
          label_(std::move(label)),
          source_description_(std::move(source_description)),
          what_("AssumeRole " + step_.role_arn + " (profile " + step_.profile + ")") {}

    asio::awaitable<result<credentials_ptr>> get_credentials() override {
        auto engine = engine_.get(co_await asio::this_coro::executor);
        if (!engine) co_return step_failed(label_, describe_sts_failure(what_, engine.error()), engine.error());
        operation::assume_role_request in;
        in.role_arn = step_.role_arn;
        in.role_session_name = step_.session_name.empty() ? default_session_name(sts_->now()) : step_.session_name;
        in.external_id = step_.external_id;
        in.duration_seconds = duration_to_send(step_.duration);
        auto r = co_await detail::invoke<operation::assume_role>(*engine, std::move(in));
        if (!r) {
            const error& e = r.error();
            if (e.code == errc::credentials_unavailable && e.attempts == 0)
                co_return step_failed(label_,
                                      "the source of " + what_ + " (" + source_description_ + ") failed: " + e.message,
                                      e);
            co_return step_failed(label_, describe_sts_failure(what_, e), e);
        }
        auto c = to_credentials(std::move(*r), label_ + " (AssumeRole " + step_.role_arn + ")");
        if (!c) co_return step_failed(label_, describe_sts_failure(what_, c.error()), c.error());
        co_return std::make_shared<const credentials>(std::move(*c));
    }

    std::string_view name() const noexcept override { return "assume role"; }

private:
    std::shared_ptr<sts_context> sts_;
    lazy_engine engine_;
    creds::assume_role_step step_;
    std::string label_;
    std::string source_description_;
    std::string what_;
};

class web_identity_provider final : public credentials_provider {
public:
    web_identity_provider(std::shared_ptr<sts_context> sts, creds::web_identity_source source, std::string label)
        : sts_(sts),
          engine_(sts, nullptr),
          source_(std::move(source)),
          label_(std::move(label)),
          what_("AssumeRoleWithWebIdentity " + source_.role_arn) {}

    asio::awaitable<result<credentials_ptr>> get_credentials() override {
        // The token is read at every call: the orchestrator rotates the file (EKS: hourly).
        std::optional<std::string> token = sts_->read()(source_.token_file);
        if (!token || token->empty()) {
            co_return creds::provider_failed(label_,
                                             what_ + ": the web identity token file " + source_.token_file +
                                                 (token ? " is empty" : " cannot be read"),
                                             errc::invalid_configuration);
        }
        auto engine = engine_.get(co_await asio::this_coro::executor);
        if (!engine) co_return step_failed(label_, describe_sts_failure(what_, engine.error()), engine.error());
        operation::assume_role_with_web_identity_request in;
        in.role_arn = source_.role_arn;
        in.role_session_name =
            source_.session_name.empty() ? default_session_name(sts_->now()) : source_.session_name;
        in.web_identity_token = std::move(*token);
        in.duration_seconds = duration_to_send(source_.duration);
        auto r = co_await detail::invoke<operation::assume_role_with_web_identity>(*engine, std::move(in));
        if (!r) co_return step_failed(label_, describe_sts_failure(what_, r.error()), r.error());
        auto c = to_credentials(std::move(*r), label_ + " (AssumeRoleWithWebIdentity " + source_.role_arn + ")");
        if (!c) co_return step_failed(label_, describe_sts_failure(what_, c.error()), c.error());
        co_return std::make_shared<const credentials>(std::move(*c));
    }

    std::string_view name() const noexcept override { return "web identity"; }

private:
    std::shared_ptr<sts_context> sts_;
    lazy_engine engine_;
    creds::web_identity_source source_;
    std::string label_;
    std::string what_;
};

}  // namespace

std::shared_ptr<sts_context> make_sts_context(const identity_options& o) { return std::make_shared<sts_context>(o); }

credentials_provider_ptr make_assume_role_provider(std::shared_ptr<sts_context> sts, credentials_provider_ptr source,
                                                   creds::assume_role_step step, std::string label,
                                                   std::string source_description) {
    return std::make_shared<assume_role_provider>(std::move(sts), std::move(source), std::move(step), std::move(label),
                                                  std::move(source_description));
}

credentials_provider_ptr make_web_identity_provider(std::shared_ptr<sts_context> sts,
                                                    creds::web_identity_source source, std::string label) {
    return std::make_shared<web_identity_provider>(std::move(sts), std::move(source), std::move(label));
}

}  // namespace awsconnect::identity
