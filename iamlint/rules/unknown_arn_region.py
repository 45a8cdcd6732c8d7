"""An ARN whose Region is not a Region of its partition.

## What it does
Checks a literal Region field against the Regions of the ARN's partition
(`iamlint/data/partitions.json`). Wildcards (`*`, `us-*`) and variables are accepted. A Region of
another partition (`cn-north-1` in an `aws` ARN) and typos (`us-east-3`, `useast-1`) are reported,
with the closest Region as a suggestion.

## Why is this bad?
AWS rejects the policy, and the ARN would match nothing: no resource lives in a Region that does not
exist.

## Example
```json
{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-3:111122223333:orders"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-2:111122223333:orders"}
```

## Fix
The lowercase spelling (`US-EAST-1` -> `us-east-1`) is an unsafe fix (applied by `--fix` only
with `--unsafe-fixes`): AWS rejects the policy as written and ARNs match case-sensitively, so the
fixed ARN matches resources the written one never did. Other Regions are only suggested.

## References
- Access Analyzer: INVALID_ARN_REGION
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM214"
NAME = "unknown-arn-region"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_ARN_REGION"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
