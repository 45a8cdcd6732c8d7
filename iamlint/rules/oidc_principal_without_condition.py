"""An OIDC (web identity) provider trusted without a condition on its own claims.

## What it does
Reports an `Allow` statement of a role trust policy whose `Federated` principal is an OIDC or web
identity provider (`arn:aws:iam::<account>:oidc-provider/<host>`, `cognito-identity.amazonaws.com`,
`accounts.google.com`, `graph.facebook.com`, `www.amazon.com`) when the statement has no condition
on a key of that provider (`<host>:aud`, `<host>:sub`, `<host>:amr`, ...). The GitHub Actions
provider is left to `github-oidc-without-repo-condition` (IAM534), which reports it more precisely.

For an Amazon EKS cluster's issuer (`oidc.eks.<region>.amazonaws.com/id/<id>`, IAM roles for
service accounts) an `:aud` condition is not enough: the statement also needs a `StringEquals` or
`StringLike` condition on `<issuer>:sub` whose values each name a namespace
(`system:serviceaccount:<namespace>:<service-account>`, or `...:<namespace>:*`). Reported: no
`:sub` condition (at the principal), `:sub` tested only with `Null` or a negated operator (at the
key), a value that names no namespace such as `"*"` or `"system:serviceaccount:*"` (at the value).
`IfExists` does not matter (every service account token has a subject); a `Deny` refusing every
subject outside named namespaces counts.

## Why is this bad?
Any identity the provider issues a token to can assume the role: for a public provider (Google,
Cognito identity pools, an EKS cluster's issuer) that means every user, application or service
account of that provider, in any tenant. An EKS cluster issues tokens with the audience
`sts.amazonaws.com` to any pod whose service account is annotated with a role, so with only an
`:aud` condition every service account of the cluster can assume it.

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
- Amazon EKS User Guide, Assign IAM roles to Kubernetes service accounts
"""

from ..carriers import is_placeholder
from ..model import PolicyType, Problem, Severity
from ._trust import GITHUB_HOST, classify_federated, eks_sub_namespace, is_eks_issuer, key_prefix, subject_unconfined

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
                if is_eks_issuer(fed.host):
                    yield from _eks_subject(ctx, st, v, fed)
                continue
            yield Problem(
                path=v.path,
                message=(f"any identity of the OIDC provider {fed.host_text} can assume this role: add a condition on "
                         f"{fed.host_text}:aud (and :sub where the provider sets it) to name the intended audience and subject"),
            )


def _eks_subject(ctx, st, principal, fed):
    """The EKS issuer's `sub` claim must name the namespace (IAM roles for service accounts)."""
    found = subject_unconfined(ctx, st, fed.host, eks_sub_namespace)
    if found is None:
        return
    cond, value = found
    example = '"system:serviceaccount:<namespace>:<service-account>"'
    if cond is None:
        yield Problem(
            path=principal.path,
            message=(f"any service account of the EKS cluster can assume this role: add a condition on "
                     f"{fed.host_text}:sub, e.g. StringEquals {example}"),
            access_analyzer="",  # Access Analyzer has no check on EKS subjects
        )
    elif value is None:
        yield Problem(
            path=cond.path,
            on_key=True,
            message=(f"{cond.key} is only tested with {cond.operator.text}, which requires no service account: any "
                     f"service account of the EKS cluster can assume this role; require it with StringEquals or "
                     f"StringLike, e.g. {example}"),
            access_analyzer="",
        )
    else:
        yield Problem(
            path=value.path,
            message=(f"{value.value!r} does not name a namespace: service accounts of every namespace of the EKS "
                     f"cluster match it and can assume this role; name the namespace and service account, e.g. {example}"),
            access_analyzer="",
        )
