"""A condition key whose values are an empty array.

## What it does
Reports a condition key given `[]` as its values, under an operator without `ForAllValues:`, `ForAnyValue:` or `IfExists` (those have their own rules).

## Why is this bad?
There is no value to compare with: the condition can never match, so an Allow grants nothing and a Deny denies nothing.

## Example
```json
{"Condition": {"StringEquals": {"aws:PrincipalOrgID": []}}}
```

## Use instead
```json
{"Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}}}
```

## References
- Access Analyzer: EMPTY_ARRAY_CONDITION
- IAM User Guide, IAM JSON policy elements: Condition operators
"""

from ..model import Problem, Severity
from ._statements import empty_value_conditions

CODE = "IAM118"
NAME = "empty-condition-value"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EMPTY_ARRAY_CONDITION"


def check(ctx):
    for _st, c in empty_value_conditions(ctx, 'plain'):
        yield Problem(path=c.path, message=f"{c.key} has no values under {c.operator.text}: the condition never matches; give it values or remove it")
