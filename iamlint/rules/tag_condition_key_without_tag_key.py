"""A tag condition key without its `/tag-key` suffix.

## What it does
Reports `aws:ResourceTag`, `aws:RequestTag` and `aws:PrincipalTag` (and service tag keys such
as `ec2:ResourceTag` or `s3:ExistingObjectTag`) written without the `/<tag-key>` part, or with
an empty one (`aws:ResourceTag/`).

## Why is this bad?
The key names no tag, so AWS rejects the policy. To test which tag keys a request carries use
`aws:TagKeys`; to test a tag's value name the tag: `aws:ResourceTag/team`.

## Example
```json
{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*",
 "Condition": {"StringEquals": {"aws:ResourceTag": "team=red"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*",
 "Condition": {"StringEquals": {"aws:ResourceTag/team": "red"}}}
```

## References
- Access Analyzer: MISSING_TAG_KEY_IN_CONDITION
- IAM User Guide, Controlling access to AWS resources using tags
"""

from ..model import Problem, Severity
from . import _keys

CODE = "IAM315"
NAME = "tag-condition-key-without-tag-key"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_TAG_KEY_IN_CONDITION"


def check(ctx):
    for c, r in _keys.keys_with_status(ctx, _keys.MISSING_TAG):
        yield Problem(
            path=c.path, on_key=True,
            message=f"{c.key} needs a tag key: write {r.base}/<tag-key> (e.g. {r.base}/team)",
        )
