"""An ARN whose service field is not all lowercase.

## What it does
Reports ARNs whose service field (the third) holds capital letters, and offers the lowercase
spelling as a fix.

## Why is this bad?
Resource matching is case-sensitive, and every service's ARNs use a lowercase service:
`arn:aws:S3:::reports` matches nothing. Access Analyzer reports it as an error.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:S3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`): the ARN as written matches nothing, the
fixed one matches the service's resources, so the statement grants (or denies) more.

## References
- Access Analyzer: INVALID_ARN_SERVICE_CASE
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM212"
NAME = "arn-service-not-lowercase"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_ARN_SERVICE_CASE"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
