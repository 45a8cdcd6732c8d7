"""Rules that judge each distinct action or ARN string once per catalog give the same findings
the first time, the second time, and in another order."""

import json

from iamlint.catalog import Catalog
from iamlint.config import Config
from iamlint.engine import lint

CFG = Config(select=("ALL",))

POLICIES = [
    {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObjekt", "s3:GetObject", "s3:Get*", "s3:Nope*", "s3:GetObject"],
         "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b/*", "arn:aws:*:*:*:x", "arn:aws:iam::111122223333:rolez/x"]},
        {"Effect": "Allow", "Action": ["cloudwatchlogs:PutLogEvents", "elastic-inference:Connect", "s3*:List*", "nocolon"],
         "Resource": "*"},
    ]},
    {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:GetUser", "IAM:getuser", "iam:List*", "iam:ListUsers"],
         "Resource": ["arn:aws:apigateway:*::/apis/*", "arn:aws:apigateway:*::/apis/*/routes", "arn:aws:apigateway:*::/apis",
                      "arn:aws:apigateway:*::/apis/*/authorizers", "arn:aws:apigateway:*::/restapis/*/authorizers",
                      "arn:aws:logs:*:*:log-group:a:*", "arn:aws:logs:*:*:log-group:a:*:log-stream:b"]},
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:getobject"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::B"]},
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::c"]},
    ]},
    {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "NotAction": ["s3:GetObject", "deeplens:ListDevices", "deeplens:GetDevice", "*:Get*"],
         "Resource": ["arn:aws:s3:::b", "arn:aws:S3:::b"]},
    ]},
]


def _run(cat, policies):
    out = []
    for i, p in enumerate(policies):
        text = json.dumps(p, indent=2)
        out.append([f.to_json() for f in lint(text, filename=f"p{i}.json", config=CFG, catalog=cat)])
    return out


def test_same_findings_cold_warm_and_reordered():
    cold = _run(Catalog(), POLICIES)
    cat = Catalog()
    _run(cat, POLICIES[::-1])
    assert _run(cat, POLICIES) == cold
    assert _run(cat, POLICIES) == cold
    codes = {f["code"] for doc in cold for f in doc}
    assert {"IAM201", "IAM202", "IAM203", "IAM125", "IAM220", "IAM212", "IAM123", "IAM222"} <= codes


def test_redundant_entries_found_as_before():
    cold = _run(Catalog(), POLICIES)[1]
    messages = sorted(f["message"] for f in cold if f["code"] in ("IAM123", "IAM222"))
    assert any("'IAM:getuser' is listed twice" in m for m in messages)
    assert any("'iam:ListUsers' is already covered by 'iam:List*'" in m for m in messages)
    assert any("'s3:getobject' is listed twice" in m for m in messages)
    assert any("2 resource ARNs are redundant: 'arn:aws:apigateway:*::/apis/*'" in m for m in messages)
    assert any("'arn:aws:logs:*:*:log-group:a:*:log-stream:b' is redundant" in m for m in messages)
    assert not any("restapis" in m or "'arn:aws:s3:::B'" in m for m in messages)
