"""A statement of a resource-based policy (or role trust policy, or RCP) with neither `Principal` nor `NotPrincipal`.

## What it does
A statement of a resource-based policy (or role trust policy, or RCP) with neither `Principal` nor `NotPrincipal`.

## Why is this bad?
Resource-based policies must say who they apply to; AWS rejects statements without a principal.

## Example
```json
{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:jobs"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Worker"}, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:jobs"}
```

## References
- Access Analyzer: MISSING_PRINCIPAL
- IAM User Guide, IAM JSON policy elements: Principal
"""

from ..model import Problem, Severity

CODE = "IAM105"
NAME = "missing-principal"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_PRINCIPAL"


def check(ctx):
    for issue in ctx.schema_issues:
        if issue.kind == 'missing' and issue.element in ('Principal', 'NotPrincipal'):
            yield Problem(path=issue.path, message=issue.message, on_key=False)
