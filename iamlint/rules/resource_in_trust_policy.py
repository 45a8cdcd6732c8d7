"""`Resource` or `NotResource` in a role trust policy.

## What it does
Reports a `Resource` or `NotResource` element in a role trust policy.

## Why is this bad?
IAM rejects the trust policy: the resource of a trust policy is always the role it is attached to,
so the element has no meaning there. It usually means a permissions policy was mixed into the trust
policy.

## Example
```json
{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
```

## References
- Access Analyzer: ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE
- IAM User Guide, role trust policies
"""

from ..model import PolicyType, Problem, Severity
from ._principals import is_trust_policy

CODE = "IAM513"
NAME = "resource-in-trust-policy"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"
POLICY_TYPES = {PolicyType.TRUST, PolicyType.RESOURCE}


def check(ctx):
    if not is_trust_policy(ctx):
        return
    for st in ctx.policy.statements:
        for key in ("Resource", "NotResource"):
            if key in st.raw:
                yield Problem(
                    path=st.path + (key,),
                    on_key=True,
                    message=f"{key} is not allowed in a role trust policy (the resource is the role itself); remove it",
                )
