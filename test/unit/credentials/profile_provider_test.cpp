// The profile provider over hand-written config/credentials files (a map-backed file
// reader; real temporary scripts for credential_process): keys, session tokens, the
// profile choice (option, AWS_PROFILE, default), botocore's order inside a profile
// (credentials-file keys, then credential_process, then config-file keys), files read again
// on every call, and every failure with its exact message and chain behaviour.
#include "credentials/provider_error.hpp"
#include "credentials/providers.hpp"
#include "run_coro.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <map>
#include <memory>

using namespace awsconnect;
using namespace awsconnect::creds;

namespace {

const std::string config_path = "/home/u/.aws/config";
const std::string creds_path = "/home/u/.aws/credentials";

struct fixture {
    config::environment env{{"HOME", "/home/u"}};
    std::shared_ptr<std::map<std::string, std::string>> files =
        std::make_shared<std::map<std::string, std::string>>();
    std::string profile;

    credentials_provider_ptr provider() const {
        profile_options o;
        o.env = env;
        auto f = files;
        o.read = [f](const std::string& p) -> std::optional<std::string> {
            auto it = f->find(p);
            if (it == f->end()) return std::nullopt;
            return it->second;
        };
        o.profile = profile;
        o.process_timeout = std::chrono::seconds(10);
        return make_profile_provider(std::move(o));
    }
    result<credentials_ptr> fetch(const credentials_provider_ptr& p) const {
        boost::asio::io_context ioc;
        return test::run_coro(ioc, p->get_credentials());
    }
    result<credentials_ptr> fetch() const { return fetch(provider()); }
    error fail() const {
        auto r = fetch();
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == errc::credentials_unavailable);
        return r.error();
    }
};

}  // namespace

TEST_SUITE("profile_provider") {

TEST_CASE("keys from the credentials file, with a session token") {
    fixture f;
    (*f.files)[creds_path] =
        "[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = def-secret\n"
        "aws_session_token = def-token\n";
    auto r = f.fetch();
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDDEF");
    CHECK((*r)->secret_access_key == "def-secret");
    CHECK((*r)->session_token == "def-token");
    CHECK_FALSE((*r)->expiration);
    CHECK((*r)->source == "profile default");
}

TEST_CASE("which profile: the option, then AWS_PROFILE, then default") {
    fixture f;
    (*f.files)[creds_path] = "[default]\naws_access_key_id = D\naws_secret_access_key = d\n"
                             "[envp]\naws_access_key_id = E\naws_secret_access_key = e\n"
                             "[opt]\naws_access_key_id = O\naws_secret_access_key = o\n";
    f.env.set("AWS_PROFILE", "envp");
    f.profile = "opt";
    CHECK((*f.fetch())->access_key_id == "O");
    CHECK((*f.fetch())->source == "profile opt");
    f.profile.clear();
    CHECK((*f.fetch())->access_key_id == "E");
    f.env.unset("AWS_PROFILE");
    CHECK((*f.fetch())->access_key_id == "D");
}

TEST_CASE("keys in the config file, and the files read again on every call") {
    fixture f;
    (*f.files)[config_path] = "[profile dev]\naws_access_key_id = V1\naws_secret_access_key = s\n";
    f.profile = "dev";
    auto p = f.provider();
    CHECK((*f.fetch(p))->access_key_id == "V1");
    (*f.files)[config_path] = "[profile dev]\naws_access_key_id = V2\naws_secret_access_key = s\n";
    CHECK((*f.fetch(p))->access_key_id == "V2");
}

TEST_CASE("credential_process of the profile") {
    fixture f;
    test::temp_dir d;
    auto script = d.write("p.sh", "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
                                  "\"SecretAccessKey\": \"ps\", \"SessionToken\": \"pt\"}'\n");
    (*f.files)[config_path] = "[profile dev]\ncredential_process = sh " + script + "\n";
    f.profile = "dev";
    auto r = f.fetch();
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDPROC");
    CHECK((*r)->session_token == "pt");
    CHECK((*r)->source == "profile dev (credential_process)");

    SUBCASE("its failures are the profile's") {
        auto bad = d.write("bad.sh", "echo nope >&2\nexit 4\n");
        (*f.files)[config_path] = "[profile dev]\ncredential_process = sh " + bad + "\n";
        auto e = f.fail();
        CHECK(e.message == "profile dev: credential_process exited with status 4: nope");
        CHECK_FALSE(is_not_configured(e));
    }
}

TEST_CASE("botocore's order: credentials-file keys, credential_process, config-file keys") {
    fixture f;
    test::temp_dir d;
    auto script = d.write("p.sh", "echo '{\"Version\": 1, \"AccessKeyId\": \"FROMPROC\", "
                                  "\"SecretAccessKey\": \"ps\"}'\n");
    (*f.files)[config_path] = "[default]\naws_access_key_id = FROMCONFIG\n"
                              "aws_secret_access_key = c\ncredential_process = sh " + script + "\n";
    CHECK((*f.fetch())->access_key_id == "FROMPROC");
    (*f.files)[creds_path] = "[default]\naws_access_key_id = FROMCREDS\naws_secret_access_key = k\n";
    CHECK((*f.fetch())->access_key_id == "FROMCREDS");
    (*f.files).erase(creds_path);
    (*f.files)[config_path] = "[default]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = c\n";
    CHECK((*f.fetch())->access_key_id == "FROMCONFIG");
}

TEST_CASE("a missing profile: nothing configured for default, a failure when named") {
    fixture f;
    auto e = f.fail();
    CHECK(e.message == "profile default: not found in /home/u/.aws/config or "
                       "/home/u/.aws/credentials");
    CHECK(is_not_configured(e));
    f.profile = "ghost";
    e = f.fail();
    CHECK(e.message == "profile ghost: not found in /home/u/.aws/config or "
                       "/home/u/.aws/credentials");
    CHECK(e.cause == errc::invalid_configuration);
    f.profile.clear();
    f.env.set("AWS_PROFILE", "ghost2");
    CHECK_FALSE(is_not_configured(f.fail()));
}

TEST_CASE("a profile without keys or credential_process is not configured") {
    fixture f;
    (*f.files)[config_path] = "[default]\nregion = us-east-1\naws_access_key_id =\n";
    auto e = f.fail();
    CHECK(e.message == "profile default: no aws_access_key_id or credential_process");
    CHECK(is_not_configured(e));
}

TEST_CASE("half a key pair names the missing key and where the other one is") {
    fixture f;
    (*f.files)[creds_path] = "[default]\naws_access_key_id = AKIDHALF\n";
    auto e = f.fail();
    CHECK(e.message == "profile default: aws_secret_access_key is missing (aws_access_key_id is "
                       "set in /home/u/.aws/credentials, line 2)");
    CHECK(e.cause == errc::invalid_configuration);
    (*f.files)[creds_path] = "[default]\n\naws_secret_access_key = half-secret\n";
    e = f.fail();
    CHECK(e.message == "profile default: aws_access_key_id is missing (aws_secret_access_key is "
                       "set in /home/u/.aws/credentials, line 3)");
}

TEST_CASE("a malformed file is a failure naming the file and line") {
    fixture f;
    (*f.files)[config_path] = "[default]\nregion = x\n[broken\n";
    auto e = f.fail();
    CHECK(e.message == "profile default: /home/u/.aws/config, line 3: a section header must end "
                       "with ']'");
    CHECK(e.cause == errc::invalid_configuration);
}

}  // TEST_SUITE

TEST_SUITE("profile_provider: sources not supported yet") {

// Each profile names a source of credentials that needs STS or SSO. Until those are
// implemented it is an error that stops the chain (a cause), naming the profile and the
// key, and never quoting a value.
struct unsupported_case {
    const char* name;
    const char* config;  // the [profile dev] body, in the config file
    const char* message;
};

TEST_CASE("a role, web identity or SSO profile is an error naming the profile and the key") {
    const unsupported_case cases[] = {
        {"role_arn + source_profile", "role_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n",
         "profile dev: role_arn is set (/home/u/.aws/config, line 2): assuming a role (AssumeRole with "
         "source_profile) is not supported yet; no other source of credentials is tried in its place"},
        {"role_arn + credential_source", "credential_source = Ec2InstanceMetadata\nrole_arn = arn:aws:iam::1:role/r\n",
         "profile dev: role_arn is set (/home/u/.aws/config, line 3): assuming a role (AssumeRole with "
         "credential_source) is not supported yet; no other source of credentials is tried in its place"},
        {"role_arn + web_identity_token_file", "role_arn = arn:aws:iam::1:role/r\nweb_identity_token_file = /t\n",
         "profile dev: role_arn is set (/home/u/.aws/config, line 2): assuming a role with "
         "web_identity_token_file (AssumeRoleWithWebIdentity) is not supported yet; no other source of "
         "credentials is tried in its place"},
        {"sso_session", "sso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n",
         "profile dev: sso_session is set (/home/u/.aws/config, line 2): IAM Identity Center (SSO) "
         "credentials are not supported yet; no other source of credentials is tried in its place"},
        {"sso_start_url", "sso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
         "profile dev: sso_start_url is set (/home/u/.aws/config, line 2): IAM Identity Center (SSO) "
         "credentials are not supported yet; no other source of credentials is tried in its place"},
        {"sso_account_id", "sso_account_id = 123456789012\n",
         "profile dev: sso_account_id is set (/home/u/.aws/config, line 2): IAM Identity Center (SSO) "
         "credentials are not supported yet; no other source of credentials is tried in its place"},
        {"sso_role_name", "sso_role_name = Admin\n",
         "profile dev: sso_role_name is set (/home/u/.aws/config, line 2): IAM Identity Center (SSO) "
         "credentials are not supported yet; no other source of credentials is tried in its place"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        fixture f;
        f.profile = "dev";
        (*f.files)[config_path] = std::string("[profile dev]\n") + c.config;
        auto e = f.fail();
        CHECK(e.message == c.message);
        CHECK(e.cause == errc::credentials_unavailable);
        CHECK_FALSE(is_not_configured(e));
    }
}

TEST_CASE("a role or SSO profile wins over the keys and the credential_process it also has") {
    // The SDKs' order: the role, then SSO, then keys. Using the keys would be another
    // identity than the role the profile names. The secrets are never quoted.
    fixture f;
    (*f.files)[creds_path] =
        "[default]\naws_access_key_id = AKIDKEYS\naws_secret_access_key = KEYS-SECRET-VALUE\n"
        "aws_session_token = KEYS-SESSION-TOKEN\n";
    (*f.files)[config_path] = "[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = default\n"
                              "credential_process = /bin/false\n";
    auto e = f.fail();
    CHECK(e.message == "profile default: role_arn is set (/home/u/.aws/config, line 2): assuming a role "
                       "(AssumeRole with source_profile) is not supported yet; no other source of "
                       "credentials is tried in its place");
    (*f.files)[config_path] = "[default]\nsso_session = corp\n";
    e = f.fail();
    CHECK(e.message.find("profile default: sso_session is set") == 0);
    for (const char* secret : {"KEYS-SECRET-VALUE", "KEYS-SESSION-TOKEN", "AKIDKEYS"}) {
        CHECK(e.message.find(secret) == std::string::npos);
    }
    CHECK_FALSE(is_not_configured(e));
}

TEST_CASE("half of a role's configuration is a configuration error naming the key") {
    const std::pair<const char*, const char*> cases[] = {
        {"source_profile = base\n",
         "profile dev: source_profile is set but role_arn is not (there is no role to assume) "
         "(/home/u/.aws/config, line 2)"},
        {"credential_source = Environment\n",
         "profile dev: credential_source is set but role_arn is not (there is no role to assume) "
         "(/home/u/.aws/config, line 2)"},
        {"web_identity_token_file = /var/run/token\n",
         "profile dev: web_identity_token_file is set but role_arn is not (there is no role to assume) "
         "(/home/u/.aws/config, line 2)"},
        {"role_arn = arn:aws:iam::1:role/r\n",
         "profile dev: role_arn needs source_profile, credential_source or web_identity_token_file (none "
         "is set) (/home/u/.aws/config, line 2)"},
        {"region = us-east-1\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = a\ncredential_source = Environment\n",
         "profile dev: role_arn has both source_profile and credential_source (set only one) "
         "(/home/u/.aws/config, line 3)"},
    };
    for (const auto& [body, message] : cases) {
        CAPTURE(body);
        fixture f;
        f.profile = "dev";
        (*f.files)[config_path] = std::string("[profile dev]\n") + body;
        auto e = f.fail();
        CHECK(e.message == message);
        CHECK(e.cause == errc::invalid_configuration);
    }
}

TEST_CASE("keys with a stray source_profile (no role_arn) are the profile's keys, as botocore reads them") {
    fixture f;
    (*f.files)[config_path] = "[default]\naws_access_key_id = AKIDSTRAY\naws_secret_access_key = s\n"
                              "source_profile = other\n";
    auto r = f.fetch();
    REQUIRE(r.has_value());
    CHECK((*r)->access_key_id == "AKIDSTRAY");
}

}  // TEST_SUITE
