"""A statement with neither `Resource` nor `NotResource`, in a policy type that needs one (all but role trust policies).

## What it does
A statement with neither `Resource` nor `NotResource`, in a policy type that needs one (all but role trust policies).

## Why is this bad?
AWS rejects identity, resource, SCP and RCP statements that do not say which resources they cover.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: MISSING_RESOURCE
- IAM User Guide, IAM JSON policy elements: Resource
"""

from ..model import Problem, Severity

CODE = "IAM104"
NAME = "missing-resource"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_RESOURCE"


def check(ctx):
    for issue in ctx.schema_issues:
        if issue.kind == 'missing' and issue.element in ('Resource', 'NotResource'):
            yield Problem(path=issue.path, message=issue.message, on_key=False)
