"""A condition key whose negated `"*"` pattern can never match, so the statement never applies.

## What it does
Reports a key whose values include `"*"` under `ForAnyValue:StringNotLike` (without IfExists):
the condition needs some request value that does not match `*`, and every value matches `*`. The
condition is never true, so the whole statement is dead.

## Why is this bad?
A statement that can never apply is either a leftover or a mistake: an Allow grants nothing and a
Deny guards nothing, while the policy reads as if it did.

## Example
```json
"Condition": {"ForAnyValue:StringNotLike": {"aws:TagKeys": "*"}}
```

## Use instead
```json
"Condition": {"ForAnyValue:StringNotLike": {"aws:TagKeys": ["project", "owner"]}}
```

## References
- Access Analyzer: REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION
"""

from ..model import Problem, Severity
from ._values import conditions, is_star_only

CODE = "IAM353"
NAME = "not-like-star-never-true"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION"


def check(ctx):
    for st, c in conditions(ctx, "String"):
        op = c.operator
        if op.base != "StringNotLike" or op.qualifier != "ForAnyValue" or op.if_exists:
            continue
        if not any(is_star_only(v.value) for v in c.values):
            continue
        yield Problem(
            path=c.path,
            on_key=True,
            message=f'{op.text} {{"{c.key}": "*"}} can never be true (every value matches *), so '
            f'{st.label} never applies; list the values to exclude, or remove the statement',
        )
