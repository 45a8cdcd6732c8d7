"""A policy variable whose default value is not in single quotes.

## What it does
Reports `${key, default}` where the default after the comma is not enclosed in single quotes
on both sides.

## Why is this bad?
AWS rejects the policy. The default must be written `${key, 'default'}`.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:PrincipalTag/team, shared}/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:PrincipalTag/team, 'shared'}/*"}
```

## Fix
Quoting the default is a safe fix: AWS rejects the policy as written, and the quotes are all it
can have meant.

## References
- Access Analyzer: MISSING_QUOTE_IN_VARIABLE
- IAM User Guide, IAM policy elements: Variables and tags
"""

from ..model import Problem, Replacement, Severity
from ._variables import MISSING_QUOTE, grammar_problems

CODE = "IAM131"
NAME = "variable-missing-quote"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_QUOTE_IN_VARIABLE"


def check(ctx):
    for v, var in grammar_problems(ctx, MISSING_QUOTE):
        default = (var.default or "").strip().strip("'\"")
        fixed = "${" + var.name + ", '" + default + "'}"
        written = v.value[var.start:var.end]
        yield Problem(
            path=v.path,
            span=(var.start, var.end),
            message=f"the default value in {written!r} must be in single quotes: write {fixed!r}",
            replacement=Replacement(f"Change to {fixed}", fixed) if default and "'" not in default else None,
        )
