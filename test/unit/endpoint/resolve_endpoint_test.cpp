// resolve_connect_endpoint: the Connect entry point the client calls.
//
// Strategy: regional endpoints across the partitions (aws, aws-cn, aws-us-gov, aws-iso,
// aws-iso-b) with FIPS and dual-stack, checked field by field (url, scheme, host, port,
// base path, signing region and name); custom endpoint URLs as users write them (a local
// emulator on 127.0.0.1:8080, an IPv6 literal, base paths with and without a trailing
// '/'); and every rejection, each with errc::invalid_configuration and its exact message
// (which must never repeat a URL's user-info).
#include "endpoint/resolve_endpoint.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace awsconnect;
using namespace awsconnect::endpoint;

namespace {

resolved_endpoint resolve_ok(const endpoint_params& p) {
    auto r = resolve_connect_endpoint(p);
    REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
    return *r;
}

std::string resolve_error(const endpoint_params& p) {
    auto r = resolve_connect_endpoint(p);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::invalid_configuration);
    CHECK(r.error().kind() == error_kind::validation_error);
    return r.error().message;
}

endpoint_params region(const char* r, bool fips = false, bool dualstack = false) {
    endpoint_params p;
    p.region = r;
    p.use_fips = fips;
    p.use_dualstack = dualstack;
    return p;
}

endpoint_params custom(const char* url, const char* r = "us-east-1") {
    endpoint_params p;
    if (r != nullptr) p.region = r;
    p.endpoint = url;
    return p;
}

}  // namespace

TEST_SUITE("resolve connect endpoint") {

TEST_CASE("a regional endpoint, field by field") {
    const auto e = resolve_ok(region("us-east-1"));
    CHECK(e.url == "https://connect.us-east-1.amazonaws.com");
    CHECK(e.scheme == "https");
    CHECK(e.host == "connect.us-east-1.amazonaws.com");
    CHECK(e.port == 443);
    CHECK(e.base_path == "");
    CHECK(e.signing_region == "us-east-1");
    CHECK(e.signing_name == "connect");
}

TEST_CASE("FIPS and dual-stack in the aws partition") {
    CHECK(resolve_ok(region("us-west-2", true)).host == "connect-fips.us-west-2.amazonaws.com");
    CHECK(resolve_ok(region("us-west-2", false, true)).host == "connect.us-west-2.api.aws");
    const auto both = resolve_ok(region("us-west-2", true, true));
    CHECK(both.url == "https://connect-fips.us-west-2.api.aws");
    CHECK(both.signing_region == "us-west-2");
    // A region the file does not list yet still resolves by the partition's pattern.
    CHECK(resolve_ok(region("eu-south-9")).host == "connect.eu-south-9.amazonaws.com");
    // Not any partition's pattern: the aws partition.
    CHECK(resolve_ok(region("local")).host == "connect.local.amazonaws.com");
}

TEST_CASE("China, GovCloud and ISO partitions") {
    CHECK(resolve_ok(region("cn-north-1")).url == "https://connect.cn-north-1.amazonaws.com.cn");
    CHECK(resolve_ok(region("cn-northwest-1", true)).url ==
          "https://connect-fips.cn-northwest-1.amazonaws.com.cn");
    CHECK(resolve_ok(region("cn-north-1", false, true)).url ==
          "https://connect.cn-north-1.api.amazonwebservices.com.cn");

    // GovCloud's FIPS endpoint is the regular host name (the rule set's special case).
    CHECK(resolve_ok(region("us-gov-west-1", true)).url == "https://connect.us-gov-west-1.amazonaws.com");
    CHECK(resolve_ok(region("us-gov-east-1", true)).url == "https://connect.us-gov-east-1.amazonaws.com");
    CHECK(resolve_ok(region("us-gov-east-1", false, true)).url == "https://connect.us-gov-east-1.api.aws");
    CHECK(resolve_ok(region("us-gov-west-1", true, true)).url ==
          "https://connect-fips.us-gov-west-1.api.aws");

    CHECK(resolve_ok(region("us-iso-east-1")).url == "https://connect.us-iso-east-1.c2s.ic.gov");
    CHECK(resolve_ok(region("us-iso-east-1", true)).url == "https://connect-fips.us-iso-east-1.c2s.ic.gov");
    CHECK(resolve_ok(region("us-isob-east-1")).url == "https://connect.us-isob-east-1.sc2s.sgov.gov");
    const auto iso_b = resolve_ok(region("us-isob-east-1"));
    CHECK(iso_b.signing_region == "us-isob-east-1");
    CHECK(iso_b.port == 443);
}

TEST_CASE("a missing region is the rule set's error") {
    CHECK(resolve_error(endpoint_params{}) == "Invalid Configuration: Missing Region");
    endpoint_params fips;
    fips.use_fips = true;
    CHECK(resolve_error(fips) == "Invalid Configuration: Missing Region");
}

TEST_CASE("a region that is not a host label never reaches the host name") {
    CHECK(resolve_error(region("us-east-1/evil")) ==
          "invalid region 'us-east-1/evil': a region is a host label (letters, digits and '-')");
    CHECK(resolve_error(region("")) ==
          "invalid region '': a region is a host label (letters, digits and '-')");
    CHECK(resolve_error(region("evil.com#")) ==
          "invalid region 'evil.com#': a region is a host label (letters, digits and '-')");
    CHECK(resolve_error(region("us\n1")) ==
          "invalid region 'us\\x0a1': a region is a host label (letters, digits and '-')");
}

TEST_CASE("a plain-http emulator on 127.0.0.1:8080") {
    const auto e = resolve_ok(custom("http://127.0.0.1:8080"));
    CHECK(e.url == "http://127.0.0.1:8080");
    CHECK(e.scheme == "http");
    CHECK(e.host == "127.0.0.1");
    CHECK(e.port == 8080);
    CHECK(e.base_path == "");
    CHECK(e.signing_region == "us-east-1");
    CHECK(e.signing_name == "connect");
}

TEST_CASE("an IPv6 literal loses its brackets in host") {
    const auto e = resolve_ok(custom("https://[::1]:8443"));
    CHECK(e.url == "https://[::1]:8443");
    CHECK(e.scheme == "https");
    CHECK(e.host == "::1");
    CHECK(e.port == 8443);
    CHECK(resolve_ok(custom("http://[2001:DB8::1]/")).host == "2001:db8::1");
    CHECK(resolve_ok(custom("http://[2001:DB8::1]/")).port == 80);
}

TEST_CASE("base paths drop the trailing slash") {
    CHECK(resolve_ok(custom("https://example.com")).base_path == "");
    CHECK(resolve_ok(custom("https://example.com/")).base_path == "");
    CHECK(resolve_ok(custom("https://example.com/base")).base_path == "/base");
    CHECK(resolve_ok(custom("https://example.com/base/")).base_path == "/base");
    CHECK(resolve_ok(custom("https://example.com/a/b//")).base_path == "/a/b");
    const auto e = resolve_ok(custom("https://example.com/base/"));
    CHECK(e.url == "https://example.com/base/");  // the url stays as the rules gave it
    CHECK(e.host == "example.com");
    CHECK(e.port == 443);
}

TEST_CASE("schemes and host names are case-insensitive; default ports") {
    const auto e = resolve_ok(custom("HTTPS://Connect.Example.COM"));
    CHECK(e.scheme == "https");
    CHECK(e.host == "connect.example.com");
    CHECK(e.port == 443);
    CHECK(resolve_ok(custom("http://localhost")).port == 80);
    CHECK(resolve_ok(custom("http://localhost:")).port == 80);  // empty port: the default
    CHECK(resolve_ok(custom("https://localhost:65535")).port == 65535);
}

TEST_CASE("a custom endpoint without a region has no signing region") {
    const auto e = resolve_ok(custom("https://example.com", nullptr));
    CHECK(e.host == "example.com");
    CHECK(e.signing_region == "");
    CHECK(e.signing_name == "connect");
}

TEST_CASE("FIPS or dual-stack with a custom endpoint are the rule set's errors") {
    auto p = custom("https://example.com");
    p.use_fips = true;
    CHECK(resolve_error(p) == "Invalid Configuration: FIPS and custom endpoint are not supported");
    p.use_fips = false;
    p.use_dualstack = true;
    CHECK(resolve_error(p) == "Invalid Configuration: Dualstack and custom endpoint are not supported");
}

TEST_CASE("invalid custom endpoint URLs") {
    const std::pair<const char*, const char*> cases[] = {
        {"example.com", "endpoint URL 'example.com' is not a valid absolute URL"},
        {"", "endpoint URL '' is not a valid absolute URL"},
        {"https://exa mple.com", "endpoint URL 'https://exa mple.com' is not a valid absolute URL"},
        {"http://abc.com:a/foo", "endpoint URL 'http://abc.com:a/foo' is not a valid absolute URL"},
        {"mailto:someone", "endpoint URL 'mailto:someone': the scheme must be http or https"},
        {"ftp://example.com", "endpoint URL 'ftp://example.com': the scheme must be http or https"},
        {"https://example.com/?a=b", "endpoint URL 'https://example.com/?a=b' must not have a query"},
        {"https://example.com?", "endpoint URL 'https://example.com?' must not have a query"},
        {"https://example.com#top", "endpoint URL 'https://example.com#top' must not have a fragment"},
        {"https://example.com:0", "endpoint URL 'https://example.com:0' has an invalid port"},
        {"https://example.com:65536", "endpoint URL 'https://example.com:65536' has an invalid port"},
        {"https://example.com:123456", "endpoint URL 'https://example.com:123456' has an invalid port"},
        {"https://", "endpoint URL 'https://' has no host"},
        {"https:///path", "endpoint URL 'https:///path' has no host"},
        {"https://[v1.x]", "endpoint URL 'https://[v1.x]' has no usable host"},
        {"https://exa%41mple.com",
         "endpoint URL 'https://exa%41mple.com': percent-encoded host names are not supported"},
        {"https://h\xc3\xa9.com", "endpoint URL 'https://h\\xc3\\xa9.com' is not a valid absolute URL"},
    };
    for (const auto& [url, message] : cases) {
        INFO("url: ", std::string(url));
        CHECK(resolve_error(custom(url)) == std::string(message));
    }
}

TEST_CASE("user-info is rejected and never repeated") {
    const std::string message = resolve_error(custom("https://AKIDEXAMPLE:s3cr3t@example.com/"));
    CHECK(message ==
          "endpoint URL (not shown: it contains '@') must not contain user-info (user:password@)");
    CHECK(message.find("s3cr3t") == std::string::npos);
    CHECK(message.find("AKIDEXAMPLE") == std::string::npos);
    // Even when the URL is rejected for another reason first.
    const std::string other = resolve_error(custom("ftp://user:hunter2@example.com"));
    CHECK(other.find("hunter2") == std::string::npos);
}

TEST_CASE("the rule set and partitions are compiled once and shared") {
    const auto* first = &connect_rule_set();
    (void)resolve_ok(region("us-east-1"));
    CHECK(&connect_rule_set() == first);
    CHECK(aws_partitions() == aws_partitions());
}

}  // TEST_SUITE

TEST_SUITE("resolve_sts_endpoint") {

TEST_CASE("regional, FIPS, dual-stack and both, from the partitions") {
    using awsconnect::endpoint::resolve_sts_endpoint;
    awsconnect::endpoint::endpoint_params p;
    p.region = "us-east-1";
    auto url = [&] {
        auto r = resolve_sts_endpoint(p);
        REQUIRE_MESSAGE(r.has_value(), r.error().message);
        CHECK(r->signing_name == "sts");
        CHECK(r->signing_region == *p.region);
        return r->url;
    };
    CHECK(url() == "https://sts.us-east-1.amazonaws.com");
    p.use_fips = true;
    CHECK(url() == "https://sts-fips.us-east-1.amazonaws.com");
    p.use_dualstack = true;
    // credential-chains profile-provider/e2e_fips_and_dual_stack_sts
    CHECK(url() == "https://sts-fips.us-east-1.api.aws");
    p.use_fips = false;
    CHECK(url() == "https://sts.us-east-1.api.aws");
    p.use_dualstack = false;
    p.region = "cn-north-1";
    CHECK(url() == "https://sts.cn-north-1.amazonaws.com.cn");
    p.region = "us-gov-west-1";
    p.use_fips = true;
    CHECK(url() == "https://sts.us-gov-west-1.amazonaws.com");
}

TEST_CASE("a configured endpoint, and the errors") {
    using awsconnect::endpoint::resolve_sts_endpoint;
    awsconnect::endpoint::endpoint_params p;
    p.region = "eu-west-1";
    p.endpoint = "http://127.0.0.1:8080/base/";
    auto r = resolve_sts_endpoint(p);
    REQUIRE(r.has_value());
    CHECK(r->host == "127.0.0.1");
    CHECK(r->port == 8080);
    CHECK(r->scheme == "http");
    CHECK(r->base_path == "/base");
    CHECK(r->signing_name == "sts");
    CHECK(r->signing_region == "eu-west-1");
    p.use_fips = true;
    CHECK(resolve_sts_endpoint(p).error().message == "Invalid Configuration: FIPS and custom endpoint are not supported");
    p.use_fips = false;
    p.endpoint = "ftp://x";
    CHECK(resolve_sts_endpoint(p).error().code == awsconnect::errc::invalid_configuration);
    p.endpoint.reset();
    p.region = "a/b";
    CHECK(resolve_sts_endpoint(p).error().message ==
          "invalid region 'a/b': a region is a host label (letters, digits and '-')");
    p.region.reset();
    CHECK(resolve_sts_endpoint(p).error().message == "Invalid Configuration: Missing Region");
}

}  // TEST_SUITE
