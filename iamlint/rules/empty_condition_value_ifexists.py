"""An `...IfExists` condition with an empty array of values.

## What it does
Reports a condition key given `[]` under an `IfExists` operator.

## Why is this bad?
With no values the operator can only match through its IfExists part, i.e. when the key is absent, which is what `Null` says more clearly.

## Example
```json
{"Condition": {"StringEqualsIfExists": {"aws:SourceVpc": []}}}
```

## Use instead
```json
{"Condition": {"Null": {"aws:SourceVpc": "true"}}}
```

## References
- Access Analyzer: EMPTY_ARRAY_CONDITION_IFEXISTS
- IAM User Guide, IAM JSON policy elements: Condition operators (...IfExists)
"""

from ..model import Problem, Severity
from ._statements import empty_value_conditions

CODE = "IAM121"
NAME = "empty-condition-value-ifexists"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EMPTY_ARRAY_CONDITION_IFEXISTS"


def check(ctx):
    for _st, c in empty_value_conditions(ctx, 'ifexists'):
        yield Problem(path=c.path, message=f"{c.key} has no values under {c.operator.text}: it matches only when the key is absent; write {{\"Null\": {{\"{c.key}\": \"true\"}}}} instead")
