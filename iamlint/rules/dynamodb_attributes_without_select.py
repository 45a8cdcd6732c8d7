"""`dynamodb:Attributes` restricted without requiring `dynamodb:Select = SPECIFIC_ATTRIBUTES`.

## What it does
Reports an Allow statement that grants DynamoDB read actions (`GetItem`, `BatchGetItem`, `Query`,
`Scan`, through `Action` or `NotAction`) and conditions on `dynamodb:Attributes`, but does not
also require `dynamodb:Select` to be `SPECIFIC_ATTRIBUTES`, with `StringEqualsIfExists` (AWS's own
example) or `StringEquals`.

## Why is this bad?
`dynamodb:Attributes` only sees the attributes a request names. A `Query` or `Scan` that asks for
`Select: ALL_ATTRIBUTES` or `ALL_PROJECTED_ATTRIBUTES` (an index projection) returns attributes
the list does not allow, so the column-level restriction is bypassed. `StringEqualsIfExists` is
the form AWS documents: `GetItem` and `BatchGetItem` have no `Select` parameter, and plain
`StringEquals` would also refuse them.

## Example
```json
{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Users",
 "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["UserId", "Name"]}}}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Users",
 "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["UserId", "Name"]},
               "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}}
```

## References
- Access Analyzer: DYNAMODB_ATTRIBUTES_WITHOUT_SELECT
- IAM User Guide, Amazon DynamoDB: Allows access to specific attributes
  (reference_policies_examples_dynamodb_attributes.html)
- Amazon DynamoDB Developer Guide, Using IAM policy conditions for fine-grained access control
"""

from ..model import Problem, Severity
from ._keys import condition_index

CODE = "IAM355"
NAME = "dynamodb-attributes-without-select"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md

_READS = frozenset(("dynamodb:getitem", "dynamodb:batchgetitem", "dynamodb:query", "dynamodb:scan"))


def _grants_reads(ctx, st) -> bool:
    if st.action is None:
        return False
    if st.action.negated:
        excluded = {a.full_name.lower() for v in st.action.values for a in ctx.catalog.expand(v.value)}
        return bool(_READS - excluded)
    return any(a.full_name.lower() in _READS for v in st.action.values for a in ctx.catalog.expand(v.value))


def _requires_select(st) -> bool:
    for c in st.conditions:
        if c.key_lower != "dynamodb:select" or c.operator.family != "String":
            continue
        op = c.operator
        if op.negated or op.like or op.qualifier:
            continue  # StringEquals or StringEqualsIfExists (AWS's example) only
        if c.values and all(v.value == "SPECIFIC_ATTRIBUTES" for v in c.values):
            return True
    return False


def check(ctx):
    seen = set()
    for st, attrs in condition_index(ctx).by_key.get("dynamodb:attributes", ()):
        if not st.is_allow or id(st) in seen:
            continue
        seen.add(id(st))
        if _requires_select(st) or not _grants_reads(ctx, st):
            continue
        yield Problem(
            path=attrs.path,
            on_key=True,
            message='dynamodb:Attributes is restricted but dynamodb:Select is not required to be SPECIFIC_ATTRIBUTES: a '
            'Query or Scan with Select ALL_ATTRIBUTES or ALL_PROJECTED_ATTRIBUTES returns attributes outside the list; '
            'add "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"} (IfExists: GetItem and '
            'BatchGetItem have no Select parameter)',
        )
