"""A policy variable under an operator that does not resolve variables.

## What it does
Reports a `${...}` policy variable in a condition value under a Numeric, Date, Bool, Binary,
IP address or Null operator. Only the String and ARN operators resolve variables.

## Why is this bad?
AWS rejects the policy. Under these operators the variable would not be replaced by the request's
value, so the condition compares against the literal text `${...}` and never matches.

## Example
```json
"Condition": {"NumericLessThan": {"s3:max-keys": "${aws:PrincipalTag/max}"}}
```

## Use instead
```json
"Condition": {"NumericLessThan": {"s3:max-keys": "100"}}
```

## References
- Access Analyzer: INVALID_VARIABLE_FOR_OPERATOR
- IAM User Guide, IAM policy elements: Variables and tags ("Where you can use policy variables")
"""

from ..model import Problem, Severity
from ._values import SPECIAL_LITERALS, conditions
from ..policy import variables

CODE = "IAM341"
NAME = "invalid-variable-for-operator"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_VARIABLE_FOR_OPERATOR"

_RESOLVING = ("String", "ARN")


def check(ctx):
    for st, c in conditions(ctx):
        op = c.operator
        if op.family is None or op.family in _RESOLVING:
            continue
        for v in c.values:
            if not isinstance(v.value, str) or "${" not in v.value:
                continue
            for start, end, inner in variables(v.value):
                kind = "literal" if v.value[start:end] in SPECIAL_LITERALS else "variable"
                yield Problem(
                    path=v.path,
                    span=(start, end),
                    message=f"policy {kind} ${{{inner}}} cannot be used with {op.text}: only String and ARN "
                    f"operators resolve variables; write a literal value",
                )
                break  # one finding per value
