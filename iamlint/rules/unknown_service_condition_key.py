"""A service condition key that the service does not define.

## What it does
Reports a condition key whose prefix is a known service (`s3:`, `ec2:`, ...) but whose name is
not one of that service's condition keys in the Service Authorization Reference (names are
case-insensitive; tag-style keys such as `ec2:ResourceTag/<tag-key>` match their template).
A close match is suggested, and offered as a fix.

## Why is this bad?
AWS rejects the policy. Where a key is not in the request context, a positive operator never
matches and a negated operator always matches, so the condition does not do what it says.

## Example
```json
{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports",
 "Condition": {"StringLike": {"s3:prefx": "home/*"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports",
 "Condition": {"StringLike": {"s3:prefix": "home/*"}}}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`): the suggestion is a guess, and the
condition then tests a key requests carry, so it matches other requests than the policy as
written.

## References
- Access Analyzer: INVALID_SERVICE_CONDITION_KEY
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..model import Severity
from . import _keys

CODE = "IAM306"
NAME = "unknown-service-condition-key"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_SERVICE_CONDITION_KEY"


def check(ctx):
    return _keys.unknown_key_problems(ctx, _keys.SERVICE_KEY, lambda c, r: f"the condition key {c.key} does not exist in the service {r.prefix}")
