"""Two statements with the same `Sid`.

## What it does
Reports a `Sid` that an earlier statement of the same policy already uses. IAM identity
policies, permissions boundaries, SCPs and RCPs require unique Sids (an error); resource-based
and trust policies accept duplicates, so there it is a warning.

## Why is this bad?
IAM rejects an identity policy with duplicate Sids. Elsewhere the duplicate makes findings,
logs and reviews that refer to a statement by its Sid ambiguous.

## Example
```json
[{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
 {"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]
```

## Use instead
```json
[{"Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
 {"Sid": "ListBuckets", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]
```

## References
- Access Analyzer: UNIQUE_SIDS_REQUIRED (identity policies, boundaries, SCPs, RCPs), UNIQUE_SIDS_RECOMMENDED (resource and trust policies)
- IAM User Guide, IAM JSON policy elements: Sid
"""

from ..carriers import is_placeholder
from ..model import PolicyType, Problem, Severity

CODE = "IAM112"
NAME = "duplicate-sid"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "UNIQUE_SIDS_REQUIRED"

_RECOMMENDED = (PolicyType.RESOURCE, PolicyType.TRUST)
_KIND = {
    PolicyType.IDENTITY: "an identity policy",
    PolicyType.BOUNDARY: "a permissions boundary",
    PolicyType.SCP: "an SCP",
    PolicyType.RCP: "an RCP",
}


def check(ctx):
    seen = {}
    recommended = ctx.policy_type in _RECOMMENDED
    for st in ctx.policy.statements:
        sid = st.sid
        if not sid or is_placeholder(sid):
            continue  # a computed Sid (`Sid = var.sid`) is known at deploy time only
        first = seen.get(sid)
        if first is None:
            seen[sid] = st
            continue
        where = f"statement {first.index}" if first.index is not None else "an earlier statement"
        if recommended:
            yield Problem(
                path=st.path + ("Sid",),
                message=f"Sid {sid!r} is already used by {where}; give each statement a unique Sid",
                access_analyzer="UNIQUE_SIDS_RECOMMENDED",
                severity=Severity.WARNING,
            )
        else:
            yield Problem(
                path=st.path + ("Sid",),
                message=f"Sid {sid!r} is already used by {where}; Sids must be unique in {_KIND.get(ctx.policy_type, 'this policy')}",
            )
