"""An `aws:SourceVpc` value that is not a VPC ID.

## What it does
Checks the values of `aws:SourceVpc` under String operators: each must be `vpc-` followed by 8 or
17 letters or digits (`vpc-1a2b3c4d`, `vpc-0123456789abcdef0`). Values with wildcards or policy
variables are left to the rules about those.

## Why is this bad?
A malformed VPC ID (a VPC ARN, a VPC endpoint ID, a name, a typo) never matches: an Allow grants
nothing, and a `StringNotEquals` Deny meant to keep access inside the VPC denies everyone.

## Example
```json
"Condition": {"StringEquals": {"aws:SourceVpc": "vpce-1a2b3c4d"}}
```

## Use instead
```json
"Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}
```

## References
- Access Analyzer: INVALID_VPC_FORMAT
- AWS global condition context keys: aws:SourceVpc
"""

import re

from ..carriers import as_written
from ..model import Problem, Severity
from ._values import malformed_id_values

CODE = "IAM343"
NAME = "invalid-vpc-id"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_VPC_FORMAT"

_VPC = re.compile(r"vpc-(?:[A-Za-z0-9]{8}|[A-Za-z0-9]{17})\Z")


def check(ctx):
    for v in malformed_id_values(ctx, "aws:sourcevpc", _VPC):
        hint = " (that is a VPC endpoint ID: use aws:SourceVpce)" if v.value.startswith("vpce-") else ""
        yield Problem(
            path=v.path,
            message=f"{as_written(v.value)!r} is not a VPC ID: write vpc- followed by 8 or 17 characters, e.g. \"vpc-1a2b3c4d\"{hint}",
        )
