"""A `StringLike` / `StringNotLike` operator on an ARN-typed condition key.

## What it does
Reports the String wildcard operators (`StringLike`, `StringNotLike`, with or without
`IfExists` or a set qualifier) on condition keys typed ARN (`aws:PrincipalArn`,
`aws:SourceArn`, `iam:AssociatedResourceArn`, ...). The exact String operators
(`StringEquals`) are not reported: Access Analyzer accepts them on ARN keys.

## Why is this bad?
`StringLike` lets `*` run across the `:` separators of the ARN, so a pattern can match ARNs in
other partitions, services, regions or accounts than intended. The ARN operators match each of
the six ARN parts separately.

## Example
```json
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
 "Condition": {"StringLike": {"iam:AssociatedResourceArn": "arn:aws:ec2:*:111122223333:instance/*"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
 "Condition": {"ArnLike": {"iam:AssociatedResourceArn": "arn:aws:ec2:*:111122223333:instance/*"}}}
```

## References
- Access Analyzer: STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS
- IAM User Guide, IAM JSON policy elements: Condition operators (ARN condition operators)
"""

from ..model import Problem, Severity
from . import _keys

CODE = "IAM314"
NAME = "string-like-operator-on-arn-key"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS"


def check(ctx):
    index = _keys.condition_index(ctx)
    if not index.by_family.get("String"):
        return
    for _st, c, r in index.resolved(ctx.catalog):
        op = c.operator
        if op.family != "String" or not op.like:
            continue
        if r.info is None or _keys.key_family(r.info.type) != "ARN":
            continue
        arn_op = op.text.replace("StringNotLike", "ArnNotLike").replace("StringLike", "ArnLike")
        yield Problem(
            path=c.path, on_key=True,
            message=(f"Use the operator type ARN instead of operator string for the condition key {c.key}: "
                     f"{op.text} lets * match across the ARN's ':' parts; write {arn_op}"),
        )
