"""A Deny on missing MFA that misses requests signed with long-term access keys.

## What it does
Reports a `Deny` statement with `Bool` `aws:MultiFactorAuthPresent` = `"false"`, or with
`NumericGreaterThan` `aws:MultiFactorAuthAge`, written without `IfExists`.

## Why is this bad?
Requests signed with long-term access keys (an IAM user's keys) carry neither key. Without
`IfExists` the condition is false for them, so the Deny does not apply: the guardrail
"deny everything without MFA" lets every access-key request through. `BoolIfExists` (or
`NumericGreaterThanIfExists`) makes the Deny apply when the key is absent too.

## Example
```json
{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
```

## Use instead
```json
{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
 "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
```

## Fix
Adding `IfExists` to the operator is an unsafe fix (applied by `--fix` only with `--unsafe-fixes`):
the Deny then applies to every request signed with long-term access keys, which is what it is
for, but a change of what the policy allows.

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- IAM User Guide, AWS global condition context keys: aws:MultiFactorAuthPresent ("BoolIfExists")
"""

from ..model import Problem, Severity
from ._lp_conditions import mfa_conditions, operator_change

CODE = "IAM609"
NAME = "mfa-deny-without-if-exists"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None


def check(ctx):
    for st, c in mfa_conditions(ctx, "Deny", "aws:multifactorauthpresent", "aws:multifactorauthage"):
        op = c.operator
        if op.if_exists or op.qualifier is not None:
            continue
        if c.key_lower == "aws:multifactorauthpresent":
            if op.base != "Bool" or not any(str(v.value).lower() == "false" for v in c.values):
                continue
            what = "Bool aws:MultiFactorAuthPresent = false"
        else:
            if op.base not in ("NumericGreaterThan", "NumericGreaterThanEquals"):
                continue
            what = f"{op.base} aws:MultiFactorAuthAge"
        fixed = op.text + "IfExists"
        msg = (f"{what} is false for requests signed with long-term access keys (the key is absent), so this Deny "
               f"does not apply to them; use {fixed}")
        replacement = operator_change(st, op, fixed)
        yield Problem(path=c.operator_path, on_key=True, message=msg, replacement=replacement)
