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
    assert {"IAM201", "IAM202", "IAM203", "IAM125", "IAM220", "IAM212"} <= codes
