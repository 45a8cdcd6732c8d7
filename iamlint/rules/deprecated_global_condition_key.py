"""A deprecated global condition key (`aws:ARN`).

## What it does
Reports a global condition key that AWS has deprecated, such as `aws:ARN`, and names its
replacement.

## Why is this bad?
Deprecated keys are not (or no longer) set in the request context, so conditions on them do not
do what they appear to.

## Example
```json
{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*",
 "Condition": {"ArnEquals": {"aws:ARN": "arn:aws:sns:us-east-1:111122223333:alerts"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*",
 "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:alerts"}}}
```

## References
- Access Analyzer: DEPRECATED_GLOBAL_CONDITION_KEY
- IAM User Guide, AWS global condition context keys
"""

from ..model import Severity
from . import _keys

CODE = "IAM309"
NAME = "deprecated-global-condition-key"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "DEPRECATED_GLOBAL_CONDITION_KEY"


def check(ctx):
    return _keys.listed_global_key_problems(ctx, _keys.deprecated_keys(), "deprecated")
