"""A `Federated` principal in a resource policy that is not a role trust policy.

## What it does
Reports the `Federated` key of a principal in a resource-based policy (bucket policy, queue policy,
key policy, ...) that is not a role trust policy.

## Why is this bad?
Federated identities (SAML, OIDC, Cognito, web identity providers) can only be granted the right
to assume a role, in that role's trust policy. In any other resource policy the entry grants
nothing, or the policy is rejected. Grant access to the role the federated users assume instead.

## Example
```json
{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Okta"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/OktaReaders"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## References
- Access Analyzer: FEDERATED_PRINCIPAL_NOT_SUPPORTED
- IAM User Guide, IAM JSON policy elements: Principal (federated users)
"""

from ..model import PolicyType, Problem, Severity
from ._principals import is_trust_policy

CODE = "IAM517"
NAME = "federated-principal-outside-trust-policy"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "FEDERATED_PRINCIPAL_NOT_SUPPORTED"
POLICY_TYPES = {PolicyType.RESOURCE}


def check(ctx):
    if is_trust_policy(ctx):
        return
    for st in ctx.policy.statements:
        p = st.principal
        if p is None or not isinstance(p.raw, dict) or "Federated" not in p.raw:
            continue
        yield Problem(
            path=p.path + ("Federated",),
            on_key=True,
            message="Federated principals are supported only in role trust policies; grant access to the role "
            "the federated users assume ({\"AWS\": \"arn:aws:iam::ACCOUNT:role/NAME\"}) instead",
        )
