// The counters as JSON: the admin path's body and the executable's exit report.
#include <awsconnect/emulator.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace awsconnect::emulator {

std::uint64_t fault_counters::total() const noexcept {
    return delay + http_500 + http_502 + http_503 + http_504 + throttle + reset_before +
           reset_after_commit + idle_close + truncate + garbage + stall;
}

std::string to_json(const counters& c) {
    boost::json::object faults;
    faults["delay"] = c.faults.delay;
    faults["http_500"] = c.faults.http_500;
    faults["http_502"] = c.faults.http_502;
    faults["http_503"] = c.faults.http_503;
    faults["http_504"] = c.faults.http_504;
    faults["throttle"] = c.faults.throttle;
    faults["reset_before"] = c.faults.reset_before;
    faults["reset_after_commit"] = c.faults.reset_after_commit;
    faults["idle_close"] = c.faults.idle_close;
    faults["truncate"] = c.faults.truncate;
    faults["garbage"] = c.faults.garbage;
    faults["stall"] = c.faults.stall;
    faults["total"] = c.faults.total();

    boost::json::object o;
    o["requests_total"] = c.requests_total;
    o["ok"] = c.ok;
    o["invalid_parameter"] = c.invalid_parameter;
    o["bad_request"] = c.bad_request;
    o["missing_authentication_token"] = c.missing_authentication_token;
    o["incomplete_signature"] = c.incomplete_signature;
    o["unrecognized_client"] = c.unrecognized_client;
    o["expired_token"] = c.expired_token;
    o["invalid_signature"] = c.invalid_signature;
    o["signature_expired"] = c.signature_expired;
    o["not_found"] = c.not_found;
    o["access_denied"] = c.access_denied;
    o["unknown_operation"] = c.unknown_operation;
    o["in_use"] = c.in_use;
    o["idempotency_conflict"] = c.idempotency_conflict;
    o["throttled"] = c.throttled;
    o["injected_5xx"] = c.injected_5xx;
    o["injected_429"] = c.injected_429;
    o["commits"] = c.commits;
    o["idempotent_replays"] = c.idempotent_replays;
    o["released_twice"] = c.released_twice;
    o["claimed_twice"] = c.claimed_twice;
    o["faults"] = std::move(faults);
    boost::json::object operations;
    auto add = [&](const char* name, const operation_counters& k) {
        boost::json::object x;
        x["requests"] = k.requests;
        x["ok"] = k.ok;
        x["errors"] = k.errors;
        x["commits"] = k.commits;
        x["replays"] = k.replays;
        operations[name] = std::move(x);
    };
    add("SearchAvailablePhoneNumbers", c.search_available_phone_numbers);
    add("ClaimPhoneNumber", c.claim_phone_number);
    add("DescribePhoneNumber", c.describe_phone_number);
    add("ListPhoneNumbersV2", c.list_phone_numbers_v2);
    add("UpdatePhoneNumber", c.update_phone_number);
    add("UpdatePhoneNumberMetadata", c.update_phone_number_metadata);
    add("ReleasePhoneNumber", c.release_phone_number);
    add("AssumeRole", c.assume_role);
    add("AssumeRoleWithWebIdentity", c.assume_role_with_web_identity);
    add("GetRoleCredentials", c.get_role_credentials);
    add("CreateToken", c.create_token);
    o["operations"] = std::move(operations);
    o["connections_accepted"] = c.connections_accepted;
    o["connections_open"] = c.connections_open;
    o["tls_handshakes"] = c.tls_handshakes;
    o["tls_resumed"] = c.tls_resumed;
    o["admin_requests"] = c.admin_requests;
    o["cpu_time_ns"] = c.cpu_time.count();
    return boost::json::serialize(o);
}

}  // namespace awsconnect::emulator
