"""A `ForAnyValue:` condition with an empty array of values.

## What it does
Reports a condition key given `[]` under a `ForAnyValue:` operator.

## Why is this bad?
`ForAnyValue` with no values never matches: an Allow grants nothing and a Deny denies nothing.

## Example
```json
{"Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": []}}}
```

## Use instead
```json
{"Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["project"]}}}
```

## References
- Access Analyzer: EMPTY_ARRAY_CONDITION_FORANYVALUE
- IAM User Guide, multivalued context keys
"""

from ..model import Problem, Severity
from ._statements import empty_value_conditions

CODE = "IAM120"
NAME = "empty-condition-value-foranyvalue"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EMPTY_ARRAY_CONDITION_FORANYVALUE"


def check(ctx):
    for _st, c in empty_value_conditions(ctx, 'foranyvalue'):
        yield Problem(path=c.path, message=f"{c.key} has no values under {c.operator.text}: the condition never matches; give it values or remove it")
