"""A wildcard action that covers `iam:PassRole` (`*`, `iam:*`, `iam:Pass*`, ...) is allowed with `Resource: "*"`.

## What it does
Reports an `Allow` statement of an identity policy or permissions boundary where a wildcard action that covers `iam:PassRole` (`*`, `iam:*`, `iam:Pass*`, ...) is allowed with `Resource: "*"`.
A condition on `iam:PassedToService` (`StringEquals`, `StringLike`) silences it, as it
silences Access Analyzer; conditions on other keys do not. The finding points at the action entry
(or the `NotAction` element) and names the resource.

## Why is this bad?
`iam:PassRole` lets a principal hand a role to a service (EC2, Lambda, CloudFormation, ...), which then acts with that role's permissions. Allowed on every role it is a privilege-escalation path: the principal can pass an administrator role to a service it controls.

## Example
```json
{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-lambda-*",
 "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}
```

## References
- Access Analyzer: PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE
- IAM User Guide, Granting a user permissions to pass a role to an AWS service
"""

from ..model import Severity
from ._grants import IDENTITY_TYPES, PASS_ROLE

CODE = "IAM405"
NAME = "pass-role-with-wildcard-action-and-resource"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = IDENTITY_TYPES


def check(ctx):
    return PASS_ROLE.check(ctx, "STAR_IN_ACTION_AND_RESOURCE", CODE)
