"""A statement with both an element and its `Not` counterpart.

## What it does
Reports a statement that holds both `Action` and `NotAction`, both `Resource` and
`NotResource`, or both `Principal` and `NotPrincipal`. The finding points at the second one.

## Why is this bad?
The pairs are mutually exclusive: AWS rejects the policy. A reader cannot tell which of the
two was meant to apply.

## Example
```json
{"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:DeleteBucket", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "NotAction": "s3:DeleteBucket", "Resource": "*"}
```

## References
- Access Analyzer: UNSUPPORTED_ELEMENT_COMBINATION
- IAM User Guide, IAM JSON policy elements: NotAction, NotResource, NotPrincipal
"""

from ..model import Problem, Severity

CODE = "IAM111"
NAME = "conflicting-elements"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "UNSUPPORTED_ELEMENT_COMBINATION"


def check(ctx):
    for st in ctx.policy.statements:
        if not st.conflicts:
            continue
        keys = list(st.raw)
        for pos, neg in st.conflicts:
            # the one written second is reported
            second = neg if keys.index(neg) > keys.index(pos) else pos
            first = pos if second == neg else neg
            yield Problem(
                path=st.path + (second,),
                on_key=True,
                message=f"{st.label} has both {first} and {second}; they cannot be combined: keep one",
            )
