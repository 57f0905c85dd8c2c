#include "emulator/service_core.hpp"

#include "emulator/credentials_service.hpp"
#include "emulator/model_rules.hpp"
#include "emulator/operations.hpp"
#include "emulator/response_writer.hpp"

namespace awsconnect::emulator {
namespace {

using std::chrono::system_clock;

constexpr std::string_view unknown_operation_message =
    "The emulator serves the phone-number lifecycle: POST /phone-number/search-available, "
    "POST /phone-number/claim, GET|PUT|DELETE /phone-number/{PhoneNumberId}, PUT "
    "/phone-number/{PhoneNumberId}/metadata, POST /phone-number/list.";

void set_error_with(response& r, int status, std::string_view type, std::string_view member,
                    std::string_view message, outcome o) {
    r.status = status;
    r.error_type = type;
    r.result = o;
    r.body.assign("{\"");
    r.body.append(member);
    r.body.append("\":");
    append_json_string(r.body, message);
    r.body.push_back('}');
}

operation_counters& counters_of(counters& c, connect_operation op) noexcept {
    switch (op) {
        case connect_operation::search_available_phone_numbers: return c.search_available_phone_numbers;
        case connect_operation::claim_phone_number: return c.claim_phone_number;
        case connect_operation::describe_phone_number: return c.describe_phone_number;
        case connect_operation::list_phone_numbers_v2: return c.list_phone_numbers_v2;
        case connect_operation::update_phone_number: return c.update_phone_number;
        case connect_operation::update_phone_number_metadata: return c.update_phone_number_metadata;
        case connect_operation::release_phone_number:
        case connect_operation::none: break;
    }
    return c.release_phone_number;
}

}  // namespace

void set_error(response& r, int status, std::string_view type, std::string_view message,
               outcome o) {
    set_error_with(r, status, type, "message", message, o);
}

void set_model_error(response& r, int status, std::string_view type, std::string_view message,
                     outcome o) {
    set_error_with(r, status, type, "Message", message, o);
}

route route_request(std::string_view method, std::string_view path, bool admin_paths) noexcept {
    constexpr std::string_view prefix = "/phone-number/";
    if (path.starts_with(prefix)) {
        const std::string_view rest = path.substr(prefix.size());
        // The fixed paths (POST), then the label paths (another method on a fixed path
        // names an id: GET /phone-number/claim describes the number "claim", which is not
        // an id). A label is one path segment: a '/' in an id must arrive encoded (%2F).
        if (method == "POST") {
            if (rest == "claim") return {route_kind::connect, connect_operation::claim_phone_number, {}, {}};
            if (rest == "list") return {route_kind::connect, connect_operation::list_phone_numbers_v2, {}, {}};
            if (rest == "search-available")
                return {route_kind::connect, connect_operation::search_available_phone_numbers, {}, {}};
        }
        const std::size_t slash = rest.find('/');
        const std::string_view label = rest.substr(0, slash);
        if (slash == std::string_view::npos) {
            if (method == "GET") return {route_kind::connect, connect_operation::describe_phone_number, label, {}};
            if (method == "PUT") return {route_kind::connect, connect_operation::update_phone_number, label, {}};
            if (method == "DELETE")
                return {route_kind::connect, connect_operation::release_phone_number, label, {}};
            if (rest == "claim" || rest == "list" || rest == "search-available")
                return {route_kind::method_not_allowed, connect_operation::none, {}, "POST, GET, PUT, DELETE"};
            return {route_kind::method_not_allowed, connect_operation::none, {}, "GET, PUT, DELETE"};
        }
        if (rest.substr(slash) == "/metadata") {
            if (method == "PUT")
                return {route_kind::connect, connect_operation::update_phone_number_metadata, label, {}};
            return {route_kind::method_not_allowed, connect_operation::none, {}, "PUT"};
        }
        return {};
    }
    if (path == "/") {
        if (method == "POST") return {route_kind::sts, connect_operation::none, {}, {}};
        return {route_kind::method_not_allowed, connect_operation::none, {}, "POST"};
    }
    if (path == "/federation/credentials") {
        if (method == "GET") return {route_kind::sso_role_credentials, connect_operation::none, {}, {}};
        return {route_kind::method_not_allowed, connect_operation::none, {}, "GET"};
    }
    if (path == "/token") {
        if (method == "POST") return {route_kind::oidc_token, connect_operation::none, {}, {}};
        return {route_kind::method_not_allowed, connect_operation::none, {}, "POST"};
    }
    if (!admin_paths) return {};
    auto admin = [&](route_kind kind, std::string_view wanted) -> route {
        if (method != wanted) return {route_kind::method_not_allowed, connect_operation::none, {}, wanted};
        return {kind, connect_operation::none, {}, {}};
    };
    if (path == "/__emulator/counters") return admin(route_kind::admin_counters, "GET");
    if (path == "/__emulator/counters/reset") return admin(route_kind::admin_reset, "POST");
    if (path == "/__emulator/health") return admin(route_kind::admin_health, "GET");
    if (path == "/__emulator/clock") {
        if (method != "GET" && method != "POST")
            return {route_kind::method_not_allowed, connect_operation::none, {}, "GET, POST"};
        return {route_kind::admin_clock, connect_operation::none, {}, {}};
    }
    return {};
}

service_settings::service_settings(const server_config& config)
    : region(config.region),
      claim_latency(config.claim_latency),
      update_latency(config.update_latency),
      page_key("awsconnect-emulator NextToken " + std::to_string(config.seed)),
      phone_number_arn_prefix(phone_number_arn(config, "")),
      account_id(config.account_id) {
    auth.credentials = config.credentials;
    auth.region = config.region;
    auth.max_skew = config.max_signature_skew;
    sts_auth = auth;
    sts_auth.service = "sts";
    partition = model::partition_of(config.region);
    roles = config.roles;
    sso_credentials_lifetime = config.sso_credentials_lifetime;
    sso_token_lifetime = config.sso_token_lifetime;
}

service_state::service_state(const server_config& config, system_clock::time_point now)
    : numbers(config), tokens(config.idempotency_window), identities(config) {
    if (config.throttle) throttle.emplace(*config.throttle, now);
    stats.claimed_twice = numbers.claimed_twice();
}

void count(counters& c, const response& r) noexcept {
    if (r.identity_op != identity_operation::none) {
        operation_counters& o = r.identity_op == identity_operation::assume_role ? c.assume_role
            : r.identity_op == identity_operation::assume_role_with_web_identity
                ? c.assume_role_with_web_identity
            : r.identity_op == identity_operation::get_role_credentials ? c.get_role_credentials
                                                                        : c.create_token;
        ++o.requests;
        if (r.status == 200)
            ++o.ok;
        else
            ++o.errors;
        if (r.committed) ++o.commits;
        return;
    }
    switch (r.result) {
        case outcome::ok: ++c.ok; break;
        case outcome::invalid_parameter: ++c.invalid_parameter; break;
        case outcome::bad_request: ++c.bad_request; break;
        case outcome::missing_token: ++c.missing_authentication_token; break;
        case outcome::incomplete_signature: ++c.incomplete_signature; break;
        case outcome::unrecognized_client: ++c.unrecognized_client; break;
        case outcome::expired_token: ++c.expired_token; break;
        case outcome::invalid_signature: ++c.invalid_signature; break;
        case outcome::signature_expired: ++c.signature_expired; break;
        case outcome::not_found: ++c.not_found; break;
        case outcome::access_denied: ++c.access_denied; break;
        case outcome::unknown_operation: ++c.unknown_operation; break;
        case outcome::in_use: ++c.in_use; break;
        case outcome::idempotency_conflict: ++c.idempotency_conflict; break;
        case outcome::throttled: ++c.throttled; break;
        case outcome::injected_5xx: ++c.injected_5xx; break;
        case outcome::injected_429: ++c.injected_429; break;
    }
    if (r.replayed) ++c.idempotent_replays;
    if (r.op == connect_operation::none) return;
    if (r.committed && r.op == connect_operation::release_phone_number) ++c.commits;
    operation_counters& o = counters_of(c, r.op);
    ++o.requests;
    if (r.status == 200)
        ++o.ok;
    else
        ++o.errors;
    if (r.committed) ++o.commits;
    if (r.replayed) ++o.replays;
}

void set_auth_error(response& r, auth_status status, std::string_view message) {
    outcome o = outcome::invalid_signature;
    switch (status) {
        case auth_status::missing_token: o = outcome::missing_token; break;
        case auth_status::incomplete_signature: o = outcome::incomplete_signature; break;
        case auth_status::unrecognized_client: o = outcome::unrecognized_client; break;
        case auth_status::expired_token: o = outcome::expired_token; break;
        case auth_status::signature_expired: o = outcome::signature_expired; break;
        case auth_status::invalid_signature:
        case auth_status::ok: break;
    }
    set_error(r, 403, error_type_of(status), message, o);
}

void handle_request(const request_view& req, const service_settings& settings,
                    guarded_state guarded, system_clock::time_point now,
                    sigv4::signing_key_cache& keys, request_scratch& scratch, response& out) {
    out.reset();
    const route rt = route_request(req.method, req.path(), false);
    if (is_identity_route(rt.kind)) {
        // Their own state (internally synchronized); the lock only for the counters.
        identity_store& ids = guarded.state.identities;
        if (rt.kind == route_kind::sts)
            serve_sts(req, settings, ids, now, keys, scratch, out);
        else if (rt.kind == route_kind::sso_role_credentials)
            serve_get_role_credentials(req, settings, ids, now, out);
        else
            serve_create_token(req, settings, ids, now, out);
        std::unique_lock<std::mutex> lock;
        if (guarded.mutex != nullptr) lock = std::unique_lock(*guarded.mutex);
        count(guarded.state.stats, out);
        return;
    }
    bool proceed = false;
    switch (rt.kind) {
        case route_kind::connect: {
            // Outside the lock: SigV4 and the input read only the settings and this
            // request's buffers.
            out.op = rt.op;
            auth_settings auth = settings.auth;
            auth.issued = &guarded.state.identities;
            const auth_status st =
                authenticate(req, auth, now, keys, scratch.auth, scratch.message);
            if (st != auth_status::ok) {
                set_auth_error(out, st, scratch.message);
                break;
            }
            parse_input(rt.op, req, rt.encoded_id, settings.region, scratch.input);
            proceed = true;
            break;
        }
        case route_kind::method_not_allowed:
            set_error(out, 405, "UnknownOperationException", unknown_operation_message,
                      outcome::unknown_operation);
            out.allow = rt.allow;
            break;
        default:
            set_error(out, 404, "UnknownOperationException", unknown_operation_message,
                      outcome::unknown_operation);
            break;
    }

    std::unique_lock<std::mutex> lock;
    if (guarded.mutex != nullptr) lock = std::unique_lock(*guarded.mutex);
    service_state& state = guarded.state;
    if (proceed) {
        if (state.throttle && !state.throttle->try_take(now))
            set_model_error(out, 429, "ThrottlingException", "Rate exceeded", outcome::throttled);
        else if (!scratch.input.invalid.empty())
            set_model_error(out, 400, "InvalidParameterException", scratch.input.invalid,
                            outcome::invalid_parameter);
        else
            run_operation(scratch.input, settings, state, now, out);
        // The tripwires, read from the state machine after every operation.
        state.stats.claimed_twice = state.numbers.claimed_twice();
        state.stats.released_twice = state.numbers.released_twice();
    }
    count(state.stats, out);
}

}  // namespace awsconnect::emulator
