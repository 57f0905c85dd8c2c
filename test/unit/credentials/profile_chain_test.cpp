// The profile chain resolver on real file text: each test parses a config and a credentials
// file as written on a laptop, resolves the selected profile, and checks the whole chain
// (base source, every AssumeRole step and its fields) or the error (its kind, the profile at
// fault and the exact message). The SDKs' shared suite is in assume_role_suite_test.cpp; this
// file covers what credentials.md §2 adds to it and what the suite leaves out: which file
// the keys come from, credential_process, mfa_serial, duration_seconds, the three kinds of
// error the providers act on, and messages that name files and lines but never a secret.
#include "credentials/profile_chain.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

using namespace awsconnect;
using namespace awsconnect::creds;

namespace {

constexpr std::string_view config_path = "/home/u/.aws/config";
constexpr std::string_view creds_path = "/home/u/.aws/credentials";

config::profile_set files(std::string_view config_text, std::string_view credentials_text = {}) {
    auto cfg =
        config::parse_profile_file(config_text, config_path, config::profile_file_kind::config);
    REQUIRE_MESSAGE(cfg.has_value(), (cfg ? std::string() : cfg.error().message));
    auto creds = config::parse_profile_file(credentials_text, creds_path,
                                            config::profile_file_kind::credentials);
    REQUIRE_MESSAGE(creds.has_value(), (creds ? std::string() : creds.error().message));
    config::merge_profile_sets(*cfg, *creds);
    return *cfg;
}

profile_chain chain_of(const config::profile_set& set, std::string_view selected) {
    auto r = resolve_profile_chain(set, selected);
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().message));
    return *r;
}

profile_chain_error error_of(const config::profile_set& set, std::string_view selected) {
    auto r = resolve_profile_chain(set, selected);
    REQUIRE_MESSAGE(!r.has_value(), (r ? describe(*r) : std::string()));
    return r.error();
}

template <class T>
const T& base_as(const profile_chain& c) {
    REQUIRE(std::holds_alternative<T>(c.base));
    return std::get<T>(c.base);
}

}  // namespace

TEST_SUITE("profile chain") {

TEST_CASE("a role assumed with the keys of another profile, from the credentials file") {
    auto set = files(
        "[profile dev]\n"
        "region = eu-west-1\n"
        "role_arn = arn:aws:iam::111122223333:role/Deploy\n"
        "source_profile = base\n"
        "role_session_name = ci-run\n"
        "external_id = ext-42\n"
        "duration_seconds = 900\n",
        "[base]\n"
        "aws_access_key_id = AKIDBASE\n"
        "aws_secret_access_key = base-secret\n"
        "aws_session_token = base-token\n"
        "aws_account_id = 444455556666\n");
    auto c = chain_of(set, "dev");
    CHECK(c.base_profile == "base");
    const auto& k = base_as<static_keys_source>(c);
    CHECK(k.access_key_id == "AKIDBASE");
    CHECK(k.secret_access_key == "base-secret");
    CHECK(k.session_token == "base-token");
    CHECK(k.account_id == "444455556666");
    REQUIRE(c.roles.size() == 1);
    CHECK(c.roles[0].profile == "dev");
    CHECK(c.roles[0].role_arn == "arn:aws:iam::111122223333:role/Deploy");
    CHECK(c.roles[0].session_name == "ci-run");
    CHECK(c.roles[0].external_id == "ext-42");
    CHECK(c.roles[0].duration == std::chrono::seconds(900));
    CHECK(describe(c) == "static keys (profile base) -> AssumeRole "
                         "arn:aws:iam::111122223333:role/Deploy (profile dev)");
}

TEST_CASE("defaults: no session name (the provider makes one), no external id, 3600 s") {
    auto set = files("[profile dev]\nrole_arn = arn:r\nsource_profile = base\n"
                     "role_session_name =\nexternal_id =\n",
                     "[base]\naws_access_key_id = A\naws_secret_access_key = S\n"
                     "aws_session_token =\n");
    auto c = chain_of(set, "dev");
    CHECK(base_as<static_keys_source>(c).session_token.empty());  // empty counts as unset
    CHECK(base_as<static_keys_source>(c).account_id.empty());
    REQUIRE(c.roles.size() == 1);
    CHECK(c.roles[0].session_name.empty());
    CHECK(c.roles[0].external_id.empty());
    CHECK(c.roles[0].duration == std::chrono::seconds(3600));
}

TEST_CASE("the selected profile with keys and a role uses the role; keys only as its own source") {
    SUBCASE("selected profile with keys and source_profile: the role, from the source's keys") {
        auto set = files("[profile a]\nrole_arn = arn:a\nsource_profile = b\n",
                         "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = sa\n"
                         "[b]\naws_access_key_id = AKIDB\naws_secret_access_key = sb\n");
        auto c = chain_of(set, "a");
        CHECK(c.base_profile == "b");
        CHECK(base_as<static_keys_source>(c).access_key_id == "AKIDB");
        REQUIRE(c.roles.size() == 1);
        CHECK(c.roles[0].role_arn == "arn:a");
    }
    SUBCASE("source_profile naming the profile itself: its keys assume its role") {
        auto set = files("[profile a]\nrole_arn = arn:a\nsource_profile = a\n",
                         "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = sa\n");
        auto c = chain_of(set, "a");
        CHECK(c.base_profile == "a");
        CHECK(base_as<static_keys_source>(c).access_key_id == "AKIDA");
        REQUIRE(c.roles.size() == 1);
        CHECK(c.roles[0].profile == "a");
    }
    SUBCASE("a source profile with keys and a role of its own: its keys (the SDKs' rule)") {
        auto set = files("[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                         "[profile b]\nrole_arn = arn:b\nsource_profile = c\n",
                         "[b]\naws_access_key_id = AKIDB\naws_secret_access_key = sb\n"
                         "aws_session_token = tb\n"
                         "[c]\naws_access_key_id = AKIDC\naws_secret_access_key = sc\n");
        auto c = chain_of(set, "a");
        CHECK(c.base_profile == "b");
        CHECK(base_as<static_keys_source>(c).access_key_id == "AKIDB");
        CHECK(base_as<static_keys_source>(c).session_token == "tb");
        REQUIRE(c.roles.size() == 1);
        CHECK(c.roles[0].role_arn == "arn:a");
        CHECK(c.roles[0].profile == "a");
    }
    SUBCASE("a source profile with half a key pair and a role: its role") {
        auto set = files("[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                         "[profile b]\nrole_arn = arn:b\nsource_profile = c\n"
                         "aws_access_key_id = HALF\n",
                         "[c]\naws_access_key_id = AKIDC\naws_secret_access_key = sc\n");
        auto c = chain_of(set, "a");
        CHECK(c.base_profile == "c");
        CHECK(base_as<static_keys_source>(c).access_key_id == "AKIDC");
        REQUIRE(c.roles.size() == 2);
        CHECK(c.roles[0].role_arn == "arn:b");
        CHECK(c.roles[0].profile == "b");
        CHECK(c.roles[1].role_arn == "arn:a");
    }
    SUBCASE("a loop back to a profile with keys is still a loop") {
        auto set = files("[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                         "[profile b]\nrole_arn = arn:b\nsource_profile = a\n",
                         "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = sa\n");
        auto e = error_of(set, "a");
        CHECK(e.problem == profile_chain_problem::invalid);
        CHECK(e.message == "source profile b: source_profile a forms a loop: a -> b -> a");
    }
    SUBCASE("its own source without keys is an error") {
        auto set = files("[profile a]\nrole_arn = arn:a\nsource_profile = a\nregion = r\n");
        auto e = error_of(set, "a");
        CHECK(e.problem == profile_chain_problem::invalid);
        CHECK(e.profile == "a");
        CHECK(e.message == "source_profile names the profile itself, which has no "
                           "aws_access_key_id, credential_process or SSO settings to assume its "
                           "role with");
    }
}

TEST_CASE("three roles deep, each step naming its profile") {
    auto set = files("[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                     "[profile b]\nrole_arn = arn:b\nsource_profile = c\nexternal_id = xb\n"
                     "[profile c]\nrole_arn = arn:c\ncredential_source = EcsContainer\n");
    auto c = chain_of(set, "a");
    CHECK(c.base_profile == "c");
    CHECK(base_as<named_source>(c).kind == named_source_kind::ecs_container);
    REQUIRE(c.roles.size() == 3);
    CHECK(c.roles[0].profile == "c");
    CHECK(c.roles[1].profile == "b");
    CHECK(c.roles[1].external_id == "xb");
    CHECK(c.roles[2].profile == "a");
    CHECK(describe(c) == "credential_source EcsContainer (profile c) -> AssumeRole arn:c "
                         "(profile c) -> AssumeRole arn:b (profile b) -> AssumeRole arn:a "
                         "(profile a)");
}

TEST_CASE("credential_process as a base, and botocore's order within a profile") {
    SUBCASE("the source of a role, with its account id") {
        auto set = files("[profile dev]\nrole_arn = arn:r\nsource_profile = tool\n"
                         "[profile tool]\ncredential_process = vault-creds --role ci | jq .\n"
                         "aws_account_id = 111122223333\n");
        auto c = chain_of(set, "dev");
        CHECK(c.base_profile == "tool");
        const auto& p = base_as<process_source>(c);
        CHECK(p.command == "vault-creds --role ci | jq .");
        CHECK(p.account_id == "111122223333");
        CHECK(c.roles.size() == 1);
        CHECK(describe(c) == "credential_process (profile tool) -> AssumeRole arn:r (profile dev)");
    }
    SUBCASE("keys in the config file lose to credential_process") {
        auto set = files("[default]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = c\n"
                         "credential_process = tool\n");
        auto c = chain_of(set, "default");
        CHECK(base_as<process_source>(c).command == "tool");
        CHECK(c.roles.empty());
    }
    SUBCASE("keys in the credentials file win over credential_process") {
        auto set = files("[default]\ncredential_process = tool\n",
                         "[default]\naws_access_key_id = FROMCREDS\naws_secret_access_key = k\n");
        CHECK(base_as<static_keys_source>(chain_of(set, "default")).access_key_id == "FROMCREDS");
    }
    SUBCASE("half a pair in the credentials file is an error, even with a process") {
        auto set = files("[default]\ncredential_process = tool\n",
                         "[default]\n\naws_access_key_id = HALF\n");
        auto e = error_of(set, "default");
        CHECK(e.problem == profile_chain_problem::invalid);
        CHECK(e.message == "aws_secret_access_key is missing (aws_access_key_id is set in "
                           "/home/u/.aws/credentials, line 3)");
    }
    SUBCASE("keys in the config file alone") {
        auto set = files("[default]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = c\n");
        CHECK(base_as<static_keys_source>(chain_of(set, "default")).access_key_id ==
              "FROMCONFIG");
    }
}

TEST_CASE("credential_source: the three names, exactly, for a role") {
    for (const auto& [name, kind] :
         {std::pair{"Environment", named_source_kind::environment},
          std::pair{"Ec2InstanceMetadata", named_source_kind::ec2_instance_metadata},
          std::pair{"EcsContainer", named_source_kind::ecs_container}}) {
        CAPTURE(name);
        auto set = files("[profile r]\nrole_arn = arn:r\ncredential_source = " +
                         std::string(name) + "\n");
        auto c = chain_of(set, "r");
        CHECK(base_as<named_source>(c).kind == kind);
        CHECK(to_string(kind) == name);
        REQUIRE(c.roles.size() == 1);
        CHECK(c.roles[0].role_arn == "arn:r");
    }
    auto bad = files("[profile r]\nrole_arn = arn:r\ncredential_source = ec2instancemetadata\n");
    auto e = error_of(bad, "r");
    CHECK(e.problem == profile_chain_problem::invalid);
    CHECK(e.message == "credential_source in /home/u/.aws/config, line 3 must be Environment, "
                       "Ec2InstanceMetadata or EcsContainer");
}

TEST_CASE("web identity: a base, alone or as the source of a role") {
    SUBCASE("in the selected profile") {
        auto set = files("[profile eks]\nrole_arn = arn:aws:iam::1:role/Pod\n"
                         "web_identity_token_file = /var/run/secrets/token\n"
                         "role_session_name = pod-1\nduration_seconds = 7200\n");
        auto c = chain_of(set, "eks");
        const auto& w = base_as<web_identity_source>(c);
        CHECK(w.role_arn == "arn:aws:iam::1:role/Pod");
        CHECK(w.token_file == "/var/run/secrets/token");
        CHECK(w.session_name == "pod-1");
        CHECK(w.duration == std::chrono::seconds(7200));
        CHECK(c.roles.empty());
        CHECK(describe(c) == "web identity token file /var/run/secrets/token for "
                             "arn:aws:iam::1:role/Pod (profile eks)");
    }
    SUBCASE("as the source of a role") {
        auto set = files("[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                         "[profile b]\nrole_arn = arn:b\nweb_identity_token_file = /token.jwt\n");
        auto c = chain_of(set, "a");
        CHECK(c.base_profile == "b");
        CHECK(base_as<web_identity_source>(c).role_arn == "arn:b");
        CHECK(base_as<web_identity_source>(c).duration == std::chrono::seconds(3600));
        REQUIRE(c.roles.size() == 1);
        CHECK(c.roles[0].role_arn == "arn:a");
    }
    SUBCASE("errors") {
        auto e = error_of(files("[profile w]\nweb_identity_token_file = /t\n"), "w");
        CHECK(e.problem == profile_chain_problem::invalid);
        CHECK(e.message == "web_identity_token_file is set in /home/u/.aws/config, line 2 "
                           "without role_arn (the role to assume with the token)");
        e = error_of(files("[profile w]\nrole_arn = arn:w\nweb_identity_token_file = /t\n"
                           "source_profile = x\n[profile x]\ncredential_source = Environment\n"),
                     "w");
        CHECK(e.message == "both web_identity_token_file and source_profile are set; a role is "
                           "assumed with a web identity token or with the credentials of a "
                           "source, not both");
        e = error_of(files("[profile w]\nrole_arn = arn:w\nweb_identity_token_file = /t\n"
                           "credential_source = Environment\n"),
                     "w");
        CHECK(e.message == "both web_identity_token_file and credential_source are set; a role "
                           "is assumed with a web identity token or with the credentials of a "
                           "source, not both");
    }
}

TEST_CASE("SSO: sso-session and legacy profiles, as a base or the source of a role") {
    const std::string session =
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
        "sso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n";
    SUBCASE("with sso_session") {
        auto set = files("[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n"
                         "sso_role_name = Admin\nregion = us-east-1\n" + session);
        auto c = chain_of(set, "dev");
        const auto& s = base_as<sso_source>(c);
        CHECK(s.session_name == "corp");
        CHECK(s.start_url == "https://corp.awsapps.com/start");
        CHECK(s.region == "eu-west-1");
        CHECK(s.registration_scopes == "sso:account:access");
        CHECK(s.account_id == "111122223333");
        CHECK(s.role_name == "Admin");
        CHECK(describe(c) == "SSO session corp, account 111122223333, role Admin (profile dev)");
    }
    SUBCASE("legacy: start URL and region in the profile") {
        auto set = files("[profile dev]\nsso_start_url = https://x.awsapps.com/start\n"
                         "sso_region = us-east-2\nsso_account_id = 1\nsso_role_name = R\n");
        auto c = chain_of(set, "dev");
        const auto& s = base_as<sso_source>(c);
        CHECK(s.session_name.empty());
        CHECK(s.start_url == "https://x.awsapps.com/start");
        CHECK(s.region == "us-east-2");
        CHECK(s.registration_scopes.empty());
    }
    SUBCASE("token only (no account, no role): a chain the SSO provider will refuse") {
        auto set = files("[profile dev]\nsso_session = corp\n" + session);
        auto c = chain_of(set, "dev");
        CHECK(base_as<sso_source>(c).account_id.empty());
        CHECK(base_as<sso_source>(c).role_name.empty());
        CHECK(describe(c) == "SSO session corp (profile dev)");
    }
    SUBCASE("the source of a role") {
        auto set = files("[profile ops]\nrole_arn = arn:ops\nsource_profile = dev\n"
                         "[profile dev]\nsso_session = corp\nsso_account_id = 1\n"
                         "sso_role_name = R\n" + session);
        auto c = chain_of(set, "ops");
        CHECK(c.base_profile == "dev");
        CHECK(base_as<sso_source>(c).session_name == "corp");
        REQUIRE(c.roles.size() == 1);
    }
    SUBCASE("errors name the profile, the key and where it is") {
        auto e = error_of(files("[profile dev]\nsso_session = nope\n" + session), "dev");
        CHECK(e.problem == profile_chain_problem::invalid);
        CHECK(e.message == "sso_session in /home/u/.aws/config, line 2 names [sso-session nope], "
                           "which is not defined");
        e = error_of(files("[profile dev]\nsso_session = corp\nsso_region = x\n" + session),
                     "dev");
        CHECK(e.message == "sso_region is set in /home/u/.aws/config, line 3 with sso_session: "
                           "it belongs in [sso-session corp] only");
        e = error_of(files("[profile dev]\nsso_session = half\n"
                           "[sso-session half]\nsso_start_url = https://h\n"),
                     "dev");
        CHECK(e.message == "[sso-session half] has no sso_region");
        e = error_of(files("[profile dev]\nsso_session = corp\nsso_account_id = 1\n" + session),
                     "dev");
        CHECK(e.message == "sso_account_id is set in /home/u/.aws/config, line 3 without "
                           "sso_role_name");
        e = error_of(files("[profile dev]\nsso_start_url = https://x\nsso_role_name = R\n"
                           "sso_region = r\n"),
                     "dev");
        CHECK(e.message == "sso_role_name is set in /home/u/.aws/config, line 3 without "
                           "sso_account_id");
        e = error_of(files("[profile dev]\nsso_start_url = https://x\n"), "dev");
        CHECK(e.message == "sso_region is missing (SSO needs sso_session, or sso_start_url and "
                           "sso_region)");
        e = error_of(files("[profile dev]\nsso_session = not valid!\n"), "dev");
        CHECK(e.message == "sso_session in /home/u/.aws/config, line 2 is not a valid "
                           "sso-session name (letters, digits and _-/.%@:+)");
    }
}

TEST_CASE("mfa_serial: an error that names the profile, wherever it is in the chain") {
    auto e = error_of(files("[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                            "mfa_serial = arn:aws:iam::1:mfa/me\n",
                            "[b]\naws_access_key_id = A\naws_secret_access_key = S\n"),
                      "a");
    CHECK(e.problem == profile_chain_problem::invalid);
    CHECK(e.profile == "a");
    CHECK(e.message == "mfa_serial is set in /home/u/.aws/config, line 4: assuming this role "
                       "needs an MFA code, which cannot be prompted for here (use a role without "
                       "mfa_serial, or temporary credentials from aws sts get-session-token)");
    e = error_of(files("[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                       "[profile b]\nrole_arn = arn:b\nsource_profile = c\nmfa_serial = m\n"
                       "[profile c]\ncredential_source = Environment\n"),
                 "a");
    CHECK(e.profile == "b");
    CHECK(e.message.starts_with("source profile b: mfa_serial is set in /home/u/.aws/config, "
                                "line 7: "));
}

TEST_CASE("duration_seconds: whole seconds from 900 to 43200") {
    for (const char* ok : {"900", "3600", "43200"}) {
        CAPTURE(ok);
        auto c = chain_of(files("[profile a]\nrole_arn = arn:a\ncredential_source = Environment\n"
                                "duration_seconds = " + std::string(ok) + "\n"),
                          "a");
        CHECK(c.roles.at(0).duration == std::chrono::seconds(std::stoi(ok)));
    }
    for (const char* bad : {"899", "43201", "1h", "-900", "3600.5", "0", "99999999999999999999"}) {
        CAPTURE(bad);
        auto e = error_of(files("[profile a]\nrole_arn = arn:a\ncredential_source = Environment\n"
                                "duration_seconds = " + std::string(bad) + "\n"),
                          "a");
        CHECK(e.problem == profile_chain_problem::invalid);
        CHECK(e.message == "duration_seconds in /home/u/.aws/config, line 4 must be a whole "
                           "number of seconds from 900 to 43200");
    }
}

TEST_CASE("the three kinds of error the providers act on") {
    SUBCASE("profile_not_found: no profiles at all, or not the selected one") {
        auto e = error_of(files(""), "default");
        CHECK(e.problem == profile_chain_problem::profile_not_found);
        CHECK(e.profile == "default");
        CHECK(e.message == "not found: no profiles are defined");
        e = error_of(files("[profile other]\nregion = r\n"), "dev");
        CHECK(e.problem == profile_chain_problem::profile_not_found);
        CHECK(e.message == "not found");
    }
    SUBCASE("no_credentials: the selected profile configures none (the chain moves on)") {
        auto e = error_of(files("[default]\nregion = us-east-1\noutput = json\n"
                                "aws_access_key_id =\nrole_session_name = x\n"),
                          "default");
        CHECK(e.problem == profile_chain_problem::no_credentials);
        CHECK(e.profile == "default");
        CHECK(e.message == "configures no credentials (no aws_access_key_id, credential_process, "
                           "role_arn, web_identity_token_file, sso_session, sso_start_url or "
                           "credential_source)");
    }
    SUBCASE("invalid: a source profile that configures none stops the chain") {
        auto e = error_of(files("[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                                "[profile b]\nregion = r\n"),
                          "a");
        CHECK(e.problem == profile_chain_problem::invalid);
        CHECK(e.profile == "b");
        CHECK(e.message == "source profile b: configures no credentials (no aws_access_key_id, "
                           "credential_process, role_arn, web_identity_token_file, sso_session, "
                           "sso_start_url or credential_source)");
    }
    SUBCASE("the value() of an error throws its message") {
        auto r = resolve_profile_chain(files(""), "default");
        CHECK_THROWS_WITH_AS(r.value(), "not found: no profiles are defined",
                             std::invalid_argument);
    }
}

TEST_CASE("invalid role configurations, each with its own message") {
    struct row {
        const char* config;
        const char* selected;
        const char* profile_at_fault;
        const char* message;
    };
    const row rows[] = {
        {"[profile a]\nrole_arn = arn:a\n", "a", "a",
         "role_arn is set without source_profile or credential_source (the credentials that "
         "assume the role)"},
        {"[profile a]\nrole_arn = arn:a\nsource_profile = b\ncredential_source = Environment\n"
         "[profile b]\ncredential_source = Environment\n",
         "a", "a",
         "both source_profile and credential_source are set; a role takes its source "
         "credentials from one of them"},
        {"[profile a]\nrole_arn = arn:a\nsource_profile = b\n", "a", "a",
         "source_profile b is not defined"},
        {"[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
         "[profile b]\nrole_arn = arn:b\nsource_profile = c\n",
         "a", "b", "source profile b: source_profile c is not defined"},
        {"[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
         "[profile b]\nrole_arn = arn:b\nsource_profile = a\n",
         "a", "b", "source profile b: source_profile a forms a loop: a -> b -> a"},
        {"[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
         "[profile b]\nrole_arn = arn:b\nsource_profile = c\n"
         "[profile c]\nrole_arn = arn:c\nsource_profile = b\n",
         "a", "c", "source profile c: source_profile b forms a loop: a -> b -> c -> b"},
        {"[profile a]\nsource_profile = b\nregion = r\n"
         "[profile b]\ncredential_source = Environment\n",
         "a", "a",
         "source_profile is set in /home/u/.aws/config, line 2 without role_arn (there is no "
         "role to assume)"},
        {"[profile a]\ncredential_source = Environment\n", "a", "a",
         "credential_source is set in /home/u/.aws/config, line 2 without role_arn (there is no "
         "role to assume)"},
        {"[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\n"
         "credential_source = EcsContainer\n",
         "a", "b",
         "source profile b: credential_source is set in /home/u/.aws/config, line 5 without "
         "role_arn (there is no role to assume)"},
        {"[profile a]\nrole_arn = arn:a\nsource_profile = not valid!\n", "a", "a",
         "source_profile in /home/u/.aws/config, line 3 is not a valid profile name (letters, "
         "digits and _-/.%@:+)"},
        {"[profile a]\nlogin_session = arn:aws:iam::1:user/Admin\n", "a", "a",
         "login_session is set in /home/u/.aws/config, line 2: AWS Sign-In console sessions "
         "are not supported"},
        {"[profile a]\naws_session_token = T\n", "a", "a",
         "aws_access_key_id and aws_secret_access_key are missing (aws_session_token is set in "
         "/home/u/.aws/config, line 2)"},
        {"[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\n\n"
         "aws_secret_access_key = S\n",
         "a", "b",
         "source profile b: aws_access_key_id is missing (aws_secret_access_key is set in "
         "/home/u/.aws/config, line 6)"},
    };
    for (const row& r : rows) {
        CAPTURE(r.config);
        auto e = error_of(files(r.config), r.selected);
        CHECK(e.problem == profile_chain_problem::invalid);
        CHECK(e.profile == r.profile_at_fault);
        CHECK(e.message == r.message);
    }
}

TEST_CASE("next to keys or a process, half a role's configuration is ignored (botocore)") {
    auto set = files("[profile a]\naws_access_key_id = AKIDSTRAY\naws_secret_access_key = s\n"
                     "source_profile = other\ncredential_source = Environment\n"
                     "[profile p]\ncredential_process = tool\nweb_identity_token_file = /t\n");
    auto c = chain_of(set, "a");
    CHECK(base_as<static_keys_source>(c).access_key_id == "AKIDSTRAY");
    CHECK(c.roles.empty());
    CHECK(base_as<process_source>(chain_of(set, "p")).command == "tool");
}

TEST_CASE("an SSO profile: any of sso_session, sso_start_url, sso_account_id, sso_role_name") {
    for (const char* key : {"sso_session = corp", "sso_start_url = https://x",
                            "sso_account_id = 1", "sso_role_name = R"}) {
        CAPTURE(key);
        auto e = error_of(files("[profile a]\naws_access_key_id = A\naws_secret_access_key = S\n" +
                                std::string(key) + "\n"),
                          "a");
        CHECK(e.problem == profile_chain_problem::invalid);  // incomplete SSO, never the keys
    }
    // sso_region alone names no source: the keys are the profile's.
    auto c = chain_of(files("[profile a]\nsso_region = us-east-1\naws_access_key_id = A\n"
                            "aws_secret_access_key = S\n"),
                      "a");
    CHECK(base_as<static_keys_source>(c).access_key_id == "A");
    auto e = error_of(files("[profile a]\nsso_region = us-east-1\n"), "a");
    CHECK(e.problem == profile_chain_problem::no_credentials);
}

TEST_CASE("no error message ever holds a secret key or a session token") {
    const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    const std::string token = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN==";
    const std::string broken[] = {
        "[profile a]\naws_secret_access_key = " + secret + "\naws_session_token = " + token + "\n",
        "[profile a]\naws_session_token = " + token + "\n",
        "[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\naws_secret_access_key = " +
            secret + "\n",
        "[profile a]\nrole_arn = arn:a\nmfa_serial = m\naws_access_key_id = A\n"
        "aws_secret_access_key = " + secret + "\nsource_profile = a\n",
        "[profile a]\nrole_arn = arn:a\naws_access_key_id = A\naws_secret_access_key = " + secret +
            "\naws_session_token = " + token + "\n",
        "[profile a]\nrole_arn = arn:a\nsource_profile = a\nduration_seconds = " + secret + "\n",
        "[profile a]\nrole_arn = arn:a\ncredential_source = " + secret + "\n",
    };
    for (const std::string& text : broken) {
        auto e = error_of(files(text), "a");
        CHECK(e.message.find(secret) == std::string::npos);
        CHECK(e.message.find(token) == std::string::npos);
        CHECK(e.message.find("EXAMPLE") == std::string::npos);
        CHECK(std::all_of(e.message.begin(), e.message.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x80 && c >= 0x20;
        }));
    }
}

}  // TEST_SUITE
