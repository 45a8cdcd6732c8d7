"""`iam:CreateServiceLinkedRole` is named in `Action` with `Resource: "*"` and no condition that narrows it.

## What it does
Reports an `Allow` statement of an identity policy or permissions boundary where `iam:CreateServiceLinkedRole` is named in `Action` with `Resource: "*"` and no condition that narrows it.
A condition on `iam:AWSServiceName` (`StringEquals`, `StringLike`) silences it, as it
silences Access Analyzer; conditions on other keys do not. The finding points at the action entry
(or the `NotAction` element) and names the resource.

## Why is this bad?
`iam:CreateServiceLinkedRole` on every resource lets the principal create service-linked roles for any AWS service, which may enable services (and their access) nobody meant to turn on.

## Example
```json
{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::*:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
 "Condition": {"StringEquals": {"iam:AWSServiceName": "autoscaling.amazonaws.com"}}}
```

## References
- Access Analyzer: CREATE_SLR_WITH_STAR_IN_RESOURCE
- IAM User Guide, Service-linked role permissions
"""

from ..model import Severity
from ._grants import IDENTITY_TYPES, CREATE_SLR

CODE = "IAM414"
NAME = "create-slr-with-wildcard-resource"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "CREATE_SLR_WITH_STAR_IN_RESOURCE"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = IDENTITY_TYPES


def check(ctx):
    return CREATE_SLR.check(ctx, "STAR_IN_RESOURCE", CODE)
