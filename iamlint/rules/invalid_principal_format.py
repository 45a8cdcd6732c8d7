"""A `Principal` that is a string other than `"*"`.

## What it does
In resource and trust policies, reports a `Principal` or `NotPrincipal` written as a plain string
other than `"*"`, e.g. `"Principal": "123456789012"`. When the string is recognisably an AWS
account, user, role or session, a service principal, an identity provider or a canonical user, the
message (and the fix) wraps it in the right principal type.

## Why is this bad?
The only string form AWS accepts is `"*"`; every other principal must be a map from a principal
type (`AWS`, `Service`, `Federated`, `CanonicalUser`) to values, and AWS rejects the policy.

## Example
```json
{"Effect": "Allow", "Principal": "arn:aws:iam::111122223333:root", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`): the principal type is guessed from the
string, and the policy AWS rejected becomes one that grants that principal access.

## References
- Access Analyzer: INVALID_PRINCIPAL_FORMAT
- IAM User Guide, IAM JSON policy elements: Principal
"""

import json

from ..carriers import is_placeholder
from ..model import PolicyType, Problem, Replacement, Severity
from ._principals import classify, expected_type

CODE = "IAM514"
NAME = "invalid-principal-format"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_PRINCIPAL_FORMAT"
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}


def check(ctx):
    for st in ctx.policy.statements:
        p = st.principal
        if p is None or not isinstance(p.raw, str) or p.raw == "*" or is_placeholder(p.raw):
            continue  # a computed Principal (`Principal = var.p`) is a map or "*" unknown until deploy
        message = f'{p.key} must be "*" or a map such as {{"AWS": [...]}}, not the string {p.raw!r}'
        replacement = None
        ptype = expected_type(classify(p.raw.strip()).kind) if p.raw.strip() else None
        if ptype is not None:
            new = {ptype: p.raw.strip()}
            message += f"; did you mean {json.dumps(new)}?"
            replacement = Replacement(f"Wrap in {{\"{ptype}\": ...}}", new, safe=False)  # a guess of the type
        yield Problem(path=p.path, message=message, replacement=replacement)
