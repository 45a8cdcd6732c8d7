"""An ARN without a Region for a resource type whose ARNs need one.

## What it does
Finds the resource types of the ARN's service that the resource part can match, and reports an empty
Region field when all of them have a Region (EC2 instances, Lambda functions, log groups).

## Why is this bad?
AWS rejects the policy, and the ARN matches nothing: a log group ARN always names its Region.

## Example
```json
{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs::111122223333:log-group:app:*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:aws:logs:*:111122223333:log-group:app:*"}
```

## References
- Access Analyzer: MISSING_ARN_REGION
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM216"
NAME = "missing-arn-region"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_ARN_REGION"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
