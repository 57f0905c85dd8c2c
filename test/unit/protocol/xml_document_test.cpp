// The XML reader for awsQuery responses, and awsQuery (STS) error responses.
#include "protocol/aws_query_error.hpp"
#include "protocol/parse_error.hpp"
#include "protocol/xml_document.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace awsconnect;
using namespace awsconnect::protocol;

TEST_SUITE("protocol.xml") {

TEST_CASE("an STS response: element texts by path, namespaces and whitespace ignored") {
    const std::string body = R"(<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:s3-access-example</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/s3-access-example</Arn>
    </AssumedRoleUser>
    <Credentials>
      <SecretAccessKey>9drTJvcXLB89EXAMPLELB8923FB892xMFI</SecretAccessKey>
      <SessionToken>AQoXdzELDDY//////////wEaoAK1wvxJY12r2IrDFT2IvAzTCn3zHoZ7YNtpiQLF0MqZye/qwjzP2iEXAMPLE</SessionToken>
      <Expiration>2011-07-15T23:28:33.359Z</Expiration>
      <AccessKeyId>ASIAJEXAMPLEXEG2JICEA</AccessKeyId>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>)";
    std::string why;
    const auto doc = xml_document::parse(body, &why);
    REQUIRE_MESSAGE(doc.has_value(), why);
    CHECK(doc->root() == "AssumeRoleResponse");
    CHECK(doc->text("AssumeRoleResponse/AssumeRoleResult/Credentials/AccessKeyId") == "ASIAJEXAMPLEXEG2JICEA");
    CHECK(doc->text("AssumeRoleResponse/AssumeRoleResult/Credentials/Expiration") == "2011-07-15T23:28:33.359Z");
    CHECK(doc->text("AssumeRoleResponse/AssumeRoleResult/AssumedRoleUser/Arn") ==
          "arn:aws:sts::123456789012:assumed-role/demo/s3-access-example");
    CHECK(doc->text("AssumeRoleResponse/ResponseMetadata/RequestId") == "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
    CHECK_FALSE(doc->text("AssumeRoleResponse/AssumeRoleResult/Credentials/Nope").has_value());
    CHECK_FALSE(doc->text("Credentials/AccessKeyId").has_value());  // paths start at the root
}

TEST_CASE("entities, CDATA and prefixes; the first element at a path wins") {
    const auto doc = xml_document::parse(
        R"(<?xml version="1.0"?><a:R xmlns:a="urn:x"><a:V>x &amp; y &lt;z&gt;</a:V><a:V>second</a:V>)"
        R"(<W><![CDATA[<raw>]]></W></a:R>)");
    REQUIRE(doc.has_value());
    CHECK(doc->root() == "R");
    CHECK(doc->text("R/V") == "x & y <z>");
    CHECK(doc->text("R/W") == "<raw>");
}

TEST_CASE("what is refused: not XML, too deep, too large, entity expansion, external entities") {
    std::string why;
    CHECK_FALSE(xml_document::parse("<html><body>502 Bad Gateway", &why).has_value());
    CHECK(why.starts_with("not well-formed XML: "));
    CHECK_FALSE(xml_document::parse("", &why).has_value());
    std::string deep;
    for (int i = 0; i < 40; ++i) deep += "<e>";
    for (int i = 0; i < 40; ++i) deep += "</e>";
    CHECK_FALSE(xml_document::parse(deep, &why).has_value());
    CHECK(why == "the document is nested deeper than 32 levels");
    CHECK_FALSE(xml_document::parse("<a>" + std::string(2000, 'x') + "</a>", &why, 1000).has_value());
    CHECK(why == "the document is larger than 1000 bytes");
    // A billion laughs: expat refuses the amplification.
    std::string lol = R"(<?xml version="1.0"?><!DOCTYPE l [<!ENTITY l0 "lol">)";
    for (int i = 1; i < 10; ++i)
        lol += "<!ENTITY l" + std::to_string(i) + " \"" + [&] {
            std::string r;
            for (int k = 0; k < 10; ++k) r += "&l" + std::to_string(i - 1) + ";";
            return r;
        }() + "\">";
    lol += "]><r>&l9;</r>";
    CHECK_FALSE(xml_document::parse(lol, &why).has_value());
    // An external entity is never fetched: its reference stays unresolved text.
    const auto ext = xml_document::parse(
        R"(<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>)", &why);
    if (ext) CHECK(ext->text("r").value_or("") == "");
}

TEST_CASE("awsQuery errors: code, message and request id from the document; a non-XML body by status") {
    http::response r;
    r.status = 403;
    r.body = R"(<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code>
    <Message>User: arn:aws:iam::123456789012:user/x is not authorized to perform: sts:AssumeRole</Message>
  </Error><RequestId>rid-1</RequestId></ErrorResponse>)";
    auto f = aws_query_failure_of(r);
    REQUIRE(f.has_value());
    CHECK(f->code == errc::access_denied);
    CHECK(f->service_code == "AccessDenied");
    CHECK(f->message == "User: arn:aws:iam::123456789012:user/x is not authorized to perform: sts:AssumeRole");
    CHECK(f->request_id == "rid-1");

    r.status = 400;
    r.request_id = "hdr-id";
    r.body = "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>The security token included in the request "
             "is expired</Message></Error><RequestId>doc-id</RequestId></ErrorResponse>";
    f = aws_query_failure_of(r);
    REQUIRE(f.has_value());
    CHECK(f->code == errc::expired_token);
    CHECK(f->request_id == "hdr-id");  // the header wins

    r.body = "<ErrorResponse><Error><Code>IDPCommunicationError</Code></Error></ErrorResponse>";
    f = aws_query_failure_of(r);
    REQUIRE(f.has_value());
    CHECK(f->code == errc::service_unavailable);

    r.status = 502;
    r.request_id.clear();
    r.body = "<html>bad gateway</html>";
    f = aws_query_failure_of(r);
    REQUIRE(f.has_value());
    CHECK(f->code == errc::service_unavailable);
    CHECK(f->service_code == "502");

    r.status = 200;
    CHECK_FALSE(aws_query_failure_of(r).has_value());
}

TEST_CASE("awsQuery errors: server text from headers, the status line and the body is made well-formed UTF-8") {
    const std::string fffd = "\xEF\xBF\xBD";
    http::response r;
    r.status = 503;
    r.reason = "Indisponible \xE0 pr\xE9sent";  // Latin-1, and no body: the reason is the message
    r.request_id = "rid-\xFF\x01";
    auto f = aws_query_failure_of(r);
    REQUIRE(f.has_value());
    CHECK(f->code == errc::service_unavailable);
    CHECK(f->message == "Indisponible " + fffd + " pr" + fffd + "sent");
    CHECK(f->request_id == "rid-" + fffd + " ");
    const error e = to_error(*f);
    CHECK(e.server_message == f->message);
    CHECK(e.request_id == f->request_id);

    r.reason.clear();
    r.request_id = std::string(1000, 'r');  // bounded like every header value
    r.body = "<html>Erreur \xE9</html>";
    f = aws_query_failure_of(r);
    REQUIRE(f.has_value());
    CHECK(f->message == "<html>Erreur " + fffd + "</html>");
    CHECK(f->request_id == std::string(max_header_text_bytes, 'r') + "...");
}

}  // TEST_SUITE
