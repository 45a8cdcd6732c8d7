"""An action of another service in a typed resource policy (e.g. `kms:*` in an S3 bucket policy).

## What it does
Runs only when the resource type of the policy is known (`--resource-type`, or a role trust
policy): each `Action` entry must belong to the service that owns that resource type, per
`iamlint/data/resource_policy_types.json`: `AWS::S3::Bucket`, `AWS::S3::AccessPoint` and
`AWS::S3::MultiRegionAccessPoint` take `s3:` actions, `AWS::S3ObjectLambda::AccessPoint`
`s3-object-lambda:`, `AWS::DynamoDB::Table` `dynamodb:`, and `AWS::IAM::AssumeRolePolicyDocument`
(role trust policies) `sts:`. `*` and unknown services (reported by other rules) are skipped; a
wildcard service prefix is reported only when it matches none of the allowed services.

## Why is this bad?
A resource policy only governs requests to its own resource: an action of another service can
never apply to it, so the statement grants or denies nothing, and S3 and IAM reject such a policy.

## Example
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
 "Action": ["s3:GetObject", "kms:Decrypt"], "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
 "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```
(grant `kms:Decrypt` in the KMS key policy instead)

## References
- Access Analyzer: UNSUPPORTED_ACTION_IN_POLICY
- Access Analyzer API, ValidatePolicy: validatePolicyResourceType
"""

from ..carriers import is_placeholder
from ..model import PolicyType, Problem, Severity
from ._trust import allowed_prefix, resource_type_info

CODE = "IAM550"
NAME = "action-unsupported-by-resource-type"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "UNSUPPORTED_ACTION_IN_POLICY"
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}


def check(ctx):
    info = resource_type_info(ctx.resource_type)
    if info is None:
        return
    services = info["services"]
    catalog = ctx.catalog
    for st in ctx.policy.statements:
        if st.action is None or st.action.negated:
            continue
        for v in st.action.values:
            action = v.value
            if is_placeholder(action):
                continue  # computed at deploy time: its service is not known
            prefix, sep, name = action.partition(":")
            if not sep or not prefix or not name:
                continue
            wild = "*" in prefix or "?" in prefix
            if not wild and not catalog.has_service(prefix):
                continue
            if allowed_prefix(prefix, tuple(services)):
                continue
            yield Problem(
                path=v.path,
                message=(f"{action} does not apply to {info['description']} ({ctx.resource_type}): "
                         f"only {', '.join(s + ':' for s in services)} actions can be used here"),
            )
