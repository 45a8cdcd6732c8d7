"""A principal that is the unique ID of an IAM role (AROA...) instead of its ARN.

## What it does
In resource and trust policies, reports a principal value that is an IAM role's unique ID
(`AROA` followed by letters and digits).

## Why is this bad?
AWS stores the principal ARNs of a policy as unique IDs and shows the ID instead of the ARN when
the role has been deleted. So a AROA... value almost always means the role this policy trusts no
longer exists; recreating a role with the same name does not restore access (the new role has a
new ID). Replace the ID with the ARN of the role that should have access, or remove it.

## Example
```json
{"Effect": "Allow", "Principal": {"AWS": "AROAEXAMPLEID1234567"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Deployer"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: INVALID_ROLE_REFERENCE
- AWS re:Post Knowledge Center, "Why does my resource-based policy show unique IDs instead of ARNs?"
"""

from ..carriers import as_written
from ..model import PolicyType, Problem, Severity
from ._principals import ROLE_UNIQUE_ID, principal_values_of_kind

CODE = "IAM518"
NAME = "role-unique-id-principal"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "INVALID_ROLE_REFERENCE"
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}


def check(ctx):
    for v in principal_values_of_kind(ctx, ROLE_UNIQUE_ID):
        yield Problem(
            path=v.path,
            message=f"{as_written(v.value)!r} is the unique ID of an IAM role, which usually means the role was deleted; "
            "replace it with the ARN of the role that should have access (arn:aws:iam::ACCOUNT:role/NAME) or remove it",
        )
