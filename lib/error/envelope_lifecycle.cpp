// The JSON result envelope of the lifecycle's responses (Search, Claim, Describe, List,
// Update, UpdateMetadata), rendered with Boost.JSON: the response's members in snake_case
// under "data", next to the request id and the attempts, as the release envelope has them.
//
// Pure; thread-safe (no shared state).
#include <awsconnect/envelope.hpp>

#include "error/utf8.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace awsconnect {

namespace {

// Every string goes into the envelope through here, so the output is valid JSON whatever
// bytes a response held (header values such as the request id, the caller's own input):
// ill-formed UTF-8 becomes U+FFFD (error/utf8.hpp, shared with the error envelope).
std::string text(std::string_view s) { return utf8::sanitize(s); }

void put(boost::json::object& o, std::string_view key, std::string_view value) { o[key] = text(value); }

void put_optional(boost::json::object& o, std::string_view key, const std::optional<std::string>& value) {
    if (value) o[key] = text(*value);
}

boost::json::object tags_json(const tag_map& tags) {
    boost::json::object t;
    for (const auto& [k, v] : tags) t[text(k)] = text(v);
    return t;
}

std::string envelope(boost::json::object data, std::string_view request_id, int attempts) {
    put(data, "request_id", request_id);
    data["attempts"] = attempts;
    boost::json::object root;
    root["success"] = true;
    root["data"] = std::move(data);
    return boost::json::serialize(root);
}

}  // namespace

std::string to_envelope_json(const search_available_phone_numbers_response& r) {
    boost::json::array list;
    for (const auto& n : r.available_numbers_list) {
        boost::json::object o;
        put(o, "phone_number", n.phone_number);
        put(o, "phone_number_country_code", n.phone_number_country_code);
        put(o, "phone_number_type", n.phone_number_type);
        list.push_back(std::move(o));
    }
    boost::json::object data;
    data["available_numbers_list"] = std::move(list);
    put_optional(data, "next_token", r.next_token);
    return envelope(std::move(data), r.request_id, r.attempts);
}

std::string to_envelope_json(const claim_phone_number_response& r) {
    boost::json::object data;
    put(data, "phone_number_id", r.phone_number_id);
    put(data, "phone_number_arn", r.phone_number_arn);
    put(data, "client_token", r.client_token);
    return envelope(std::move(data), r.request_id, r.attempts);
}

std::string to_envelope_json(const describe_phone_number_response& r) {
    const auto& s = r.claimed_phone_number_summary;
    boost::json::object o;
    put(o, "phone_number_id", s.phone_number_id);
    put(o, "phone_number_arn", s.phone_number_arn);
    put(o, "phone_number", s.phone_number);
    put(o, "phone_number_country_code", s.phone_number_country_code);
    put(o, "phone_number_type", s.phone_number_type);
    put_optional(o, "phone_number_description", s.phone_number_description);
    put(o, "target_arn", s.target_arn);
    put_optional(o, "instance_id", s.instance_id);
    o["tags"] = tags_json(s.tags);
    boost::json::object status;
    put(status, "status", s.phone_number_status.status);
    if (!s.phone_number_status.message.empty()) put(status, "message", s.phone_number_status.message);
    o["phone_number_status"] = std::move(status);
    put_optional(o, "source_phone_number_arn", s.source_phone_number_arn);
    boost::json::object data;
    data["claimed_phone_number_summary"] = std::move(o);
    return envelope(std::move(data), r.request_id, r.attempts);
}

std::string to_envelope_json(const list_phone_numbers_v2_response& r) {
    boost::json::array list;
    for (const auto& n : r.list_phone_numbers_summary_list) {
        boost::json::object o;
        put(o, "phone_number_id", n.phone_number_id);
        put(o, "phone_number_arn", n.phone_number_arn);
        put(o, "phone_number", n.phone_number);
        put(o, "phone_number_country_code", n.phone_number_country_code);
        put(o, "phone_number_type", n.phone_number_type);
        put(o, "target_arn", n.target_arn);
        put_optional(o, "instance_id", n.instance_id);
        put_optional(o, "phone_number_description", n.phone_number_description);
        put_optional(o, "source_phone_number_arn", n.source_phone_number_arn);
        list.push_back(std::move(o));
    }
    boost::json::object data;
    data["list_phone_numbers_summary_list"] = std::move(list);
    put_optional(data, "next_token", r.next_token);
    return envelope(std::move(data), r.request_id, r.attempts);
}

std::string to_envelope_json(const update_phone_number_response& r) {
    boost::json::object data;
    put(data, "phone_number_id", r.phone_number_id);
    put(data, "phone_number_arn", r.phone_number_arn);
    put(data, "client_token", r.client_token);
    return envelope(std::move(data), r.request_id, r.attempts);
}

std::string to_envelope_json(const update_phone_number_metadata_response& r) {
    boost::json::object data;
    put(data, "phone_number_id", r.phone_number_id);
    put(data, "client_token", r.client_token);
    return envelope(std::move(data), r.request_id, r.attempts);
}

}  // namespace awsconnect
