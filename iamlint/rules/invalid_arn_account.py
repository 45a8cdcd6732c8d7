"""An ARN whose account field is not a 12-digit account ID.

## What it does
Reports a literal account field that is not 12 digits. Wildcards and variables are accepted, and so
is `aws` (AWS-owned resources: `arn:aws:iam::aws:policy/...`) and any literal the catalog's ARN
formats use. When the field is an account ID written with dashes or spaces, the fix removes them.

## Why is this bad?
AWS rejects the policy; an ARN with a malformed account matches nothing.

## Example
```json
{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:1111-2222-3333:orders"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:orders"}
```

## Fix
The account ID without its dashes or spaces is a safe fix: AWS rejects the policy as written,
and the digits name one account.

## References
- Access Analyzer: INVALID_ARN_ACCOUNT
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM217"
NAME = "invalid-arn-account"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_ARN_ACCOUNT"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
