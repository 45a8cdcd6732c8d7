"""An assumed-role session principal listed next to the role it belongs to.

## What it does
In a role trust policy, reports an `AWS` principal that is an assumed-role session ARN
(`arn:aws:sts::<account>:assumed-role/<role>/<session>`) when the same statement also trusts the
role itself (`arn:aws:iam::<account>:role/<path>/<role>`).

## Why is this bad?
Trusting the role already trusts every session of it, so the session principal adds nothing and
suggests a narrower trust than the policy grants. Remove it (or remove the role, if only that one
session was meant to be trusted).

## Example
```json
{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": [
  "arn:aws:iam::111122223333:role/Deploy",
  "arn:aws:sts::111122223333:assumed-role/Deploy/ci-session"]}}
```

## Use instead
```json
{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Deploy"}}
```

## References
- Access Analyzer: REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY
- IAM User Guide, AWS JSON policy elements: Principal (role sessions)
"""

from ..carriers import as_written
from ..model import PolicyType, Problem, Severity
from ._trust import assumed_role, role_name

CODE = "IAM538"
NAME = "redundant-assumed-role-principal"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY"
POLICY_TYPES = {PolicyType.TRUST}


def check(ctx):
    for st in ctx.policy.statements:
        if st.principal is None or st.principal.negated:
            continue
        aws = st.principal.of_type("AWS")
        if len(aws) < 2:
            continue
        roles = {}
        for v in aws:
            r = role_name(v.value)
            if r is not None:
                roles.setdefault(r, v.value)
        if not roles:
            continue
        for v in aws:
            s = assumed_role(v.value)
            if s is not None and s in roles:
                yield Problem(
                    path=v.path,
                    message=(f"the session principal {as_written(v.value)!r} is redundant: the role {roles[s]!r} is trusted in the "
                             "same statement, which covers all of its sessions"),
                )
