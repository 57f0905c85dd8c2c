// The seed's JSON result envelope, rendered with Boost.JSON.
//
// Boost.JSON writes string bytes as they are (it escapes only quotes, backslashes and
// control characters), so a string that is not well-formed UTF-8 would make the whole
// document invalid JSON. Every string goes through utf8::sanitize first: server text is
// repaired where it enters the error already (protocol/parse_error.hpp), this is the
// second line, which makes the envelope valid JSON whatever any field holds.
#include <awsconnect/envelope.hpp>

#include "error/utf8.hpp"

#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdio>

namespace awsconnect {
namespace {

// A JSON string for `s`: as it is when well-formed, else repaired.
boost::json::string json_text(std::string_view s) {
    if (utf8::is_valid(s)) return boost::json::string(s);
    return boost::json::string(utf8::sanitize(s));
}

}  // namespace

std::string format_iso8601(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto secs = floor<seconds>(t);
    const auto day = floor<days>(secs);
    const year_month_day ymd{day};
    const hh_mm_ss hms{secs - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                  int(hms.minutes().count()), int(hms.seconds().count()));
    return buf;
}

std::string to_envelope_json(const release_phone_number_response& r) {
    boost::json::object data;
    data["id"] = json_text(r.phone_number_id);
    data["client_token"] = json_text(r.client_token);
    data["request_id"] = json_text(r.request_id);
    data["attempts"] = r.attempts;
    data["released_at"] = format_iso8601(r.released_at);
    boost::json::object root;
    root["success"] = true;
    root["data"] = std::move(data);
    return boost::json::serialize(root);
}

std::string to_envelope_json(const error& e) {
    boost::json::object err;
    err["code"] = e.kind_string();
    err["message"] = json_text(e.message);
    if (e.code.category() == awsconnect_category())
        err["reason"] = to_string(errc(e.code.value()));
    if (!e.server_message.empty()) err["server_message"] = json_text(e.server_message);
    if (e.http_status != 0) err["http_status"] = e.http_status;
    if (!e.service_code.empty()) err["service_code"] = json_text(e.service_code);
    if (!e.request_id.empty()) err["request_id"] = json_text(e.request_id);
    if (!e.client_token.empty()) err["client_token"] = json_text(e.client_token);
    err["attempts"] = e.attempts;
    boost::json::object root;
    root["success"] = false;
    root["error"] = std::move(err);
    return boost::json::serialize(root);
}

}  // namespace awsconnect
