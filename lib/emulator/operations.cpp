#include "emulator/operations.hpp"

#include "emulator/model_rules.hpp"
#include "emulator/page_token.hpp"
#include "emulator/response_writer.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace awsconnect::emulator {
namespace {

namespace json = boost::json;
using std::chrono::system_clock;

// ---------------------------------------------------------------------------------------
// Answers

void append_phone_number_arn(std::string& out, const service_settings& s,
                             const phone_number_key& key) {
    out.append(s.phone_number_arn_prefix);
    append_uuid(out, key);
}

std::string uuid_text(const phone_number_key& key) {
    std::string s;
    append_uuid(s, key);
    return s;
}

void set_not_found(response& r, const phone_number_key& key, std::string& message) {
    message.assign("Phone number ");
    append_uuid(message, key);
    message.append(" was not found.");
    set_model_error(r, 404, "ResourceNotFoundException", message, outcome::not_found);
}

void set_other_region(response& r, const request_input& in, std::string_view region,
                      std::string& message) {
    message.assign("Phone number ");
    append_uuid(message, in.id.key);
    message.append(" was not found: its ARN names another Region than ");
    message.append(region).append(".");
    set_model_error(r, 404, "ResourceNotFoundException", message, outcome::not_found);
}

// 409 ResourceInUseException with the model's ResourceType and ResourceId members.
void set_in_use(response& r, const service_settings& s, const phone_number_key& key,
                bool in_progress) {
    r.status = 409;
    r.error_type = "ResourceInUseException";
    r.result = outcome::in_use;
    r.body.assign("{\"Message\":\"Phone number ");
    append_uuid(r.body, key);
    r.body.append(in_progress ? " has a claim or an update in progress (status IN_PROGRESS); "
                                "try again once DescribePhoneNumber shows CLAIMED.\""
                              : " is in use.\"");
    r.body.append(",\"ResourceType\":\"PHONE_NUMBER\",\"ResourceId\":\"");
    append_phone_number_arn(r.body, s, key);
    r.body.append("\"}");
}

void set_invalid(response& r, std::string_view message) {
    set_model_error(r, 400, "InvalidParameterException", message, outcome::invalid_parameter);
}

void set_json(response& r, const json::object& o) {
    r.status = 200;
    r.result = outcome::ok;
    r.body = json::serialize(o);
}

// {"PhoneNumberId": ..., "PhoneNumberArn": ...}
void set_id_and_arn(response& r, const service_settings& s, const phone_number_key& key) {
    r.status = 200;
    r.result = outcome::ok;
    r.body.assign("{\"PhoneNumberId\":\"");
    append_uuid(r.body, key);
    r.body.append("\",\"PhoneNumberArn\":\"");
    append_phone_number_arn(r.body, s, key);
    r.body.append("\"}");
}

// ---------------------------------------------------------------------------------------
// Targets

// The target a request names, if the emulator has it.
std::optional<std::uint32_t> resolve_target(const inventory& inv, const target_input& t) {
    if (t.arn) return inv.find_target_arn(*t.arn);
    if (t.instance_id) return inv.find_instance(*t.instance_id);
    return std::nullopt;
}

// A TargetArn of another account: 403 AccessDeniedException, as AWS answers a request for a
// resource the caller's account does not own. True when it answered.
bool deny_other_account(const target_input& t, const service_settings& s, response& r) {
    if (!t.arn) return false;
    const auto arn = model::parse_connect_arn(*t.arn);
    if (!arn || arn->account == s.account_id) return false;
    set_model_error(r, 403, "AccessDeniedException",
                    "You do not have sufficient access to perform this action: TargetArn " + *t.arn +
                        " belongs to another account.",
                    outcome::access_denied);
    return true;
}

std::string target_not_found_message(const target_input& t) {
    if (t.arn)
        return "TargetArn " + *t.arn +
               " does not name an instance or a traffic distribution group of this account "
               "and Region.";
    return "Instance " + t.instance_id.value_or("") + " was not found.";
}

// ---------------------------------------------------------------------------------------
// Digests: of an input (idempotency) and of a page walk's filters (NextToken).

class digest {
public:
    explicit digest(connect_operation op) {
        const char o = static_cast<char>(op);
        h_.update(&o, 1);
    }
    digest& text(std::string_view s) {
        const std::uint64_t n = s.size();
        h_.update(&n, sizeof n);
        h_.update(s);
        return *this;
    }
    digest& optional_text(const std::optional<std::string>& s) {
        const char present = s ? 1 : 0;
        h_.update(&present, 1);
        if (s) text(*s);
        return *this;
    }
    digest& key(const phone_number_key& k) {
        h_.update(k.bytes.data(), k.bytes.size());
        return *this;
    }
    digest& target(const target_input& t) {
        optional_text(t.arn);
        return optional_text(t.instance_id);
    }
    crypto::sha256_digest finish() { return h_.finish(); }

private:
    crypto::sha256 h_;
};

// The digits of a PhoneNumberPrefix ('+' optional), so "+1800" and "1800" walk alike.
std::string_view prefix_digits(const std::optional<std::string>& p) {
    if (!p) return {};
    std::string_view d = *p;
    if (d.starts_with('+')) d.remove_prefix(1);
    return d;
}

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

// ---------------------------------------------------------------------------------------
// Idempotency

// Replays the first answer, or answers the conflict; false when the token is new (or none).
bool replay_or_conflict(const request_input& in, service_state& state,
                        const crypto::sha256_digest& input, system_clock::time_point now,
                        response& out) {
    if (in.token.empty()) return false;
    const token_record* rec = state.tokens.find(in.op, in.token, now);
    if (rec == nullptr) return false;
    if (rec->input != input) {
        set_model_error(out, 409, "IdempotencyException",
                        in.op == connect_operation::release_phone_number
                            ? "The ClientToken was already used with a different PhoneNumberId."
                            : "The ClientToken was already used with different parameters.",
                        outcome::idempotency_conflict);
        return true;
    }
    out.status = rec->answer.status;
    out.error_type = rec->answer.error_type;
    out.body = rec->answer.body;
    out.result = static_cast<outcome>(rec->answer.outcome);
    out.replayed = true;
    return true;
}

// Remembers the answer just given, except a ResourceInUseException (a passing state).
void remember(const request_input& in, service_state& state, const crypto::sha256_digest& input,
              system_clock::time_point now, const response& out) {
    if (in.token.empty() || out.result == outcome::in_use) return;
    state.tokens.remember(in.op, in.token, input,
                          {out.status, out.error_type, out.body, static_cast<std::uint8_t>(out.result)},
                          now);
}

// ---------------------------------------------------------------------------------------
// The operations

json::object summary_of(const inventory& inv, const service_settings& s, const number_record& r,
                        system_clock::time_point now, bool describe) {
    const target& t = inv.targets()[r.target];
    const number_kind& k = inv.kinds()[r.kind];
    const number_details* d = inv.details_of(r);
    json::object o;
    o["PhoneNumberId"] = uuid_text(r.id);
    std::string arn;
    append_phone_number_arn(arn, s, r.id);
    o["PhoneNumberArn"] = arn;
    o["PhoneNumber"] = r.number.to_string();
    o["PhoneNumberCountryCode"] = k.country;
    o["PhoneNumberType"] = k.type;
    o["TargetArn"] = t.arn;
    if (t.kind == target_kind::instance) o["InstanceId"] = t.id;
    if (d != nullptr && d->description) o["PhoneNumberDescription"] = *d->description;
    if (describe) {
        if (d != nullptr && !d->tags.empty()) {
            json::object tags;
            for (const auto& [key, value] : d->tags) tags[key] = value;
            o["Tags"] = std::move(tags);
        }
        json::object status;
        status["Status"] =
            inv.status_of(r, now) == workflow_status::in_progress ? "IN_PROGRESS" : "CLAIMED";
        o["PhoneNumberStatus"] = std::move(status);
    }
    return o;
}

void search(const request_input& in, const service_settings& s, service_state& st,
            system_clock::time_point now, response& out) {
    const inventory& inv = st.numbers;
    if (deny_other_account(in.target, s, out)) return;
    if (!resolve_target(inv, in.target)) return set_invalid(out, target_not_found_message(in.target));
    const crypto::sha256_digest filters =
        digest(in.op).target(in.target).text(in.country).text(in.type).text(prefix_digits(in.prefix)).finish();
    std::optional<e164> after;
    if (in.next_token) {
        after = decode_page_token(*in.next_token, in.op, filters, s.page_key);
        if (!after) return set_invalid(out, "NextToken is not valid for this request.");
    }
    const std::optional<e164> prefix =
        in.prefix ? e164::of_prefix(*in.prefix) : std::optional<e164>();
    const std::size_t page = static_cast<std::size_t>(in.max_results.value_or(10));

    json::array list;
    std::optional<e164> last;
    bool more = false;
    for (const number_kind& k : inv.kinds()) {
        if (k.country != in.country || k.type != in.type) continue;
        auto it = after ? k.numbers.upper_bound(*after) : k.numbers.begin();
        if (prefix && (!after || *after < *prefix)) it = k.numbers.lower_bound(*prefix);
        for (; it != k.numbers.end(); ++it) {
            if (prefix && !it->first.starts_with(*prefix)) break;
            if (!inv.is_available(inv.record(it->second), now)) continue;
            if (list.size() == page) {
                more = true;
                break;
            }
            json::object item;
            item["PhoneNumber"] = it->first.to_string();
            item["PhoneNumberCountryCode"] = k.country;
            item["PhoneNumberType"] = k.type;
            list.push_back(std::move(item));
            last = it->first;
        }
    }
    json::object o;
    o["AvailableNumbersList"] = std::move(list);
    if (more) o["NextToken"] = encode_page_token(in.op, filters, *last, s.page_key);
    set_json(out, o);
}

void list(const request_input& in, const service_settings& s, service_state& st,
          system_clock::time_point now, response& out) {
    const inventory& inv = st.numbers;
    std::optional<std::uint32_t> target;
    if (deny_other_account(in.target, s, out)) return;
    if (in.target.arn || in.target.instance_id) {
        target = resolve_target(inv, in.target);
        if (!target)
            return set_model_error(out, 404, "ResourceNotFoundException",
                                   target_not_found_message(in.target), outcome::not_found);
    }
    const auto countries = sorted_unique(in.countries);
    const auto types = sorted_unique(in.types);
    digest filter_digest(in.op);
    filter_digest.target(in.target).text(prefix_digits(in.prefix));
    for (const auto& c : countries) filter_digest.text(c);
    filter_digest.text("|");
    for (const auto& t : types) filter_digest.text(t);
    const crypto::sha256_digest filters = filter_digest.finish();
    std::optional<e164> after;
    if (in.next_token) {
        after = decode_page_token(*in.next_token, in.op, filters, s.page_key);
        if (!after) return set_invalid(out, "NextToken is not valid for this request.");
    }
    const std::optional<e164> prefix =
        in.prefix ? e164::of_prefix(*in.prefix) : std::optional<e164>();
    const std::size_t page = static_cast<std::size_t>(in.max_results.value_or(100));
    auto wanted = [](const std::vector<std::string>& set, const std::string& v) {
        return set.empty() || std::binary_search(set.begin(), set.end(), v);
    };

    const auto& claimed = inv.claimed();
    auto it = after ? claimed.upper_bound(*after) : claimed.begin();
    if (prefix && (!after || *after < *prefix)) it = claimed.lower_bound(*prefix);
    json::array items;
    std::optional<e164> last;
    bool more = false;
    for (; it != claimed.end(); ++it) {
        if (prefix && !it->first.starts_with(*prefix)) break;
        const number_record& r = inv.record(it->second);
        const number_kind& k = inv.kinds()[r.kind];
        if ((target && r.target != *target) || !wanted(countries, k.country) || !wanted(types, k.type))
            continue;
        if (items.size() == page) {
            more = true;
            break;
        }
        items.push_back(summary_of(inv, s, r, now, false));
        last = it->first;
    }
    json::object o;
    o["ListPhoneNumbersSummaryList"] = std::move(items);
    if (more) o["NextToken"] = encode_page_token(in.op, filters, *last, s.page_key);
    set_json(out, o);
}

void claim(const request_input& in, const service_settings& s, service_state& st,
           system_clock::time_point now, response& out) {
    digest d(in.op);
    d.target(in.target).text(in.phone_number).optional_text(in.description);
    for (const auto& [k, v] : in.tags) d.text(k).text(v);
    const crypto::sha256_digest input = d.finish();
    if (replay_or_conflict(in, st, input, now, out)) return;

    inventory& inv = st.numbers;
    const auto target = resolve_target(inv, in.target);
    if (deny_other_account(in.target, s, out)) {
    } else if (!target) {
        set_model_error(out, 404, "ResourceNotFoundException", target_not_found_message(in.target),
                        outcome::not_found);
    } else {
        const auto number = e164::parse(in.phone_number);
        const auto record = number ? inv.find_number(*number) : std::nullopt;
        if (!record ||
            inv.claim(*record, *target, {in.description, in.tags}, now, s.claim_latency) !=
                claim_result::claimed) {
            set_invalid(out, "PhoneNumber " + in.phone_number +
                                 " is not available to claim: search for available numbers "
                                 "with SearchAvailablePhoneNumbers.");
        } else {
            set_id_and_arn(out, s, inv.record(*record).id);
            out.committed = true;
        }
    }
    remember(in, st, input, now, out);
}

void describe(const request_input& in, const service_settings& s, service_state& st,
              system_clock::time_point now, response& out) {
    if (in.id.status == id_status::other_region)
        return set_other_region(out, in, s.region, st.message);
    inventory& inv = st.numbers;
    const auto at = inv.find_claimed(in.id.key, now);
    if (!at) return set_not_found(out, in.id.key, st.message);
    json::object o;
    o["ClaimedPhoneNumberSummary"] = summary_of(inv, s, inv.record(*at), now, true);
    set_json(out, o);
}

void update(const request_input& in, const service_settings& s, service_state& st,
            system_clock::time_point now, response& out) {
    if (in.id.status == id_status::other_region)
        return set_other_region(out, in, s.region, st.message);
    const crypto::sha256_digest input = digest(in.op).key(in.id.key).target(in.target).finish();
    if (replay_or_conflict(in, st, input, now, out)) return;

    inventory& inv = st.numbers;
    const auto target = resolve_target(inv, in.target);
    if (!inv.find_claimed(in.id.key, now)) {
        set_not_found(out, in.id.key, st.message);
    } else if (deny_other_account(in.target, s, out)) {
    } else if (!target) {
        set_model_error(out, 404, "ResourceNotFoundException", target_not_found_message(in.target),
                        outcome::not_found);
    } else {
        switch (inv.update(in.id.key, *target, now, s.update_latency)) {
            case change_result::done:
                set_id_and_arn(out, s, in.id.key);
                out.committed = true;
                break;
            case change_result::in_progress: set_in_use(out, s, in.id.key, true); break;
            case change_result::not_found: set_not_found(out, in.id.key, st.message); break;
        }
    }
    remember(in, st, input, now, out);
}

void update_metadata(const request_input& in, const service_settings& s, service_state& st,
                     system_clock::time_point now, response& out) {
    if (in.id.status == id_status::other_region)
        return set_other_region(out, in, s.region, st.message);
    const crypto::sha256_digest input = digest(in.op).key(in.id.key).optional_text(in.description).finish();
    if (replay_or_conflict(in, st, input, now, out)) return;

    switch (st.numbers.update_description(in.id.key, in.description, now)) {
        case change_result::done:
            out.status = 200;
            out.result = outcome::ok;
            out.body.assign("{}");
            out.committed = in.description.has_value();
            break;
        case change_result::in_progress: set_in_use(out, s, in.id.key, true); break;
        case change_result::not_found: set_not_found(out, in.id.key, st.message); break;
    }
    remember(in, st, input, now, out);
}

void release(const request_input& in, const service_settings& s, service_state& st,
             system_clock::time_point now, response& out) {
    if (in.id.status == id_status::other_region)
        return set_other_region(out, in, s.region, st.message);
    crypto::sha256_digest input{};
    if (!in.token.empty()) input = digest(in.op).key(in.id.key).finish();
    if (replay_or_conflict(in, st, input, now, out)) return;

    switch (st.numbers.release(in.id.key, now)) {
        case release_status::released:
            out.status = 200;
            out.result = outcome::ok;
            out.body.assign("{}");
            out.committed = true;
            break;
        case release_status::in_use: set_in_use(out, s, in.id.key, false); break;
        case release_status::in_progress: set_in_use(out, s, in.id.key, true); break;
        case release_status::not_found: set_not_found(out, in.id.key, st.message); break;
    }
    remember(in, st, input, now, out);
}

}  // namespace

void run_operation(const request_input& in, const service_settings& settings,
                   service_state& state, system_clock::time_point now, response& out) {
    switch (in.op) {
        case connect_operation::search_available_phone_numbers: return search(in, settings, state, now, out);
        case connect_operation::claim_phone_number: return claim(in, settings, state, now, out);
        case connect_operation::describe_phone_number: return describe(in, settings, state, now, out);
        case connect_operation::list_phone_numbers_v2: return list(in, settings, state, now, out);
        case connect_operation::update_phone_number: return update(in, settings, state, now, out);
        case connect_operation::update_phone_number_metadata:
            return update_metadata(in, settings, state, now, out);
        case connect_operation::release_phone_number: return release(in, settings, state, now, out);
        case connect_operation::none: break;
    }
}

}  // namespace awsconnect::emulator
