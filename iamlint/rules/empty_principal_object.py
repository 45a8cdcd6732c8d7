"""A `Principal` that is an empty object.

## What it does
Reports `"Principal": {}` (or `"NotPrincipal": {}`).

## Why is this bad?
An empty principal names nobody: the statement applies to no one and does nothing. Usually a
template that expanded to nothing; fill in the principals that were meant, or remove the statement.

## Example
```json
{"Effect": "Allow", "Principal": {}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:jobs"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:jobs"}
```

## References
- Access Analyzer: EMPTY_OBJECT_PRINCIPAL
- IAM User Guide, IAM JSON policy elements: Principal
"""

from ..model import PolicyType, Problem, Severity

CODE = "IAM521"
NAME = "empty-principal-object"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EMPTY_OBJECT_PRINCIPAL"
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}


def check(ctx):
    for st in ctx.policy.statements:
        p = st.principal
        if p is not None and p.raw == {}:
            yield Problem(path=p.path, message=f"{p.key} is an empty object and names no principal; list the principals")
