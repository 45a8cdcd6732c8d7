"""`ForAllValues:Null` or `ForAnyValue:Null`: a set qualifier on the Null operator.

## What it does
Reports the Null operator with a `ForAllValues:` or `ForAnyValue:` qualifier.

## Why is this bad?
`Null` tests whether the key is present; a set qualifier makes no sense on it.
`ForAllValues:Null` is always true and `ForAnyValue:Null` always false, so the condition does
not test what it seems to.

## Example
```json
{"Effect": "Deny", "Action": "ec2:CreateTags", "Resource": "*",
 "Condition": {"ForAnyValue:Null": {"aws:TagKeys": "true"}}}
```

## Use instead
```json
{"Effect": "Deny", "Action": "ec2:CreateTags", "Resource": "*",
 "Condition": {"Null": {"aws:TagKeys": "true"}}}
```

## References
- Access Analyzer: NULL_WITH_QUALIFIER
- IAM User Guide, Single-valued vs. multivalued context keys
"""

from ..model import Problem, Replacement, Severity
from . import _keys

CODE = "IAM303"
NAME = "null-with-set-qualifier"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "NULL_WITH_QUALIFIER"


def check(ctx):
    for st, op_text, op_path, _block, op in _keys.condition_index(ctx).blocks:
        if op.family != "Null" or op.qualifier is None:
            continue
        always = "always true" if op.qualifier == "ForAllValues" else "always false"
        message = f"{op_text!r} is {always}: Null does not take a set qualifier; write 'Null'"
        replacement = None
        if not op.if_exists and "Null" not in st.condition_raw:
            replacement = Replacement("Change to Null", "Null", safe=False)
        yield Problem(path=op_path, message=message, on_key=True, replacement=replacement)
