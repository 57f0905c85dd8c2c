# boto3 against the emulator, for official_boto3_test.cpp: a release, the same number again
# (not found), a replay and a conflict with ClientToken, a session token, a wrong secret.
# Prints one JSON object with every call's outcome.
#   python3 -I official_boto3.py URL CA_FILE ID0 ID1 ID2 ID3 SECRET
import json
import sys

import boto3
import botocore
from botocore.config import Config

url, ca, id0, id1, id2, id3, secret = sys.argv[1:8]


def client(akid, secret, token=None):
    session = boto3.session.Session(aws_access_key_id=akid, aws_secret_access_key=secret,
                                    aws_session_token=token, region_name="us-east-1")
    return session.client("connect", endpoint_url=url, verify=ca,
                          config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))


def call(c, **kw):
    try:
        r = c.release_phone_number(**kw)
        return {"ok": True, "status": r["ResponseMetadata"]["HTTPStatusCode"],
                "request_id": r["ResponseMetadata"].get("RequestId", "")}
    except botocore.exceptions.ClientError as e:
        return {"ok": False, "code": e.response["Error"]["Code"],
                "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": e.response["Error"].get("Message", "")}


good = client("AKIDEXAMPLE", secret)
out = {"version": boto3.__version__, "botocore": botocore.__version__, "module": boto3.__file__}
out["success"] = call(good, PhoneNumberId=id0)
out["not_found"] = call(good, PhoneNumberId=id0)
out["replay_1"] = call(good, PhoneNumberId=id1, ClientToken="boto3-token")
out["replay_2"] = call(good, PhoneNumberId=id1, ClientToken="boto3-token")
out["conflict"] = call(good, PhoneNumberId=id2, ClientToken="boto3-token")
out["session_token"] = call(client("AKIDTEMP", "temp-secret", "temp-session-token"), PhoneNumberId=id3)
out["wrong_secret"] = call(client("AKIDEXAMPLE", "not-the-secret"), PhoneNumberId=id2)
print(json.dumps(out))
