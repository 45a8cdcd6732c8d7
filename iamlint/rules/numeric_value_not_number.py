"""A `Numeric` condition value that is not a number.

## What it does
Checks each value under the `Numeric…` operators: it must be an integer or decimal, as a JSON
number or a string (`3600`, `"3600"`, `"1.2"`). A value with stray spaces gets a fix.

## Why is this bad?
A value IAM cannot read as a number never compares true, so the condition silently fails: an
Allow grants nothing, a Deny guards nothing.

## Example
```json
"Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "1h"}}
```

## Use instead
```json
"Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}
```

## Fix
The value without its spaces is an unsafe fix (applied by `--fix` only with `--unsafe-fixes`): the
value as written never compares true, the fixed one does, so the condition starts matching.

## References
- Access Analyzer: TYPE_MISMATCH_NUMBER
- IAM User Guide, Condition operators: Numeric condition operators
"""

from ..model import Problem, Replacement, Severity
from ._values import conditions, is_number, quote, variables_in

CODE = "IAM334"
NAME = "numeric-value-not-number"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "TYPE_MISMATCH_NUMBER"


def check(ctx):
    for st, c in conditions(ctx, "Numeric"):
        for v in c.values:
            if is_number(v.value):
                continue
            if isinstance(v.value, str) and variables_in(v.value):
                continue  # invalid-variable-for-operator
            message = f"{quote(v.value)} is not a number: {c.operator.text} compares integers or decimals"
            replacement = None
            if isinstance(v.value, str) and is_number(v.value.strip()):
                fixed = v.value.strip()
                message += f"; write \"{fixed}\""
                replacement = Replacement(f'Change to "{fixed}"', fixed, safe=False)  # the original never matches
            yield Problem(path=v.path, message=message, replacement=replacement)
