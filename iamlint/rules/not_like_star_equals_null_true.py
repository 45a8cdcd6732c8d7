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
from ._values import star_only_values

CODE = "IAM351"
NAME = "not-like-star-equals-null-true"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EQUIVALENT_TO_NULL_TRUE"


def check(ctx):
    for c, star in star_only_values(ctx, "StringNotLike", if_exists_too=True):
        yield Problem(
            path=star.path,
            message=f'{c.operator.text} {{"{c.key}": "*"}} only tests that the key is absent: write '
            f'"Null": {{"{c.key}": "true"}} instead',
        )
