"""A policy without a `Version` element.

## What it does
Reports a policy document that has no top-level `Version` element. A document without a
`Statement` either (a `tsconfig.json` named on the command line) is left to `missing-statement`:
it may not be a policy at all, and no `Version` is written into it.

## Why is this bad?
Without `"Version": "2012-10-17"` IAM evaluates the policy with the legacy language: policy
variables such as `${aws:username}` are taken as literal text, so a statement meant to scope
access per user silently matches nothing (or, in a Deny, never denies).

## Example
```json
{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}
```

## Use instead
```json
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}
```

## Fix
Inserts `"Version": "2012-10-17"` first in the policy, in its layout. Safe when the policy holds
no `${`: the legacy language then reads it as 2012-10-17 does. Unsafe (applied by `--fix` only with
`--unsafe-fixes`) when it does: the `Version` turns literal text into a variable, so the statement
matches other resources or requests than before.

## References
- Access Analyzer: MISSING_VERSION
- IAM User Guide, IAM JSON policy elements: Version
"""

import json

from ..model import Problem, Replacement, Severity

CODE = "IAM110"
NAME = "missing-version"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "MISSING_VERSION"


def check(ctx):
    raw = ctx.policy.raw
    if not isinstance(raw, dict) or "Version" in raw or "Statement" not in raw:
        return  # no Statement: missing-statement says so (and the file may be no policy at all)
    text = ctx.text
    start = len(text) - len(text.lstrip())
    # Without variables the legacy language reads the policy as 2012-10-17 does: a safe fix. With
    # one, the Version turns literal text into a variable, and the statement matches other things.
    literal_variables = "${" in json.dumps(raw, ensure_ascii=False, default=str)
    yield Problem(
        path=(),
        message='the policy has no Version: add "Version": "2012-10-17" (without it policy variables are literal text)',
        offsets=(start, start + 1) if start < len(text) and not ctx.embedded else None,
        replacement=Replacement('Add "Version": "2012-10-17"', ("Version", "2012-10-17"), kind="insert-first",
                                safe=not literal_variables),
    )
