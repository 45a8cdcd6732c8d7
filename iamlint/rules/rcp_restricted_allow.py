"""An RCP `Allow` statement that is not the full-access statement.

## What it does
In a resource control policy, reports an `Allow` statement that does not have exactly
`"Principal": "*"`, `"Resource": "*"` and no `Condition` (the shape of the AWS-managed
`RCPFullAWSAccess` statement). The report points at the first element that differs and names the
others in the message.

## Why is this bad?
AWS Organizations rejects it. RCPs only restrict: an `Allow` in an RCP cannot grant anything, so
the grammar accepts it only as the full-access statement; every restriction must be a `Deny`.

## Example
```json
{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "NotResource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: RCP_SYNTAX_ERROR_ALLOW
- AWS Organizations User Guide, RCP syntax
"""

from ..carriers import holds_placeholder
from ..model import PolicyType, Problem, Severity

CODE = "IAM505"
NAME = "rcp-restricted-allow"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "RCP_SYNTAX_ERROR_ALLOW"
POLICY_TYPES = {PolicyType.RCP}


def check(ctx):
    for st in ctx.policy.statements:
        if st.effect != "Allow":
            continue
        issues = []  # (path, on_key, text)
        raw = st.raw
        if "NotPrincipal" in raw:
            issues.append((st.path + ("NotPrincipal",), True, "it uses NotPrincipal"))
        elif "Principal" in raw and raw["Principal"] != "*" and not holds_placeholder(raw["Principal"]):
            issues.append((st.path + ("Principal",), False, 'its Principal is not "*"'))
        if "NotResource" in raw:
            issues.append((st.path + ("NotResource",), True, "it uses NotResource"))
        elif "Resource" in raw and raw["Resource"] != "*" and raw["Resource"] != ["*"] and not holds_placeholder(raw["Resource"]):
            issues.append((st.path + ("Resource",), False, 'its Resource is not "*"'))
        if "Condition" in raw:
            issues.append((st.path + ("Condition",), True, "it has a Condition"))
        if not issues:
            continue
        path, on_key, _ = issues[0]
        reasons = ", ".join(text for _p, _k, text in issues)
        yield Problem(
            path=path,
            on_key=on_key,
            message=f"an RCP Allow statement must be the full-access statement (Principal \"*\", Resource \"*\", "
            f"no Condition), but {reasons}; write restrictions as Deny statements",
        )
