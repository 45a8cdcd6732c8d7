"""A `Federated` principal in a role trust policy that is neither a domain name nor an identity-provider ARN.

## What it does
Checks every `Federated` value of a role trust policy: it must be the domain name of a web
identity provider (`cognito-identity.amazonaws.com`, `accounts.google.com`, `www.amazon.com`,
`graph.facebook.com`, an OIDC host) or the ARN of a SAML or OIDC identity provider
(`arn:aws:iam::<account>:saml-provider/<name>`, `arn:aws:iam::<account>:oidc-provider/<host>`).
A URL with its `https://` scheme is reported with the bare domain as the fix.

## Why is this bad?
IAM rejects the trust policy: a role ARN, an account ID or a provider URL with a scheme is not a
federated principal, so the role cannot be created or updated.

## Example
```json
{"Effect": "Allow", "Principal": {"Federated": "https://accounts.google.com"},
 "Action": "sts:AssumeRoleWithWebIdentity"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"},
 "Action": "sts:AssumeRoleWithWebIdentity",
 "Condition": {"StringEquals": {"accounts.google.com:aud": "my-client-id"}}}
```

## Fix
The bare domain offered for a URL is an unsafe fix (applied by `--fix` only with
`--unsafe-fixes`): it is a guess of the provider meant, and the trust policy IAM rejected
becomes one that lets that provider's users assume the role.

## References
- Access Analyzer: INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY
- IAM User Guide, AWS JSON policy elements: Principal (federated principals)
"""

from ..model import PolicyType, Problem, Replacement, Severity
from ._trust import classify_federated

CODE = "IAM530"
NAME = "invalid-federated-principal"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY"
POLICY_TYPES = {PolicyType.TRUST}


def check(ctx):
    for st in ctx.policy.statements:
        if st.principal is None:
            continue
        for ptype, v in st.principal.entries:
            if ptype != "Federated":
                continue
            value = v.value
            if "*" in value or "?" in value or "${" in value:
                continue  # wildcard / variable rules report these
            fed = classify_federated(value)
            if fed.kind != "invalid":
                continue
            message = f"{value!r} is not a federated principal: {fed.reason}"
            replacement = None
            if fed.suggestion:
                message += f"; did you mean {fed.suggestion!r}?"
                replacement = Replacement(f"Change to {fed.suggestion!r}", fed.suggestion, safe=False)
            yield Problem(path=v.path, message=message, replacement=replacement)
