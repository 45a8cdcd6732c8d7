"""A trust policy that trusts IAM Roles Anywhere without all three actions it needs.

## What it does
Reports an `Allow` statement of a role trust policy that trusts the service principal
`rolesanywhere.amazonaws.com` but does not grant all of `sts:AssumeRole`, `sts:SetSourceIdentity`
and `sts:TagSession` (wildcards such as `sts:*` count), and names the missing ones.

## Why is this bad?
IAM Roles Anywhere always sets the source identity and session tags when it assumes the role, so
without all three actions the workloads presenting certificates cannot obtain credentials.

## Example
```json
{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"},
 "Action": "sts:AssumeRole"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"},
 "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
 "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/TA_ID"}}}
```

## References
- Access Analyzer: MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY
- IAM Roles Anywhere User Guide, Trust model: role trust policy
"""

from ..carriers import is_placeholder
from ..model import PolicyType, Problem, Replacement, Severity
from ._trust import grants

CODE = "IAM532"
NAME = "roles-anywhere-missing-action"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY"
POLICY_TYPES = {PolicyType.TRUST}

REQUIRED = ("sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession")


def check(ctx):
    for st in ctx.policy.statements:
        if not st.is_allow or st.principal is None or st.action is None or st.action.negated:
            continue
        if any(map(is_placeholder, st.action.texts)):
            continue  # a computed action may be the one missing
        services = [v for v in st.principal.of_type("Service") if v.value.lower() == "rolesanywhere.amazonaws.com"]
        if not services:
            continue
        missing = [a for a in REQUIRED if not grants(st, a.lower())]
        if not missing:
            continue
        message = (f"rolesanywhere.amazonaws.com needs {', '.join(REQUIRED)}; "
                   f"add {', '.join(missing)} to the Action of {st.label}")
        new = st.action.strings + missing
        replacement = Replacement(f"Add {', '.join(missing)}", new, safe=False)
        yield Problem(path=st.action.path, message=message, replacement=replacement)
