"""A condition key that is only meaningful together with a companion key.

## What it does
Reports `aws:VpcSourceIp` used in a statement that does not also test `aws:SourceVpc`,
`aws:SourceVpce` or `aws:SourceVpcArn`, and `aws:Ec2InstanceSourcePrivateIPv4` without
`aws:Ec2InstanceSourceVpc` (the pairs are in iamlint/data/global_condition_keys.json,
"paired"). `Null` tests are ignored.

## Why is this bad?
Private IP addresses are not unique: `10.0.0.5` exists in every VPC. Without the VPC (or VPC
endpoint) also pinned, the condition matches the same address in any VPC, including other
accounts' VPCs.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
 "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
 "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"},
               "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}
```

## References
- Access Analyzer: MISSING_PAIRED_CONDITION_KEYS
- IAM User Guide, AWS global condition context keys (aws:VpcSourceIp, aws:Ec2InstanceSourcePrivateIPv4)
"""

from functools import lru_cache

from ..model import Problem, Severity
from . import _keys

CODE = "IAM317"
NAME = "missing-paired-condition-key"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "MISSING_PAIRED_CONDITION_KEYS"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md


@lru_cache(maxsize=None)
def _pairs():
    return {k.lower(): (k, tuple(v), frozenset(x.lower() for x in v)) for k, v in _keys.global_data().get("paired", {}).items()}


def check(ctx):
    pairs = _pairs()
    index = _keys.condition_index(ctx)
    if index.by_key.keys().isdisjoint(pairs):
        return
    for st in ctx.policy.statements:
        if not st.conditions:
            continue
        present = None
        for c in st.conditions:
            hit = pairs.get(c.key_lower)
            if hit is None or c.operator.family == "Null":
                continue
            if present is None:
                present = st.condition_keys_lower()
            name, companions, lowered = hit
            if present & lowered:
                continue
            yield Problem(
                path=c.path, on_key=True,
                message=(f"{c.key} is only meaningful together with "
                         f"{' or '.join(companions)}: the same private IP exists in other VPCs; add a condition on "
                         f"{companions[0]}"),
            )
