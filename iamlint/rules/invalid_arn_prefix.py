"""A `Resource`/`NotResource` value that is neither `"*"` nor an ARN.

## What it does
Reports resource values that do not start with `arn:` (a bucket name, a path, `ARN:` in capitals). A
value that is a single policy variable is left to the variable rules.

## Why is this bad?
AWS rejects the policy: resources are named by ARN. A bare bucket name or a role name matches
nothing.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Fix
`arn:` for `ARN:` is a safe fix: AWS rejects the policy as written, and a change of case is all
it can have meant.

## References
- Access Analyzer: INVALID_ARN_PREFIX
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM210"
NAME = "invalid-arn-prefix"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_ARN_PREFIX"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
