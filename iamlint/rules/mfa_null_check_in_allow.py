"""An Allow that tests `aws:MultiFactorAuthPresent` with `Null` instead of `Bool`.

## What it does
Reports an `Allow` statement with `Null` `aws:MultiFactorAuthPresent` = `"false"` (the key is
present).

## Why is this bad?
The key is present in every request made with temporary credentials, whether or not MFA was
used (it is `false` then). The condition only proves temporary credentials, not MFA; an assumed
role session without MFA passes it.

## Example
```json
{"Effect": "Allow", "Action": "iam:*", "Resource": "*",
 "Condition": {"Null": {"aws:MultiFactorAuthPresent": "false"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "iam:*", "Resource": "*",
 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- IAM User Guide, AWS global condition context keys: aws:MultiFactorAuthPresent
"""

from ..model import Problem, Severity
from ._lp_conditions import allowed_level, mfa_conditions

CODE = "IAM608"
NAME = "mfa-null-check-in-allow"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None


def check(ctx):
    for st, c in mfa_conditions(ctx, "Allow", "aws:multifactorauthpresent"):
        if c.operator.base != "Null" or c.operator.qualifier is not None or c.operator.if_exists:
            continue
        if any(str(v.value).lower() == "false" for v in c.values):
            yield Problem(
                path=c.path, on_key=True, access_level=allowed_level(ctx, st),
                message='Null aws:MultiFactorAuthPresent = false only proves that temporary credentials were used, '
                'not that MFA was (the key is present and false for sessions without MFA); '
                'write "Bool": {"aws:MultiFactorAuthPresent": "true"} to require MFA',
            )
