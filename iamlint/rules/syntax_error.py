"""Text that is not strict JSON (RFC 8259).

## What it does
Reports the first place where the document stops being JSON: a trailing comma, a comment, a
single-quoted string, `NaN`, a raw control character or a bad escape inside a string, a missing
bracket, or nesting deeper than any policy needs.

## Why is this bad?
AWS rejects the whole policy (`MalformedPolicyDocument`), and nothing else in it can be checked.
Editors that accept JSON-with-comments hide these mistakes until deployment.

## Example
```json
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}]}
```

## Use instead
```json
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
```

## References
- Access Analyzer: JSON_SYNTAX_ERROR
- RFC 8259, The JavaScript Object Notation (JSON) Data Interchange Format
"""

from ..model import Problem, Severity

CODE = "IAM001"
NAME = "syntax-error"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "JSON_SYNTAX_ERROR"
NEEDS_POLICY = False


def check(ctx):
    doc = ctx.document
    if doc is None or doc.syntax_error is None:
        return
    err = doc.syntax_error
    yield Problem(path=(), message=err.message, offsets=(err.offset, max(err.offset, err.end_offset)))
