"""An `AWS` principal that is not an account, user, role or session.

## What it does
In resource and trust policies, checks each value under the `AWS` principal type: it must be `"*"`,
a 12-digit account ID, or an ARN `arn:PARTITION:iam::ACCOUNT:root`, `...:user/NAME`,
`...:role/NAME`, `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION` or
`...:federated-user/NAME` (or a legacy CloudFront origin access identity). It reports anything
else and says what is wrong: an account ID without 12 digits, an unknown partition, a Region in an
IAM ARN, an IAM group (groups are never principals), or a value that belongs under another type
(a service principal under `Service`, an identity provider under `Federated`, a canonical user ID
under `CanonicalUser`). Values with wildcards, policy variables or unique IDs are left to
wildcard-in-principal, the variable rules and role-/user-unique-id-principal.

Access Analyzer documents no separate issue code for this: its `INVALID_PRINCIPAL_FORMAT` is about
the shape of the element (a string other than `"*"`), so this rule names no code. IAM and the
services reject such policies when they are saved ("Invalid principal in policy").

## Why is this bad?
The policy is rejected when it is saved (`MalformedPolicyDocument: Invalid principal in policy`),
or, in tools that only template policies, the grant silently goes nowhere.

## Example
```json
{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::11112222333:root", "arn:aws:iam::111122223333:group/admins"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/Admin"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: none (closest: INVALID_PRINCIPAL_FORMAT)
- IAM User Guide, IAM JSON policy elements: Principal (AWS account principals, IAM role and user principals, role session principals)
"""

from ..model import PolicyType, Problem, Severity
from . import _principals as P

CODE = "IAM523"
NAME = "malformed-aws-principal"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = None
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}

_SKIP = P.AWS_KINDS | P.UNIQUE_ID_KINDS | {P.WILDCARD, P.VARIABLE}
_OTHER_TYPE = {
    P.SERVICE: "a service principal",
    P.OIDC_PROVIDER: "an OIDC identity provider",
    P.SAML_PROVIDER: "a SAML identity provider",
    P.WEB_IDENTITY_DOMAIN: "a web identity provider",
    P.CANONICAL_USER: "an S3 canonical user ID",
}


def _reason(value: str, info) -> str:
    kind = info.kind
    if kind in _OTHER_TYPE:
        return f"{value!r} is {_OTHER_TYPE[kind]}: put it under {P.expected_type(kind)!r}, not 'AWS'"
    if kind == P.IAM_GROUP:
        return f"{value!r} is an IAM group, and groups cannot be principals: list the users, or a role they assume"
    if info.detail:
        return f"{value!r} is not a valid AWS principal: {info.detail}"
    return (
        f"{value!r} is not a valid AWS principal: write a 12-digit account ID or an ARN such as "
        "arn:aws:iam::111122223333:root, ...:role/NAME, ...:user/NAME"
    )


def check(ctx):
    for st in ctx.policy.statements:
        p = st.principal
        if p is None:
            continue
        for ptype, v in p.entries:
            if ptype != "AWS":
                continue
            info = P.classify(v.value)
            if info.kind in _SKIP:
                continue
            yield Problem(path=v.path, message=_reason(v.value, info))
