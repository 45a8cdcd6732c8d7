"""A tag condition key that some covered actions never carry, in an Allow statement.

## What it does
Reports an `Allow` statement whose condition tests `aws:ResourceTag/...`, `aws:RequestTag/...` or `aws:TagKeys` while some listed action never carries that key: neither the action nor any of its resource types lists it in the Service Authorization Reference. One finding per key and service, at the first such action entry, naming the others. `"*"` is left to the NotAction-style reasoning and not reported. Only conditions that are false when the key is absent count (`StringEquals`, `StringLike`, ...);
`...IfExists` and negated operators evaluate to
true for those actions instead; `Null` and `ForAnyValue:`/`ForAllValues:` are not reported (Access Analyzer stays silent on them).

## Why is this bad?
The key is absent from the request for those actions, so the condition is false and the actions are
never allowed by the statement. Papering over it with `...IfExists` is not the fix: in an Allow statement that allows the
action unconditionally, in a Deny statement it denies it unconditionally.

## Example
```json
{"Effect": "Allow", "Action": ["ec2:StopInstances", "logs:DescribeLogGroups"], "Resource": "*",
 "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}
```

## Use instead
```json
[{"Effect": "Allow", "Action": "ec2:StopInstances", "Resource": "*",
  "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}},
 {"Effect": "Allow", "Action": "logs:DescribeLogGroups", "Resource": "*"}]
```

## References
- Access Analyzer: ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE
- Service Authorization Reference (condition keys per action and resource type)
"""

from ..model import Severity
from ._grants import tag_check

CODE = "IAM421"
NAME = "allow-with-unsupported-tag-condition-key"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"


def check(ctx):
    return tag_check(ctx, "Allow", False)
