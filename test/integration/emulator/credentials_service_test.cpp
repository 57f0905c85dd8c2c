// The emulator's credentials services in its pure core (credentials_service, through
// handle_request, as the server calls it): STS AssumeRole (SigV4 with scope service sts)
// and AssumeRoleWithWebIdentity (a well-formed JWT), SSO GetRoleCredentials and SSO-OIDC
// CreateToken; the temporary credentials they issue accepted for Connect calls until their
// expiry on the emulator's clock; the form, JWT, role ARN and XML pieces; the counters; the
// configuration's checks and parsers. Time moves only when a test moves it, and what is
// issued depends only on the seed: every answer is exact.
#include "credentials_requests.hpp"
#include "emulator/config_check.hpp"
#include "emulator/credentials_service.hpp"
#include "emulator/service_core.hpp"

#include <awsconnect/envelope.hpp>

#include <boost/json/parse.hpp>

#include <doctest/doctest.h>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace awsconnect::emulator::test;
using namespace std::chrono;

namespace {

const system_clock::time_point t0 = sys_days{year{2024} / 5 / 6} + 7h + 8min + 9s;
const std::string role_arn = "arn:aws:iam::123456789012:role/deploy";
const std::string id0 = claimed_phone_number_id(0);
const std::string id1 = claimed_phone_number_id(1);

struct fixture {
    server_config config;
    std::optional<service_state> state;
    std::optional<service_settings> settings;
    sigv4::signing_key_cache keys;
    request_scratch scratch;
    system_clock::time_point now = t0;

    explicit fixture(server_config c = make_config()) : config(std::move(c)) {
        settings.emplace(config);
        state.emplace(config, now);
    }
    fixture(const fixture&) = delete;

    static server_config make_config() {
        server_config c;
        c.claim_count = 4;
        c.sso_access_tokens = {"sso-token-1"};
        c.oidc_clients = {{"client-1", "client-secret-1", {"refresh-1"}}};
        return c;
    }

    response send(test_request r) {
        response out;
        handle_request(r.view(), *settings, {*state}, now, keys, scratch, out);
        return out;
    }
    signer sign_as(credential who = example_credential()) const {
        signer s;
        s.time = now;
        s.who = std::move(who);
        return s;
    }
    response assume(std::string arn = role_arn, std::string session = "session-1",
                    std::string duration = {}, credential who = example_credential()) {
        return send(signed_assume_role(std::move(arn), std::move(session), sign_as(std::move(who)),
                                       std::move(duration)));
    }
    response release_as(const credential& who, std::string_view id) {
        return send(signed_release(id, std::nullopt, sign_as(who)));
    }
    const counters& stats() const { return state->stats; }
};

credential credential_of(const response& r) {
    credential c;
    c.access_key_id = xml_element(r.body, "AccessKeyId");
    c.secret_access_key = xml_element(r.body, "SecretAccessKey");
    c.session_token = xml_element(r.body, "SessionToken");
    return c;
}

void check_sts_error(const response& r, int status, std::string_view code, std::string_view message) {
    CHECK(r.status == status);
    CHECK(r.content_type == "text/xml");
    CHECK(r.error_type.empty());
    CHECK(r.body.starts_with(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n"
        "    <Type>Sender</Type>\n"));
    CHECK(xml_element(r.body, "Code") == code);
    CHECK(xml_element(r.body, "Message") == message);
    CHECK(xml_element(r.body, "RequestId") == r.request_id);
    CHECK(r.request_id.size() == 36);
    CHECK_FALSE(r.committed);
}

bool all_of_class(std::string_view s, std::string_view chars) {
    return s.find_first_not_of(chars) == std::string_view::npos;
}

}  // namespace

TEST_SUITE("emulator.credentials") {

TEST_CASE("routing: STS at POST /, SSO at GET /federation/credentials, SSO-OIDC at POST /token") {
    CHECK(route_request("POST", "/", false).kind == route_kind::sts);
    CHECK(route_request("GET", "/", false).kind == route_kind::method_not_allowed);
    CHECK(route_request("GET", "/", false).allow == "POST");
    CHECK(route_request("GET", "/federation/credentials", false).kind == route_kind::sso_role_credentials);
    CHECK(route_request("POST", "/federation/credentials", false).allow == "GET");
    CHECK(route_request("POST", "/token", false).kind == route_kind::oidc_token);
    CHECK(route_request("GET", "/token", false).allow == "POST");
    CHECK(is_identity_route(route_kind::sts));
    CHECK_FALSE(is_identity_route(route_kind::connect));
    CHECK_FALSE(is_identity_route(route_kind::method_not_allowed));
}

TEST_CASE("AssumeRole: credentials for an hour, the assumed-role ARN, the request id in the body") {
    fixture f;
    const response r = f.assume();
    REQUIRE(r.status == 200);
    CHECK(r.content_type == "text/xml");
    CHECK(r.identity_op == identity_operation::assume_role);
    CHECK(r.committed);
    CHECK(r.body.starts_with("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                             "  <AssumeRoleResult>\n    <Credentials>\n      <AccessKeyId>"));
    const std::string akid = xml_element(r.body, "AccessKeyId");
    CHECK(akid.size() == 20);
    CHECK(akid.starts_with("ASIA"));
    CHECK(all_of_class(akid, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
    CHECK(xml_element(r.body, "SecretAccessKey").size() == 40);
    CHECK(xml_element(r.body, "SessionToken").size() == 356);
    CHECK(xml_element(r.body, "Expiration") == "2024-05-06T08:08:09Z");
    CHECK(xml_element(r.body, "Arn") == "arn:aws:sts::123456789012:assumed-role/deploy/session-1");
    const std::string role_id = xml_element(r.body, "AssumedRoleId");
    CHECK(role_id.size() == 21 + 10);
    CHECK(role_id.starts_with("AROA"));
    CHECK(role_id.ends_with(":session-1"));
    CHECK(xml_element(r.body, "RequestId") == r.request_id);
    CHECK(r.body.ends_with("</ResponseMetadata>\n</AssumeRoleResponse>\n"));

    // Not a Connect request: only its operation's counters.
    CHECK(f.stats().assume_role.requests == 1);
    CHECK(f.stats().assume_role.ok == 1);
    CHECK(f.stats().assume_role.commits == 1);
    CHECK(f.stats().ok == 0);
    CHECK(f.stats().requests_total == 0);
    CHECK(f.state->identities.issued_count() == 1);
    const auto json = boost::json::parse(to_json(f.stats())).as_object();
    CHECK(json.at("operations").at("AssumeRole").at("ok").as_int64() == 1);
    CHECK(json.at("operations").at("CreateToken").at("requests").as_int64() == 0);

    SUBCASE("a role with a path: the ARN names the role by its last segment") {
        const response p = f.assume("arn:aws:iam::123456789012:role/team/ops/deploy", "s2");
        CHECK(xml_element(p.body, "Arn") == "arn:aws:sts::123456789012:assumed-role/deploy/s2");
    }
}

TEST_CASE("AssumeRole: DurationSeconds is honoured in 900..43200, anything else is a ValidationError") {
    fixture f;
    CHECK(xml_element(f.assume(role_arn, "s1", "900").body, "Expiration") == "2024-05-06T07:23:09Z");
    CHECK(xml_element(f.assume(role_arn, "s1", "43200").body, "Expiration") == "2024-05-06T19:08:09Z");
    check_sts_error(f.assume(role_arn, "s1", "899"), 400, "ValidationError",
                    "1 validation error detected: Value '899' at 'durationSeconds' failed to "
                    "satisfy constraint: Member must have value greater than or equal to 900");
    check_sts_error(f.assume(role_arn, "s1", "43201"), 400, "ValidationError",
                    "1 validation error detected: Value '43201' at 'durationSeconds' failed to "
                    "satisfy constraint: Member must have value less than or equal to 43200");
    check_sts_error(f.assume(role_arn, "s1", "1h"), 400, "ValidationError",
                    "1 validation error detected: Value '1h' at 'durationSeconds' failed to "
                    "satisfy constraint: Member must be an integer");
    CHECK(f.stats().assume_role.requests == 5);
    CHECK(f.stats().assume_role.ok == 2);
    CHECK(f.stats().assume_role.errors == 3);
    CHECK(f.state->identities.issued_count() == 2);
}

TEST_CASE("AssumeRole: the members' constraints") {
    fixture f;
    check_sts_error(f.assume(role_arn, "a"), 400, "ValidationError",
                    "1 validation error detected: Value 'a' at 'roleSessionName' failed to "
                    "satisfy constraint: Member must have length between 2 and 64");
    check_sts_error(f.assume(role_arn, "has space"), 400, "ValidationError",
                    "1 validation error detected: Value 'has space' at 'roleSessionName' failed "
                    "to satisfy constraint: Member must satisfy regular expression pattern: "
                    "[\\w+=,.@-]*");
    check_sts_error(f.assume("arn:aws:s3:::bucket-name-long", "s1"), 400, "ValidationError",
                    "'arn:aws:s3:::bucket-name-long' is not a role ARN "
                    "(arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME)");
    check_sts_error(f.assume("short", "s1"), 400, "ValidationError",
                    "1 validation error detected: Value 'short' at 'roleArn' failed to satisfy "
                    "constraint: Member must have length between 20 and 2048");
    test_request no_name = sts_request({{"Action", "AssumeRole"}, {"Version", "2011-06-15"},
                                        {"RoleArn", role_arn}});
    signer s = f.sign_as();
    s.service = "sts";
    s.sign(no_name);
    check_sts_error(f.send(no_name), 400, "ValidationError",
                    "1 validation error detected: Value null at 'roleSessionName' failed to "
                    "satisfy constraint: Member must not be null");
}

TEST_CASE("AssumeRole: roles of another account, or not allowed, are AccessDenied") {
    SUBCASE("by default, any role of the account") {
        fixture f;
        check_sts_error(f.assume("arn:aws:iam::210987654321:role/deploy"), 403, "AccessDenied",
                        "The caller (access key AKIDEXAMPLE) is not authorized to perform: "
                        "sts:AssumeRole on resource: arn:aws:iam::210987654321:role/deploy (the "
                        "emulator allows any role of account 123456789012)");
        check_sts_error(f.assume("arn:aws-cn:iam::123456789012:role/deploy"), 403, "AccessDenied",
                        "The caller (access key AKIDEXAMPLE) is not authorized to perform: "
                        "sts:AssumeRole on resource: arn:aws-cn:iam::123456789012:role/deploy "
                        "(the emulator allows any role of account 123456789012)");
    }
    SUBCASE("with an allow-list, exactly its roles (other accounts included)") {
        server_config c = fixture::make_config();
        c.roles = {"arn:aws:iam::210987654321:role/cross", role_arn};
        fixture f(c);
        CHECK(f.assume("arn:aws:iam::210987654321:role/cross").status == 200);
        CHECK(xml_element(f.assume("arn:aws:iam::210987654321:role/cross").body, "Arn") ==
              "arn:aws:sts::210987654321:assumed-role/cross/session-1");
        CHECK(f.assume(role_arn).status == 200);
        CHECK(xml_element(f.assume("arn:aws:iam::123456789012:role/other").body, "Code") ==
              "AccessDenied");
    }
}

TEST_CASE("AssumeRole: SigV4 for STS, with STS's error codes") {
    fixture f;
    SUBCASE("a wrong secret: SignatureDoesNotMatch") {
        credential wrong = example_credential();
        wrong.secret_access_key = "not-the-secret";
        const response r = f.assume(role_arn, "s1", {}, wrong);
        CHECK(r.status == 403);
        CHECK(xml_element(r.body, "Code") == "SignatureDoesNotMatch");
        CHECK(xml_element(r.body, "Message").starts_with("The request signature we calculated does not match"));
        CHECK(r.body.find("not-the-secret") == std::string::npos);
    }
    SUBCASE("an unknown key: InvalidClientTokenId") {
        const response r = f.assume(role_arn, "s1", {}, {"AKIDUNKNOWN", "secret", ""});
        check_sts_error(r, 403, "InvalidClientTokenId",
                        "The security token included in the request is invalid.");
    }
    SUBCASE("signed for connect instead of sts") {
        test_request q = assume_role_request(role_arn, "s1");
        f.sign_as().sign(q);  // service "connect"
        check_sts_error(f.send(q), 403, "SignatureDoesNotMatch",
                        "Credential should be scoped to correct service: 'sts'. ");
    }
    SUBCASE("unsigned") {
        check_sts_error(f.send(assume_role_request(role_arn, "s1")), 403,
                        "MissingAuthenticationToken", "Missing Authentication Token");
    }
    SUBCASE("the body is signed: a changed body fails") {
        test_request q = signed_assume_role(role_arn, "s1", f.sign_as());
        q.body += "&DurationSeconds=900";
        CHECK(xml_element(f.send(q).body, "Code") == "SignatureDoesNotMatch");
    }
    CHECK(f.stats().assume_role.errors == 1);
    CHECK(f.state->identities.issued_count() == 0);
}

TEST_CASE("issued credentials: accepted for Connect with their token, ExpiredTokenException after expiry") {
    fixture f;
    const response a = f.assume(role_arn, "s1", "900");
    REQUIRE(a.status == 200);
    const credential temp = credential_of(a);

    const response ok = f.release_as(temp, id0);
    CHECK(ok.status == 200);
    CHECK(f.stats().commits == 1);

    SUBCASE("without the session token, or with another: UnrecognizedClientException") {
        credential no_token = temp;
        no_token.session_token.clear();
        CHECK(f.release_as(no_token, id1).error_type == "UnrecognizedClientException");
        credential other = temp;
        other.session_token.back() = other.session_token.back() == 'A' ? 'B' : 'A';
        CHECK(f.release_as(other, id1).error_type == "UnrecognizedClientException");
    }
    SUBCASE("a second before expiry: accepted; at expiry: 403 ExpiredTokenException") {
        f.now = t0 + 899s;
        CHECK(f.release_as(temp, id1).status == 200);
        f.now = t0 + 900s;
        const response expired = f.release_as(temp, claimed_phone_number_id(2));
        CHECK(expired.status == 403);
        CHECK(expired.error_type == "ExpiredTokenException");
        CHECK(expired.body == R"({"message":"The security token included in the request is expired"})");
        CHECK(f.stats().expired_token == 1);
        // And for STS too (role chains from expired credentials).
        const response chained = f.assume(role_arn, "s2", {}, temp);
        check_sts_error(chained, 403, "ExpiredToken",
                        "The security token included in the request is expired");
    }
    SUBCASE("role chains: AssumeRole signed with issued credentials") {
        const response b = f.assume("arn:aws:iam::123456789012:role/second", "hop-2", {}, temp);
        REQUIRE(b.status == 200);
        const credential second = credential_of(b);
        CHECK(second.access_key_id != temp.access_key_id);
        CHECK(f.release_as(second, id1).status == 200);
    }
}

TEST_CASE("what is issued depends only on the seed and the order of issue") {
    fixture a, b;
    server_config other = fixture::make_config();
    other.seed = 7;
    fixture c(other);
    const response ra = a.assume(), rb = b.assume(), rc = c.assume();
    CHECK(ra.body == rb.body);
    CHECK(ra.request_id == rb.request_id);
    CHECK(xml_element(ra.body, "AccessKeyId") != xml_element(rc.body, "AccessKeyId"));
    CHECK(xml_element(ra.body, "AccessKeyId") != xml_element(a.assume().body, "AccessKeyId"));
}

TEST_CASE("AssumeRoleWithWebIdentity: unsigned, a well-formed JWT whose sub is echoed") {
    fixture f;
    const std::string token = make_jwt(
        R"({"sub":"system:serviceaccount:ns:app","iss":"https://oidc.example.com","aud":["sts.amazonaws.com"],"exp":1893456000})");
    const response r = f.send(web_identity_request(role_arn, "web-1", token));
    REQUIRE(r.status == 200);
    CHECK(r.identity_op == identity_operation::assume_role_with_web_identity);
    CHECK(r.body.starts_with("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
                             "  <AssumeRoleWithWebIdentityResult>\n"));
    CHECK(xml_element(r.body, "SubjectFromWebIdentityToken") == "system:serviceaccount:ns:app");
    CHECK(xml_element(r.body, "Audience") == "sts.amazonaws.com");
    CHECK(xml_element(r.body, "Provider") == "https://oidc.example.com");
    CHECK(xml_element(r.body, "Arn") == "arn:aws:sts::123456789012:assumed-role/deploy/web-1");
    CHECK(xml_element(r.body, "Expiration") == "2024-05-06T08:08:09Z");
    CHECK(f.release_as(credential_of(r), id0).status == 200);
    CHECK(f.stats().assume_role_with_web_identity.ok == 1);
    CHECK(f.stats().assume_role_with_web_identity.commits == 1);

    SUBCASE("an invalid token: InvalidIdentityToken, and the token is never echoed") {
        const std::string bad = base64url(R"({"alg":"none"})") + "." + base64url("not json") + ".sig";
        const response e = f.send(web_identity_request(role_arn, "web-1", bad));
        check_sts_error(e, 400, "InvalidIdentityToken",
                        "The web identity token is not a well-formed JWT: its payload is not a "
                        "JSON object");
        CHECK(e.body.find(base64url("not json")) == std::string::npos);
        const response two = f.send(web_identity_request(role_arn, "web-1", "abcd.efgh"));
        check_sts_error(two, 400, "InvalidIdentityToken",
                        "The web identity token is not a well-formed JWT: it must be three "
                        "base64url parts separated by '.'");
        CHECK(f.stats().assume_role_with_web_identity.errors == 2);
    }
    SUBCASE("an exp in the past on the emulator's clock: ExpiredTokenException") {
        const std::string old = make_jwt(R"({"sub":"x","exp":1714979288})");  // t0 - 1 s
        check_sts_error(f.send(web_identity_request(role_arn, "web-1", old)), 400,
                        "ExpiredTokenException",
                        "Token expired: current date/time 2024-05-06T07:08:09Z must be before "
                        "the expiration date/time 2024-05-06T07:08:08Z");
    }
    SUBCASE("the role rules apply") {
        check_sts_error(f.send(web_identity_request("arn:aws:iam::210987654321:role/x", "web-1", token)),
                        403, "AccessDenied",
                        "Not authorized to perform sts:AssumeRoleWithWebIdentity on resource: "
                        "arn:aws:iam::210987654321:role/x");
    }
    SUBCASE("no token") {
        test_request q = sts_request({{"Action", "AssumeRoleWithWebIdentity"}, {"Version", "2011-06-15"},
                                      {"RoleArn", role_arn}, {"RoleSessionName", "web-1"}});
        check_sts_error(f.send(q), 400, "ValidationError",
                        "1 validation error detected: Value null at 'webIdentityToken' failed "
                        "to satisfy constraint: Member must not be null");
    }
}

TEST_CASE("STS forms without a known Action and Version") {
    fixture f;
    check_sts_error(f.send(sts_request({{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}})),
                    400, "InvalidAction",
                    "Could not find operation GetCallerIdentity for version 2011-06-15 (the "
                    "emulator serves AssumeRole and AssumeRoleWithWebIdentity, version 2011-06-15)");
    check_sts_error(f.send(sts_request({{"Action", "AssumeRole"}, {"Version", "2010-01-01"}})),
                    400, "InvalidAction",
                    "Could not find operation AssumeRole for version 2010-01-01 (the emulator "
                    "serves AssumeRole and AssumeRoleWithWebIdentity, version 2011-06-15)");
    test_request json = sts_request({{"Action", "AssumeRole"}, {"Version", "2011-06-15"}});
    json.set_header("Content-Type", "application/json");
    const response missing = f.send(json);
    CHECK(missing.status == 400);
    CHECK(xml_element(missing.body, "Code") == "MissingAction");
    CHECK(f.stats().unknown_operation == 3);
    CHECK(f.stats().assume_role.requests == 0);
}

TEST_CASE("GetRoleCredentials: a token the emulator accepts gets credentials it accepts") {
    fixture f;
    const response r = f.send(role_credentials_request("ReadOnly", "123456789012", "sso-token-1"));
    REQUIRE(r.status == 200);
    CHECK(r.identity_op == identity_operation::get_role_credentials);
    CHECK(r.content_type == "application/json");
    const auto o = boost::json::parse(r.body).as_object().at("roleCredentials").as_object();
    CHECK(o.size() == 4);
    const std::int64_t expected_ms = duration_cast<milliseconds>((t0 + 1h).time_since_epoch()).count();
    CHECK(o.at("expiration").as_int64() == expected_ms);
    credential c{std::string(o.at("accessKeyId").as_string()),
                 std::string(o.at("secretAccessKey").as_string()),
                 std::string(o.at("sessionToken").as_string())};
    CHECK(c.access_key_id.starts_with("ASIA"));
    CHECK(f.release_as(c, id0).status == 200);
    f.now = t0 + 1h;
    CHECK(f.release_as(c, id1).error_type == "ExpiredTokenException");
    CHECK(f.stats().get_role_credentials.ok == 1);

    SUBCASE("a bad, or no, bearer token: 401 UnauthorizedException") {
        for (const char* token : {"sso-token-2", ""}) {
            const response e = f.send(role_credentials_request("ReadOnly", "123456789012", token));
            CHECK(e.status == 401);
            CHECK(e.error_type == "UnauthorizedException");
            CHECK(e.body == R"({"message":"Session token not found or invalid"})");
        }
        CHECK(f.stats().get_role_credentials.errors == 2);
    }
    SUBCASE("another account: 403 ForbiddenException; parameters missing: 400") {
        const response e = f.send(role_credentials_request("ReadOnly", "210987654321", "sso-token-1"));
        CHECK(e.status == 403);
        CHECK(e.error_type == "ForbiddenException");
        CHECK(e.body == R"({"message":"No access"})");
        test_request q = role_credentials_request("ReadOnly", "", "sso-token-1");
        q.query = "role_name=ReadOnly";
        const response m = f.send(q);
        CHECK(m.status == 400);
        CHECK(m.error_type == "InvalidRequestException");
    }
}

TEST_CASE("GetRoleCredentials with an allow-list: the role by name and account") {
    server_config c = fixture::make_config();
    c.roles = {"arn:aws:iam::123456789012:role/path/ReadOnly"};
    c.sso_credentials_lifetime = 600s;
    fixture f(c);
    const response ok = f.send(role_credentials_request("ReadOnly", "123456789012", "sso-token-1"));
    REQUIRE(ok.status == 200);
    CHECK(boost::json::parse(ok.body).at("roleCredentials").at("expiration").as_int64() ==
          duration_cast<milliseconds>((t0 + 600s).time_since_epoch()).count());
    CHECK(f.send(role_credentials_request("Admin", "123456789012", "sso-token-1")).status == 403);
}

TEST_CASE("CreateToken: a refresh_token grant gives an access token GetRoleCredentials accepts until it expires") {
    fixture f;
    const std::string grant =
        R"({"clientId":"client-1","clientSecret":"client-secret-1","grantType":"refresh_token","refreshToken":"refresh-1"})";
    const response r = f.send(create_token_request(grant));
    REQUIRE(r.status == 200);
    CHECK(r.identity_op == identity_operation::create_token);
    const auto o = boost::json::parse(r.body).as_object();
    CHECK(o.size() == 4);
    CHECK(o.at("tokenType").as_string() == "Bearer");
    CHECK(o.at("expiresIn").as_int64() == 3600);
    const std::string access(o.at("accessToken").as_string());
    const std::string refresh(o.at("refreshToken").as_string());
    CHECK(access.starts_with("aoa"));
    CHECK(refresh.starts_with("aor"));
    CHECK(f.send(role_credentials_request("ReadOnly", "123456789012", access)).status == 200);

    // The new refresh token works too (and the old one still does).
    const response again = f.send(create_token_request(
        R"({"clientId":"client-1","clientSecret":"client-secret-1","grantType":"refresh_token","refreshToken":")" +
        refresh + "\"}"));
    CHECK(again.status == 200);
    CHECK(f.send(create_token_request(grant)).status == 200);
    CHECK(f.stats().create_token.ok == 3);
    CHECK(f.stats().create_token.commits == 3);

    f.now = t0 + 3600s;
    CHECK(f.send(role_credentials_request("ReadOnly", "123456789012", access)).status == 401);
}

TEST_CASE("CreateToken errors: the SSO-OIDC error bodies") {
    fixture f;
    auto check = [&](const std::string& body, int status, std::string_view type, std::string_view error) {
        const response r = f.send(create_token_request(body));
        CHECK(r.status == status);
        CHECK(r.error_type == type);
        const auto o = boost::json::parse(r.body).as_object();
        CHECK(o.at("error").as_string() == error);
        CHECK(o.contains("error_description"));
        CHECK(r.body.find("client-secret") == std::string::npos);
        CHECK(r.body.find("refresh-") == std::string::npos);
    };
    check(R"({"clientId":"client-1","clientSecret":"client-secret-1","grantType":"refresh_token","refreshToken":"refresh-2"})",
          400, "InvalidGrantException", "invalid_grant");
    check(R"({"clientId":"client-1","clientSecret":"client-secret-2","grantType":"refresh_token","refreshToken":"refresh-1"})",
          401, "InvalidClientException", "invalid_client");
    check(R"({"clientId":"client-9","clientSecret":"client-secret-1","grantType":"refresh_token","refreshToken":"refresh-1"})",
          401, "InvalidClientException", "invalid_client");
    check(R"({"clientId":"client-1","clientSecret":"client-secret-1","grantType":"authorization_code","code":"x"})",
          400, "UnsupportedGrantTypeException", "unsupported_grant_type");
    check(R"({"clientId":"client-1","clientSecret":"client-secret-1","grantType":"refresh_token"})",
          400, "InvalidRequestException", "invalid_request");
    check("not json", 400, "InvalidRequestException", "invalid_request");
    CHECK(f.stats().create_token.errors == 6);
    CHECK(f.stats().create_token.commits == 0);
}

TEST_CASE("parse_form: pairs in order, '+' a space, %XX a byte") {
    const form_fields f = parse_form("Action=AssumeRole&RoleSessionName=a+b%2Fc&&Flag&Empty=&Action=Other");
    REQUIRE(f.size() == 5);
    CHECK(f[1] == std::pair<std::string, std::string>{"RoleSessionName", "a b/c"});
    CHECK(f[2] == std::pair<std::string, std::string>{"Flag", ""});
    CHECK(form_value(f, "Action") == "Other");
    CHECK(form_value(f, "Empty") == "");
    CHECK_FALSE(form_value(f, "Missing").has_value());
    CHECK(parse_form("").empty());
}

TEST_CASE("read_jwt") {
    jwt_claims c;
    std::string why;
    CHECK(read_jwt(make_jwt(R"({"sub":"s","aud":"a","iss":"i","exp":12})"), c, why));
    CHECK(c.sub == "s");
    CHECK(c.aud == "a");
    CHECK(c.iss == "i");
    CHECK(c.exp == 12);
    CHECK(read_jwt(make_jwt(R"({"sub":"only"})"), c, why));
    CHECK_FALSE(c.exp.has_value());
    CHECK(c.aud.empty());
    // Padding is tolerated.
    CHECK(read_jwt(base64url(R"({"a":1})") + "==." + base64url(R"({"sub":"p"})") + ".c2ln", c, why));

    auto fails = [&](const std::string& token, std::string_view reason) {
        CHECK_FALSE(read_jwt(token, c, why));
        CHECK(why == reason);
    };
    fails("a.b", "it must be three base64url parts separated by '.'");
    fails("a.b.c.d", "it must be three base64url parts separated by '.'");
    fails(base64url("{}") + ".$$$." + base64url("s"), "a part is empty or not base64url");
    fails("." + base64url(R"({"sub":"s"})") + ".sig", "a part is empty or not base64url");
    fails(base64url("[1]") + "." + base64url(R"({"sub":"s"})") + ".sig", "its header is not a JSON object");
    fails(make_jwt(R"({"iss":"i"})"), "its payload has no 'sub' (a non-empty string)");
    fails(make_jwt(R"({"sub":""})"), "its payload has no 'sub' (a non-empty string)");
    fails(make_jwt(R"({"sub":"s","exp":"soon"})"), "its 'exp' is not a number");
}

TEST_CASE("parse_role_arn") {
    role_ref r;
    REQUIRE(parse_role_arn("arn:aws:iam::123456789012:role/a/b/Name_1", r));
    CHECK(r.partition == "aws");
    CHECK(r.account == "123456789012");
    CHECK(r.name == "Name_1");
    CHECK_FALSE(parse_role_arn("arn:aws:iam::12345678901:role/x", r));
    CHECK_FALSE(parse_role_arn("arn:aws:iam::123456789012:user/x", r));
    CHECK_FALSE(parse_role_arn("arn:aws:sts::123456789012:role/x", r));
    CHECK_FALSE(parse_role_arn("arn:aws:iam::123456789012:role/", r));
    CHECK_FALSE(parse_role_arn("arn:aws:iam::123456789012:role/a b", r));
    CHECK_FALSE(parse_role_arn("arn::iam::123456789012:role/x", r));
}

TEST_CASE("append_xml_text escapes markup and keeps the document well-formed") {
    std::string out;
    append_xml_text(out, "a<b>&\"c'\r\x01\xff\xc3\xa9");
    CHECK(out == "a&lt;b&gt;&amp;\"c'&#13;\xEF\xBF\xBD\xc3\xa9");
}

TEST_CASE("configuration: the credentials services' settings are checked, secrets never echoed") {
    auto message = [](server_config c) {
        const auto e = check_config(c);
        return e ? e->message : std::string("ok");
    };
    server_config c;
    CHECK(message(c) == "ok");
    c.roles = {"arn:aws:iam::123456789012:user/x"};
    CHECK(message(c) == "role 'arn:aws:iam::123456789012:user/x' is not a role ARN "
                        "(arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME)");
    c.roles = {"arn:aws-cn:iam::123456789012:role/x"};
    CHECK(message(c) == "role 'arn:aws-cn:iam::123456789012:role/x' is not in the partition of us-east-1");
    c.roles.clear();
    c.oidc_clients = {{"c1", "secret-1", {"r1"}}, {"c1", "secret-2", {"r2"}}};
    CHECK(message(c) == "OIDC client c1 is given twice");
    c.oidc_clients = {{"c1", "secret-1", {}}};
    CHECK(message(c) == "an OIDC client needs a client id, a secret and at least one refresh token");
    c.oidc_clients.clear();
    c.sso_access_tokens = {""};
    CHECK(message(c) == "an SSO access token is empty");
    c.sso_access_tokens.clear();
    c.sso_token_lifetime = 0s;
    CHECK(message(c) == "sso_token_lifetime must be between 1 second and 24 hours");
    c.sso_token_lifetime = 1h;
    c.sso_credentials_lifetime = 13h;
    CHECK(message(c) == "sso_credentials_lifetime must be between 1 second and 12 hours");
}

TEST_CASE("parse_oidc_client_list and parse_token_list") {
    const auto clients = parse_oidc_client_list("# clients\nc1:s1:r1\r\n\n c2:s2:r2 \nc1:s1:r3\n");
    REQUIRE(clients.has_value());
    REQUIRE(clients->size() == 2);
    CHECK((*clients)[0].client_id == "c1");
    CHECK((*clients)[0].client_secret == "s1");
    CHECK((*clients)[0].refresh_tokens == std::vector<std::string>{"r1", "r3"});
    CHECK((*clients)[1].refresh_tokens == std::vector<std::string>{"r2"});

    const auto twice = parse_oidc_client_list("c1:s1:r1\nc1:other-secret:r2\n");
    REQUIRE_FALSE(twice.has_value());
    CHECK(twice.error().message == "line 2: the client c1 is given with two different secrets");
    CHECK(twice.error().message.find("other-secret") == std::string::npos);
    const auto bad = parse_oidc_client_list("c1:s1:r1\nc2:hidden-secret\n");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message == "line 2: an OIDC client must be CLIENT_ID:CLIENT_SECRET:REFRESH_TOKEN, "
                                 "none empty and none containing ':'");
    CHECK_FALSE(parse_oidc_client_list("# nothing\n").has_value());

    const auto tokens = parse_token_list("t1\n# c\n  t2\r\n");
    REQUIRE(tokens.has_value());
    CHECK(*tokens == std::vector<std::string>{"t1", "t2"});
    CHECK(parse_token_list("a b\n").error().message == "line 1: a token may not contain spaces");
    CHECK_FALSE(parse_token_list("\n").has_value());
}

}  // TEST_SUITE
