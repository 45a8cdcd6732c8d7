"""A principal type whose value is an empty array.

## What it does
Reports `[]` as the value of a principal type, e.g. `"Principal": {"AWS": []}`.

## Why is this bad?
An empty list names nobody, so the entry does nothing. Usually a template or a variable expanded
to nothing; remove the entry, or fill in the principals that were meant.

## Example
```json
{"Effect": "Allow", "Principal": {"AWS": [], "Service": "logs.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/*"}
```

## References
- Access Analyzer: EMPTY_ARRAY_PRINCIPAL
- IAM User Guide, IAM JSON policy elements: Principal
"""

from ..model import PolicyType, Problem, Severity

CODE = "IAM520"
NAME = "empty-principal-array"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EMPTY_ARRAY_PRINCIPAL"
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}


def check(ctx):
    for st in ctx.policy.statements:
        p = st.principal
        if p is None or not isinstance(p.raw, dict):
            continue
        for ptype, raw in p.raw.items():
            if isinstance(raw, list) and not raw:
                yield Problem(
                    path=p.path + (ptype,),
                    message=f"{p.key}.{ptype} is an empty array and names no principal; remove it or list the principals",
                )
