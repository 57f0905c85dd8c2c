// The emulator's credentials services over real sockets on 127.0.0.1 (TLS and plain),
// with requests built by hand and signed with the library's SigV4 signer: STS AssumeRole
// (good and bad signature), AssumeRoleWithWebIdentity (good and malformed JWT), SSO
// GetRoleCredentials (good and bad bearer token), SSO-OIDC CreateToken (good and bad
// grant), Connect calls with the temporary credentials they issue (accepted, then 403
// ExpiredTokenException once the emulator's clock passes their Expiration), faults that
// leave these requests alone, and their counters at the admin path. Every network step has
// a hard timeout (test_client); no assertion depends on timing.
#include "credentials_requests.hpp"
#include "emulator_fixture.hpp"

#include <awsconnect/envelope.hpp>

#include <boost/json/parse.hpp>

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace awsconnect::emulator::test;
using namespace std::chrono;

namespace {

const std::string role_arn = "arn:aws:iam::123456789012:role/deploy";
const std::string id0 = claimed_phone_number_id(0);
const std::string id1 = claimed_phone_number_id(1);

server_config config_with_sso(bool tls) {
    server_config c;
    c.tls = tls;
    c.claim_count = 8;
    c.sso_access_tokens = {"configured-sso-token"};
    c.oidc_clients = {{"client-1", "client-secret-1", {"refresh-1"}}};
    return c;
}

// Unsigned requests need the Host header the signer would add.
std::string wire_of(test_request r) {
    r.set_header("Host", "127.0.0.1");
    return r.wire();
}

credential credential_from_xml(const std::string& body) {
    return {xml_element(body, "AccessKeyId"), xml_element(body, "SecretAccessKey"),
            xml_element(body, "SessionToken")};
}

// A release signed now (emulator time) with `who`.
std::string release_as(const server& s, const credential& who, std::string_view id) {
    signer g = signer_for(s);
    g.who = who;
    return signed_release(id, std::nullopt, g).wire();
}

}  // namespace

TEST_SUITE("emulator.credentials_server") {

TEST_CASE("AssumeRole over TLS: XML credentials that Connect accepts until their Expiration, then ExpiredTokenException") {
    auto s = start_emulator(config_with_sso(true));
    s->set_clock(sys_days{year{2024} / 5 / 6} + 7h);
    auto c = connect_to(*s);

    const http_reply r = c->exchange(signed_assume_role(role_arn, "run-1", signer_for(*s), "900").wire());
    REQUIRE(r.complete);
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type") == "text/xml");
    CHECK(xml_element(r.body, "RequestId") == r.header("x-amzn-RequestId"));
    CHECK(xml_element(r.body, "Expiration") == "2024-05-06T07:15:00Z");
    CHECK(xml_element(r.body, "Arn") == "arn:aws:sts::123456789012:assumed-role/deploy/run-1");
    const credential temp = credential_from_xml(r.body);
    CHECK(temp.access_key_id.starts_with("ASIA"));

    // A Connect call with them (SigV4 with X-Amz-Security-Token).
    const http_reply ok = c->exchange(release_as(*s, temp, id0));
    CHECK(ok.status == 200);
    CHECK(s->state_of(id0) == number_state::released);

    // Past the Expiration on the emulator's clock.
    s->advance_clock(seconds(900));
    const http_reply expired = c->exchange(release_as(*s, temp, id1));
    CHECK(expired.status == 403);
    CHECK(expired.header("X-Amzn-ErrorType") == "ExpiredTokenException");
    CHECK(boost::json::parse(expired.body).at("message").as_string() ==
          "The security token included in the request is expired");
    CHECK(s->state_of(id1) == number_state::claimed);

    const counters n = s->get_counters();
    CHECK(n.assume_role.requests == 1);
    CHECK(n.assume_role.ok == 1);
    CHECK(n.assume_role.commits == 1);
    CHECK(n.requests_total == 2);  // the two Connect calls only
    CHECK(n.ok == 1);
    CHECK(n.expired_token == 1);

    // The admin path shows the new operations.
    const http_reply admin = c->exchange(simple_request("GET", "/__emulator/counters"));
    const auto ops = boost::json::parse(admin.body).at("operations");
    CHECK(ops.at("AssumeRole") ==
          boost::json::parse(R"({"requests":1,"ok":1,"errors":0,"commits":1,"replays":0})"));
    CHECK(ops.at("AssumeRoleWithWebIdentity").at("requests").as_int64() == 0);
}

TEST_CASE("AssumeRole with a bad signature: 403 SignatureDoesNotMatch as an STS ErrorResponse") {
    auto s = start_emulator(config_with_sso(false));
    auto c = connect_to(*s);
    signer g = signer_for(*s);
    g.who.secret_access_key = "wrong-secret-value";
    const http_reply r = c->exchange(signed_assume_role(role_arn, "run-1", g).wire());
    REQUIRE(r.complete);
    CHECK(r.status == 403);
    CHECK(r.header("Content-Type") == "text/xml");
    CHECK(r.body.starts_with("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"));
    CHECK(xml_element(r.body, "Type") == "Sender");
    CHECK(xml_element(r.body, "Code") == "SignatureDoesNotMatch");
    CHECK(xml_element(r.body, "RequestId") == r.header("x-amzn-RequestId"));
    CHECK(r.body.find("wrong-secret-value") == std::string::npos);
    CHECK(s->get_counters().assume_role.errors == 1);
    CHECK(s->get_counters().requests_total == 0);
}

TEST_CASE("AssumeRoleWithWebIdentity: unsigned; the sub is echoed; a malformed JWT is InvalidIdentityToken") {
    auto s = start_emulator(config_with_sso(false));
    auto c = connect_to(*s);
    const std::string token = make_jwt(R"({"sub":"repo:org/app:ref:refs/heads/main","aud":"sts.amazonaws.com"})");
    const http_reply r = c->exchange(wire_of(web_identity_request(role_arn, "ci-run", token)));
    REQUIRE(r.status == 200);
    CHECK(xml_element(r.body, "SubjectFromWebIdentityToken") == "repo:org/app:ref:refs/heads/main");
    CHECK(xml_element(r.body, "Audience") == "sts.amazonaws.com");
    CHECK(c->exchange(release_as(*s, credential_from_xml(r.body), id0)).status == 200);

    const std::string bad = "eyJhbGciOiJub25lIn0.not-base64-json.sig";
    const http_reply e = c->exchange(wire_of(web_identity_request(role_arn, "ci-run", bad)));
    CHECK(e.status == 400);
    CHECK(xml_element(e.body, "Code") == "InvalidIdentityToken");
    CHECK(e.body.find(bad) == std::string::npos);
    const counters n = s->get_counters();
    CHECK(n.assume_role_with_web_identity.requests == 2);
    CHECK(n.assume_role_with_web_identity.ok == 1);
    CHECK(n.assume_role_with_web_identity.errors == 1);
}

TEST_CASE("GetRoleCredentials with a good and a bad bearer token; CreateToken with a good and a bad grant") {
    auto s = start_emulator(config_with_sso(true));
    s->set_clock(sys_days{year{2024} / 5 / 6} + 7h);
    auto c = connect_to(*s);

    const http_reply good = c->exchange(
        wire_of(role_credentials_request("ReadOnly", "123456789012", "configured-sso-token")));
    REQUIRE(good.status == 200);
    CHECK(good.header("Content-Type") == "application/json");
    const auto rc = boost::json::parse(good.body).at("roleCredentials");
    const credential sso{std::string(rc.at("accessKeyId").as_string()),
                         std::string(rc.at("secretAccessKey").as_string()),
                         std::string(rc.at("sessionToken").as_string())};
    CHECK(rc.at("expiration").as_int64() == 1714982400000);  // 2024-05-06T08:00:00Z
    CHECK(c->exchange(release_as(*s, sso, id0)).status == 200);

    const http_reply bad = c->exchange(
        wire_of(role_credentials_request("ReadOnly", "123456789012", "not-a-token")));
    CHECK(bad.status == 401);
    CHECK(bad.header("X-Amzn-ErrorType") == "UnauthorizedException");
    CHECK(bad.body == R"({"message":"Session token not found or invalid"})");

    // CreateToken: a new access token, accepted by GetRoleCredentials.
    const http_reply token = c->exchange(wire_of(create_token_request(
        R"({"clientId":"client-1","clientSecret":"client-secret-1","grantType":"refresh_token","refreshToken":"refresh-1"})")));
    REQUIRE(token.status == 200);
    const auto t = boost::json::parse(token.body);
    CHECK(t.at("expiresIn").as_int64() == 3600);
    CHECK(t.at("tokenType").as_string() == "Bearer");
    const std::string access(t.at("accessToken").as_string());
    CHECK(c->exchange(wire_of(role_credentials_request("ReadOnly", "123456789012", access))).status == 200);

    const http_reply refused = c->exchange(wire_of(create_token_request(
        R"({"clientId":"client-1","clientSecret":"client-secret-1","grantType":"refresh_token","refreshToken":"stolen"})")));
    CHECK(refused.status == 400);
    CHECK(refused.header("X-Amzn-ErrorType") == "InvalidGrantException");
    CHECK(boost::json::parse(refused.body).at("error").as_string() == "invalid_grant");

    // The issued access token expires with the emulator's clock.
    s->advance_clock(hours(1));
    CHECK(c->exchange(wire_of(role_credentials_request("ReadOnly", "123456789012", access))).status == 401);

    const counters n = s->get_counters();
    CHECK(n.get_role_credentials.requests == 4);
    CHECK(n.get_role_credentials.ok == 2);
    CHECK(n.get_role_credentials.errors == 2);
    CHECK(n.create_token.ok == 1);
    CHECK(n.create_token.errors == 1);
}

TEST_CASE("faults are for Connect requests: the credentials services are never faulted nor numbered") {
    server_config config = config_with_sso(false);
    config.faults = *parse_fault_spec("script:1=503,2=reset-before");
    auto s = start_emulator(config);
    auto c = connect_to(*s);
    CHECK(c->exchange(signed_assume_role(role_arn, "run-1", signer_for(*s)).wire()).status == 200);
    CHECK(c->exchange(wire_of(role_credentials_request("ReadOnly", "123456789012",
                                                       "configured-sso-token"))).status == 200);
    // The first Connect request is still request number 1: the scripted 503.
    const http_reply first = c->exchange(release_bytes(*s, id0));
    CHECK(first.status == 503);
    CHECK(s->get_counters().faults.http_503 == 1);
    CHECK(s->get_counters().requests_total == 1);
}

}  // TEST_SUITE
