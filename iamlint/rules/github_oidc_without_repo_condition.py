"""The GitHub Actions OIDC provider trusted without a condition naming the repository owner (`:sub`).

## What it does
Reports an `Allow` statement of a role trust policy that trusts
`token.actions.githubusercontent.com` (the `oidc-provider` ARN or the bare host) unless a
`StringEquals` or `StringLike` condition (with or without `IfExists` or a set qualifier) on
`token.actions.githubusercontent.com:sub` confines the role to the repositories of one owner:
every value must start with `repo:<owner>/` (or, for a customised subject, `repository:<owner>/`,
`repository_owner:<owner>:`, `repository_owner_id:<id>:`, `repository_id:<id>:`). Reported:
- no condition on `:sub` at all (at the principal);
- `:sub` tested only with `Null` or a negated operator (`StringNotEquals`, `StringNotLike`), which
  name no repository (at the key);
- a value that does not start with the owner: `"*"`, `"repo:*"`, `"repo:*/*"`, `"repo:octo*"`
  (also `octo-evil/...`), or a customised subject such as `environment:prod` or
  `job_workflow_ref:...` that workflows of other owners' repositories can present (at the value).

A `Deny` statement that refuses `sts:AssumeRoleWithWebIdentity` to every subject but those of named
owners (`StringNotLike` on `:sub`, its only condition) confines the role too. Wildcards that stay
within one owner are left to `github-sub-wildcard` (IAM535).

## Why is this bad?
Every GitHub Actions workflow of every GitHub user and organisation gets tokens from the same
provider, with `aud` `sts.amazonaws.com`. Without a `:sub` condition naming your repositories (an
`:aud` condition is not enough, and `"Null": {"...:sub": "false"}` or `StringLike "*"` only test
that the claim is present, which it always is), any repository on GitHub can assume the role and
act in your account.

## Example
```json
{"Effect": "Allow",
 "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
 "Action": "sts:AssumeRoleWithWebIdentity",
 "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
               "StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}}}
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
- Access Analyzer: MISSING_GITHUB_REPO_CONDITION_KEY (a wildcard value that names no owner:
  SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED)
- IAM User Guide, Configuring a role for GitHub OIDC identity provider
- GitHub Docs, OpenID Connect reference (subject claims and their customisation)
"""

from ..model import PolicyType, Problem, Severity
from ._trust import GITHUB_HOST, GITHUB_SUB_KEY, classify_federated, github_sub_unconfined

CODE = "IAM534"
NAME = "github-oidc-without-repo-condition"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "MISSING_GITHUB_REPO_CONDITION_KEY"
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.TRUST}

SUB_KEY = GITHUB_SUB_KEY
EXAMPLE = "\"repo:<org>/<repo>:ref:refs/heads/<branch>\""


def check(ctx):
    for st in ctx.policy.statements:
        if not st.is_allow or st.principal is None or st.principal.negated:
            continue
        for v in st.principal.of_type("Federated"):
            fed = classify_federated(v.value)
            if not fed.is_oidc or fed.host != GITHUB_HOST:
                continue
            found = github_sub_unconfined(ctx, st)
            if found is None:
                break
            cond, value = found
            if cond is None:
                yield Problem(
                    path=v.path,
                    message=(f"any GitHub repository's workflow can assume this role: add a condition on {SUB_KEY}, "
                             f"e.g. StringEquals {EXAMPLE}"),
                )
            elif value is None:
                yield Problem(
                    path=cond.path,
                    on_key=True,
                    message=(f"{cond.key} is only tested with {cond.operator.text}, which requires no repository: any "
                             f"GitHub repository's workflow can assume this role; require the repository with StringEquals "
                             f"or StringLike, e.g. {EXAMPLE}"),
                    access_analyzer="",  # the key is there: Access Analyzer does not report this
                )
            else:
                wild = cond.operator.like and isinstance(value.value, str) and ("*" in value.value or "?" in value.value)
                if wild:
                    what = ("does not fix the repository owner: the wildcard also matches other GitHub users' and "
                            "organisations' repositories")
                else:
                    what = ("does not start with the repository owner (repo:<owner>/...): other GitHub users' and "
                            "organisations' repositories can present it")
                yield Problem(
                    path=value.path,
                    message=(f"{value.value!r} {what}, and their workflows can assume this role; name the owner and "
                             f"repository, e.g. {EXAMPLE}"),
                    access_analyzer="SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED" if wild else None,
                )
            break
