"""An ARN whose resource part matches none of its service's resource types.

## What it does
Matches the resource part of the ARN (with its wildcards and variables) against the ARN formats the
Service Authorization Reference gives for the service's resource types, where each `${...}`
placeholder stands for any text and `/` and `:` are treated alike. A `*` ending the Region or
account field may run over the following colons, as in IAM. Services without resource types are not
checked.

## Why is this bad?
AWS rejects the policy. A misspelt resource type (`arn:aws:iam::111122223333:roles/app`) matches
nothing, so the statement grants (or denies) less than it seems to.

## Example
```json
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:roles/app"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}
```

## References
- Access Analyzer: INVALID_ARN_RESOURCE
- IAM User Guide, IAM JSON policy elements: Resource; Amazon Resource Names (ARNs)
- Service Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..arn import issues_of
from ..model import Severity

CODE = "IAM220"
NAME = "unknown-arn-resource-type"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_ARN_RESOURCE"


def check(ctx):
    return issues_of(ctx, ACCESS_ANALYZER)
