"""A statement identical to an earlier one.

## What it does
Reports a statement that grants or denies exactly what an earlier statement of the same policy
does: same `Effect`, the same actions, resources and principals (order, duplicates and the case
of action names ignored) and the same conditions. The `Sid` is not compared. Statements that
merely overlap are not reported.

## Why is this bad?
The copy adds length (policies have a size quota) and misleads: a later edit to one of the two
statements leaves the other granting the old permissions.

## Example
```json
[{"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"},
 {"Sid": "ReadAgain", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*"}]
```

## Use instead
```json
[{"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]
```

## References
- Access Analyzer: REDUNDANT_STATEMENT
- IAM User Guide, IAM JSON policy elements: Statement
"""

from ..carriers import holds_placeholder
from ..model import Problem, Severity
from ._statements import canonical

CODE = "IAM124"
NAME = "redundant-statement"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "REDUNDANT_STATEMENT"


def _shape(value):
    """A cheap summary that identical elements share: the string itself, or the list's length."""
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], str):
            return value[0].lower()
        return len(value)
    return None


def check(ctx):
    statements = ctx.policy.statements
    if len(statements) < 2:
        return
    # a cheap key first: only statements that share it are compared in full
    buckets = {}
    computed = ctx.embedded  # only a template's policy holds values computed at deploy time
    for st in statements:
        raw = st.raw
        effect = raw.get("Effect")
        if not isinstance(effect, str):
            continue  # a malformed Effect is wrong-type's to report; such a statement grants nothing
        if computed and holds_placeholder(raw):
            continue  # computed at deploy time in part: what it grants is not known
        key = (effect, len(raw) - ("Sid" in raw), _shape(raw.get("Action", raw.get("NotAction"))), _shape(raw.get("Resource", raw.get("NotResource"))))
        buckets.setdefault(key, []).append(st)
    for group in buckets.values():
        if len(group) < 2:
            continue
        seen = {}
        for st in group:
            form = canonical(st)
            if form is None:
                continue
            first = seen.get(form)
            if first is None:
                seen[form] = st
                continue
            yield Problem(
                path=st.path,
                message=f"{st.label} grants exactly what {first.label} already does: remove one of them",
            )
