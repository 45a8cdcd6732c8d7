"""Whitespace inside a policy variable's name.

## What it does
Reports whitespace in the key part of a `${...}` variable, e.g. `${ aws:username}`. A space
is allowed only in the `, 'default'` part.

## Why is this bad?
AWS rejects the policy: the variable cannot be resolved.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${ aws:username }/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}
```

## Fix
The variable without spaces is a safe fix: AWS rejects the policy as written, and the spaces are
all that is wrong.

## References
- Access Analyzer: UNSUPPORTED_SPACE_IN_VARIABLE
- IAM User Guide, IAM policy elements: Variables and tags
"""

from ..model import Problem, Replacement, Severity
from ._variables import SPACE, grammar_problems

CODE = "IAM132"
NAME = "variable-with-space"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "UNSUPPORTED_SPACE_IN_VARIABLE"


def check(ctx):
    for v, var in grammar_problems(ctx, SPACE):
        name = "".join(var.name.split())
        fixed = "${" + name + ("," + var.default if var.default is not None else "") + "}"
        written = v.value[var.start:var.end]
        yield Problem(
            path=v.path,
            span=(var.start, var.end),
            message=f"{written!r} has whitespace in its name: write {fixed!r}",
            replacement=Replacement(f"Change to {fixed}", fixed) if name else None,
        )
