// Parsing the credential documents of credential_process, the container endpoint and IMDS.
#include "credentials/credentials_json.hpp"

#include "credentials/iso8601.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace awsconnect::creds {
namespace {

/// A required or optional string member. Sets `why` when it is missing/not a string.
const boost::json::string* string_member(const boost::json::object& o, std::string_view key,
                                         bool required, std::string& why) {
    const boost::json::value* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) {
        if (required) why = std::string(key) + " is missing";
        return nullptr;
    }
    if (!v->is_string()) {
        why = std::string(key) + " is not a string";
        return nullptr;
    }
    if (required && v->get_string().empty()) {
        why = std::string(key) + " is empty";
        return nullptr;
    }
    return &v->get_string();
}

/// Version as it may be quoted: numbers only (a string could be anything, a secret too).
std::string describe_version(const boost::json::value& v) {
    if (v.is_int64()) return "Version " + std::to_string(v.get_int64());
    if (v.is_uint64()) return "Version " + std::to_string(v.get_uint64());
    if (v.is_double()) return "Version " + std::to_string(v.get_double());
    return "a Version that is not a number";
}

/// IMDS Code as it may be quoted: only a plain word ("AssumeRoleUnauthorizedAccess"); a
/// value with digits or symbols is not repeated (it could be anything, a secret too).
std::string describe_code(const boost::json::value& v) {
    if (v.is_string()) {
        const auto& s = v.get_string();
        bool word = !s.empty() && s.size() <= 64;
        for (char c : s) word = word && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
        if (word) return "Code \"" + std::string(s.data(), s.size()) + "\"";
    }
    return "an unexpected Code";
}

bool is_one(const boost::json::value& v) {
    if (v.is_int64()) return v.get_int64() == 1;
    if (v.is_uint64()) return v.get_uint64() == 1;
    if (v.is_double()) return v.get_double() == 1.0;  // botocore compares with == 1
    return false;
}

}  // namespace

parsed_credentials parse_credentials_document(std::string_view json, credentials_document kind,
                                              std::chrono::system_clock::time_point now) {
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(json, ec);
    if (ec) return document_error{"the response is not valid JSON"};
    if (!doc.is_object()) return document_error{"the response is not a JSON object"};
    const auto& o = doc.get_object();

    if (kind == credentials_document::process_v1) {
        const boost::json::value* version = o.if_contains("Version");
        if (version == nullptr) return document_error{"Version is missing (expected 1)"};
        if (!is_one(*version)) {
            return document_error{describe_version(*version) + " is not supported (expected 1)"};
        }
    }
    if (kind == credentials_document::imds) {
        // IMDS reports failures in Code ("Success" or e.g. "AssumeRoleUnauthorizedAccess").
        const boost::json::value* code = o.if_contains("Code");
        if (code != nullptr && !(code->is_string() && code->get_string() == "Success")) {
            return document_error{"the instance metadata service reported " + describe_code(*code)};
        }
    }

    std::string why;
    const boost::json::string* key_id = string_member(o, "AccessKeyId", true, why);
    if (key_id == nullptr) return document_error{why};
    const boost::json::string* secret = string_member(o, "SecretAccessKey", true, why);
    if (secret == nullptr) return document_error{why};
    const bool process = kind == credentials_document::process_v1;
    const char* token_key = process ? "SessionToken" : "Token";
    const boost::json::string* token = string_member(o, token_key, !process, why);
    if (!why.empty()) return document_error{why};
    // credential_process may return long-term keys (no Expiration); the endpoints always
    // return temporary ones.
    const boost::json::string* expiration = string_member(o, "Expiration", !process, why);
    if (!why.empty()) return document_error{why};

    credentials c;
    c.access_key_id = std::string(key_id->data(), key_id->size());
    c.secret_access_key = std::string(secret->data(), secret->size());
    if (token != nullptr) c.session_token = std::string(token->data(), token->size());
    if (expiration != nullptr) {
        auto t = parse_iso8601(std::string_view(expiration->data(), expiration->size()));
        if (!t) return document_error{"Expiration is not an ISO 8601 time"};
        if (*t <= now) return document_error{"the credentials expired at " + format_iso8601(*t), true};
        c.expiration = *t;
    }
    return c;
}

}  // namespace awsconnect::creds
