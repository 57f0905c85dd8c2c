// SigV4 on our own requests: ReleasePhoneNumber paths and tokens with reserved
// characters, checked against signatures computed independently by botocore 1.43
// (SigV4Auth, same inputs, fixed time), plus the helpers' edge cases.
#include "operation/release_phone_number.hpp"
#include "sigv4/sign_request.hpp"
#include "sigv4/signing_key.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace awsconnect;
using namespace std::chrono;

namespace {

// 2024-05-06T07:08:09Z
const system_clock::time_point t0 = sys_days{year{2024} / 5 / 6} + 7h + 8min + 9s;

struct release_request {
    std::string path, query;
    std::vector<sigv4::header_field> headers;
    release_request(std::string_view id, std::string_view token) {
        operation::append_release_phone_number_path(path, id);
        operation::append_release_phone_number_query(query, token);
        headers = {{"Host", "connect.us-east-1.amazonaws.com"},
                   {"amz-sdk-invocation-id", "11111111-2222-4333-8444-555555555555"},
                   {"amz-sdk-request", "attempt=1; max=3"},
                   {"User-Agent", "awsconnect/0.1.0"}};
    }
    sigv4::signable_request view() const { return {"DELETE", path, query, headers, {}, {}}; }
};

sigv4::signing_params params(std::string_view token = {}) {
    sigv4::signing_params p;
    p.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token};
    p.region = "us-east-1";
    p.service = "connect";
    p.time = t0;
    return p;
}

}  // namespace

TEST_SUITE("sigv4") {

TEST_CASE("a PhoneNumberId with reserved characters is encoded once in the path, once more by the signer") {
    const release_request r("a/b c%d\xE2\x82\xAC", "a b/c");
    CHECK(r.path == "/phone-number/a%2Fb%20c%25d%E2%82%AC");
    CHECK(r.query == "clientToken=a%20b%2Fc");

    sigv4::signing_output out;
    sigv4::sign(r.view(), params(), out);
    CHECK(out.canonical_request ==
          "DELETE\n"
          "/phone-number/a%252Fb%2520c%2525d%25E2%2582%25AC\n"
          "clientToken=a%20b%2Fc\n"
          "amz-sdk-invocation-id:11111111-2222-4333-8444-555555555555\n"
          "amz-sdk-request:attempt=1; max=3\n"
          "host:connect.us-east-1.amazonaws.com\n"
          "x-amz-date:20240506T070809Z\n"
          "\n"
          "amz-sdk-invocation-id;amz-sdk-request;host;x-amz-date\n"
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(out.amz_date == "20240506T070809Z");
    // botocore SigV4Auth('connect', 'us-east-1') on the same request and time.
    CHECK(out.authorization ==
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240506/us-east-1/connect/aws4_request, "
          "SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;host;x-amz-date, "
          "Signature=a8de6e9626d0de4fc569dab9f9b566454955ce31299e043c71d5d75d2078eb95");
    CHECK_FALSE(out.add_security_token);
}

TEST_CASE("a session token is signed as x-amz-security-token") {
    const release_request r("a/b c%d\xE2\x82\xAC", "a b/c");
    sigv4::signing_output out;
    sigv4::sign(r.view(), params("FQoGZXIvYXdzEXAMPLETOKEN/+="), out);
    CHECK(out.add_security_token);
    CHECK(out.signed_headers == "amz-sdk-invocation-id;amz-sdk-request;host;x-amz-date;x-amz-security-token");
    CHECK(out.signature == "c896b15f00309c541a63a0852d8ee2cfefee272a00cdfcb61878d49cf9c193a3");
}

TEST_CASE("a path label cannot add or remove path segments") {
    std::string path;
    operation::append_release_phone_number_path(path, "../x");
    CHECK(path == "/phone-number/..%2Fx");
    path.clear();
    operation::append_release_phone_number_path(path, "a%2Fb");
    CHECK(path == "/phone-number/a%252Fb");
    // The signer's normalization sees "..%2Fx" as one segment, not a parent reference.
    std::string canonical;
    sigv4::append_canonical_uri(canonical, "/phone-number/..%2Fx", {});
    CHECK(canonical == "/phone-number/..%252Fx");
}

TEST_CASE("canonical query: decoded, re-encoded, sorted by key then value") {
    std::string q;
    sigv4::append_canonical_query(q, "b=2&a=3&a=1&c&d=&e=x+y&f=%7e%41");
    CHECK(q == "a=1&a=3&b=2&c=&d=&e=x%2By&f=~A");
    q.clear();
    sigv4::append_canonical_query(q, "");
    CHECK(q.empty());
}

TEST_CASE("canonical headers: lower-case, sorted, trimmed, folded, joined") {
    const sigv4::header_field h[] = {{"X-B", "  two   words  "},
                                     {"x-a", "1"},
                                     {"X-A", "2"},
                                     {"x-c", "line1\n   line2"}};
    std::string canonical, signed_headers;
    sigv4::append_canonical_headers(canonical, signed_headers, h);
    CHECK(canonical == "x-a:1,2\nx-b:two words\nx-c:line1 line2\n");
    CHECK(signed_headers == "x-a;x-b;x-c");
}

TEST_CASE("user-agent and authorization are never signed") {
    const release_request r("id-1", "tok");
    sigv4::signing_output out;
    sigv4::sign(r.view(), params(), out);
    CHECK(out.signed_headers.find("user-agent") == std::string::npos);
    CHECK(out.canonical_request.find("awsconnect/") == std::string::npos);
}

TEST_CASE("the signing time is formatted in UTC and parsed back") {
    const auto t = sigv4::format_amz_time(t0);
    CHECK(t.datetime_view() == "20240506T070809Z");
    CHECK(t.date_view() == "20240506");
    system_clock::time_point back;
    REQUIRE(sigv4::parse_amz_datetime("20240506T070809Z", back));
    CHECK(back == t0);
    CHECK_FALSE(sigv4::parse_amz_datetime("20240506T070809", back));
    CHECK_FALSE(sigv4::parse_amz_datetime("20241306T070809Z", back));
    CHECK_FALSE(sigv4::parse_amz_datetime("2024O506T070809Z", back));
}

TEST_CASE("the key cache derives once per day and again for a new day or secret") {
    sigv4::signing_key_cache cache;
    const release_request r("id-1", "tok");
    sigv4::signing_output a, b;
    auto p = params();
    sigv4::sign(r.view(), p, a, &cache);
    p.time += 1h;
    sigv4::sign(r.view(), p, b, &cache);
    CHECK(cache.derivations() == 1);
    p.time += 24h;
    sigv4::sign(r.view(), p, b, &cache);
    CHECK(cache.derivations() == 2);
    p.credentials.secret_access_key = "another-secret";
    sigv4::sign(r.view(), p, b, &cache);
    CHECK(cache.derivations() == 3);
    // Without a cache the result is the same.
    sigv4::signing_output c;
    sigv4::sign(r.view(), p, c);
    CHECK(c.signature == b.signature);
}

TEST_CASE("verification rebuilds the canonical request from the listed headers only") {
    const release_request r("id-1", "tok");
    sigv4::signing_output out;
    sigv4::sign(r.view(), params(), out);
    std::vector<sigv4::header_field> received = r.headers;
    received.push_back({"X-Amz-Date", out.amz_date});
    received.push_back({"Authorization", out.authorization});
    received.push_back({"X-Unsigned-Proxy-Header", "added on the way"});
    std::string canonical;
    sigv4::signable_request v{"DELETE", r.path, r.query, received, {}, {}};
    CHECK(sigv4::build_canonical_request_for_verification(canonical, v, out.signed_headers, {}));
    CHECK(canonical == out.canonical_request);
    canonical.clear();
    CHECK_FALSE(sigv4::build_canonical_request_for_verification(canonical, v,
                                                                "host;x-amz-date;x-missing", {}));
}

TEST_CASE("fuzz regression: an X-Amz-Date outside the clock's range is rejected, not overflowed") {
    // Found by fuzz_sigv4_canonical / fuzz_emulator_request: years beyond the nanosecond
    // clock's range (1678..2262) overflowed a signed integer.
    system_clock::time_point t;
    CHECK_FALSE(sigv4::parse_amz_datetime("99991231T235959Z", t));
    CHECK_FALSE(sigv4::parse_amz_datetime("22620411T234716Z", t));
    CHECK_FALSE(sigv4::parse_amz_datetime("16770921T001244Z", t));
    CHECK(sigv4::parse_amz_datetime("22620411T234715Z", t));
    CHECK(sigv4::parse_amz_datetime("16770921T001245Z", t));
    REQUIRE(sigv4::parse_amz_datetime("20150830T123600Z", t));
    CHECK(duration_cast<seconds>(t.time_since_epoch()).count() == 1440938160);
}

}  // TEST_SUITE
