"""`NullIfExists`: the Null operator with the IfExists suffix.

## What it does
Reports the operator `NullIfExists` (with or without a set qualifier). `Null` already tests
whether the key is present, so it does not take the `IfExists` suffix.

## Why is this bad?
Access Analyzer reports it as an error. The author probably meant plain `Null`; with
`IfExists` the meaning is unclear (a missing key would make the test true whatever the value).

## Example
```json
{"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*",
 "Condition": {"NullIfExists": {"aws:RequestTag/team": "true"}}}
```

## Use instead
```json
{"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*",
 "Condition": {"Null": {"aws:RequestTag/team": "true"}}}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`): plain `Null` is a guess of what was
meant, and it changes which requests the condition matches.

## References
- Access Analyzer: NULL_WITH_IF_EXISTS
- IAM User Guide, IAM JSON policy elements: Condition operators (Null, ...IfExists)
"""

from ..model import Problem, Replacement, Severity
from . import _keys

CODE = "IAM302"
NAME = "null-with-if-exists"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "NULL_WITH_IF_EXISTS"


def check(ctx):
    for st, op_text, op_path, _block, op in _keys.condition_index(ctx).blocks:
        if op.family != "Null" or not op.if_exists:
            continue
        message = f"{op_text!r}: Null does not take the IfExists suffix; write 'Null'"
        replacement = None
        if op.qualifier is None and "Null" not in st.condition_raw:
            replacement = Replacement("Change to Null", "Null", safe=False)  # a guess of what was meant
        yield Problem(path=op_path, message=message, on_key=True, replacement=replacement)
