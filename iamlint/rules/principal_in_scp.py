"""`Principal` or `NotPrincipal` in a service control policy.

## What it does
Reports a `Principal` or `NotPrincipal` element in a policy checked as an SCP (`--type scp`).

## Why is this bad?
An SCP applies to every IAM principal of the accounts it is attached to; AWS Organizations rejects
an SCP with a principal element. It is still not supported after SCPs gained the full IAM
language in September 2025. To exempt or target principals, use a condition on
`aws:PrincipalArn` instead.

## Example
```json
{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/Admin"}, "Action": "iam:*", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Admin"}}}
```

## References
- Access Analyzer: SCP_SYNTAX_ERROR_PRINCIPAL
- AWS Organizations User Guide, SCP syntax
"""

from ..model import PolicyType, Problem, Severity

CODE = "IAM502"
NAME = "principal-in-scp"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "SCP_SYNTAX_ERROR_PRINCIPAL"
POLICY_TYPES = {PolicyType.SCP}


def check(ctx):
    for st in ctx.policy.statements:
        for key in ("Principal", "NotPrincipal"):
            if key in st.raw:
                yield Problem(
                    path=st.path + (key,),
                    on_key=True,
                    message=f"{key} is not allowed in an SCP; remove it and match principals with a condition "
                    "on aws:PrincipalArn (e.g. ArnNotLike) instead",
                )
