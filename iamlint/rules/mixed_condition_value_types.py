"""Values of different JSON types under one condition key.

## What it does
Reports a condition key whose list of values mixes JSON types, e.g. a Boolean and a string
(`[true, "false"]`) or a number and a string (`[443, "8443"]`). The finding points at the first
value whose type differs from the first value's.

## Why is this bad?
AWS rejects the policy. Mixed lists usually mean a value was pasted in from somewhere else; write
all values the same way (IAM compares them as strings, so strings are the safe choice).

## Example
```json
{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
 "Condition": {"Bool": {"aws:SecureTransport": [false, "false"]}}}
```

## Use instead
```json
{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
```

## References
- Access Analyzer: INVALID_CONDITION_DATA_TYPE
- IAM User Guide, IAM JSON policy grammar (condition values)
"""

import json

from ..carriers import is_placeholder
from ..model import Problem, Severity
from ._keys import condition_index

CODE = "IAM318"
NAME = "mixed-condition-value-types"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_CONDITION_DATA_TYPE"


def _kind(v):
    if isinstance(v, bool):
        return "Boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    return None


def check(ctx):
    for _st, c in condition_index(ctx).pairs:
        if not c.is_list or len(c.values) < 2:
            continue
        if any(is_placeholder(v.value) for v in c.values):
            continue  # a computed value's JSON type is known at deploy time only (`[10, var.n]`)
        first = _kind(c.values[0].value)
        for v in c.values[1:]:
            kind = _kind(v.value)
            if kind != first:
                yield Problem(
                    path=v.path,
                    message=(f"{c.key} mixes value types: {json.dumps(v.value)} is a {kind}, the first value "
                             f"{json.dumps(c.values[0].value)} a {first}; write all values as strings"),
                )
                break
