"""A multivalued condition key used without `ForAllValues:` or `ForAnyValue:`.

## What it does
Reports a condition on a multivalued request key (global keys such as `aws:TagKeys` or
`aws:CalledVia`, and service keys typed `ArrayOf...` in the Service Authorization Reference,
e.g. `events:detail-type`) whose operator has no set qualifier. `Null` is exempt: it only tests
whether the key is present.

## Why is this bad?
Without a qualifier IAM compares a set of request values as if it were a single value, and the
result depends on how the request happens to be built. Say which you mean: every value must
match (`ForAllValues:`) or at least one (`ForAnyValue:`).

## Example
```json
{"Effect": "Allow", "Action": "events:PutRule", "Resource": "*",
 "Condition": {"StringEquals": {"events:detail-type": "AWS API Call via CloudTrail"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "events:PutRule", "Resource": "*",
 "Condition": {"ForAllValues:StringEquals": {"events:detail-type": "AWS API Call via CloudTrail"}}}
```

## References
- Access Analyzer: MISSING_QUALIFIER
- IAM User Guide, Single-valued vs. multivalued context keys
"""

from ..model import Problem, Severity
from . import _keys

CODE = "IAM311"
NAME = "multivalued-key-without-qualifier"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_QUALIFIER"


def check(ctx):
    index = _keys.condition_index(ctx)
    if not index.pairs:
        return
    for _st, c, r in index.resolved(ctx.catalog):
        op = c.operator
        if op.qualifier is not None or not op.known or op.family == "Null":
            continue
        if r.info is None or not r.info.multivalued:
            continue
        yield Problem(
            path=c.path, on_key=True,
            message=(f"the request context key {c.key} has multiple values: use ForAllValues:{op.text} "
                     f"(every value must match) or ForAnyValue:{op.text} (at least one must)"),
        )
