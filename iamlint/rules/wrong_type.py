"""A value of the wrong JSON type for its element: a number where a string is expected, an object where a list is expected, and so on.

## What it does
A value of the wrong JSON type for its element: a number where a string is expected, an object where a list is expected, and so on.

In a CloudFormation template or a Terraform file, also a property that should hold a policy and
holds something else (`PolicyDocument: 42`, `Policies: "x"`, a `Policies` item that is not an
object, Terraform `policy = true` or a policy object written without `jsonencode`), at the
property's value. A value computed at deploy time (`Condition = var.cond`, `Statement: !Ref S`)
is unknown, not a wrong type.

## Why is this bad?
AWS rejects the policy; the value the author meant is not the value written.

## Example
```json
{"Effect": "Allow", "Action": ["s3:GetObject", 42], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}
```

## References
- Access Analyzer: DATA_TYPE_MISMATCH
- IAM User Guide, grammar of the IAM JSON policy language; Access Analyzer: DATA_TYPE_MISMATCH
"""

from ..model import Problem, Severity

CODE = "IAM107"
NAME = "wrong-type"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "DATA_TYPE_MISMATCH"


def check(ctx):
    shape = getattr(ctx.document, "not_a_policy", None)
    if shape is not None:
        # A template property that should hold a policy holds another type (`PolicyDocument: 42`,
        # `Policies: "x"`, Terraform `policy = true`): the carrier says what it should be.
        yield Problem(path=(), message=shape)
        return
    computed = None
    for issue in ctx.schema_issues:
        if issue.kind != "type":
            continue
        if ctx.embedded:
            # In a template, a value computed at deploy time (`Condition = var.cond`,
            # `Statement: !If [...]`) is a placeholder whose type is unknown until deploy.
            if computed is None:
                from ..carriers import Placeholder

                computed = Placeholder
            if _value_at(ctx.document.value, issue.path).__class__ is computed:
                continue
        yield Problem(path=issue.path, message=issue.message, on_key=False)


def _value_at(value, path):
    try:
        for p in path:
            value = value[p]
    except (KeyError, IndexError, TypeError):
        return None
    return value
