"""A statement without an `Effect` element.

## What it does
A statement without an `Effect` element.

## Why is this bad?
`Effect` is required: AWS rejects the policy, and a reader cannot tell whether the statement was meant to allow or deny.

## Example
```json
{"Action": "s3:GetObject", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
```

## References
- Access Analyzer: MISSING_EFFECT
- IAM User Guide, IAM JSON policy elements: Effect
"""

from ..model import Problem, Severity

CODE = "IAM102"
NAME = "missing-effect"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_EFFECT"


def check(ctx):
    for issue in ctx.schema_issues:
        if issue.kind == 'missing' and issue.element == 'Effect':
            yield Problem(path=issue.path, message=issue.message, on_key=False)
