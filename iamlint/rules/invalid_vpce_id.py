"""An `aws:SourceVpce` value that is not a VPC endpoint ID.

## What it does
Checks the values of `aws:SourceVpce` under String operators: each must be `vpce-` followed by 8
or 17 letters or digits (`vpce-1a2b3c4d`, `vpce-0123456789abcdef0`). Values with wildcards or
policy variables are left to the rules about those.

## Why is this bad?
A malformed endpoint ID (a VPC ID, an endpoint DNS name, a typo) never matches: an Allow grants
nothing, and a `StringNotEquals` Deny meant to force traffic through the endpoint denies everyone.

## Example
```json
"Condition": {"StringNotEquals": {"aws:SourceVpce": "vpc-1a2b3c4d"}}
```

## Use instead
```json
"Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}
```

## References
- Access Analyzer: INVALID_VPCE_FORMAT
- AWS global condition context keys: aws:SourceVpce
"""

import re

from ..carriers import as_written
from ..model import Problem, Severity
from ._values import malformed_id_values

CODE = "IAM344"
NAME = "invalid-vpce-id"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_VPCE_FORMAT"

_VPCE = re.compile(r"vpce-(?:[A-Za-z0-9]{8}|[A-Za-z0-9]{17})\Z")


def check(ctx):
    for v in malformed_id_values(ctx, "aws:sourcevpce", _VPCE):
        hint = " (that is a VPC ID: use aws:SourceVpc)" if v.value.startswith("vpc-") else ""
        yield Problem(
            path=v.path,
            message=f"{as_written(v.value)!r} is not a VPC endpoint ID: write vpce- followed by 8 or 17 characters, "
            f"e.g. \"vpce-1a2b3c4d\"{hint}",
        )
