"""`ForAllValues:` on a single-valued condition key.

## What it does
Reports the `ForAllValues:` qualifier on a global condition key that AWS documents as
single-valued (`aws:PrincipalOrgID`, `aws:SourceIp`, `aws:ResourceTag/<tag-key>`, ...).
Service keys are not checked: the Service Authorization Reference types are not reliable enough
to tell single- from multivalued keys.

## Why is this bad?
`ForAllValues:` is true when the key is absent, so in an Allow the condition matches requests
that do not carry the key at all - typically not what was meant. For a single-valued key use
the plain operator.

## Example
```json
{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
 "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
 "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
```

## References
- Access Analyzer: FORALLVALUES_WITH_SINGLE_VALUED_KEY
- IAM User Guide, Single-valued vs. multivalued context keys
"""

from ..model import Problem, Severity
from . import _keys

CODE = "IAM312"
NAME = "forallvalues-with-single-valued-key"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "FORALLVALUES_WITH_SINGLE_VALUED_KEY"


def check(ctx):
    index = _keys.condition_index(ctx)
    if not index.pairs:
        return
    for _st, c, r in index.resolved(ctx.catalog):
        op = c.operator
        if op.qualifier != "ForAllValues" or not op.known or op.family == "Null":
            continue
        if r.info is None or not r.info.is_global or r.info.multivalued:
            continue
        plain = op.text[len("ForAllValues:"):]
        yield Problem(
            path=c.path, on_key=True,
            message=(f"{c.key} is single-valued: ForAllValues is also true when the key is absent; "
                     f"use {plain} instead"),
        )
