#include "emulator/service_core.hpp"

#include "emulator/response_writer.hpp"
#include "http/uri_encode.hpp"

namespace awsconnect::emulator {
namespace {

using std::chrono::system_clock;

constexpr std::size_t max_client_token = 500;
constexpr std::string_view unknown_operation_message =
    "The emulator serves only ReleasePhoneNumber (DELETE /phone-number/{PhoneNumberId}).";

// The decoded value of the query parameter `name`; counts how often it appears.
int find_query_param(std::string_view query, std::string_view name, std::string& value) {
    int found = 0;
    std::size_t pos = 0;
    while (pos < query.size()) {
        const std::size_t amp = std::min(query.find('&', pos), query.size());
        const std::string_view item = query.substr(pos, amp - pos);
        pos = amp + 1;
        const std::size_t eq = item.find('=');
        if (item.substr(0, eq) != name) continue;
        if (++found == 1 && eq != std::string_view::npos)
            http::append_percent_decoded(value, item.substr(eq + 1));
    }
    return found;
}

void set_not_found(response& r, const phone_number_key& key, std::string& message) {
    message.assign("Phone number ");
    append_uuid(message, key);
    message.append(" was not found.");
    set_error(r, 404, "ResourceNotFoundException", message, outcome::not_found);
}

void set_in_use(response& r, const phone_number_key& key) {
    r.status = 409;
    r.error_type = "ResourceInUseException";
    r.result = outcome::in_use;
    r.body.assign("{\"message\":\"Phone number ");
    append_uuid(r.body, key);
    r.body.append(" is in use.\",\"ResourceType\":\"PHONE_NUMBER\",\"ResourceId\":\"");
    append_uuid(r.body, key);
    r.body.append("\"}");
}

void set_outcome(response& r, recorded_outcome o, const phone_number_key& key,
                 std::string& message) {
    switch (o) {
        case recorded_outcome::released:
            r.status = 200;
            r.body.assign("{}");
            r.result = outcome::ok;
            return;
        case recorded_outcome::not_found: set_not_found(r, key, message); return;
        case recorded_outcome::in_use: set_in_use(r, key); return;
    }
}

// Throttle, validation, idempotency and the release itself, for a request routed to
// ReleasePhoneNumber and already authenticated; under the state lock. Counts the outcome.
void handle_release(const request_view& req, std::string_view encoded_id,
                    std::string_view region, service_state& state, system_clock::time_point now,
                    response& out);

}  // namespace

void set_error(response& r, int status, std::string_view type, std::string_view message,
               outcome o) {
    r.status = status;
    r.error_type = type;
    r.result = o;
    r.body.assign("{\"message\":");
    append_json_string(r.body, message);
    r.body.push_back('}');
}

route route_request(std::string_view method, std::string_view path, bool admin_paths) noexcept {
    constexpr std::string_view release_prefix = "/phone-number/";
    if (path.starts_with(release_prefix)) {
        const std::string_view label = path.substr(release_prefix.size());
        // An id is one path label: a '/' in it must arrive encoded (%2F).
        if (label.find('/') != std::string_view::npos) return {};
        if (method != "DELETE") return {route_kind::method_not_allowed, {}, "DELETE"};
        return {route_kind::release_phone_number, label, {}};
    }
    if (!admin_paths) return {};
    auto admin = [&](route_kind kind, std::string_view wanted) -> route {
        if (method != wanted) return {route_kind::method_not_allowed, {}, wanted};
        return {kind, {}, {}};
    };
    if (path == "/__emulator/counters") return admin(route_kind::admin_counters, "GET");
    if (path == "/__emulator/counters/reset") return admin(route_kind::admin_reset, "POST");
    if (path == "/__emulator/health") return admin(route_kind::admin_health, "GET");
    return {};
}

service_state::service_state(const server_config& config, system_clock::time_point now)
    : numbers(config.cooldown, config.claim_any), tokens(config.idempotency_window) {
    numbers.reserve(static_cast<std::size_t>(config.claim_count) + config.claimed_ids.size() +
                    config.in_use_ids.size());
    for (std::uint64_t i = 0; i < config.claim_count; ++i)
        numbers.claim(claimed_phone_number_key(i));
    for (const auto& id : config.claimed_ids) {
        const auto p = parse_phone_number_id(id, config.region);
        if (p.status == id_status::ok) numbers.claim(p.key);
    }
    for (const auto& id : config.in_use_ids) {
        const auto p = parse_phone_number_id(id, config.region);
        if (p.status == id_status::ok) numbers.mark_in_use(p.key);
    }
    if (config.throttle) throttle.emplace(*config.throttle, now);
}

void count(counters& c, const response& r) noexcept {
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
        case outcome::unknown_operation: ++c.unknown_operation; break;
        case outcome::in_use: ++c.in_use; break;
        case outcome::idempotency_conflict: ++c.idempotency_conflict; break;
        case outcome::throttled: ++c.throttled; break;
        case outcome::injected_5xx: ++c.injected_5xx; break;
        case outcome::injected_429: ++c.injected_429; break;
    }
    if (r.committed) ++c.commits;
    if (r.replayed) ++c.idempotent_replays;
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

namespace {

void handle_release(const request_view& req, std::string_view encoded_id,
                    std::string_view region, service_state& state, system_clock::time_point now,
                    response& out) {
    out.reset();
    auto finish = [&] { count(state.stats, out); };

    if (state.throttle && !state.throttle->try_take(now)) {
        set_error(out, 429, "ThrottlingException", "Rate exceeded", outcome::throttled);
        return finish();
    }

    // Validate the input.
    state.id.clear();
    http::append_percent_decoded(state.id, encoded_id);
    const parsed_phone_number_id id = parse_phone_number_id(state.id, region);
    if (id.status == id_status::malformed) {
        set_error(out, 400, "InvalidParameterException",
                  state.id.empty() ? "PhoneNumberId is required."
                                   : "PhoneNumberId must be a phone number id (a UUID) or a "
                                     "phone number ARN.",
                  outcome::invalid_parameter);
        return finish();
    }
    state.token.clear();
    const int tokens = find_query_param(req.query(), "clientToken", state.token);
    if (tokens > 1) {
        set_error(out, 400, "InvalidParameterException", "ClientToken is given more than once.",
                  outcome::invalid_parameter);
        return finish();
    }
    if (state.token.size() > max_client_token) {
        set_error(out, 400, "InvalidParameterException",
                  "ClientToken must be at most 500 characters long.", outcome::invalid_parameter);
        return finish();
    }
    if (id.status == id_status::other_region) {
        state.message.assign("Phone number ");
        append_uuid(state.message, id.key);
        state.message.append(" was not found: its ARN names another Region than ");
        state.message.append(region).append(".");
        set_error(out, 404, "ResourceNotFoundException", state.message, outcome::not_found);
        return finish();
    }

    // Idempotency: a token seen within the window replays its first outcome. A missing
    // (or empty) token means no idempotency, like a caller that never retries.
    const bool has_token = !state.token.empty();
    if (has_token) {
        if (const token_record* rec = state.tokens.find(state.token, now)) {
            if (rec->key != id.key) {
                set_error(out, 409, "IdempotencyException",
                          "The ClientToken was already used with a different PhoneNumberId.",
                          outcome::idempotency_conflict);
                return finish();
            }
            set_outcome(out, rec->outcome, id.key, state.message);
            out.replayed = true;
            return finish();
        }
    }

    // The release.
    recorded_outcome result = recorded_outcome::not_found;
    switch (state.numbers.release(id.key, now)) {
        case release_status::released:
            result = recorded_outcome::released;
            out.committed = true;
            break;
        case release_status::in_use: result = recorded_outcome::in_use; break;
        case release_status::not_found: break;
    }
    set_outcome(out, result, id.key, state.message);
    if (has_token) state.tokens.remember(state.token, id.key, result, now);
    state.stats.released_twice = state.numbers.released_twice();
    finish();
}

}  // namespace

void handle_request(const request_view& req, const service_settings& settings,
                    guarded_state guarded, system_clock::time_point now,
                    sigv4::signing_key_cache& keys, request_scratch& scratch, response& out) {
    out.reset();
    const route rt = route_request(req.method, req.path(), false);
    auth_status st = auth_status::ok;
    switch (rt.kind) {
        case route_kind::release_phone_number:
            // Outside the lock: SigV4 reads only the settings and this request's buffers.
            st = authenticate(req, settings.auth, now, keys, scratch.auth, scratch.message);
            if (st != auth_status::ok) set_auth_error(out, st, scratch.message);
            break;
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
    if (rt.kind == route_kind::release_phone_number && st == auth_status::ok) {
        handle_release(req, rt.encoded_id, settings.region, state, now, out);
        return;  // counted there
    }
    count(state.stats, out);
}

}  // namespace awsconnect::emulator
