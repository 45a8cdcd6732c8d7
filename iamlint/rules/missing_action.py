"""A statement with neither `Action` nor `NotAction`.

## What it does
A statement with neither `Action` nor `NotAction`.

## Why is this bad?
Every statement must name the actions it covers; AWS rejects a statement without them.

## Example
```json
{"Effect": "Allow", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
```

## References
- Access Analyzer: MISSING_ACTION
- IAM User Guide, IAM JSON policy elements: Action
"""

from ..model import Problem, Severity

CODE = "IAM103"
NAME = "missing-action"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_ACTION"


def check(ctx):
    for issue in ctx.schema_issues:
        if issue.kind == 'missing' and issue.element in ('Action', 'NotAction'):
            yield Problem(path=issue.path, message=issue.message, on_key=False)
