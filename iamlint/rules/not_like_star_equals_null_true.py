"""`StringNotLike` with the value `"*"`: a roundabout way to require that the key is absent.

## What it does
Reports a key under `StringNotLike` or `StringNotLikeIfExists` (no set qualifier) whose values
include `"*"`. Nothing is "not like `*`", so the condition is true exactly when the key is absent:
it is `"Null": {"key": "true"}`.

## Why is this bad?
The intent ("the request must not carry this tag") is hidden behind a double negative, and any
other values listed next to `"*"` are dead. `Null` states it directly.

## Example
```json
"Condition": {"StringNotLike": {"aws:RequestTag/owner": "*"}}
```

## Use instead
```json
"Condition": {"Null": {"aws:RequestTag/owner": "true"}}
```

## References
- Access Analyzer: EQUIVALENT_TO_NULL_TRUE
- IAM User Guide, Condition operators: Condition operator to check existence of condition keys
"""

from ..model import Problem, Severity
from ._values import conditions, is_star_only

CODE = "IAM351"
NAME = "not-like-star-equals-null-true"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EQUIVALENT_TO_NULL_TRUE"


def check(ctx):
    for st, c in conditions(ctx, "String"):
        op = c.operator
        if op.base != "StringNotLike" or op.qualifier:
            continue
        star = next((v for v in c.values if is_star_only(v.value)), None)
        if star is None:
            continue
        yield Problem(
            path=star.path,
            message=f'{op.text} {{"{c.key}": "*"}} only tests that the key is absent: write '
            f'"Null": {{"{c.key}": "true"}} instead',
        )
