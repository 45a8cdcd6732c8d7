"""An ARN with fewer than the six fields `arn:partition:service:region:account:resource`.

## What it does
Reports ARNs that have fewer than five colons (outside policy variables). Empty fields must still be
written: an S3 bucket is `arn:aws:s3:::name`, with the Region and account fields empty.

## Why is this bad?
AWS rejects the policy. A dropped colon usually shifts the resource into the account field.

## Example
```json
{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:reports"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports"}
```

## References
- Access Analyzer: MISSING_ARN_FIELD
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM211"
NAME = "missing-arn-field"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_ARN_FIELD"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
