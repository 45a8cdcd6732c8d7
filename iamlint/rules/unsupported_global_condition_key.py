"""A global condition key that AWS does not support (`aws:ARN`).

## What it does
Reports the use of a global condition key that Access Analyzer knows but that IAM does not
support in policies, such as `aws:ARN`, and names the keys to use instead.

## Why is this bad?
The key is never present in the request context: a positive operator never matches and a
negated one always matches.

## Example
```json
{"Effect": "Deny", "Action": "*", "Resource": "*",
 "Condition": {"ArnNotLike": {"aws:ARN": "arn:aws:iam::111122223333:role/admin"}}}
```

## Use instead
```json
{"Effect": "Deny", "Action": "*", "Resource": "*",
 "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin"}}}
```

## References
- Access Analyzer: UNSUPPORTED_GLOBAL_CONDITION_KEY
- IAM User Guide, AWS global condition context keys
"""

from ..model import Severity
from . import _keys

CODE = "IAM308"
NAME = "unsupported-global-condition-key"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "UNSUPPORTED_GLOBAL_CONDITION_KEY"


def check(ctx):
    return _keys.listed_global_key_problems(ctx, _keys.unsupported_keys(), "not supported")
