"""An ARN with a Region for a resource type whose ARNs have none.

## What it does
Finds the resource types of the ARN's service (Service Authorization Reference) that the resource
part can match, and reports a Region field that is set when none of them has a Region (IAM roles, S3
buckets and objects, Route 53 hosted zones). A `*` in the field is fine.

## Why is this bad?
AWS rejects the policy, and the ARN matches nothing: an S3 bucket ARN never carries a Region.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:eu-west-1::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Fix
Removing the Region is a safe fix: AWS rejects the policy as written, and the service's ARNs have
no Region field, so the ARN can only have meant the resource without it.

## References
- Access Analyzer: ARN_REGION_NOT_ALLOWED
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM215"
NAME = "arn-region-not-allowed"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "ARN_REGION_NOT_ALLOWED"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
