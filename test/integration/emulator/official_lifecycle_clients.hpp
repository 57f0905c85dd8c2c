// Shared by the official clients' lifecycle tests (official_aws_cli_lifecycle_test.cpp,
// official_boto3_lifecycle_test.cpp): the emulator they run against, the clients'
// environment, and the service model they learn the newer operations from.
//
// Debian's botocore (1.29) knows six of the seven operations and none of the InstanceId
// members; UpdatePhoneNumberMetadata came later. The clients learn them from the shared model
// (test/data/model/connect-phone-numbers.json, botocore 1.43 data) through AWS_DATA_PATH,
// which botocore searches before its own data: a directory with
// connect/2017-08-08/service-2.json (the model) and paginators-1.json (its paginators),
// built at test time.
#pragma once

#include "emulator_fixture.hpp"
#include "official_clients.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <stdlib.h>

namespace awsconnect::emulator::test::lifecycle_clients {

using namespace std::chrono_literals;
namespace json = boost::json;

inline constexpr auto client_timeout = 120s;

inline const std::string instance = default_instance_id();
inline const std::string arn_base = "arn:aws:connect:us-east-1:123456789012:";
inline const std::string tdg = "22222222-2222-4222-8222-222222222222";
inline const std::string tdg_arn = arn_base + "traffic-distribution-group/" + tdg;
inline const std::string instance_arn_text = arn_base + "instance/" + instance;

/// A temporary directory (the data path), removed at the end.
struct scratch_dir {
    std::filesystem::path path;
    scratch_dir() {
        std::string p = (std::filesystem::temp_directory_path() / "awsconnect-clients-XXXXXX").string();
        REQUIRE(::mkdtemp(p.data()) != nullptr);
        path = p;
    }
    ~scratch_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
};

/// AWS_DATA_PATH for botocore: connect/2017-08-08/{service-2,paginators-1}.json from the
/// shared model in the source tree.
inline std::string make_data_path(const scratch_dir& dir) {
    const std::filesystem::path model =
        std::filesystem::path(AWSCONNECT_SOURCE_DIR) / "test" / "data" / "model" / "connect-phone-numbers.json";
    std::ifstream in(model, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << model);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto parsed = json::parse(text).as_object();
    const auto target = dir.path / "data" / "connect" / "2017-08-08";
    std::filesystem::create_directories(target);
    std::ofstream(target / "service-2.json", std::ios::binary) << text;
    json::object paginators;
    paginators["pagination"] = parsed.at("paginators");
    std::ofstream(target / "paginators-1.json", std::ios::binary) << json::serialize(paginators);
    return (dir.path / "data").string();
}

/// Four pre-claimed numbers, ten in each pool, a traffic distribution group, claims and
/// updates IN_PROGRESS for 30 s of emulator time (the tests move the clock), a session
/// credential.
inline server_config clients_config() {
    server_config c;
    c.claim_count = 4;
    c.available_per_pool = 10;
    c.traffic_distribution_group_ids = {tdg};
    c.claim_latency = 30s;
    c.update_latency = 30s;
    c.fixed_time = std::chrono::system_clock::now();
    c.credentials.push_back({"AKIDTEMP", "temp-secret", "temp-session-token"});
    return c;
}

/// The clients' environment (official_client_environment: no AWS_* or PYTHON* variable of
/// the developer's, a temporary HOME) with an isolated profile, one attempt, the CA file,
/// and the data path when not empty.
inline std::vector<std::string> client_env(const server& s, const std::string& data_path) {
    std::vector<std::string> add{
        "AWS_ACCESS_KEY_ID=AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY=" + example_credential().secret_access_key,
        "AWS_DEFAULT_REGION=us-east-1",
        "AWS_CONFIG_FILE=/nonexistent/awsconnect-test-config",
        "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/awsconnect-test-credentials",
        "AWS_EC2_METADATA_DISABLED=true",
        "AWS_MAX_ATTEMPTS=1",
        "AWS_RETRY_MODE=standard",
        "AWS_PAGER=",
        "AWS_DEFAULT_OUTPUT=json",
        "AWS_CA_BUNDLE=" + s.ca_file(),
    };
    if (!data_path.empty()) add.push_back("AWS_DATA_PATH=" + data_path);
    return official_client_environment(add);
}

inline json::value json_of(const run_result& r) {
    REQUIRE_MESSAGE(r.exit_code == 0, "exit " << r.exit_code.value_or(-1) << ": " << r.err);
    return r.out.empty() ? json::value(json::object{}) : json::parse(r.out);
}

inline std::vector<std::string> numbers_of(const json::value& list) {
    std::vector<std::string> out;
    for (const auto& item : list.as_array()) out.emplace_back(item.at("PhoneNumber").as_string());
    return out;
}

/// Moves the emulator's clock past the claim and update latency.
inline void settle(server& s) { s.advance_clock(31s); }

}  // namespace awsconnect::emulator::test::lifecycle_clients
