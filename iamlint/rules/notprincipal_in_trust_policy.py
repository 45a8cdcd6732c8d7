"""`NotPrincipal` in a role trust policy.

## What it does
Reports a `NotPrincipal` element in a role trust policy.

## Why is this bad?
IAM rejects the trust policy: a role must name who may assume it. "Everyone except X may assume
this role" is never what you want.

## Example
```json
{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/mallory"}, "Action": "sts:AssumeRole"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Deployer"}, "Action": "sts:AssumeRole"}
```

## References
- Access Analyzer: ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL
- IAM User Guide, IAM JSON policy elements: NotPrincipal
"""

from ..model import PolicyType, Problem, Severity
from ._principals import is_trust_policy

CODE = "IAM511"
NAME = "notprincipal-in-trust-policy"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL"
POLICY_TYPES = {PolicyType.TRUST, PolicyType.RESOURCE}


def check(ctx):
    if not is_trust_policy(ctx):
        return
    for st in ctx.policy.statements:
        if "NotPrincipal" in st.raw:
            yield Problem(
                path=st.path + ("NotPrincipal",),
                on_key=True,
                message="NotPrincipal is not allowed in a role trust policy; name the principals that may assume "
                "the role in Principal",
            )
