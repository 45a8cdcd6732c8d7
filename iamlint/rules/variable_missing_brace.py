"""A policy variable without its closing brace.

## What it does
Reports `${` in a `Resource`/`NotResource` or condition value with no `}` after it.

## Why is this bad?
AWS rejects the policy: the variable cannot be resolved.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}
```

## References
- Access Analyzer: MISSING_BRACE_IN_VARIABLE
- IAM User Guide, IAM policy elements: Variables and tags
"""

from ..model import Problem, Severity
from ._variables import MISSING_BRACE, grammar_problems

CODE = "IAM130"
NAME = "variable-missing-brace"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_BRACE_IN_VARIABLE"


def check(ctx):
    for v, var in grammar_problems(ctx, MISSING_BRACE):
        yield Problem(
            path=v.path,
            span=(var.start, var.end),
            message=f"the variable {v.value[var.start:var.end]!r} has no closing '}}'",
        )
