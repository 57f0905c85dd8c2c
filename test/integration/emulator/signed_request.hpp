// Test helper: Connect requests (ReleasePhoneNumber, and the lifecycle's other operations
// with their JSON bodies) signed with our SigV4 signer, as a view for the emulator's pure
// core and as bytes for the wire.
#pragma once

#include "emulator/request_view.hpp"
#include "operation/release_phone_number.hpp"
#include "sigv4/sign_request.hpp"

#include <awsconnect/emulator.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace awsconnect::emulator::test {

struct test_request {
    std::string method = "DELETE";
    std::string path;
    std::string query;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    std::string target() const { return query.empty() ? path : path + "?" + query; }

    /// A view for the core; valid while this object lives and is not changed.
    request_view view() {
        views_.clear();
        for (const auto& [n, v] : headers) views_.push_back({n, v});
        target_ = target();
        return {method, target_, views_, body};
    }

    /// The request as HTTP/1.1 bytes.
    std::string wire() const {
        std::string out = method + " " + target() + " HTTP/1.1\r\n";
        for (const auto& [n, v] : headers) out += n + ": " + v + "\r\n";
        if (!body.empty()) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        out += "\r\n" + body;
        return out;
    }

    void set_header(const std::string& name, const std::string& value) {
        for (auto& [n, v] : headers)
            if (iequals(n, name)) {
                v = value;
                return;
            }
        headers.emplace_back(name, value);
    }
    void remove_header(const std::string& name) {
        std::erase_if(headers, [&](const auto& h) { return iequals(h.first, name); });
    }
    std::string header(const std::string& name) const {
        for (const auto& [n, v] : headers)
            if (iequals(n, name)) return v;
        return {};
    }

private:
    std::vector<sigv4::header_field> views_;
    std::string target_;
};

struct signer {
    credential who = example_credential();
    std::string region = "us-east-1";
    std::string service = "connect";
    std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
    std::string host = "127.0.0.1";
    std::string payload_hash;  ///< empty: the SHA-256 of the body (else, e.g., UNSIGNED-PAYLOAD)

    /// Adds Host, X-Amz-Date, X-Amz-Security-Token (with a session token) and
    /// Authorization to `r`, signing every header it already has.
    void sign(test_request& r) const {
        r.set_header("Host", host);
        std::vector<sigv4::header_field> fields;
        for (const auto& [n, v] : r.headers) fields.push_back({n, v});
        sigv4::signing_params p;
        p.credentials = {who.access_key_id, who.secret_access_key, who.session_token};
        p.region = region;
        p.service = service;
        p.time = time;
        sigv4::signing_output out;
        sigv4::sign({r.method, r.path, r.query, fields, r.body, payload_hash}, p, out);
        if (out.add_security_token) r.set_header("X-Amz-Security-Token", who.session_token);
        r.set_header("X-Amz-Date", out.amz_date);
        r.set_header("Authorization", out.authorization);
    }
};

/// DELETE /phone-number/{id}?clientToken={token}, unsigned, with the headers SDKs send.
inline test_request release_request(std::string_view id,
                                    std::optional<std::string_view> token = std::nullopt) {
    test_request r;
    ::awsconnect::operation::append_release_phone_number_path(r.path, id);
    if (token) ::awsconnect::operation::append_release_phone_number_query(r.query, *token);
    r.headers = {{"amz-sdk-invocation-id", "11111111-2222-4333-8444-555555555555"},
                 {"amz-sdk-request", "attempt=1; max=3"},
                 {"User-Agent", "awsconnect-test"}};
    return r;
}

/// A release request signed by `s`.
inline test_request signed_release(std::string_view id, std::optional<std::string_view> token,
                                   const signer& s) {
    test_request r = release_request(id, token);
    s.sign(r);
    return r;
}

/// A restJson1 request with a JSON body (as SDKs send it: Content-Type application/json),
/// unsigned.
inline test_request json_request(std::string method, std::string path, std::string body) {
    test_request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    r.headers = {{"Content-Type", "application/json"},
                 {"amz-sdk-invocation-id", "11111111-2222-4333-8444-555555555555"},
                 {"amz-sdk-request", "attempt=1; max=3"},
                 {"User-Agent", "awsconnect-test"}};
    return r;
}

/// "/phone-number/" + the encoded id (a path label, '/' and ':' encoded).
inline std::string phone_number_path(std::string_view id) {
    std::string path;
    ::awsconnect::operation::append_release_phone_number_path(path, id);
    return path;
}

inline test_request search_request(std::string body) {
    return json_request("POST", "/phone-number/search-available", std::move(body));
}
inline test_request claim_request(std::string body) {
    return json_request("POST", "/phone-number/claim", std::move(body));
}
inline test_request list_request(std::string body) {
    return json_request("POST", "/phone-number/list", std::move(body));
}
inline test_request describe_request(std::string_view id) {
    test_request r = json_request("GET", phone_number_path(id), "");
    r.remove_header("Content-Type");
    return r;
}
inline test_request update_request(std::string_view id, std::string body) {
    return json_request("PUT", phone_number_path(id), std::move(body));
}
inline test_request metadata_request(std::string_view id, std::string body) {
    return json_request("PUT", phone_number_path(id) + "/metadata", std::move(body));
}

}  // namespace awsconnect::emulator::test
