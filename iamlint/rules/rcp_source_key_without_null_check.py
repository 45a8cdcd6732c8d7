"""An RCP condition on a service-principal key without a `Null` check that the key is present.

## What it does
In a resource control policy, reports a key that AWS service principals send only when they act on
behalf of a resource (`aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID`,
`aws:SourceOrgPaths`) in a statement with no `"Null": {"aws:SourceAccount": "false"}` guard (a
`Null` check on any of these keys is accepted).

## Why is this bad?
Service principals also make calls that are not on behalf of any resource, and then send none of
these keys. Without the guard a negated condition ("source organization is not mine") matches
those calls too, and the Deny breaks the service.

## Example
```json
{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-abc123"}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}
```

## Use instead
```json
{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-abc123"}, "Null": {"aws:SourceAccount": "false"}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}
```

## References
- Access Analyzer: RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK
- AWS Organizations User Guide, resource control policy examples (confused deputy)
"""

from ..model import PolicyType, Problem, Severity
from ._principals import RCP_SERVICE_KEYS, null_false_keys, unguarded_rcp_source_conditions

CODE = "IAM510"
NAME = "rcp-source-key-without-null-check"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.RCP}


def _null_checked(st) -> bool:
    return bool(null_false_keys(st) & RCP_SERVICE_KEYS)


def check(ctx):
    for c in unguarded_rcp_source_conditions(ctx, _null_checked):
        yield Problem(
            path=c.path,
            on_key=True,
            message=f"{c.key} is absent when a service acts on its own behalf; add "
            '"Null": {"aws:SourceAccount": "false"} so the statement only applies when it is present',
        )
