"""A condition key whose `"*"` pattern matches every request, present or not.

## What it does
Reports a key whose values include `"*"` under `StringLikeIfExists` (the key is either absent,
which IfExists accepts, or present, which `*` matches) or under `ForAllValues:StringLike` (every
value matches `*`, and an absent key is vacuously true). The condition is always true, so the key
can be removed. Plain `StringLike "*"` is different (it requires the key) and is reported by
`like-star-equals-null-false` (IAM350).

## Why is this bad?
The condition looks like a restriction and restricts nothing: a reviewer may believe the
statement is scoped by a tag or an attribute when it applies to every request.

## Example
```json
"Condition": {"StringLikeIfExists": {"aws:ResourceTag/env": "*"}}
```

## Use instead
Remove the key, or state the real restriction:
```json
"Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}}
```

## References
- Access Analyzer: REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION
"""

from ..model import Problem, Severity
from ._values import conditions, is_star_only

CODE = "IAM352"
NAME = "like-star-always-true"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION"


def check(ctx):
    for st, c in conditions(ctx, "String"):
        op = c.operator
        if op.base != "StringLike":
            continue
        if op.qualifier == "ForAllValues":
            why = "every value matches * and an absent key is vacuously true"
        elif op.if_exists and op.qualifier is None:
            why = "an absent key passes IfExists and any present value matches *"
        else:
            continue
        star = next((v for v in c.values if is_star_only(v.value)), None)
        if star is None:
            continue
        yield Problem(
            path=c.path,
            on_key=True,
            message=f'{op.text} {{"{c.key}": "*"}} is always true ({why}): the key restricts nothing; remove it',
        )
