"""An RCP condition on a principal property without excluding AWS service principals.

## What it does
In a resource control policy, reports a principal-property condition key (`aws:PrincipalArn`,
`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalTag/...`) in
a statement that does not also require `aws:PrincipalIsAWSService` to be `false` (with `Bool` or,
as AWS's examples write it, `BoolIfExists`).

## Why is this bad?
AWS service principals acting on your resources (CloudTrail writing logs to a bucket, for example)
have no principal ARN, account or organization of yours. A Deny like "principal not in my
organization" then also denies those services and breaks integrations.

## Example
```json
{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}}}
```

## Use instead
```json
{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}
```

## References
- Access Analyzer: RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY
- AWS Organizations User Guide, resource control policy examples
"""

from ..model import PolicyType, Problem, Severity
from ._principals import is_principal_property_key, principal_is_aws_service_values

CODE = "IAM508"
NAME = "rcp-principal-key-without-service-check"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.RCP}


def check(ctx):
    for st in ctx.policy.statements:
        if not st.conditions:
            continue
        used = [c for c in st.conditions if is_principal_property_key(c.key_lower)]
        if not used or "false" in principal_is_aws_service_values(st):
            continue
        for c in used:
            yield Problem(
                path=c.path,
                on_key=True,
                message=f"{c.key} is absent for AWS service principals, so this statement also applies to them; "
                'add "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}',
            )
