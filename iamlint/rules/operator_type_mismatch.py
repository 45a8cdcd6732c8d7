"""A condition operator whose type does not fit the condition key's type.

## What it does
Compares the operator's family (String, Numeric, Date, Bool, Binary, IpAddress, ARN) with the
type of the condition key (global keys from AWS's documentation, service keys from the Service
Authorization Reference) and reports a mismatch, e.g. `StringEquals` on the Boolean key
`aws:ViaAWSService` or `NumericLessThan` on a Date key. `Null` fits every key; ARN keys also
take String operators (see IAM314 for the Like forms); `aws:EpochTime` takes Date and Numeric
operators; AWS also accepts ARN operators on String keys. Unknown keys are left to IAM304-IAM307.

## Why is this bad?
IAM compares the values with the operator's rules, not the key's: a String comparison of a
Boolean or a numeric one of a date can fail to match - or match - in ways the author did not
intend.

## Example
```json
{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
 "Condition": {"StringEquals": {"aws:ViaAWSService": "true"}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
 "Condition": {"Bool": {"aws:ViaAWSService": "true"}}}
```

## References
- Access Analyzer: TYPE_MISMATCH
- IAM User Guide, IAM JSON policy elements: Condition operators
"""

from ..model import Problem, Replacement, Severity
from . import _keys

CODE = "IAM313"
NAME = "operator-does-not-fit-key-type"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "TYPE_MISMATCH"

_OPERATOR_EXAMPLE = {"String": "StringEquals", "ARN": "ArnLike", "Bool": "Bool", "Date": "DateLessThan",
                     "Numeric": "NumericLessThan", "IPAddress": "IpAddress", "Binary": "BinaryEquals"}


def check(ctx):
    index = _keys.condition_index(ctx)
    if not index.pairs:
        return
    for st, c, r in index.resolved(ctx.catalog):
        op = c.operator
        if not op.known or op.family == "Null":
            continue
        if r.info is None:
            continue
        family = _keys.key_family(r.info.type)
        if family is None:
            continue
        allowed = _keys.compatible(family)
        if op.family in allowed:
            continue
        if op.family == "Numeric" and (_keys.global_entry(c.key) or {}).get("also_numeric"):
            continue
        yield Problem(
            path=c.path, on_key=True,
            message=(f"Use the operator type {_keys.type_name(family)} instead of operator "
                     f"{_keys.type_name(op.family).lower()} for the condition key {c.key} "
                     f"({r.info.type} key: e.g. {_OPERATOR_EXAMPLE.get(family, family)}, not {op.text})"),
            replacement=_ip_operator_fix(st, c, family),
        )


def _ip_operator_fix(st, c, family):
    """StringEquals on an IP key never matches; IpAddress is what was meant. Offered as a quick fix
    (it changes what the statement allows, so never applied by --fix) when the operator block holds
    only this key and the Condition has no IpAddress block already."""
    op = c.operator
    if family != "IPAddress" or op.base not in ("StringEquals", "StringNotEquals") or op.qualifier:
        return None
    new = ("NotIpAddress" if op.negated else "IpAddress") + ("IfExists" if op.if_exists else "")
    block = st.raw.get("Condition", {}).get(op.text)
    if not isinstance(block, dict) or len(block) != 1 or new in st.raw.get("Condition", {}):
        return None
    return Replacement(f"Change {op.text} to {new}", new, safe=False, target=c.operator_path, target_on_key=True)
