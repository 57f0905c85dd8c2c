// The shared config/credentials file parser, on the file shapes people actually write:
// each test feeds a literal file text to parse_profile_file and compares the profiles,
// values, sub-sections and source lines exactly; malformed files must fail with the exact
// "<path>, line <n>: ..." message, and never echo the offending line (it may hold a secret).
#include "config/profile_file.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace awsconnect;
using namespace awsconnect::config;

namespace {

profile_set parse_ok(std::string_view text, profile_file_kind kind = profile_file_kind::config,
                     std::string_view path = "/home/u/.aws/config") {
    auto r = parse_profile_file(text, path, kind);
    REQUIRE_MESSAGE(r.has_value(), (r.has_value() ? std::string() : r.error().message));
    return *r;
}

std::string parse_error(std::string_view text, profile_file_kind kind = profile_file_kind::config,
                        std::string_view path = "/home/u/.aws/config") {
    auto r = parse_profile_file(text, path, kind);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::invalid_configuration);
    return r.error().message;
}

std::string value(const profile_set& s, std::string_view profile, std::string_view key) {
    const profile_section* p = s.find_profile(profile);
    if (p == nullptr) return "<no profile>";
    const profile_value* v = p->find(key);
    return v == nullptr ? "<unset>" : v->value;
}

}  // namespace

TEST_SUITE("profile_file") {

TEST_CASE("a typical ~/.aws/config: default and named profiles, comments, blank lines") {
    auto s = parse_ok(
        "# written by aws configure\n"
        "[default]\n"
        "region = us-east-1\n"
        "output = json\n"
        "\n"
        "; another comment style\n"
        "[profile dev]\n"
        "region=eu-west-1\n"
        "max_attempts = 5\n"
        "retry_mode = adaptive\n");
    CHECK(s.profiles.size() == 2);
    CHECK(value(s, "default", "region") == "us-east-1");
    CHECK(value(s, "default", "output") == "json");
    CHECK(value(s, "dev", "region") == "eu-west-1");
    CHECK(value(s, "dev", "max_attempts") == "5");
    CHECK(value(s, "dev", "retry_mode") == "adaptive");
    const profile_value* v = s.find_profile("dev")->find("max_attempts");
    REQUIRE(v != nullptr);
    CHECK(v->file == "/home/u/.aws/config");
    CHECK(v->line == 9);
}

TEST_CASE("a typical ~/.aws/credentials: [name] sections") {
    auto s = parse_ok(
        "[default]\n"
        "aws_access_key_id = AKIDDEFAULT\n"
        "aws_secret_access_key = secretdefault/+abc==\n"
        "\n"
        "[ci]\n"
        "aws_access_key_id=AKIDCI\n"
        "aws_secret_access_key=secretci\n"
        "aws_session_token=FwoGZXIvYXdzE///token==\n",
        profile_file_kind::credentials, "/home/u/.aws/credentials");
    CHECK(s.profiles.size() == 2);
    CHECK(value(s, "default", "aws_access_key_id") == "AKIDDEFAULT");
    CHECK(value(s, "default", "aws_secret_access_key") == "secretdefault/+abc==");
    CHECK(value(s, "ci", "aws_session_token") == "FwoGZXIvYXdzE///token==");
    CHECK(s.find_profile("ci")->find("aws_session_token")->file == "/home/u/.aws/credentials");
}

TEST_CASE("which sections are profiles depends on the file") {
    SUBCASE("config: a bare [name] other than default is ignored, as the CLI does") {
        auto s = parse_ok("[dev]\nregion = us-west-2\n[profile prod]\nregion = us-east-2\n");
        CHECK(s.find_profile("dev") == nullptr);
        CHECK(value(s, "prod", "region") == "us-east-2");
    }
    SUBCASE("credentials: [profile name] is ignored, [name] is a profile") {
        auto s = parse_ok("[profile dev]\naws_access_key_id = A\n[prod]\naws_access_key_id = B\n",
                          profile_file_kind::credentials);
        CHECK(s.find_profile("dev") == nullptr);
        CHECK(s.find_profile("profile dev") == nullptr);
        CHECK(value(s, "prod", "aws_access_key_id") == "B");
    }
    SUBCASE("unknown sections are ignored, their syntax still checked") {
        auto s = parse_ok(
            "[sso-session corp]\nsso_start_url = https://x\n[plugins]\nfoo = bar\n"
            "[sso-sesion typo]\nsso_region = r\n[profile a]\nregion = us-east-1\n");
        CHECK(s.profiles.size() == 1);
        CHECK(value(s, "a", "region") == "us-east-1");
        CHECK(s.sso_sessions.size() == 1);
        CHECK(s.services.empty());
        CHECK(parse_error("[plugins]\nno equals sign\n") ==
              "/home/u/.aws/config, line 2: expected '=' in a property line (name = value)");
        CHECK(parse_error("[sso-session corp]\nno equals sign\n") ==
              "/home/u/.aws/config, line 2: expected '=' in a property line (name = value)");
    }
    SUBCASE("spaces and tabs inside the brackets and between prefix and name") {
        auto s = parse_ok("[ default ]\nregion = a-1\n[profile\t  spaced ]\nregion = b-2\n");
        CHECK(value(s, "default", "region") == "a-1");
        CHECK(value(s, "spaced", "region") == "b-2");
    }
    SUBCASE("profile names with characters outside [A-Za-z0-9_-/.%@:+] are ignored") {
        auto s = parse_ok("[profile foo bar]\nregion = x\n[profile ok_name-1/a.b%c@d:e+f]\n"
                          "region = y\n");
        CHECK(s.profiles.size() == 1);
        CHECK(value(s, "ok_name-1/a.b%c@d:e+f", "region") == "y");
    }
    SUBCASE("profile names are case-sensitive") {
        auto s = parse_ok("[profile Dev]\nregion = a\n[profile dev]\nregion = b\n");
        CHECK(value(s, "Dev", "region") == "a");
        CHECK(value(s, "dev", "region") == "b");
    }
}

TEST_CASE("property names are case-insensitive, values keep their case") {
    auto s = parse_ok("[default]\nAWS_Access_Key_ID = AkIdMiXeD\nRegion = US-East-1\n",
                      profile_file_kind::credentials);
    CHECK(value(s, "default", "aws_access_key_id") == "AkIdMiXeD");
    CHECK(value(s, "default", "region") == "US-East-1");
}

TEST_CASE("whitespace around names, '=' and values is dropped; '=' inside values is kept") {
    auto s = parse_ok(
        "[default]\n"
        "a=1\n"
        "b =2\n"
        "c= 3\n"
        "d\t=\t4\t\n"
        "e = value with  inner   spaces\n"
        "f = base64==\n"
        "g =\n"
        "h = x = y\n");
    CHECK(value(s, "default", "a") == "1");
    CHECK(value(s, "default", "b") == "2");
    CHECK(value(s, "default", "c") == "3");
    CHECK(value(s, "default", "d") == "4");
    CHECK(value(s, "default", "e") == "value with  inner   spaces");
    CHECK(value(s, "default", "f") == "base64==");
    CHECK(value(s, "default", "g") == "");
    CHECK(value(s, "default", "h") == "x = y");
}

TEST_CASE("comments: full lines anywhere, inline only after whitespace") {
    auto s = parse_ok(
        "# top\n"
        "; top too\n"
        "[default] # after a header\n"
        "  # an indented comment line is still a comment\n"
        "region = us-east-1 # inline\n"
        "output = json ; inline too\n"
        "tag = a#b\n"
        "tag2 = a;b\n"
        "empty = # nothing but a comment\n"
        "[profile x];no space needed after a header\n"
        "region = us-west-2\t# after a tab\n");
    CHECK(value(s, "default", "region") == "us-east-1");
    CHECK(value(s, "default", "output") == "json");
    CHECK(value(s, "default", "tag") == "a#b");
    CHECK(value(s, "default", "tag2") == "a;b");
    CHECK(value(s, "default", "empty") == "");
    CHECK(value(s, "x", "region") == "us-west-2");
}

TEST_CASE("indented sub-sections: `s3 =` followed by indented keys") {
    auto s = parse_ok(
        "[default]\n"
        "region = us-east-1\n"
        "s3 =\n"
        "  max_concurrent_requests = 20\n"
        "\n"
        "  Addressing_Style = path # comment\n"
        "output = json\n");
    const profile_section* d = s.find_profile("default");
    REQUIRE(d != nullptr);
    CHECK(d->find("s3") == nullptr);  // a sub-section, not a string value
    const property_map* s3 = d->find_sub_section("s3");
    REQUIRE(s3 != nullptr);
    CHECK(s3->size() == 2);
    CHECK(s3->at("max_concurrent_requests").value == "20");
    CHECK(s3->at("max_concurrent_requests").line == 4);
    // Sub-property names keep their case (botocore's _parse_nested does not lower them).
    CHECK(s3->at("Addressing_Style").value == "path");
    CHECK(value(s, "default", "output") == "json");
    CHECK(value(s, "default", "region") == "us-east-1");
}

TEST_CASE("continuation lines extend the value above with newlines") {
    auto s = parse_ok(
        "[default]\n"
        "credential_process = /usr/bin/tool\n"
        "    --flag a\n"
        "\t--other b\n"
        "region = us-east-1\n");
    CHECK(value(s, "default", "credential_process") == "/usr/bin/tool\n--flag a\n--other b");
    CHECK(value(s, "default", "region") == "us-east-1");
}

TEST_CASE("[profile default] replaces [default] entirely, in either order") {
    SUBCASE("prefixed after plain") {
        auto s = parse_ok("[default]\nregion = a\noutput = json\n[profile default]\nregion = b\n");
        CHECK(value(s, "default", "region") == "b");
        CHECK(value(s, "default", "output") == "<unset>");
    }
    SUBCASE("prefixed before plain") {
        auto s = parse_ok("[profile default]\nregion = b\n[default]\nregion = a\noutput = json\n");
        CHECK(value(s, "default", "region") == "b");
        CHECK(value(s, "default", "output") == "<unset>");
    }
    SUBCASE("in the credentials file [default] is simply the default profile") {
        auto s = parse_ok("[default]\naws_access_key_id = A\n", profile_file_kind::credentials);
        CHECK(value(s, "default", "aws_access_key_id") == "A");
    }
}

TEST_CASE("a section repeated in one file is merged, later keys winning") {
    auto s = parse_ok("[profile a]\nregion = r1\noutput = json\n[profile b]\nregion = rb\n"
                      "[profile a]\nregion = r2\n");
    CHECK(value(s, "a", "region") == "r2");
    CHECK(value(s, "a", "output") == "json");
    CHECK(s.find_profile("a")->find("region")->line == 7);
    CHECK(value(s, "b", "region") == "rb");
}

TEST_CASE("Windows line ends and a UTF-8 byte order mark") {
    auto s = parse_ok("\xEF\xBB\xBF[default]\r\nregion = us-east-1\r\n\r\n[profile x]\r\n"
                      "region = eu-west-1 \r\n");
    CHECK(value(s, "default", "region") == "us-east-1");
    CHECK(value(s, "x", "region") == "eu-west-1");
    CHECK(s.find_profile("x")->find("region")->line == 5);
}

TEST_CASE("empty and comment-only files have no profiles; a last line without newline counts") {
    CHECK(parse_ok("").profiles.empty());
    CHECK(parse_ok("\n\n# nothing\n   \n").profiles.empty());
    auto s = parse_ok("[default]\nregion = us-east-1");
    CHECK(value(s, "default", "region") == "us-east-1");
    CHECK(parse_ok("[profile empty]\n").find_profile("empty") != nullptr);
}

TEST_CASE("[services name] sections with a per-service sub-section") {
    auto s = parse_ok(
        "[profile dev]\n"
        "services = local\n"
        "[services local]\n"
        "connect =\n"
        "  endpoint_url = http://127.0.0.1:8080\n"
        "s3 =\n"
        "  endpoint_url = http://127.0.0.1:9000\n");
    CHECK(value(s, "dev", "services") == "local");
    const profile_section* svc = s.find_services("local");
    REQUIRE(svc != nullptr);
    REQUIRE(svc->find_sub_section("connect") != nullptr);
    CHECK(svc->find_sub_section("connect")->at("endpoint_url").value == "http://127.0.0.1:8080");
    CHECK(svc->find_sub_section("s3")->at("endpoint_url").value == "http://127.0.0.1:9000");
    CHECK(s.find_profile("local") == nullptr);
}

TEST_CASE("a profile's service-specific setting through its [services name] section") {
    auto s = parse_ok(
        "[profile dev]\n"
        "services = local\n"
        "[profile none]\n"
        "region = us-east-1\n"
        "[profile dangling]\n"
        "services = missing\n"
        "[services local]\n"
        "connect =\n"
        "  endpoint_url = http://127.0.0.1:8080\n"
        "sts =\n"
        "  endpoint_url = http://127.0.0.1:8081\n"
        "  empty =\n");
    const profile_section& dev = *s.find_profile("dev");
    const profile_value* sts = s.find_service_setting(dev, "sts", "endpoint_url");
    REQUIRE(sts != nullptr);
    CHECK(sts->value == "http://127.0.0.1:8081");
    CHECK(sts->line == 11);
    CHECK(s.find_service_setting(dev, "connect", "endpoint_url")->value ==
          "http://127.0.0.1:8080");
    CHECK(s.find_service_setting(dev, "sso", "endpoint_url") == nullptr);
    CHECK(s.find_service_setting(dev, "sts", "empty") == nullptr);
    CHECK(s.find_service_setting(*s.find_profile("none"), "sts", "endpoint_url") == nullptr);
    CHECK(s.find_service_setting(*s.find_profile("dangling"), "sts", "endpoint_url") == nullptr);
}

TEST_CASE("[sso-session name] sections of the config file") {
    auto s = parse_ok(
        "[profile dev]\n"
        "sso_session = corp\n"
        "sso_account_id = 111122223333\n"
        "[sso-session corp]\n"
        "SSO_Start_URL = https://corp.awsapps.com/start\n"
        "sso_region = eu-west-1\n"
        "sso_registration_scopes = sso:account:access\n"
        "[sso-session bad name]\n"
        "sso_region = x\n"
        "[sso-session  corp ]\n"
        "sso_region = us-east-1\n");
    REQUIRE(s.sso_sessions.size() == 1);
    const profile_section* corp = s.find_sso_session("corp");
    REQUIRE(corp != nullptr);
    CHECK(corp->values.size() == 3);
    CHECK(corp->find("sso_start_url")->value == "https://corp.awsapps.com/start");
    CHECK(corp->find("sso_region")->value == "us-east-1");  // repeated section: merged
    CHECK(corp->find("sso_region")->line == 11);
    CHECK(corp->find("sso_registration_scopes")->value == "sso:account:access");
    CHECK(s.find_sso_session("dev") == nullptr);
    CHECK(s.find_profile("corp") == nullptr);
    CHECK(value(s, "dev", "sso_session") == "corp");

    SUBCASE("the credentials file has profiles only") {
        auto c = parse_ok("[sso-session corp]\nsso_region = x\n[services s]\nsts =\n a = b\n",
                          profile_file_kind::credentials);
        CHECK(c.sso_sessions.empty());
        CHECK(c.services.empty());
        CHECK(c.profiles.empty());
    }
    SUBCASE("merged like profiles") {
        auto more = parse_ok("[sso-session corp]\nsso_region = ap-south-1\n"
                             "[sso-session other]\nsso_region = r\n");
        merge_profile_sets(s, more);
        CHECK(s.sso_sessions.size() == 2);
        CHECK(s.find_sso_session("corp")->find("sso_region")->value == "ap-south-1");
        CHECK(s.find_sso_session("corp")->find("sso_start_url") != nullptr);
    }
}

TEST_CASE("property names outside [A-Za-z0-9_-/.%@:+] are ignored, with their indented lines") {
    auto s = parse_ok(
        "[profile foo]\n"
        "in valid = value\n"
        "  -continued\n"
        "region = us-east-1\n"
        "bad!name =\n"
        "  sub = value\n"
        "ok.name/with:all@the%chars+ = yes\n");
    const profile_section* p = s.find_profile("foo");
    REQUIRE(p != nullptr);
    CHECK(p->values.size() == 2);
    CHECK(p->sub_sections.empty());
    CHECK(value(s, "foo", "region") == "us-east-1");
    CHECK(value(s, "foo", "ok.name/with:all@the%chars+") == "yes");
    // An ignored property's indented lines are still checked.
    CHECK(parse_error("[profile foo]\nbad name =\n  no equals\n") ==
          "/home/u/.aws/config, line 3: expected '=' in an indented sub-property line (name = "
          "value)");
    // An ignored property does not replace a valid one of the same section.
    auto t = parse_ok("[profile foo]\nregion = a\nregion x = b\n");
    CHECK(value(t, "foo", "region") == "a");
}

TEST_CASE("each value records the kind of file that set it") {
    auto cfg = parse_ok("[default]\naws_access_key_id = A\nregion = r\n");
    auto creds = parse_ok("[default]\naws_access_key_id = B\n", profile_file_kind::credentials,
                          "/home/u/.aws/credentials");
    CHECK(cfg.find_profile("default")->find("region")->kind == profile_file_kind::config);
    CHECK(creds.find_profile("default")->find("aws_access_key_id")->kind ==
          profile_file_kind::credentials);
    merge_profile_sets(cfg, creds);
    CHECK(cfg.find_profile("default")->find("aws_access_key_id")->kind ==
          profile_file_kind::credentials);
    CHECK(cfg.find_profile("default")->find("region")->kind == profile_file_kind::config);
}

TEST_CASE("merging: the credentials file overrides the config file key by key") {
    auto cfg = parse_ok("[default]\nregion = us-east-1\naws_access_key_id = FROMCONFIG\n"
                        "[profile only_config]\nregion = eu-west-1\n");
    auto creds = parse_ok("[default]\naws_access_key_id = FROMCREDS\naws_secret_access_key = S\n"
                          "[only_creds]\naws_access_key_id = C\n",
                          profile_file_kind::credentials, "/home/u/.aws/credentials");
    merge_profile_sets(cfg, creds);
    CHECK(value(cfg, "default", "region") == "us-east-1");
    CHECK(value(cfg, "default", "aws_access_key_id") == "FROMCREDS");
    CHECK(cfg.find_profile("default")->find("aws_access_key_id")->file ==
          "/home/u/.aws/credentials");
    CHECK(value(cfg, "default", "aws_secret_access_key") == "S");
    CHECK(value(cfg, "only_config", "region") == "eu-west-1");
    CHECK(value(cfg, "only_creds", "aws_access_key_id") == "C");
}

TEST_CASE("malformed files name the file and the 1-based line, exactly") {
    CHECK(parse_error("[default\nregion = x\n") ==
          "/home/u/.aws/config, line 1: a section header must end with ']'");
    CHECK(parse_error("# comment\n\nregion = us-east-1\n") ==
          "/home/u/.aws/config, line 3: a property must follow a section header such as "
          "[default]");
    CHECK(parse_error("[default]\nregion us-east-1\n") ==
          "/home/u/.aws/config, line 2: expected '=' in a property line (name = value)");
    CHECK(parse_error("[default]\n = value\n") ==
          "/home/u/.aws/config, line 2: an indented line must follow a property (name = value)");
    CHECK(parse_error("[default]\n= value\n") ==
          "/home/u/.aws/config, line 2: a property needs a name before '='");
    CHECK(parse_error("[]\n") == "/home/u/.aws/config, line 1: empty section name");
    CHECK(parse_error("[default]\n  indented = first\n") ==
          "/home/u/.aws/config, line 2: an indented line must follow a property (name = value)");
    CHECK(parse_error("[default]\ns3 =\n  no_equals_here\n") ==
          "/home/u/.aws/config, line 3: expected '=' in an indented sub-property line (name = "
          "value)");
    CHECK(parse_error("[default]\ns3 =\n  = 1\n") ==
          "/home/u/.aws/config, line 3: a sub-property needs a name before '='");
    CHECK(parse_error("\n\n  indented = before any section\n") ==
          "/home/u/.aws/config, line 3: a property must follow a section header such as "
          "[default]");
    CHECK(parse_error("[default]\r\nok = 1\r\n[broken\r\n", profile_file_kind::credentials,
                      "C:/creds") == "C:/creds, line 3: a section header must end with ']'");
}

TEST_CASE("a malformed line holding a secret is not echoed in the error") {
    const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    std::string msg = parse_error("[default]\naws_secret_access_key " + secret + "\n",
                                  profile_file_kind::credentials);
    CHECK(msg.find(secret) == std::string::npos);
    CHECK(msg.find("aws_secret_access_key") == std::string::npos);
    msg = parse_error("[default]\ns =\n  " + secret + "\n", profile_file_kind::credentials);
    CHECK(msg.find(secret) == std::string::npos);
    msg = parse_error("[" + secret + "\n", profile_file_kind::credentials);
    CHECK(msg.find(secret) == std::string::npos);
}

TEST_CASE("profile name validity") {
    CHECK(is_valid_profile_name("default"));
    CHECK(is_valid_profile_name("a-b_c.d/e%f@g:h+i"));
    CHECK_FALSE(is_valid_profile_name(""));
    CHECK_FALSE(is_valid_profile_name("a b"));
    CHECK_FALSE(is_valid_profile_name("a!"));
    CHECK_FALSE(is_valid_profile_name("\"quoted\""));
}

}  // TEST_SUITE
