"""An ARN without an account ID for a resource type whose ARNs need one.

## What it does
Finds the resource types of the ARN's service that the resource part can match, and reports an empty
account field when all of them have an account (IAM roles, KMS keys, DynamoDB tables).

## Why is this bad?
AWS rejects the policy, and the ARN matches nothing.

## Example
```json
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam:::role/app"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}
```

## References
- Access Analyzer: MISSING_ARN_ACCOUNT
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM219"
NAME = "missing-arn-account"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_ARN_ACCOUNT"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
