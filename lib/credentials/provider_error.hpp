// How a credentials provider says it found nothing, and how it says it failed.
//
// Both are errc::credentials_unavailable with a message that starts with the provider's
// label ("environment: AWS_ACCESS_KEY_ID not set", "profile dev: ..."). They differ in
// `error::cause`:
// - not configured (nothing to try here): no cause. A chain moves on to the next provider.
// - configured but failed (partial keys, a failing credential_process, a container endpoint
//   that does not answer, expired credentials): a cause (the closest errc, or
//   credentials_unavailable). A chain stops there, as the SDKs do: using another identity
//   because the configured one broke would surprise everyone.
// A provider written by a user that returns make_error(...) without a cause is therefore
// "not configured", which is the safe reading.
//
// Messages never contain a secret: providers quote names, paths, HTTP statuses and times,
// never keys, tokens or response bodies.
#pragma once

#include <awsconnect/error.hpp>

#include <string>
#include <string_view>

namespace awsconnect::creds {

inline error not_configured(std::string_view label, std::string_view why) {
    std::string msg(label);
    msg += ": ";
    msg += why;
    return make_error(errc::credentials_unavailable, std::move(msg));
}

inline error provider_failed(std::string_view label, std::string_view why,
                             errc cause = errc::credentials_unavailable) {
    error e = not_configured(label, why);
    e.cause = make_error_code(cause);
    return e;
}

inline bool is_not_configured(const error& e) noexcept { return !e.cause; }

}  // namespace awsconnect::creds
