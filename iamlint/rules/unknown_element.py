"""An element name that the policy grammar does not have, at the top level or in a statement (names are case-sensitive).

## What it does
An element name that the policy grammar does not have, at the top level or in a statement (names are case-sensitive).

## Why is this bad?
AWS rejects unknown elements; a misspelt `Condtion` or a lowercase `effect` is usually a condition or effect the author believes is there.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condtion": {"Bool": {"aws:SecureTransport": "true"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}
```

## References
- Access Analyzer: INVALID_POLICY_ELEMENT
- IAM User Guide, IAM JSON policy element reference; Access Analyzer: INVALID_POLICY_ELEMENT
"""

from ..model import Problem, Severity

CODE = "IAM106"
NAME = "unknown-element"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_POLICY_ELEMENT"


def check(ctx):
    for issue in ctx.schema_issues:
        if issue.kind == 'unknown' and not (len(issue.path) > 1 and issue.path[-2] in ('Principal', 'NotPrincipal', 'Condition')):
            yield Problem(path=issue.path, message=issue.message, on_key=True)
