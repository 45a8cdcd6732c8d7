"""An `Action` or `NotAction` that is an empty array.

## What it does
Reports `"Action": []` and `"NotAction": []`.

## Why is this bad?
An empty `Action` matches no action, so the statement grants or denies nothing; an empty `NotAction` matches every action, which is rarely what an empty list was meant to say.

## Example
```json
{"Effect": "Allow", "Action": [], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}
```

## References
- Access Analyzer: EMPTY_ARRAY_ACTION
- IAM User Guide, IAM JSON policy elements: Action
"""

from ..model import Problem, Severity

CODE = "IAM115"
NAME = "empty-action-array"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EMPTY_ARRAY_ACTION"


def check(ctx):
    for st in ctx.policy.statements:
        for key in ('Action', 'NotAction'):
            if st.raw.get(key) == []:
                yield Problem(path=st.path + (key,), message=f"{key} is an empty array: list the actions, or remove the statement")
