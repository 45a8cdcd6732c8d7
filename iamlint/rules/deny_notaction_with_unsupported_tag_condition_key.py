"""A tag condition key that some covered actions never carry, in a Deny statement with NotAction.

## What it does
Reports a `Deny` statement with `NotAction` whose condition tests `aws:ResourceTag/...`, `aws:RequestTag/...` or `aws:TagKeys` while `NotAction` leaves in actions of services that support that key for none of their actions or resource types. One finding per key, at `NotAction`, naming those services. Only conditions that are false when the key is absent count (`StringEquals`, `StringLike`, ...);
`...IfExists` and negated operators evaluate to
true for those actions instead; `Null` and `ForAnyValue:`/`ForAllValues:` are not reported (Access Analyzer stays silent on them).

## Why is this bad?
The key is absent from the request for those actions, so the condition is false and the actions are
never denied by the statement: the guardrail silently does not apply to them. Papering over it with `...IfExists` is not the fix: in an Allow statement that allows the
action unconditionally, in a Deny statement it denies it unconditionally.

## Example
```json
{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
 "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}
```

## Use instead
```json
{"Effect": "Deny", "Action": ["ec2:*", "s3:*"], "Resource": "*",
 "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}
```

## References
- Access Analyzer: DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE
- Service Authorization Reference (condition keys per action and resource type)
"""

from ..model import Severity
from ._grants import tag_check

CODE = "IAM424"
NAME = "deny-notaction-with-unsupported-tag-condition-key"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"


def check(ctx):
    return tag_check(ctx, "Deny", True)
