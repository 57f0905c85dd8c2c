// STS's awsQuery operations, pure: the form bodies (order, percent-encoding, optional
// members), the reading of the XML response (every credentials member required, the account
// id from the assumed role's ARN), malformed documents, and the model's input constraints.
#include "operation/assume_role.hpp"
#include "operation/assume_role_with_web_identity.hpp"

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::operation;

namespace {

http::response response(std::string body) {
    http::response r;
    r.status = 200;
    r.body = std::move(body);
    return r;
}

const char* const good =
    "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <AssumeRoleResult>\n"
    "    <AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId>"
    "<Arn>arn:aws:sts::123456789012:assumed-role/integration-test/s</Arn></AssumedRoleUser>\n"
    "    <Credentials><AccessKeyId>ASIARTESTID</AccessKeyId><SecretAccessKey>TESTSECRETKEY</SecretAccessKey>"
    "<SessionToken>TESTSESSIONTOKEN</SessionToken><Expiration>2021-08-05T19:58:02Z</Expiration></Credentials>\n"
    "  </AssumeRoleResult>\n</AssumeRoleResponse>\n";

}  // namespace

TEST_SUITE("operation.sts") {

TEST_CASE("AssumeRole's form body: the SDKs' recorded bytes; optional members only when set") {
    assume_role_request in;
    in.role_arn = "arn:aws:iam::123456789:role/integration-test";
    in.role_session_name = "assume-role-provider-session";
    serialized_input out;
    assume_role::serialize(in, {}, out);
    CHECK(out.path == "/");
    CHECK(out.query.empty());
    // profile-provider/e2e_assume_role's recorded request body.
    CHECK(out.body == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789%3Arole%2F"
                      "integration-test&RoleSessionName=assume-role-provider-session");
    in.external_id = "a b/c+d=e";
    in.duration_seconds = 900;
    assume_role::serialize(in, {}, out);
    CHECK(out.body.ends_with("&ExternalId=a%20b%2Fc%2Bd%3De&DurationSeconds=900"));
    CHECK(assume_role::op.protocol == wire_protocol::aws_query);
    CHECK(assume_role::op.auth == auth_scheme::sigv4);
}

TEST_CASE("AssumeRoleWithWebIdentity's form body carries the token; the operation is unsigned") {
    assume_role_with_web_identity_request in;
    in.role_arn = "arn:aws:iam::123456789012:role/r";
    in.role_session_name = "s1";
    in.web_identity_token = "eyJ.a+b/c=";
    serialized_input out;
    assume_role_with_web_identity::serialize(in, {}, out);
    CHECK(out.body == "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012"
                      "%3Arole%2Fr&RoleSessionName=s1&WebIdentityToken=eyJ.a%2Bb%2Fc%3D");
    CHECK(assume_role_with_web_identity::op.auth == auth_scheme::none);
}

TEST_CASE("the response: credentials, expiration text and the account of the assumed role") {
    sts_credentials_output out;
    REQUIRE_FALSE(parse_sts_credentials("AssumeRole", response(good), out));
    CHECK(out.access_key_id == "ASIARTESTID");
    CHECK(out.secret_access_key == "TESTSECRETKEY");
    CHECK(out.session_token == "TESTSESSIONTOKEN");
    CHECK(out.expiration == "2021-08-05T19:58:02Z");
    CHECK(out.assumed_role_arn == "arn:aws:sts::123456789012:assumed-role/integration-test/s");
    CHECK(out.account_id == "123456789012");
}

TEST_CASE("malformed responses name what is wrong, never a value") {
    auto error_of = [](std::string body, std::string_view action = "AssumeRole") {
        sts_credentials_output out;
        auto e = parse_sts_credentials(action, response(std::move(body)), out);
        REQUIRE(e);
        CHECK(e->code == errc::malformed_response);
        return e->message;
    };
    CHECK(error_of("not xml") == "AssumeRole succeeded, but its response could not be read: not well-formed XML: "
                                 "syntax error at line 1");
    CHECK(error_of(good, "AssumeRoleWithWebIdentity") ==
          "AssumeRoleWithWebIdentity succeeded, but its response could not be read: the document is not "
          "AssumeRoleWithWebIdentityResponse (its root is AssumeRoleResponse)");
    std::string no_token = good;
    no_token.replace(no_token.find("<SessionToken>"), std::string("<SessionToken>TESTSESSIONTOKEN</SessionToken>").size(),
                     "");
    CHECK(error_of(no_token) ==
          "AssumeRole succeeded, but its response could not be read: Credentials/SessionToken is missing");
    const std::string m = error_of(std::string(good).replace(std::string(good).find("<Expiration>"), 12, "<Expired>"));
    CHECK(m.find("TESTSECRETKEY") == std::string::npos);
}

TEST_CASE("account ids only from well-formed ARNs") {
    CHECK(account_id_of_arn("arn:aws:sts::123456789012:assumed-role/R/s") == "123456789012");
    CHECK(account_id_of_arn("arn:aws-cn:sts::210987654321:assumed-role/R/s") == "210987654321");
    CHECK(account_id_of_arn("arn:aws:sts::12345:assumed-role/R/s").empty());
    CHECK(account_id_of_arn("arn:aws:sts::12345678901x:assumed-role/R/s").empty());
    CHECK(account_id_of_arn("urn:aws:sts::123456789012:x").empty());
    CHECK(account_id_of_arn("arn:aws:sts").empty());
}

TEST_CASE("the model's constraints, before anything is sent") {
    assume_role_request in;
    in.role_arn = "arn:aws:iam::123456789012:role/r";
    in.role_session_name = "ok-name";
    CHECK_FALSE(assume_role::validate(in, {}));
    in.role_session_name = "has space";
    auto e = assume_role::validate(in, {});
    REQUIRE(e);
    CHECK(e->code == errc::invalid_parameter);
    CHECK(e->message == "RoleSessionName \"has space\" may only contain letters, digits and _+=,.@-");
    in.role_session_name = "x";
    CHECK(assume_role::validate(in, {})->message == "RoleSessionName \"x\" must be 2 to 64 characters (is 1)");
    in.role_session_name = "ok";
    in.duration_seconds = 899;
    CHECK(assume_role::validate(in, {})->message == "DurationSeconds must be 900 to 43200 (is 899)");
    in.duration_seconds.reset();
    in.external_id = "secret value!";
    CHECK(assume_role::validate(in, {})->message == "ExternalId may only contain letters, digits and _+=,.@:/-");
    in.external_id.clear();
    in.role_arn = "arn:short";
    CHECK(assume_role::validate(in, {})->message == "RoleArn \"arn:short\" must be 20 to 2048 characters (is 9)");

    assume_role_with_web_identity_request w;
    w.role_arn = "arn:aws:iam::123456789012:role/r";
    w.role_session_name = "s1";
    w.web_identity_token = "abc";
    CHECK(assume_role_with_web_identity::validate(w, {})->message ==
          "WebIdentityToken must be 4 to 20000 characters (is 3)");
}

}  // TEST_SUITE
