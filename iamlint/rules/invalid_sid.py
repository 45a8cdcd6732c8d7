"""A `Sid` with characters other than ASCII letters and digits.

## What it does
In IAM identity policies and permissions boundaries, reports a `Sid` containing anything but
`A-Z`, `a-z` and `0-9` (spaces, hyphens, underscores, dots, ...), pointing at the first bad
character.

## Why is this bad?
IAM rejects the policy. Other services (SQS, SNS, S3) accept more characters in their resource
policies, so a Sid copied from one of them fails when the statement moves to an IAM policy.

## Example
```json
{"Sid": "Read-Only Access", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
```

## Use instead
```json
{"Sid": "ReadOnlyAccess", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
```

## References
- Access Analyzer: UNSUPPORTED_SID
- IAM User Guide, IAM JSON policy elements: Sid
"""

import re

from ..model import PolicyType, Problem, Replacement, Severity

CODE = "IAM113"
NAME = "invalid-sid"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "UNSUPPORTED_SID"
POLICY_TYPES = {PolicyType.IDENTITY, PolicyType.BOUNDARY}

_BAD = re.compile(r"[^A-Za-z0-9]")


def check(ctx):
    for st in ctx.policy.statements:
        sid = st.sid
        if not sid:
            continue
        m = _BAD.search(sid)
        if m is None:
            continue
        fixed = _BAD.sub("", sid)
        message = f"Sid {sid!r} has the character {m.group()!r}: IAM allows only A-Z, a-z and 0-9"
        replacement = None
        if fixed:
            message += f"; write {fixed!r}"
            # the finding points at the character; the fix replaces the whole Sid
            replacement = Replacement(f"Change to {fixed!r}", fixed, safe=False, target=st.path + ("Sid",))
        yield Problem(path=st.path + ("Sid",), message=message, span=(m.start(), m.end()), replacement=replacement)
