"""An `aws:` condition key that does not exist.

## What it does
Reports a condition key with the `aws:` prefix that is not one of AWS's global condition keys
(key names are case-insensitive, so `aws:sourceip` is fine). A close match is suggested, and
offered as a fix.

## Why is this bad?
AWS rejects the policy. Where it is accepted by a tool that does not validate, the key is never
present in the request: a positive operator never matches (the Allow grants nothing) and a
negated one always matches (a Deny applies to everyone, or an exception never applies).

## Example
```json
{"Effect": "Deny", "Action": "*", "Resource": "*",
 "Condition": {"StringNotEquals": {"aws:PrincipalOrgIds": "o-a1b2c3d4e5"}}}
```
(`aws:PrincipalOrgId` would be fine: key names are case-insensitive.)

## Use instead
```json
{"Effect": "Deny", "Action": "*", "Resource": "*",
 "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`): the suggestion is a guess, and the
condition then tests a key requests carry, so it matches other requests than the policy as
written (an Allow starts granting, a Deny stops or starts applying).

## References
- Access Analyzer: INVALID_GLOBAL_CONDITION_KEY
- IAM User Guide, AWS global condition context keys
"""

from ..model import Severity
from . import _keys

CODE = "IAM305"
NAME = "unknown-global-condition-key"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_GLOBAL_CONDITION_KEY"


def check(ctx):
    return _keys.unknown_key_problems(ctx, _keys.GLOBAL, lambda c, r: f"{c.key} is not an AWS global condition key")
