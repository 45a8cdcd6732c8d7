"""An OIDC (web identity) provider trusted without a condition on its own claims.

## What it does
Reports an `Allow` statement of a role trust policy whose `Federated` principal is an OIDC or web
identity provider (`arn:aws:iam::<account>:oidc-provider/<host>`, `cognito-identity.amazonaws.com`,
`accounts.google.com`, `graph.facebook.com`, `www.amazon.com`) when the statement has no condition
on a key of that provider (`<host>:aud`, `<host>:sub`, `<host>:amr`, ...). The GitHub Actions
provider is left to `github-oidc-without-repo-condition` (IAM534), which reports it more precisely.

## Why is this bad?
Any identity the provider issues a token to can assume the role: for a public provider (Google,
Cognito identity pools, an EKS cluster's issuer) that means every user, application or service
account of that provider, in any tenant.

## Example
```json
{"Effect": "Allow",
 "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE"},
 "Action": "sts:AssumeRoleWithWebIdentity"}
```

## Use instead
```json
{"Effect": "Allow",
 "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE"},
 "Action": "sts:AssumeRoleWithWebIdentity",
 "Condition": {"StringEquals": {
   "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud": "sts.amazonaws.com",
   "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub": "system:serviceaccount:app:app-sa"}}}
```

## References
- Access Analyzer: MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL
- IAM User Guide, Available keys for AWS OIDC federation
"""

from ..carriers import is_placeholder
from ..model import PolicyType, Problem, Severity
from ._trust import GITHUB_HOST, classify_federated, key_prefix

CODE = "IAM533"
NAME = "oidc-principal-without-condition"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.TRUST}


def check(ctx):
    for st in ctx.policy.statements:
        if not st.is_allow or st.principal is None or st.principal.negated:
            continue
        prefixes = None
        for v in st.principal.of_type("Federated"):
            if is_placeholder(v.value):
                continue  # computed at deploy time: which provider is not known
            fed = classify_federated(v.value)
            if not fed.is_oidc or fed.host == GITHUB_HOST:
                continue
            if prefixes is None:
                prefixes = {key_prefix(c.key) for c in st.conditions}
            if fed.host in prefixes:
                continue
            yield Problem(
                path=v.path,
                message=(f"any identity of the OIDC provider {fed.host_text} can assume this role: add a condition on "
                         f"{fed.host_text}:aud (and :sub where the provider sets it) to name the intended audience and subject"),
            )
