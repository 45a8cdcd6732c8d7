"""The same condition key twice under one operator, differing only in case.

## What it does
Reports a condition key that appears again under the same operator with different letter case
(`aws:SourceIp` and `aws:sourceip`). Condition key names, including tag-key suffixes, are
case-insensitive, so both entries name the same key.

## Why is this bad?
AWS rejects the policy. Even where it is accepted, the two entries are ANDed and a reader cannot
tell which values apply.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
 "Condition": {"StringEquals": {"aws:ResourceTag/team": "red", "aws:ResourceTag/Team": "blue"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
 "Condition": {"StringEquals": {"aws:ResourceTag/team": ["red", "blue"]}}}
```

## References
- Access Analyzer: DUPLICATE_KEYS_WITH_DIFFERENT_CASE
- IAM User Guide, IAM JSON policy elements: Condition (key names are case-insensitive)
"""

from ..carriers import is_placeholder
from ..model import Problem, Severity
from . import _keys

CODE = "IAM310"
NAME = "condition-keys-differ-only-in-case"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "DUPLICATE_KEYS_WITH_DIFFERENT_CASE"


def check(ctx):
    for _st, op_text, op_path, block, _op in _keys.condition_index(ctx).blocks:
        if len(block) < 2:
            continue
        seen = {}
        for key in block:
            if not isinstance(key, str) or is_placeholder(key):
                continue  # a computed key (`"aws:PrincipalTag/${var.t}"`) is known at deploy time only
            first = seen.setdefault(key.lower(), key)
            if first is key or first == key:
                continue
            yield Problem(
                path=op_path + (key,), on_key=True,
                message=f"{key!r} repeats {first!r} under {op_text} (condition keys are case-insensitive): merge their values under one key",
            )
