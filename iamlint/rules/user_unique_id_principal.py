"""A principal that is the unique ID of an IAM user (AIDA...) instead of its ARN.

## What it does
In resource and trust policies, reports a principal value that is an IAM user's unique ID
(`AIDA` followed by letters and digits).

## Why is this bad?
AWS stores the principal ARNs of a policy as unique IDs and shows the ID instead of the ARN when
the user has been deleted. So a AIDA... value almost always means the user this policy trusts no
longer exists; recreating a user with the same name does not restore access (the new user has a
new ID). Replace the ID with the ARN of the user that should have access, or remove it.

## Example
```json
{"Effect": "Allow", "Principal": {"AWS": "AIDAEXAMPLEID1234567"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: INVALID_USER_REFERENCE
- AWS re:Post Knowledge Center, "Why does my resource-based policy show unique IDs instead of ARNs?"
"""

from ..carriers import as_written
from ..model import PolicyType, Problem, Severity
from ._principals import USER_UNIQUE_ID, principal_values_of_kind

CODE = "IAM519"
NAME = "user-unique-id-principal"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "INVALID_USER_REFERENCE"
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}


def check(ctx):
    for v in principal_values_of_kind(ctx, USER_UNIQUE_ID):
        yield Problem(
            path=v.path,
            message=f"{as_written(v.value)!r} is the unique ID of an IAM user, which usually means the user was deleted; "
            "replace it with the ARN of the user that should have access (arn:aws:iam::ACCOUNT:user/NAME) or remove it",
        )
