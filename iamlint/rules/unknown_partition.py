"""An ARN whose partition is not an AWS partition.

## What it does
Checks the partition field (the second) against the AWS partitions (`aws`, `aws-cn`, `aws-us-gov`,
the ISO partitions and `aws-eusc`, from `iamlint/data/partitions.json`). A wildcard must match one
of them; variables are left to the variable rules.

## Why is this bad?
AWS rejects the policy; an ARN in an unknown partition names nothing.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:amazon:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Fix
The lowercase spelling (`AWS` -> `aws`) is an unsafe fix (applied by `--fix` only with
`--unsafe-fixes`): AWS rejects the policy as written and ARNs match case-sensitively, so the
fixed ARN matches resources the written one never did.

## References
- Access Analyzer: INVALID_PARTITION
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM213"
NAME = "unknown-partition"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_PARTITION"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
