"""A `BinaryEquals` condition value that is not base64.

## What it does
Checks each value under `BinaryEquals` (and its IfExists / set forms): it must be a base64-encoded
string (`A-Z a-z 0-9 + /`, padded with `=` to a multiple of 4 characters).

## Why is this bad?
IAM compares the request's bytes with the decoded value. A value that is not base64 cannot be
decoded, so the condition never matches.

## Example
```json
"Condition": {"BinaryEquals": {"key": "hello world"}}
```

## Use instead
```json
"Condition": {"BinaryEquals": {"key": "aGVsbG8gd29ybGQ="}}
```

## References
- Access Analyzer: TYPE_MISMATCH_STRING
- IAM User Guide, Condition operators: Binary condition operators
"""

from ..model import Problem, Severity
from ._values import conditions, is_base64, quote, variables_in

CODE = "IAM335"
NAME = "binary-value-not-base64"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "TYPE_MISMATCH_STRING"


def check(ctx):
    for st, c in conditions(ctx, "Binary"):
        for v in c.values:
            if is_base64(v.value):
                continue
            if isinstance(v.value, str) and variables_in(v.value):
                continue  # invalid-variable-for-operator
            yield Problem(
                path=v.path,
                message=f"{quote(v.value)} is not a base64 string: {c.operator.text} compares against base64-encoded bytes",
            )
