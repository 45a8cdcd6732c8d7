"""An Allow of every action on every resource: full administrator access.

## What it does
Reports an identity-policy `Allow` statement that grants every action on every resource:
`"Action": "*"` with `"Resource": "*"`, or a `NotAction` whose exclusions match no known action
(so nothing is excluded) with `"Resource": "*"`. An unconditional `Deny` in the same policy that
takes some actions back makes the grant less than full (service-wide-wildcard reports it then).

## Why is this bad?
Whoever holds the policy can do anything in the account, including granting themselves or others
any permission (privilege escalation), deleting audit trails and reading every secret. It is
rarely what a workload needs.

## Example
```json
{"Effect": "Allow", "Action": "*", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- IAM User Guide, Security best practices: apply least-privilege permissions
"""

from ..grants import counts_text, is_full_admin
from ..model import PolicyType, Problem, Severity

CODE = "IAM601"
NAME = "full-admin"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = None
POLICY_TYPES = {PolicyType.IDENTITY}


def check(ctx):
    catalog = ctx.catalog
    for g in ctx.grants:
        if g.resource_scope != "all" or not is_full_admin(g, catalog):
            continue
        st = g.statement
        if st.action.negated:
            path = st.action.path
            on_key = True
            what = f"NotAction excludes no known action, so {st.label} allows every action on every resource"
        else:
            v = next(v for v in st.action.values if v.value == "*")
            path, on_key = v.path, False
            what = f'"Action": "*" on "Resource": "*" allows every action on every resource'
        msg = f"{what}: full administrator access ({counts_text(g.counts)}, and every future action)"
        if g.constrained:
            msg += " whenever its conditions hold"
        yield Problem(path=path, on_key=on_key, message=msg, risk="privilege-escalation",
                      access_level=g.most_sensitive_level)
