"""The GitHub Actions OIDC provider trusted without a condition on the repository (`:sub`).

## What it does
Reports an `Allow` statement of a role trust policy that trusts
`token.actions.githubusercontent.com` (the `oidc-provider` ARN or the bare host) without a
condition on `token.actions.githubusercontent.com:sub`, the claim that names the repository,
branch or environment of the workflow.

## Why is this bad?
Every GitHub Actions workflow of every GitHub user and organisation gets tokens from the same
provider. Without a `:sub` condition (an `:aud` condition is not enough), any public repository
can assume the role and act in your account.

## Example
```json
{"Effect": "Allow",
 "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
 "Action": "sts:AssumeRoleWithWebIdentity",
 "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}
```

## Use instead
```json
{"Effect": "Allow",
 "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
 "Action": "sts:AssumeRoleWithWebIdentity",
 "Condition": {"StringEquals": {
   "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
   "token.actions.githubusercontent.com:sub": "repo:example-org/deploy:ref:refs/heads/main"}}}
```

## References
- Access Analyzer: MISSING_GITHUB_REPO_CONDITION_KEY
- IAM User Guide, Configuring a role for GitHub OIDC identity provider
"""

from ..model import PolicyType, Problem, Severity
from ._trust import GITHUB_HOST, classify_federated

CODE = "IAM534"
NAME = "github-oidc-without-repo-condition"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "MISSING_GITHUB_REPO_CONDITION_KEY"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.TRUST}

SUB_KEY = GITHUB_HOST + ":sub"


def check(ctx):
    for st in ctx.policy.statements:
        if not st.is_allow or st.principal is None or st.principal.negated:
            continue
        for v in st.principal.of_type("Federated"):
            fed = classify_federated(v.value)
            if not fed.is_oidc or fed.host != GITHUB_HOST:
                continue
            if any(c.key_lower == SUB_KEY for c in st.conditions):
                continue
            yield Problem(
                path=v.path,
                message=(f"any GitHub repository's workflow can assume this role: add a condition on {SUB_KEY}, "
                         "e.g. StringEquals \"repo:<org>/<repo>:ref:refs/heads/<branch>\""),
            )
            break
