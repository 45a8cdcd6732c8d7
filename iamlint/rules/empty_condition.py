"""A `Condition` that is an empty object.

## What it does
Reports `"Condition": {}`, and an operator with no keys such as `"StringEquals": {}`. In a
template, an operator whose keys are computed at deploy time (`StringEquals: !Ref Cond`) is not
empty.

## Why is this bad?
An empty condition restricts nothing. It usually means a condition was meant to be written and
never was, so the statement applies more widely than its author intended.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
```

## References
- Access Analyzer: EMPTY_OBJECT_CONDITION
- IAM User Guide, IAM JSON policy elements: Condition
"""

from ..model import Problem, Severity

CODE = "IAM117"
NAME = "empty-condition"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EMPTY_OBJECT_CONDITION"


def check(ctx):
    for st in ctx.policy.statements:
        cond = st.condition_raw
        if not isinstance(cond, dict):
            continue
        if not cond:
            yield Problem(path=st.path + ("Condition",), message="the Condition is empty: it restricts nothing; write the condition or remove it")
            continue
        for op, block in cond.items():
            if block == {}:
                yield Problem(
                    path=st.path + ("Condition", op),
                    message=f"{op} has no condition keys: it restricts nothing; write the keys or remove it",
                )
