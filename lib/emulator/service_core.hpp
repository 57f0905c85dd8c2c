// The emulator's pure core: one request in, one response out, the service state changed.
//
// No I/O, no clock, no randomness: the time comes in, and the I/O shell (server.cpp) owns
// the bytes and the lock. The pipeline for a Connect request is
//   route -> authenticate (SigV4) -> read the input (operation_input) -> throttle ->
//   invalid input? -> idempotency -> the operation (operations.cpp)
// and every request ends in exactly one `outcome`, counted in `service_state::stats`
// (and in its operation's counters). `handle_request` is that pipeline, and the only one:
// the server calls it for every Connect request, and so do the tests and the fuzzer.
// Authentication (the expensive part) and reading the input depend only on immutable
// settings and the caller's scratch buffers, so they run before the state lock is taken;
// the rest runs under it.
#pragma once

#include "crypto/sha256.hpp"
#include "emulator/authenticate.hpp"
#include "emulator/identity_store.hpp"
#include "emulator/idempotency_store.hpp"
#include "emulator/inventory.hpp"
#include "emulator/operation_input.hpp"
#include "emulator/request_view.hpp"
#include "emulator/token_bucket.hpp"

#include <awsconnect/emulator.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace awsconnect::emulator {

/// How a request ended (one counter each).
enum class outcome : std::uint8_t {
    ok,
    invalid_parameter,
    bad_request,
    missing_token,
    incomplete_signature,
    unrecognized_client,
    expired_token,
    invalid_signature,
    signature_expired,
    not_found,
    access_denied,
    unknown_operation,
    in_use,
    idempotency_conflict,
    throttled,
    injected_5xx,
    injected_429,
};

/// The credentials services' operations (credentials.md §4): not Connect requests.
enum class identity_operation : std::uint8_t {
    none,
    assume_role,                    ///< STS, POST / Action=AssumeRole
    assume_role_with_web_identity,  ///< STS, POST / Action=AssumeRoleWithWebIdentity
    get_role_credentials,           ///< SSO, GET /federation/credentials
    create_token,                   ///< SSO-OIDC, POST /token
};

/// A response before it becomes bytes.
struct response {
    int status = 200;
    std::string_view error_type;                     ///< X-Amzn-ErrorType; empty on success
    std::string_view content_type = "application/json";
    std::string_view allow;                          ///< 405 only
    std::string body;                                ///< reused: keeps its capacity
    outcome result = outcome::ok;
    connect_operation op = connect_operation::none;  ///< the operation the request was routed to
    identity_operation identity_op = identity_operation::none;  ///< or this one
    /// x-amzn-RequestId when the body names it too (STS); empty: the shell makes one.
    std::string request_id;
    bool committed = false;  ///< the inventory changed (a claim, a move, a release, ...)
    bool replayed = false;   ///< the first answer of its token was replayed

    void reset() noexcept {
        status = 200;
        error_type = {};
        content_type = "application/json";
        allow = {};
        body.clear();
        result = outcome::ok;
        op = connect_operation::none;
        identity_op = identity_operation::none;
        request_id.clear();
        committed = replayed = false;
    }
};

/// Sets `r` to a front-end error (authentication, routing, HTTP): `status`,
/// X-Amzn-ErrorType `type`, {"message": ...}.
void set_error(response& r, int status, std::string_view type, std::string_view message,
               outcome o);
/// Sets `r` to one of the model's exceptions: {"Message": ...}, the member's name in the
/// model. `type` must be a string literal.
void set_model_error(response& r, int status, std::string_view type, std::string_view message,
                     outcome o);

enum class route_kind : std::uint8_t {
    connect,             ///< one of the operations: `op`
    admin_counters,      ///< GET /__emulator/counters
    admin_reset,         ///< POST /__emulator/counters/reset
    admin_health,        ///< GET /__emulator/health
    admin_clock,         ///< GET or POST /__emulator/clock
    sts,                 ///< POST /: STS (awsQuery; the Action is in the form body)
    sso_role_credentials,  ///< GET /federation/credentials: SSO GetRoleCredentials
    oidc_token,          ///< POST /token: SSO-OIDC CreateToken
    method_not_allowed,  ///< a known path with another method: 405
    unknown,             ///< any other path: 404
};

struct route {
    route_kind kind = route_kind::unknown;
    connect_operation op = connect_operation::none;
    std::string_view encoded_id;  ///< operations on /phone-number/{id}: the label, still encoded
    std::string_view allow;       ///< method_not_allowed: the methods the path takes
};

/// Which handler a request goes to. Admin paths are matched only when `admin_paths`; they
/// live under /__emulator/, which no Connect operation uses.
route route_request(std::string_view method, std::string_view path, bool admin_paths) noexcept;

/// Settings fixed for the server's life. Refers to `config`, which must outlive it.
struct service_settings {
    explicit service_settings(const server_config& config);

    auth_settings auth;
    std::string_view region;
    std::chrono::milliseconds claim_latency{0};
    std::chrono::milliseconds update_latency{0};
    crypto::hmac_sha256_key page_key;  ///< signs NextTokens
    std::string phone_number_arn_prefix;  ///< "arn:aws:connect:REGION:ACCOUNT:phone-number/"
    std::string account_id;

    // The credentials services.
    auth_settings sts_auth;  ///< `auth` with the scope service `sts`
    std::string_view partition;
    std::span<const std::string> roles;
    std::chrono::seconds sso_credentials_lifetime{3600};
    std::chrono::seconds sso_token_lifetime{3600};
};

/// Everything a request may change. Guarded by the shell's lock.
struct service_state {
    service_state(const server_config& config, std::chrono::system_clock::time_point now);

    inventory numbers;
    idempotency_store tokens;
    std::optional<token_bucket> throttle;
    counters stats;
    std::string message;  ///< reused under the lock
    /// What the credentials services issued. Internally synchronized: the one member that
    /// may be used without the state lock (SigV4 verification reads it).
    identity_store identities;
};

/// The state and the lock that guards it. `mutex` null: the caller is the state's only
/// user (a test, the fuzzer); otherwise `handle_request` takes it after authentication.
struct guarded_state {
    service_state& state;
    std::mutex* mutex = nullptr;
};

/// Buffers one connection reuses from one request to the next: what the pipeline needs
/// outside the state lock (the release path does not allocate once warm).
struct request_scratch {
    auth_scratch auth;
    std::string message;
    request_input input;
};

/// Whether `kind` is one of the credentials services (not a Connect request: never
/// faulted, not numbered, not in `requests_total` nor the outcome counters).
constexpr bool is_identity_route(route_kind kind) noexcept {
    return kind == route_kind::sts || kind == route_kind::sso_role_credentials ||
           kind == route_kind::oidc_token;
}

/// Counts a Connect request's arrival; returns its number since `stats` were reset.
inline std::uint64_t begin_request(service_state& s) noexcept { return ++s.stats.requests_total; }

/// Adds `r`'s outcome (and its operation's, and the commit / replay flags) to the counters.
/// A credentials service's answer counts in its operation's counters only.
void count(counters& c, const response& r) noexcept;

/// Answers an authentication failure (`status` != ok) with AWS's type and `message`.
void set_auth_error(response& r, auth_status status, std::string_view message);

/// The whole pipeline for a Connect request, or a credentials service's (admin paths
/// answer 404 here: they are the shell's). Counts the outcome, not the arrival
/// (`begin_request`, for Connect requests only). `keys` must be safe
/// to share between the threads that call this concurrently (sigv4::signing_key_cache is).
void handle_request(const request_view& req, const service_settings& settings,
                    guarded_state state, std::chrono::system_clock::time_point now,
                    sigv4::signing_key_cache& keys, request_scratch& scratch, response& out);

}  // namespace awsconnect::emulator
