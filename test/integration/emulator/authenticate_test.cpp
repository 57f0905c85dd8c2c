// SigV4 verification in the emulator's pure core. Requests are signed with our own signer
// (lib/sigv4) at a fixed time and checked against a fixed "now", so every message is
// exact: AWS's types and wording for a missing token, an unknown key, a wrong signature,
// a skewed clock ("Signature expired: ... (now - 5 min.)"), a wrong scope and a wrong
// session token. A botocore-shaped request (extra signed headers, an ARN id encoded once
// by the client and again by the signer) must verify.
#include "emulator/authenticate.hpp"
#include "signed_request.hpp"

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace std::chrono;

namespace {

// 2024-05-06T07:08:09Z
const system_clock::time_point t0 = sys_days{year{2024} / 5 / 6} + 7h + 8min + 9s;

struct fixture {
    std::vector<credential> creds = {example_credential(),
                                     {"AKIDTEMP", "temp-secret", "the-session-token"}};
    auth_settings settings{creds, "us-east-1", "connect", seconds(300)};
    sigv4::signing_key_cache cache;
    auth_scratch scratch;
    std::string message;

    auth_status check(test::test_request& r, system_clock::time_point now = t0) {
        return authenticate(r.view(), settings, now, cache, scratch, message);
    }
};

test::signer at(system_clock::time_point t) {
    test::signer s;
    s.time = t;
    return s;
}

constexpr std::string_view id = "00000000-0000-4000-8000-000000000001";

}  // namespace

TEST_SUITE("emulator.authenticate") {

TEST_CASE("a request signed with a configured credential verifies") {
    fixture f;
    auto r = test::signed_release(id, "token-1", at(t0));
    CHECK(f.check(r) == auth_status::ok);
    CHECK(f.message.empty());
    SUBCASE("the signing key is derived once per day and reused") {
        auto r2 = test::signed_release(id, "token-2", at(t0 + 1s));
        CHECK(f.check(r2, t0 + 1s) == auth_status::ok);
        CHECK(f.cache.derivations() == 1);
    }
}

TEST_CASE("no Authorization header: MissingAuthenticationTokenException") {
    fixture f;
    auto r = test::release_request(id, "t");
    r.set_header("Host", "127.0.0.1");
    CHECK(f.check(r) == auth_status::missing_token);
    CHECK(f.message == "Missing Authentication Token");
    CHECK(error_type_of(auth_status::missing_token) == "MissingAuthenticationTokenException");
}

TEST_CASE("an unknown access key: UnrecognizedClientException") {
    fixture f;
    auto s = at(t0);
    s.who = {"AKIDUNKNOWN", "whatever", ""};
    auto r = test::signed_release(id, "t", s);
    CHECK(f.check(r) == auth_status::unrecognized_client);
    CHECK(f.message == "The security token included in the request is invalid.");
    CHECK(error_type_of(auth_status::unrecognized_client) == "UnrecognizedClientException");
}

TEST_CASE("temporary credentials past their expiration: ExpiredTokenException") {
    fixture f;
    f.creds[1].expiration = t0 + 10min;
    auto s = at(t0 + 10min - 1s);
    s.who = {"AKIDTEMP", "temp-secret", "the-session-token"};
    auto before = test::signed_release(id, "t", s);
    CHECK(f.check(before, t0 + 10min - 1s) == auth_status::ok);
    s.time = t0 + 10min;
    auto at_expiry = test::signed_release(id, "t", s);
    CHECK(f.check(at_expiry, t0 + 10min) == auth_status::expired_token);
    CHECK(f.message == "The security token included in the request is expired");
    CHECK(error_type_of(auth_status::expired_token) == "ExpiredTokenException");
    // A wrong session token for the expired key is still an invalid token.
    s.who.session_token = "another-token";
    auto wrong = test::signed_release(id, "t", s);
    CHECK(f.check(wrong, t0 + 10min) == auth_status::unrecognized_client);
}

TEST_CASE("a wrong secret: InvalidSignatureException with the canonical string and string to sign") {
    fixture f;
    auto s = at(t0);
    s.who.secret_access_key = "not-the-secret";
    auto r = test::signed_release(id, "t", s);
    CHECK(f.check(r) == auth_status::invalid_signature);
    CHECK(error_type_of(auth_status::invalid_signature) == "InvalidSignatureException");
    CHECK(f.message.starts_with(
        "The request signature we calculated does not match the signature you provided. "
        "Check your AWS Secret Access Key and signing method. Consult the service "
        "documentation for details.\n\nThe Canonical String for this request should have "
        "been\n'DELETE\n/phone-number/00000000-0000-4000-8000-000000000001\nclientToken=t\n"));
    CHECK(f.message.find("\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n"
                         "20240506T070809Z\n20240506/us-east-1/connect/aws4_request\n") !=
          std::string::npos);
    CHECK(f.message.find("not-the-secret") == std::string::npos);
}

TEST_CASE("a tampered request fails verification") {
    fixture f;
    auto r = test::signed_release(id, "t", at(t0));
    SUBCASE("another id") {
        r.path = "/phone-number/00000000-0000-4000-8000-000000000002";
    }
    SUBCASE("another token") { r.query = "clientToken=u"; }
    SUBCASE("a signed header changed") { r.set_header("amz-sdk-request", "attempt=2; max=3"); }
    SUBCASE("a signed header removed") { r.remove_header("amz-sdk-invocation-id"); }
    SUBCASE("a body added") { r.body = "{}"; }
    SUBCASE("a signature of the wrong length") {
        auto a = r.header("Authorization");
        r.set_header("Authorization", a.substr(0, a.size() - 1));
    }
    CHECK(f.check(r) == auth_status::invalid_signature);
}

TEST_CASE("unsigned headers may change: User-Agent is not signed") {
    fixture f;
    auto r = test::signed_release(id, "t", at(t0));
    r.set_header("User-Agent", "something else");
    r.set_header("Accept-Encoding", "identity");
    CHECK(f.check(r) == auth_status::ok);
}

TEST_CASE("X-Amz-Date more than 5 minutes behind the clock: Signature expired") {
    fixture f;
    auto r = test::signed_release(id, "t", at(t0));
    CHECK(f.check(r, t0 + 5min) == auth_status::ok);  // exactly at the limit
    CHECK(f.check(r, t0 + 5min + 1s) == auth_status::signature_expired);
    CHECK(f.message ==
          "Signature expired: 20240506T070809Z is now earlier than 20240506T070810Z "
          "(20240506T071310Z - 5 min.)");
    CHECK(error_type_of(auth_status::signature_expired) == "InvalidSignatureException");
}

TEST_CASE("X-Amz-Date more than 5 minutes ahead of the clock: Signature not yet current") {
    fixture f;
    auto r = test::signed_release(id, "t", at(t0 + 10min));
    CHECK(f.check(r) == auth_status::signature_expired);
    CHECK(f.message ==
          "Signature not yet current: 20240506T071809Z is still later than 20240506T071309Z "
          "(20240506T070809Z + 5 min.)");
}

TEST_CASE("the credential scope must name the emulator's region and connect") {
    fixture f;
    auto s = at(t0);
    SUBCASE("region") {
        s.region = "eu-west-1";
        auto r = test::signed_release(id, "t", s);
        CHECK(f.check(r) == auth_status::invalid_signature);
        CHECK(f.message == "Credential should be scoped to a valid region, not 'eu-west-1'. ");
    }
    SUBCASE("service") {
        s.service = "s3";
        auto r = test::signed_release(id, "t", s);
        CHECK(f.check(r) == auth_status::invalid_signature);
        CHECK(f.message == "Credential should be scoped to correct service: 'connect'. ");
    }
    SUBCASE("date") {
        auto r = test::signed_release(id, "t", s);
        r.set_header("Authorization", [&] {
            auto a = r.header("Authorization");
            a.replace(a.find("/20240506/"), 10, "/20240505/");
            return a;
        }());
        CHECK(f.check(r) == auth_status::invalid_signature);
        CHECK(f.message ==
              "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
              "from HTTP: '20240505' != '20240506', from '20240506T070809Z'.");
    }
}

TEST_CASE("session tokens must match the credential's") {
    fixture f;
    auto s = at(t0);
    s.who = {"AKIDTEMP", "temp-secret", "the-session-token"};
    SUBCASE("the right token verifies") {
        auto r = test::signed_release(id, "t", s);
        CHECK(r.header("X-Amz-Security-Token") == "the-session-token");
        CHECK(f.check(r) == auth_status::ok);
    }
    SUBCASE("a wrong token is an invalid security token") {
        s.who.session_token = "another-token";
        auto r = test::signed_release(id, "t", s);
        CHECK(f.check(r) == auth_status::unrecognized_client);
        CHECK(f.message == "The security token included in the request is invalid.");
    }
    SUBCASE("no token where one is required") {
        s.who.session_token.clear();
        auto r = test::signed_release(id, "t", s);
        CHECK(f.check(r) == auth_status::unrecognized_client);
    }
    SUBCASE("a token where none is expected") {
        auto s2 = at(t0);
        s2.who.session_token = "unexpected";
        auto r = test::signed_release(id, "t", s2);
        CHECK(f.check(r) == auth_status::unrecognized_client);
    }
    SUBCASE("a mismatch message redacts the token") {
        auto r = test::signed_release(id, "t", s);
        r.query = "clientToken=other";
        CHECK(f.check(r) == auth_status::invalid_signature);
        CHECK(f.message.find("the-session-token") == std::string::npos);
        CHECK(f.message.find("x-amz-security-token:<redacted>\n") != std::string::npos);
    }
}

TEST_CASE("a malformed Authorization header: IncompleteSignatureException") {
    fixture f;
    auto r = test::signed_release(id, "t", at(t0));
    SUBCASE("another algorithm") {
        r.set_header("Authorization", "AWS AKIDEXAMPLE:abc");
        CHECK(f.check(r) == auth_status::incomplete_signature);
        CHECK(f.message.starts_with("Unsupported Authorization Type"));
    }
    SUBCASE("missing parts") {
        r.set_header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240506/us-east-1/connect/aws4_request");
        CHECK(f.check(r) == auth_status::incomplete_signature);
        CHECK(f.message ==
              "Authorization header requires 'Signature' parameter. Authorization header "
              "requires 'SignedHeaders' parameter.");
    }
    SUBCASE("no X-Amz-Date") {
        r.remove_header("X-Amz-Date");
        CHECK(f.check(r) == auth_status::incomplete_signature);
        CHECK(f.message ==
              "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
              "header.");
    }
    SUBCASE("a credential without its scope") {
        auto a = r.header("Authorization");
        a.replace(a.find("/20240506/us-east-1/connect/aws4_request"), 40, "");
        r.set_header("Authorization", a);
        CHECK(f.check(r) == auth_status::incomplete_signature);
        CHECK(f.message == "Credential must have the form AKID/YYYYMMDD/REGION/SERVICE/aws4_request.");
    }
    SUBCASE("Host not signed") {
        auto a = r.header("Authorization");
        a.replace(a.find("host;"), 5, "");
        r.set_header("Authorization", a);
        CHECK(f.check(r) == auth_status::incomplete_signature);
        CHECK(f.message ==
              "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
}

TEST_CASE("a botocore-shaped request verifies: ARN id, extra signed headers, Content-Length") {
    fixture f;
    const std::string arn =
        "arn:aws:connect:us-east-1:123456789012:phone-number/00000000-0000-4000-8000-000000000001";
    auto r = test::release_request(arn, "3f1c7a2e-9b4d-4e8a-a1c2-5d6e7f809a1b");
    CHECK(r.path ==
          "/phone-number/arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Aphone-number%2F"
          "00000000-0000-4000-8000-000000000001");
    r.set_header("Accept-Encoding", "identity");
    r.set_header("Content-Length", "0");
    r.set_header("Content-Type", "application/json");
    at(t0).sign(r);
    CHECK(r.header("Authorization").find("SignedHeaders=accept-encoding;amz-sdk-invocation-id;"
                                         "amz-sdk-request;content-length;content-type;host;"
                                         "x-amz-date,") != std::string::npos);
    CHECK(f.check(r) == auth_status::ok);
}

}  // TEST_SUITE
