"""An ARN with an account ID for a resource type whose ARNs have none.

## What it does
Finds the resource types of the ARN's service that the resource part can match, and reports an
account field that is set when none of them has an account (S3 buckets and objects, AWS-owned
images). A `*` in the field is fine.

## Why is this bad?
AWS rejects the policy, and the ARN matches nothing: bucket names are global, so a bucket ARN never
carries an account ID. Limit buckets to an account with the `s3:ResourceAccount` condition key
instead.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3::111122223333:reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Fix
Removing the account is a safe fix: AWS rejects the policy as written, and the service's ARNs
have no account field, so the ARN can only have meant the resource without it.

## References
- Access Analyzer: ARN_ACCOUNT_NOT_ALLOWED
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM218"
NAME = "arn-account-not-allowed"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "ARN_ACCOUNT_NOT_ALLOWED"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
