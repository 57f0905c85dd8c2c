// The credential documents: each kind parsed from literal JSON into exact credentials, and
// every way a document can be unusable mapped to its exact message. Every document carries
// distinctive secret strings, and no message may contain them.
#include "credentials/credentials_json.hpp"

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::creds;
using namespace std::chrono;

namespace {

const system_clock::time_point now = sys_days{year{2024} / 5 / 6} + 7h;
const std::string secret = "SECRET-json-7f3a9c";
const std::string token = "TOKEN-json-b51e02";

credentials ok(std::string_view json, credentials_document kind) {
    auto r = parse_credentials_document(json, kind, now);
    if (auto* e = std::get_if<document_error>(&r)) FAIL(e->why);
    return std::get<credentials>(r);
}

std::string bad(std::string_view json, credentials_document kind, bool expired = false) {
    auto r = parse_credentials_document(json, kind, now);
    REQUIRE(std::holds_alternative<document_error>(r));
    const auto& e = std::get<document_error>(r);
    CHECK(e.expired == expired);
    CHECK(e.why.find(secret) == std::string::npos);
    CHECK(e.why.find(token) == std::string::npos);
    return e.why;
}

}  // namespace

TEST_SUITE("credentials_json") {

TEST_CASE("credential_process Version 1, temporary and long-term") {
    auto c = ok(R"({"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": ")" + secret +
                    R"(", "SessionToken": ")" + token +
                    R"(", "Expiration": "2024-05-06T08:00:00Z"})",
                credentials_document::process_v1);
    CHECK(c.access_key_id == "AKIDPROC");
    CHECK(c.secret_access_key == secret);
    CHECK(c.session_token == token);
    REQUIRE(c.expiration);
    CHECK(*c.expiration == sys_days{year{2024} / 5 / 6} + 8h);

    auto lt = ok(R"({"Version": 1, "AccessKeyId": "AKIDLT", "SecretAccessKey": "s"})",
                 credentials_document::process_v1);
    CHECK(lt.session_token.empty());
    CHECK_FALSE(lt.expiration);
    // A null SessionToken is the same as none; Version 1.0 is 1 (botocore compares == 1).
    auto n = ok(R"({"Version": 1.0, "AccessKeyId": "A", "SecretAccessKey": "s", "SessionToken": null})",
                credentials_document::process_v1);
    CHECK(n.session_token.empty());
}

TEST_CASE("container and IMDS documents") {
    auto c = ok(R"({"AccessKeyId": "AKIDECS", "SecretAccessKey": ")" + secret + R"(", "Token": ")" +
                    token + R"(", "Expiration": "2024-05-06T13:00:00Z", "RoleArn": "arn:x"})",
                credentials_document::container);
    CHECK(c.access_key_id == "AKIDECS");
    CHECK(c.session_token == token);
    CHECK(*c.expiration == sys_days{year{2024} / 5 / 6} + 13h);

    auto i = ok(R"({"Code": "Success", "LastUpdated": "2024-05-06T06:00:00Z", "Type": "AWS-HMAC",
                    "AccessKeyId": "AKIDIMDS", "SecretAccessKey": "s", "Token": "t",
                    "Expiration": "2024-05-06T12:00:00Z"})",
                credentials_document::imds);
    CHECK(i.access_key_id == "AKIDIMDS");
    CHECK(*i.expiration == sys_days{year{2024} / 5 / 6} + 12h);
}

TEST_CASE("unusable documents, exactly") {
    const auto P = credentials_document::process_v1;
    const auto C = credentials_document::container;
    const auto I = credentials_document::imds;
    const std::string sk = R"("SecretAccessKey": ")" + secret + R"(")";
    CHECK(bad("not json " + secret, P) == "the response is not valid JSON");
    CHECK(bad(R"(["AKID", ")" + secret + R"("])", P) == "the response is not a JSON object");
    CHECK(bad(R"({"AccessKeyId": "A", )" + sk + "}", P) == "Version is missing (expected 1)");
    CHECK(bad(R"({"Version": 2, "AccessKeyId": "A", )" + sk + "}", P) ==
          "Version 2 is not supported (expected 1)");
    CHECK(bad(R"({"Version": "1", "AccessKeyId": "A", )" + sk + "}", P) ==
          "a Version that is not a number is not supported (expected 1)");
    CHECK(bad(R"({"Version": 1, )" + sk + "}", P) == "AccessKeyId is missing");
    CHECK(bad(R"({"Version": 1, "AccessKeyId": "", )" + sk + "}", P) == "AccessKeyId is empty");
    CHECK(bad(R"({"Version": 1, "AccessKeyId": 5, )" + sk + "}", P) ==
          "AccessKeyId is not a string");
    CHECK(bad(R"({"Version": 1, "AccessKeyId": "A"})", P) == "SecretAccessKey is missing");
    CHECK(bad(R"({"Version": 1, "AccessKeyId": "A", )" + sk + R"(, "SessionToken": 7})", P) ==
          "SessionToken is not a string");
    CHECK(bad(R"({"Version": 1, "AccessKeyId": "A", )" + sk + R"(, "Expiration": "tomorrow"})",
              P) == "Expiration is not an ISO 8601 time");
    CHECK(bad(R"({"Version": 1, "AccessKeyId": "A", )" + sk +
                  R"(, "SessionToken": ")" + token + R"(", "Expiration": "2024-05-06T06:59:59Z"})",
              P, true) == "the credentials expired at 2024-05-06T06:59:59Z");
    CHECK(bad(R"({"Version": 1, "AccessKeyId": "A", )" + sk +
                  R"(, "Expiration": "2024-05-06T07:00:00Z"})",
              P, true) == "the credentials expired at 2024-05-06T07:00:00Z");

    CHECK(bad(R"({"AccessKeyId": "A", )" + sk + R"(, "Expiration": "2024-05-06T08:00:00Z"})", C) ==
          "Token is missing");
    CHECK(bad(R"({"AccessKeyId": "A", )" + sk + R"(, "Token": ")" + token + R"("})", C) ==
          "Expiration is missing");
    CHECK(bad(R"({"Code": "AssumeRoleUnauthorizedAccess", "Message": "x", )" + sk + "}", I) ==
          "the instance metadata service reported Code \"AssumeRoleUnauthorizedAccess\"");
    CHECK(bad(R"({"Code": ")" + secret + R"("})", I) ==
          "the instance metadata service reported an unexpected Code");
    CHECK(bad(R"({"Code": 5})", I) == "the instance metadata service reported an unexpected Code");
}

}  // TEST_SUITE
