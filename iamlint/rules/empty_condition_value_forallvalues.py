"""A `ForAllValues:` condition with an empty array of values.

## What it does
Reports a condition key given `[]` under a `ForAllValues:` operator.

## Why is this bad?
`ForAllValues` with no values matches only when the request has no value for the key at all, which is what `Null` says more clearly.

## Example
```json
{"Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": []}}}
```

## Use instead
```json
{"Condition": {"Null": {"aws:TagKeys": "true"}}}
```

## References
- Access Analyzer: EMPTY_ARRAY_CONDITION_FORALLVALUES
- IAM User Guide, multivalued context keys
"""

from ..model import Problem, Severity
from ._statements import empty_value_conditions

CODE = "IAM119"
NAME = "empty-condition-value-forallvalues"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EMPTY_ARRAY_CONDITION_FORALLVALUES"


def check(ctx):
    for _st, c in empty_value_conditions(ctx, 'forall'):
        yield Problem(path=c.path, message=f"{c.key} has no values under {c.operator.text}: it matches only when the key is absent; write {{\"Null\": {{\"{c.key}\": \"true\"}}}} instead")
