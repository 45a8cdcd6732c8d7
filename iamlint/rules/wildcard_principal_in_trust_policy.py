"""`"Principal": "*"` in a role trust policy.

## What it does
Reports a trust-policy statement whose `Principal` is the bare string `"*"`.

## Why is this bad?
Access Analyzer reports it as an error: a trust policy must name a principal type. Whatever the
intent, a role that anyone can assume is rarely right; name the accounts, roles, services or
identity providers that may assume it (`{"AWS": "*"}` with a restricting condition, such as
`aws:PrincipalOrgID`, is the explicit form when you really mean "any AWS principal").

## Example
```json
{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}
```

## References
- Access Analyzer: ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL
- IAM User Guide, IAM JSON policy elements: Principal
"""

from ..model import PolicyType, Problem, Severity
from ._principals import is_trust_policy

CODE = "IAM512"
NAME = "wildcard-principal-in-trust-policy"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL"
POLICY_TYPES = {PolicyType.TRUST, PolicyType.RESOURCE}


def check(ctx):
    if not is_trust_policy(ctx):
        return
    for st in ctx.policy.statements:
        p = st.principal
        if p is not None and not p.negated and p.raw == "*":
            yield Problem(
                path=p.path,
                message='a role trust policy cannot use "Principal": "*"; name who may assume the role, '
                'e.g. {"AWS": "arn:aws:iam::111122223333:root"} or {"Service": "ec2.amazonaws.com"}',
            )
