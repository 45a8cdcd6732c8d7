"""A `Resource` or `NotResource` that is an empty array.

## What it does
Reports `"Resource": []` and `"NotResource": []`.

## Why is this bad?
An empty `Resource` matches no resource, so the statement grants or denies nothing; an empty `NotResource` matches every resource.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": []}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::reports/*"]}
```

## References
- Access Analyzer: EMPTY_ARRAY_RESOURCE
- IAM User Guide, IAM JSON policy elements: Resource
"""

from ..model import Problem, Severity

CODE = "IAM116"
NAME = "empty-resource-array"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EMPTY_ARRAY_RESOURCE"


def check(ctx):
    for st in ctx.policy.statements:
        for key in ('Resource', 'NotResource'):
            if st.raw.get(key) == []:
                yield Problem(path=st.path + (key,), message=f"{key} is an empty array: list the resources, or remove the statement")
