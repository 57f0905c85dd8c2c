// boto3 (Debian's python3-boto3 for /usr/bin/python3, run with -I; official_clients.hpp)
// drives every phone-number lifecycle operation against the emulator, unchanged apart from
// endpoint_url and the CA file: its paginators, its idempotency-token filling, its SigV4
// (bodies included) and its error parsing. The newer operations and members come from the
// shared model through AWS_DATA_PATH (official_lifecycle_clients.hpp); one test runs
// Debian's own model to show what it lacks. The main (official_client_main.cpp) fails or
// skips (exit 77) before any test when boto3 is not usable.
#include "official_lifecycle_clients.hpp"

using namespace awsconnect;
using namespace awsconnect::emulator;
using namespace awsconnect::emulator::test;
using namespace awsconnect::emulator::test::lifecycle_clients;
using namespace std::chrono;
namespace json = boost::json;

TEST_SUITE("emulator.official_clients.boto3.lifecycle") {

TEST_CASE("boto3 drives every operation (the shared model), paginators, session token, errors, wrong secret") {
    scratch_dir dir;
    const std::string data_path = make_data_path(dir);
    auto s = start_emulator(clients_config());
    const auto env = client_env(*s, data_path);

    // Three phases, one process each; between them the test moves the emulator's clock.
    static constexpr const char* script = R"PY(
import json, sys
import boto3, botocore
from botocore.config import Config
phase, url, ca, instance, tdg_arn, secret, pid = sys.argv[1:8]
def client(akid, secret, token=None):
    session = boto3.session.Session(aws_access_key_id=akid, aws_secret_access_key=secret,
                                    aws_session_token=token, region_name="us-east-1")
    return session.client("connect", endpoint_url=url, verify=ca,
                          config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
def call(fn, **kw):
    try:
        r = fn(**kw)
        r.pop("ResponseMetadata", None)
        return {"ok": True, "out": r}
    except botocore.exceptions.ClientError as e:
        return {"ok": False, "code": e.response["Error"]["Code"],
                "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": e.response["Error"].get("Message", "")}
c = client("AKIDEXAMPLE", secret)
out = {"version": boto3.__version__, "botocore": botocore.__version__}
if phase == "1":
    numbers = []
    for page in c.get_paginator("search_available_phone_numbers").paginate(
            InstanceId=instance, PhoneNumberCountryCode="GB", PhoneNumberType="TOLL_FREE",
            PaginationConfig={"PageSize": 4}):
        numbers += [n["PhoneNumber"] for n in page["AvailableNumbersList"]]
    out["searched"] = numbers
    out["claim"] = call(c.claim_phone_number, InstanceId=instance, PhoneNumber=numbers[1],
                        PhoneNumberDescription="boto3", Tags={"k": "v"}, ClientToken="boto3-claim")
    out["claim_replay"] = call(c.claim_phone_number, InstanceId=instance, PhoneNumber=numbers[1],
                               PhoneNumberDescription="boto3", Tags={"k": "v"}, ClientToken="boto3-claim")
    out["claim_conflict"] = call(c.claim_phone_number, InstanceId=instance, PhoneNumber=numbers[2],
                                 ClientToken="boto3-claim")
    out["claim_auto_token"] = call(c.claim_phone_number, TargetArn=tdg_arn, PhoneNumber=numbers[3])
    out["describe"] = call(c.describe_phone_number, PhoneNumberId=out["claim"]["out"]["PhoneNumberId"])
    out["wrong_secret"] = call(client("AKIDEXAMPLE", "not-the-secret").claim_phone_number,
                               InstanceId=instance, PhoneNumber=numbers[5])
    out["bad_type"] = call(c.search_available_phone_numbers, InstanceId=instance,
                           PhoneNumberCountryCode="US", PhoneNumberType="PAGER")
elif phase == "2":
    out["describe_settled"] = call(c.describe_phone_number, PhoneNumberId=pid)
    listed = []
    for page in c.get_paginator("list_phone_numbers_v2").paginate(PaginationConfig={"PageSize": 2}):
        listed += [n["PhoneNumber"] for n in page["ListPhoneNumbersSummaryList"]]
    out["listed"] = listed
    out["session_token"] = call(client("AKIDTEMP", "temp-secret", "temp-session-token").list_phone_numbers_v2,
                                TargetArn=tdg_arn)
    out["update"] = call(c.update_phone_number, PhoneNumberId=pid, TargetArn=tdg_arn, ClientToken="boto3-move")
    out["update_busy"] = call(c.update_phone_number, PhoneNumberId=pid, InstanceId=instance)
    out["metadata_busy"] = call(c.update_phone_number_metadata, PhoneNumberId=pid, PhoneNumberDescription="x")
else:
    out["metadata"] = call(c.update_phone_number_metadata, PhoneNumberId=pid, PhoneNumberDescription="done",
                           ClientToken="boto3-meta")
    out["described"] = call(c.describe_phone_number, PhoneNumberId=pid)
    out["release"] = call(c.release_phone_number, PhoneNumberId=pid, ClientToken="boto3-release")
    out["release_replay"] = call(c.release_phone_number, PhoneNumberId=pid, ClientToken="boto3-release")
    out["describe_gone"] = call(c.describe_phone_number, PhoneNumberId=pid)
print(json.dumps(out))
)PY";
    auto phase = [&](const char* which, const std::string& id) {
        const run_result r = run_command({python_program, "-I", "-c", script, which, s->url(), s->ca_file(), instance, tdg_arn,
                                          example_credential().secret_access_key, id},
                                         env, client_timeout);
        return json_of(r).as_object();
    };
    auto field = [](const json::object& o, const char* call, const char* key) -> const json::value& {
        return o.at(call).as_object().at(key);
    };
    auto status_of = [](const json::value& describe_out) {
        return std::string(describe_out.at("ClaimedPhoneNumberSummary").at("PhoneNumberStatus").at("Status").as_string());
    };

    const json::object first = phase("1", "");
    MESSAGE("using boto3 " << first.at("version").as_string() << ", botocore " << first.at("botocore").as_string());
    json::array gb_toll_free;
    for (std::uint64_t i = 0; i < 10; ++i) gb_toll_free.emplace_back(pool_phone_number({"GB", "TOLL_FREE", "+44800"}, i));
    CHECK(first.at("searched") == gb_toll_free);
    REQUIRE(field(first, "claim", "ok").as_bool());
    CHECK(field(first, "claim_replay", "out") == field(first, "claim", "out"));
    CHECK(field(first, "claim_conflict", "code").as_string() == "IdempotencyException");
    CHECK(field(first, "claim_conflict", "status").as_int64() == 409);
    CHECK(field(first, "claim_auto_token", "ok").as_bool());  // boto3 filled in a ClientToken
    CHECK(status_of(field(first, "describe", "out")) == "IN_PROGRESS");
    CHECK(field(first, "wrong_secret", "code").as_string() == "InvalidSignatureException");
    CHECK(field(first, "wrong_secret", "status").as_int64() == 403);
    CHECK(field(first, "bad_type", "code").as_string() == "InvalidParameterException");
    CHECK(field(first, "bad_type", "status").as_int64() == 400);
    const std::string id(field(first, "claim", "out").at("PhoneNumberId").as_string());

    settle(*s);
    const json::object second = phase("2", id);
    const auto settled = field(second, "describe_settled", "out").at("ClaimedPhoneNumberSummary");
    CHECK(settled.at("PhoneNumberStatus").at("Status").as_string() == "CLAIMED");
    CHECK(settled.at("PhoneNumber") == gb_toll_free[1]);
    CHECK(settled.at("PhoneNumberDescription").as_string() == "boto3");
    CHECK(settled.at("Tags") == json::parse(R"({"k":"v"})"));
    CHECK(second.at("listed") == json::array{"+15550000000", "+15550000001", "+15550000002", "+15550000003",
                                             gb_toll_free[1], gb_toll_free[3]});
    CHECK(field(second, "session_token", "out").at("ListPhoneNumbersSummaryList").as_array().size() == 1);
    CHECK(field(second, "update", "ok").as_bool());
    CHECK(field(second, "update_busy", "code").as_string() == "ResourceInUseException");
    CHECK(field(second, "update_busy", "status").as_int64() == 409);
    CHECK(field(second, "metadata_busy", "code").as_string() == "ResourceInUseException");

    settle(*s);
    const json::object third = phase("3", id);
    CHECK(field(third, "metadata", "ok").as_bool());
    const auto described = field(third, "described", "out").at("ClaimedPhoneNumberSummary");
    CHECK(described.at("PhoneNumberDescription").as_string() == "done");
    CHECK(described.at("TargetArn").as_string() == tdg_arn);
    CHECK(field(third, "release", "ok").as_bool());
    CHECK(field(third, "release_replay", "ok").as_bool());
    CHECK(field(third, "describe_gone", "code").as_string() == "ResourceNotFoundException");
    CHECK(field(third, "describe_gone", "status").as_int64() == 404);

    const counters n = s->get_counters();
    CHECK(n.claim_phone_number.commits == 2);
    CHECK(n.release_phone_number.commits == 1);
    CHECK(n.release_phone_number.replays == 1);
    CHECK(n.invalid_signature == 1);  // the wrong secret, nothing else
    CHECK(n.claimed_twice == 0);
    CHECK(n.released_twice == 0);
}

TEST_CASE("boto3 with Debian's own model: no UpdatePhoneNumberMetadata, no InstanceId") {
    auto s = start_emulator(clients_config());
    const auto env = client_env(*s, "");
    static constexpr const char* script = R"PY(
import json, sys
import boto3
c = boto3.session.Session(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key=sys.argv[3],
                          region_name="us-east-1").client("connect", endpoint_url=sys.argv[1], verify=sys.argv[2])
shape = c.meta.service_model.operation_model("ClaimPhoneNumber").input_shape
r = c.search_available_phone_numbers(TargetArn=sys.argv[4], PhoneNumberCountryCode="US", PhoneNumberType="DID")
print(json.dumps({"has_metadata": hasattr(c, "update_phone_number_metadata"),
                  "claim_members": sorted(shape.members),
                  "found": len(r["AvailableNumbersList"])}))
)PY";
    const run_result r = run_command({python_program, "-I", "-c", script, s->url(), s->ca_file(),
                                      example_credential().secret_access_key, instance_arn_text},
                                     env, client_timeout);
    const json::value out = json_of(r);
    CHECK_FALSE(out.at("has_metadata").as_bool());
    CHECK(out.at("claim_members") ==
          json::parse(R"(["ClientToken","PhoneNumber","PhoneNumberDescription","Tags","TargetArn"])"));
    CHECK(out.at("found").as_int64() == 10);
}

}  // TEST_SUITE
