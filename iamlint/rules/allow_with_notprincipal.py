"""`Effect: Allow` together with `NotPrincipal` in a resource policy.

## What it does
Reports an `Allow` statement of a resource-based policy that uses `NotPrincipal`.

## Why is this bad?
"Allow everyone except these principals" grants access to every other principal of every account,
anonymous callers included. Most services reject it, and where it is accepted it is almost never
what was meant. Name the principals to allow in `Principal`, or write `"Principal": "*"` with a
restricting condition (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`).

## Example
```json
{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/mallory"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}, "ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/mallory"}}}
```

## References
- Access Analyzer: ALLOW_WITH_NOT_PRINCIPAL
- IAM User Guide, IAM JSON policy elements: NotPrincipal
"""

from ..model import PolicyType, Problem, Severity
from ._principals import is_trust_policy

CODE = "IAM522"
NAME = "allow-with-notprincipal"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "ALLOW_WITH_NOT_PRINCIPAL"
POLICY_TYPES = {PolicyType.RESOURCE}


def check(ctx):
    if is_trust_policy(ctx):
        return  # NotPrincipal is an error there: notprincipal-in-trust-policy
    for st in ctx.policy.statements:
        if st.effect == "Allow" and "NotPrincipal" in st.raw:
            yield Problem(
                path=st.path + ("NotPrincipal",),
                on_key=True,
                message="Allow with NotPrincipal grants access to every principal not listed, anonymous callers included; "
                'name the principals in Principal, or use "Principal": "*" with a condition on aws:PrincipalOrgID / aws:PrincipalArn',
            )
