"""A `*` or `?` in a condition value under a String operator that is not a Like operator.

## What it does
Reports a value containing `*` or `?` under `StringEquals`, `StringNotEquals`,
`StringEqualsIgnoreCase` or `StringNotEqualsIgnoreCase` (any qualifier, with or without IfExists).
The range is the first wildcard character. `${*}` and `${?}` (the policy-variable spellings of a
literal `*` / `?`) are not reported. ARN operators treat wildcards as wildcards, and wildcards
under Numeric, Date, IP and Binary operators are reported by the value-type rules.

## Why is this bad?
Only `StringLike` / `StringNotLike` treat `*` and `?` as wildcards; the Equals operators compare
them literally. `StringEquals {"aws:PrincipalTag/team": "dev*"}` matches only the tag value
`dev*`, so an Allow grants (almost) nothing and a `StringNotEquals` Deny applies to everyone.

## Example
```json
"Condition": {"StringEquals": {"aws:PrincipalTag/team": "dev*"}}
```

## Use instead
```json
"Condition": {"StringLike": {"aws:PrincipalTag/team": "dev*"}}
```
(or `${*}` if a literal asterisk is really meant).

## References
- Access Analyzer: WILDCARD_WITHOUT_LIKE_OPERATOR
- IAM User Guide, Condition operators: String condition operators
"""

from ..carriers import as_written
from ..model import Problem, Severity
from ._values import conditions, wildcard_at

CODE = "IAM340"
NAME = "wildcard-without-like-operator"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "WILDCARD_WITHOUT_LIKE_OPERATOR"


def check(ctx):
    for st, c in conditions(ctx, "String"):
        op = c.operator
        if op.family != "String" or op.like:
            continue
        for v in c.values:
            if not isinstance(v.value, str):
                continue
            at = wildcard_at(v.value)
            if at is None:
                continue
            char = v.value[at]
            if op.base.endswith("IgnoreCase"):
                advice = "there is no case-insensitive Like operator: use StringLike with the exact case"
            else:
                advice = f"use {'StringNotLike' if op.negated else 'StringLike'} for a pattern"
            yield Problem(
                path=v.path,
                span=(at, at + 1),
                message=f"{op.base} compares {char!r} literally in {as_written(v.value)!r}: {advice}, "
                f"or write ${{{char}}} for a literal {char!r}",
            )
