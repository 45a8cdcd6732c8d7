"""A tag condition key that some covered actions never carry, in an Allow statement with NotAction.

## What it does
Reports an `Allow` statement with `NotAction` whose condition tests `aws:ResourceTag/...`, `aws:RequestTag/...` or `aws:TagKeys` while `NotAction` leaves in actions of services that support that key for none of their actions or resource types. One finding per key, at `NotAction`, naming those services. Only conditions that are false when the key is absent count (`StringEquals`, `StringLike`, ...);
`...IfExists` and negated operators evaluate to
true for those actions instead; `Null` and `ForAnyValue:`/`ForAllValues:` are not reported (Access Analyzer stays silent on them).

## Why is this bad?
The key is absent from the request for those actions, so the condition is false and the actions are
never allowed by the statement. Papering over it with `...IfExists` is not the fix: in an Allow statement that allows the
action unconditionally, in a Deny statement it denies it unconditionally.

## Example
```json
{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*",
 "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["ec2:*", "s3:*"], "Resource": "*",
 "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}
```

## References
- Access Analyzer: ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE
- Service Authorization Reference (condition keys per action and resource type)
"""

from ..model import Severity
from ._grants import tag_check

CODE = "IAM422"
NAME = "allow-notaction-with-unsupported-tag-condition-key"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"


def check(ctx):
    return tag_check(ctx, "Allow", True)
