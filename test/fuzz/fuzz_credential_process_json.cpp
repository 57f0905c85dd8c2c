// Fuzz target: the credential documents (lib/credentials/credentials_json), mainly
// credential_process Version 1 output, plus the ISO 8601 parser behind Expiration.
//
// The whole input is the document; it is parsed as each of the three kinds (process_v1,
// container, imds) at a fixed `now`, and also given to parse_iso8601 as it is.
//
// Invariants: the result is credentials or an error with a reason; credentials have a
// non-empty key id and secret, and an expiration (if any) after `now`; a failure's reason
// never contains the document's SecretAccessKey or session token (when they look like
// secrets, see secret_like); a parsed time survives format_iso8601 -> parse_iso8601 (to the
// second).
#include "fuzz_input.hpp"

#include "credentials/credentials_json.hpp"
#include "credentials/iso8601.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace {

using namespace awsconnect;
using std::chrono::system_clock;

// 2024-05-06T07:08:09Z
const system_clock::time_point now = system_clock::time_point(std::chrono::seconds(1714979289));

// The document's string member `key`, if any (to check that failures do not quote it).
std::string member(std::string_view json, std::string_view key) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(json, ec);
    if (ec || !v.is_object()) return {};
    const auto* m = v.get_object().if_contains(key);
    if (m == nullptr || !m->is_string()) return {};
    return std::string(m->get_string());
}

// A value no failure message could contain by chance: at least 8 bytes, with a character
// none of the messages use (they are phrases, key names, numbers and ISO 8601 times), as
// real secret keys have ('/', '+').
bool secret_like(std::string_view v) {
    return v.size() >= 8 && v.find_first_of("/+=_!@#$%^&*~;|<>?[]{}") != std::string_view::npos;
}

void check_round_trip(system_clock::time_point t) {
    // Times past what system_clock holds are clamped to max() / min(): no round trip.
    if (t == system_clock::time_point::max() || t == system_clock::time_point::min()) return;
    const auto again = creds::parse_iso8601(creds::format_iso8601(t));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == std::chrono::floor<std::chrono::seconds>(t));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    if (const auto t = creds::parse_iso8601(json)) check_round_trip(*t);

    const std::string secret = member(json, "SecretAccessKey");
    for (auto kind : {creds::credentials_document::process_v1,
                      creds::credentials_document::container, creds::credentials_document::imds}) {
        const std::string token = member(
            json, kind == creds::credentials_document::process_v1 ? "SessionToken" : "Token");
        const creds::parsed_credentials r = creds::parse_credentials_document(json, kind, now);
        if (const auto* c = std::get_if<credentials>(&r)) {
            FUZZ_CHECK(!c->access_key_id.empty() && !c->secret_access_key.empty());
            FUZZ_CHECK(c->secret_access_key == secret);
            if (kind != creds::credentials_document::process_v1)
                FUZZ_CHECK(c->expiration.has_value() && !c->session_token.empty());
            if (c->expiration) {
                FUZZ_CHECK(*c->expiration > now);
                check_round_trip(*c->expiration);
            }
        } else {
            const auto& e = std::get<creds::document_error>(r);
            FUZZ_CHECK(!e.why.empty());
            if (secret_like(secret)) FUZZ_CHECK(e.why.find(secret) == std::string::npos);
            if (secret_like(token)) FUZZ_CHECK(e.why.find(token) == std::string::npos);
        }
    }
    return 0;
}
