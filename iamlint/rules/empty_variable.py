"""An empty policy variable `${}`.

## What it does
Reports `${}` (nothing, or only whitespace, between the braces) in a `Resource`/`NotResource`
or condition value.

## Why is this bad?
AWS rejects the policy: there is no key to substitute. For a literal `$`, write `${$}`.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${}/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}
```

## References
- Access Analyzer: EMPTY_VARIABLE
- IAM User Guide, IAM policy elements: Variables and tags
"""

from ..model import Problem, Severity
from ._variables import EMPTY, grammar_problems

CODE = "IAM133"
NAME = "empty-variable"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "EMPTY_VARIABLE"


def check(ctx):
    for v, var in grammar_problems(ctx, EMPTY):
        yield Problem(
            path=v.path,
            span=(var.start, var.end),
            message=f"{v.value[var.start:var.end]!r} names no condition key: write the key, e.g. ${{aws:username}} (${{$}} for a literal '$')",
        )
