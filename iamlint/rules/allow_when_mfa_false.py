"""An Allow conditioned on `aws:MultiFactorAuthPresent` being `false`.

## What it does
Reports an `Allow` statement with `Bool` (or `BoolIfExists`) `aws:MultiFactorAuthPresent` =
`"false"`: the statement applies only to requests made *without* MFA.

## Why is this bad?
It is almost always an inverted "require MFA": the grant goes to exactly the sessions that did not
authenticate with MFA. With `BoolIfExists` it also applies to long-term access keys, where the key
is absent. To require MFA, the value must be `"true"` (and `Bool`, not `BoolIfExists`).

## Example
```json
{"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*",
 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*",
 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- IAM User Guide, AWS global condition context keys: aws:MultiFactorAuthPresent
"""

from ..model import Problem, Replacement, Severity
from ._lp_conditions import allowed_level, mfa_conditions

CODE = "IAM607"
NAME = "allow-when-mfa-false"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None


def check(ctx):
    for st, c in mfa_conditions(ctx, "Allow", "aws:multifactorauthpresent"):
        if c.operator.base != "Bool" or c.operator.qualifier is not None:
            continue
        for v in c.values:
            if str(v.value).lower() == "false":
                msg = (f"this Allow applies only to requests made without MFA ({c.operator.text} "
                       f"aws:MultiFactorAuthPresent = false"
                       + (", and to long-term access keys, where the key is absent" if c.operator.if_exists else "")
                       + '); to require MFA write "Bool": {"aws:MultiFactorAuthPresent": "true"}')
                yield Problem(path=v.path, message=msg, access_level=allowed_level(ctx, st),
                              replacement=Replacement("Require MFA (true)", "true" if isinstance(v.value, str) else True, safe=False))
                break
