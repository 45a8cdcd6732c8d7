"""An Allow that "requires" MFA with `IfExists`, which long-term access keys pass.

## What it does
Reports an `Allow` statement with `BoolIfExists` `aws:MultiFactorAuthPresent` = `"true"`, or
`NumericLessThanIfExists` (`...EqualsIfExists`) `aws:MultiFactorAuthAge`.

## Why is this bad?
Requests signed with long-term access keys carry no MFA keys, and an `IfExists` operator is true
when its key is absent: the Allow applies to every access-key request, with or without MFA.
In an Allow, the MFA condition must be written without `IfExists`.

## Example
```json
{"Effect": "Allow", "Action": "iam:*", "Resource": "*",
 "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "iam:*", "Resource": "*",
 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
```

## Fix
Changing the operator to its form without `IfExists` is an unsafe fix (applied by `--fix` only
with `--unsafe-fixes`): it takes access away from every request signed with long-term access keys,
which is what it is for, but a change of what the policy allows.

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- IAM User Guide, Condition operators: ...IfExists; global condition keys: aws:MultiFactorAuthPresent
"""

from ..model import Problem, Severity
from ._lp_conditions import allowed_level, mfa_conditions, operator_change

CODE = "IAM610"
NAME = "allow-mfa-if-exists"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None


def check(ctx):
    for st, c in mfa_conditions(ctx, "Allow", "aws:multifactorauthpresent", "aws:multifactorauthage"):
        op = c.operator
        if not op.if_exists or op.qualifier is not None:
            continue
        if c.key_lower == "aws:multifactorauthpresent":
            if op.base != "Bool" or not any(str(v.value).lower() == "true" for v in c.values):
                continue
        elif op.base not in ("NumericLessThan", "NumericLessThanEquals"):
            continue
        fixed = op.text[: -len("IfExists")]
        msg = (f"{op.text} on {c.key} is true when the key is absent, so this Allow also applies to every request "
               f"signed with long-term access keys, without MFA; use {fixed}")
        replacement = operator_change(st, op, fixed)
        yield Problem(path=c.operator_path, on_key=True, message=msg, replacement=replacement,
                      access_level=allowed_level(ctx, st))
