// The redaction every printed line goes through (lib/log/redact.hpp): a table of inputs
// and their exact redacted form, covering each secret key in the forms it takes (query
// strings, headers, JSON, profile files, credentials printing), Authorization values of
// every scheme, bearer tokens and URL passwords; and what must stay (access key ids,
// client and pagination tokens, the words "signature" and "token" in prose). Then the
// properties: idempotent, and no planted secret survives any of the forms.
#include "log/redact.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using awsconnect::log::redact;

namespace {

struct row {
    std::string in;
    std::string out;
};

const std::vector<row> rows = {
    // Secret keys, in the forms they come in.
    {"aws_secret_access_key=wJalrXUtnFEMI/K7MDENG", "aws_secret_access_key=<redacted>"},
    {"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG\naws_session_token = FwoGZX", "aws_secret_access_key = <redacted>\naws_session_token = <redacted>"},
    {"AWS_SECRET_ACCESS_KEY=abc AWS_SESSION_TOKEN=def AWS_ACCESS_KEY_ID=AKIDEXAMPLE",
     "AWS_SECRET_ACCESS_KEY=<redacted> AWS_SESSION_TOKEN=<redacted> AWS_ACCESS_KEY_ID=AKIDEXAMPLE"},
    {R"({"AccessKeyId":"AKID","SecretAccessKey":"s3cr\"et","SessionToken":"tok","Token":"t2","Expiration":"2024-01-01T00:00:00Z"})",
     R"({"AccessKeyId":"AKID","SecretAccessKey":"<redacted>","SessionToken":"<redacted>","Token":"<redacted>","Expiration":"2024-01-01T00:00:00Z"})"},
    {R"({ "accessToken" : "eyJhbGci", "refreshToken": 'r1', "clientSecret":"cs" })",
     R"({ "accessToken" : "<redacted>", "refreshToken": '<redacted>', "clientSecret":"<redacted>" })"},
    {"credentials{access_key_id=AKID, secret_access_key=<redacted>, session_token=<redacted>}",
     "credentials{access_key_id=AKID, secret_access_key=<redacted>, session_token=<redacted>}"},
    {"secret_key: abc; password=hunter2&passwd=x&proxy_password=y",
     "secret_key: <redacted>; password=<redacted>&passwd=<redacted>&proxy_password=<redacted>"},
    // Headers and query strings.
    {"X-Amz-Security-Token: FwoGZXIvYXdzEJr//////////wEaDO\r\nHost: x", "X-Amz-Security-Token: <redacted>\r\nHost: x"},
    {"x-aws-ec2-metadata-token: AQAEAKx", "x-aws-ec2-metadata-token: <redacted>"},
    {"AWS_CONTAINER_AUTHORIZATION_TOKEN=Basic abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN=<redacted> abc"},
    {"/?X-Amz-Credential=AKID%2F20240101&X-Amz-Signature=0123abcd&X-Amz-Security-Token=tok%2F1",
     "/?X-Amz-Credential=AKID%2F20240101&X-Amz-Signature=<redacted>&X-Amz-Security-Token=<redacted>"},
    {"Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/connect/aws4_request, "
     "SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7\r\nX-Amz-Date: 20240101T000000Z",
     "Authorization: <redacted>\r\nX-Amz-Date: 20240101T000000Z"},
    {"Credential=AKID/x, SignedHeaders=host, Signature=5d672d79", "Credential=AKID/x, SignedHeaders=host, Signature=<redacted>"},
    {"authorization:Bearer abc.def", "authorization:<redacted>"},
    {"Proxy-Authorization: Basic dXNlcjpwYXNz", "Proxy-Authorization: <redacted>"},
    {R"({"authorization": "Bearer xyz", "next": 1})", R"({"authorization": "<redacted>", "next": 1})"},
    {"sent Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig to the portal", "sent Bearer <redacted> to the portal"},
    {"web_identity_token=abc aws_web_identity_token=def", "web_identity_token=<redacted> aws_web_identity_token=<redacted>"},
    // URL passwords.
    {"proxy http://alice:s3cret@proxy.local:3128/ refused", "proxy http://alice:<redacted>@proxy.local:3128/ refused"},
    {"https://u:p%40ss@h/x?y=1", "https://u:<redacted>@h/x?y=1"},
    {"http://alice@proxy.local:3128", "http://alice@proxy.local:3128"},
    {"http://127.0.0.1:8080/phone-number/x", "http://127.0.0.1:8080/phone-number/x"},
    // What stays.
    {"client_token=0b1e7c3e-1b2a-4c7f-9d3e-2f4a5b6c7d8e clientToken=abc ClientToken: abc NextToken=xyz",
     "client_token=0b1e7c3e-1b2a-4c7f-9d3e-2f4a5b6c7d8e clientToken=abc ClientToken: abc NextToken=xyz"},
    {"Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z",
     "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z"},
    {"the security token included in the request is invalid", "the security token included in the request is invalid"},
    {"invalid_signature (HTTP 403 InvalidSignatureException)", "invalid_signature (HTTP 403 InvalidSignatureException)"},
    {"token= ", "token= "},
    {"token=, secret:;", "token=, secret:;"},
    {"https://u:pa/ss@h:1/x", "https://u:<redacted>@h:1/x"},
    {"mytoken=abc tokens=abc", "mytoken=abc tokens=abc"},
    {"", ""},
};

}  // namespace

TEST_SUITE("redact") {

TEST_CASE("each form of a secret, and what is not one") {
    for (const auto& r : rows) {
        CAPTURE(r.in);
        CHECK(redact(r.in) == r.out);
    }
}

TEST_CASE("idempotent: a redacted text does not change again") {
    for (const auto& r : rows) {
        CAPTURE(r.in);
        CHECK(redact(redact(r.in)) == redact(r.in));
    }
}

TEST_CASE("a planted secret never survives, in any of the forms") {
    const std::string secret = "Zq8SecretValue/9+x=";
    const std::vector<std::string> forms = {
        "aws_secret_access_key=" + secret,
        "SecretAccessKey: \"" + secret + "\"",
        "{\"SessionToken\":\"" + secret + "\"}",
        "X-Amz-Security-Token: " + secret,
        "Authorization: AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=" + secret,
        "Authorization: Bearer " + secret,
        "Bearer " + secret,
        "https://user:" + secret + "@proxy:8080",
        "X-Amz-Signature=" + secret + "&x=1",
        "token = '" + secret + "'",
    };
    for (const auto& f : forms) {
        for (const std::string around : {"", "before ", "\n"}) {
            const std::string text = around + f + around;
            CAPTURE(text);
            CHECK(redact(text).find(secret) == std::string::npos);
            CHECK(redact(text).find("<redacted>") != std::string::npos);
        }
    }
}

}  // TEST_SUITE
