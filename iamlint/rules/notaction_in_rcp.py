"""`NotAction` in a resource control policy.

## What it does
Reports a `NotAction` element in a policy checked as an RCP (`--type rcp`).

## Why is this bad?
AWS Organizations rejects the RCP: RCPs accept only `Action`, and only for the services that
support RCPs. List the actions to restrict instead.

## Example
```json
{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Deny", "Principal": "*", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "*"}
```

## References
- Access Analyzer: RCP_SYNTAX_ERROR_NOTACTION
- AWS Organizations User Guide, RCP syntax
"""

from ..model import PolicyType, Problem, Severity

CODE = "IAM506"
NAME = "notaction-in-rcp"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "RCP_SYNTAX_ERROR_NOTACTION"
POLICY_TYPES = {PolicyType.RCP}


def check(ctx):
    for st in ctx.policy.statements:
        if "NotAction" in st.raw:
            yield Problem(
                path=st.path + ("NotAction",),
                on_key=True,
                message="NotAction is not allowed in an RCP; list the actions to restrict in Action",
            )
