"""An RCP condition on a service-principal key without limiting the statement to service principals.

## What it does
In a resource control policy, reports a key that only AWS service principals send
(`aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID`, `aws:SourceOrgPaths`) in a statement that
does not also require `aws:PrincipalIsAWSService` to be `true`.

## Why is this bad?
IAM users and roles never send these keys. A confused-deputy Deny such as "source organization is
not mine" then applies to every ordinary caller too, and locks your own principals out.

## Example
```json
{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-abc123"}, "Null": {"aws:SourceAccount": "false"}}}
```

## Use instead
```json
{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-abc123"}, "Null": {"aws:SourceAccount": "false"}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}
```

## References
- Access Analyzer: RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY
- AWS Organizations User Guide, resource control policy examples (confused deputy)
"""

from ..model import PolicyType, Problem, Severity
from ._principals import principal_is_aws_service_values, unguarded_rcp_source_conditions

CODE = "IAM509"
NAME = "rcp-source-key-without-service-check"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.RCP}


def _service_checked(st) -> bool:
    return "true" in principal_is_aws_service_values(st)


def check(ctx):
    for c in unguarded_rcp_source_conditions(ctx, _service_checked):
        yield Problem(
            path=c.path,
            on_key=True,
            message=f"only AWS service principals send {c.key}, so this statement also applies to IAM users and "
            'roles; add "BoolIfExists": {"aws:PrincipalIsAWSService": "true"}',
        )
