"""A principal-identity condition key in a statement whose only principals are AWS services.

## What it does
Reports `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`
and `aws:PrincipalTag/<key>` in a statement of a resource or trust policy whose `Principal` lists
only service principals (`{"Service": [...]}` and nothing else). Conditions written with an
`...IfExists` operator or with `Null` are not reported (they state on purpose what happens when the
key is absent), nor the principal tags a service does set: IAM Roles Anywhere
(`rolesanywhere.amazonaws.com`) maps the authenticating certificate to `aws:PrincipalTag/x509Subject/*`,
`x509Issuer/*` and `x509SAN/*` for exactly such conditions.

## Why is this bad?
A service principal is not an IAM identity in your organization: requests it makes carry no
principal ARN, account, organization or tags, so the condition never matches and the statement
never grants (or, in a Deny, never denies) what was intended. To limit what the service acts for,
use `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths`.

## Example
```json
{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
 "Resource": "arn:aws:s3:::site/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
 "Resource": "arn:aws:s3:::site/*", "Condition": {"StringEquals": {"aws:SourceOrgID": "o-a1b2c3d4e5"}}}
```

## References
- Access Analyzer: UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL
- IAM User Guide, AWS global condition context keys (availability of the aws:Principal* keys)
- IAM Roles Anywhere User Guide, Attribute mapping and trust policy
"""

from ..model import PolicyType, Problem, Severity
from ._trust import is_service_principal, service_sets_principal_tag

CODE = "IAM542"
NAME = "unsupported-condition-key-for-service-principal"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL"
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}

KEYS = {
    "aws:principalorgid": "aws:SourceOrgID",
    "aws:principalorgpaths": "aws:SourceOrgPaths",
    "aws:principalaccount": "aws:SourceAccount",
    "aws:principalarn": "aws:SourceArn",
}


def check(ctx):
    for st in ctx.policy.statements:
        p = st.principal
        if p is None or p.negated or not st.conditions or not isinstance(p.raw, dict) or not p.entries:
            continue
        if any(t != "Service" or not is_service_principal(v.value) for t, v in p.entries):
            continue
        services = [v.value for _t, v in p.entries]
        for c in st.conditions:
            low = c.key_lower
            service = services[0]
            if low in KEYS:
                instead = KEYS[low]
            elif low.startswith("aws:principaltag/"):
                instead = None
                service = next((s for s in services if not service_sets_principal_tag(s, low)), None)
                if service is None:
                    continue  # every service principal here sets it (Roles Anywhere's x509 tags)
            else:
                continue
            if c.operator.if_exists or c.operator.base == "Null":
                continue
            message = f"{c.key} is never present when {service} calls: the condition never matches"
            if instead:
                message += f"; to limit what the service acts for, use {instead}"
            yield Problem(path=c.path, on_key=True, message=message)
