"""A condition key that has no meaning in a typed resource policy (e.g. `s3:ResourceAccount` in a bucket policy).

## What it does
Runs only when the resource type of the policy is known (`--resource-type`) and reports the keys
listed for that type in `iamlint/data/resource_policy_types.json` (`irrelevant_condition_keys`).
Deliberately short: today only `s3:ResourceAccount` in S3 bucket, access point and Multi-Region
Access Point policies, Access Analyzer's documented example.

## Why is this bad?
`s3:ResourceAccount` restricts the account that owns the resource. In a bucket policy the resource
is always that bucket, owned by the account the policy belongs to, so the condition either always
holds or never does: it does not restrict what it seems to, and usually reveals a condition copied
from an identity policy or a VPC endpoint policy.

## Example
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject",
 "Resource": "arn:aws:s3:::reports/*", "Condition": {"StringEquals": {"s3:ResourceAccount": "111122223333"}}}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject",
 "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: IRRELEVANT_CONDITION_KEY_IN_POLICY
- Service Authorization Reference, Amazon S3 condition keys (s3:ResourceAccount)
"""

from ..model import PolicyType, Problem, Severity
from ._trust import resource_type_info

CODE = "IAM552"
NAME = "irrelevant-condition-key-for-resource-type"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "IRRELEVANT_CONDITION_KEY_IN_POLICY"
POLICY_TYPES = {PolicyType.RESOURCE}


def check(ctx):
    info = resource_type_info(ctx.resource_type)
    if info is None:
        return
    keys = {k.lower() for k in info.get("irrelevant_condition_keys", ())}
    if not keys:
        return
    for st in ctx.policy.statements:
        for c in st.conditions:
            if c.key_lower in keys:
                yield Problem(
                    path=c.path,
                    on_key=True,
                    message=(f"{c.key} has no effect in {info['description']} ({ctx.resource_type}): "
                             "the resource always belongs to the policy's own account; remove the condition"),
                )
