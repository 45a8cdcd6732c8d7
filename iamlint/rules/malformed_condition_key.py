"""A condition key that is not of the form `prefix:name`.

## What it does
Reports a condition key without a colon, or with nothing before or after it (`SourceIp`,
`aws:`, `:SourceIp`). Every condition key is a service prefix (or `aws`, or an identity
provider) followed by `:` and the key name.

## Why is this bad?
AWS rejects the policy. A key without its prefix is often a global key with `aws:` forgotten.

## Example
```json
{"Effect": "Deny", "Action": "*", "Resource": "*",
 "Condition": {"NotIpAddress": {"SourceIp": "203.0.113.0/24"}}}
```

## Use instead
```json
{"Effect": "Deny", "Action": "*", "Resource": "*",
 "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}
```

## Fix
The `aws:` key offered for a key without a prefix is an unsafe fix (applied by `--fix` only with
`--unsafe-fixes`): it is a guess (the key may belong to a service), and the policy AWS rejected
becomes one whose condition matches requests.

## References
- Access Analyzer: INVALID_CONDITION_KEY_FORMAT
- IAM User Guide, IAM JSON policy elements: Condition
"""

from ..model import Problem, Replacement, Severity
from . import _keys

CODE = "IAM304"
NAME = "malformed-condition-key"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_CONDITION_KEY_FORMAT"


def check(ctx):
    catalog = ctx.catalog
    for c, r in _keys.keys_with_status(ctx, _keys.FORMAT):
        message = f"condition key {c.key!r} is not of the form prefix:name"
        replacement = None
        if ":" not in c.key and c.key.strip():
            guess = "aws:" + c.key.strip()
            info = catalog.condition_key(guess)
            if info is not None and "${" not in info.key:
                message += f"; did you mean {info.key!r}?"
                replacement = Replacement(f"Change to {info.key}", info.key, safe=False)  # a guess
        yield Problem(path=c.path, message=message, on_key=True, replacement=replacement)
