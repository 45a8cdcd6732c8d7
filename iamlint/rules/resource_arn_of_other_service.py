"""A `Resource` ARN of another service in a typed resource policy (e.g. a KMS key in a bucket policy).

## What it does
Runs only when the resource type of the policy is known (`--resource-type`): each `Resource` /
`NotResource` ARN must name the service that owns that resource type (`arn:aws:s3:::...` in S3
bucket and access point policies, `arn:aws:s3-object-lambda:...` in Object Lambda access point
policies, `arn:aws:dynamodb:...` in DynamoDB table policies; see
`iamlint/data/resource_policy_types.json`). `*`, non-ARN values and a service field with a
wildcard or variable are skipped. Role trust policies have no `Resource` at all (another rule).

## Why is this bad?
A resource policy only governs its own resource: an ARN of another service never matches, so the
statement applies to nothing, and the service rejects the policy.

## Example
```json
{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
 "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
```

## Use instead
```json
{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
 "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}
```

## References
- Access Analyzer: UNSUPPORTED_RESOURCE_ARN_IN_POLICY
- Access Analyzer API, ValidatePolicy: validatePolicyResourceType
"""

from ..carriers import is_placeholder
from ..model import PolicyType, Problem, Severity
from ._trust import resource_type_info

CODE = "IAM551"
NAME = "resource-arn-of-other-service"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "UNSUPPORTED_RESOURCE_ARN_IN_POLICY"
POLICY_TYPES = {PolicyType.RESOURCE}


def check(ctx):
    info = resource_type_info(ctx.resource_type)
    if info is None or "sts" in info["services"]:
        return
    services = info["services"]
    for st in ctx.policy.statements:
        if st.resource is None:
            continue
        for v in st.resource.values:
            value = v.value
            if not value.startswith("arn:"):
                continue
            parts = value.split(":", 5)
            if len(parts) < 6:
                continue
            service = parts[2]
            if not service or "*" in service or "?" in service or "$" in service:
                continue
            if service.lower() in services:
                continue
            start = len(parts[0]) + len(parts[1]) + 2
            if is_placeholder(value) and not value.literal(start, start + len(service)):
                continue  # the service is computed at deploy time (`!GetAtt X.Arn`, `${var.arn}`)
            yield Problem(
                path=v.path,
                span=(start, start + len(service)),
                message=(f"a {service} ARN cannot be a resource of {info['description']} ({ctx.resource_type}): "
                         f"name {' or '.join(s for s in services)} resources here"),
            )
