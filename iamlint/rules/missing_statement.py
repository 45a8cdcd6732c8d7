"""A policy without a `Statement` element.

## What it does
A policy without a `Statement` element.

## Why is this bad?
Every policy needs `Statement`: without it AWS rejects the document (MalformedPolicyDocument).

## Example
```json
{"Version": "2012-10-17"}
```

## Use instead
```json
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}
```

## References
- Access Analyzer: MISSING_STATEMENT
- IAM User Guide, IAM JSON policy elements: Statement
"""

from ..model import Problem, Severity

CODE = "IAM101"
NAME = "missing-statement"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_STATEMENT"


def check(ctx):
    for issue in ctx.schema_issues:
        if issue.kind == 'missing' and issue.element == 'Statement':
            yield Problem(path=issue.path, message=issue.message, on_key=False)
