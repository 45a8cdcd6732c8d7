"""A policy variable where variables are not supported.

## What it does
Reports a `${...}` variable in `Action`/`NotAction`, `Principal`/`NotPrincipal` or `Sid`, and
in the partition, service, Region or account part of a `Resource`/`NotResource` ARN. Variables
work only in the resource part of an ARN (after the fifth colon) and in condition values.

## Why is this bad?
AWS rejects the policy, or the `${...}` is kept as literal text that matches nothing.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:${aws:RequestedRegion}:111122223333:reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}
```

## References
- Access Analyzer: VARIABLE_UNSUPPORTED_IN_ELEMENT
- IAM User Guide, IAM policy elements: Variables and tags (where you can use policy variables)
"""

from ..model import Problem, Severity
from ._variables import allowed_values, other_values, scan

CODE = "IAM134"
NAME = "variable-in-unsupported-element"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "VARIABLE_UNSUPPORTED_IN_ELEMENT"

_ARN_PARTS = ("partition", "service", "Region", "account")


def _arn_part(value: str, var_start: int, vars_before) -> int:
    """Index of the ARN field (0 = 'arn', 1 = partition, ...) the variable starts in, colons
    inside earlier variables not counted."""
    prefix = value[:var_start]
    colons = prefix.count(":")
    for other in vars_before:
        colons -= value[other.start:other.end].count(":")
    return colons


def check(ctx):
    for _st, element, v in other_values(ctx):
        found = scan(v.value)
        if not found:
            continue
        var = found[0]
        yield Problem(
            path=v.path,
            span=(var.start, var.end),
            message=f"{v.value[var.start:var.end]!r}: policy variables are not supported in {element}; only Resource (after the fifth colon of the ARN) and condition values may hold them",
        )
    for _st, element, v in allowed_values(ctx):
        if element == "Condition" or not v.value.startswith("arn:"):
            continue
        found = scan(v.value)
        for i, var in enumerate(found):
            part = _arn_part(v.value, var.start, found[:i])
            if part >= 5:
                break
            if part < 1:
                continue
            yield Problem(
                path=v.path,
                span=(var.start, var.end),
                message=f"{v.value[var.start:var.end]!r} is in the {_ARN_PARTS[part - 1]} of the ARN: policy variables are supported only in the resource part (after the fifth colon)",
            )
            break
