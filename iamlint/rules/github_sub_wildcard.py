"""A wildcard in the GitHub Actions `:sub` condition: pin the repository and branch.

## What it does
Reports each value of `token.actions.githubusercontent.com:sub` that contains `*` or `?` under a
`StringLike`-family operator in a role trust policy (under `StringEquals` the characters are
literal, so nothing is reported) and still names one repository owner (`repo:<owner>/...`). The
message says what the pattern lets in: every repository of the owner, any branch of a
repository, the branches under `release/`, the environments whose name starts with `prod`...
A value that names one repository (`repo:<org>/<repo>:...`) is accepted when the statement also
pins `token.actions.githubusercontent.com:ref` without a wildcard. A value that names no owner
(`*`, `repo:*`, `repo:octo*`) lets any repository on GitHub in and is reported, as a security
warning, by `github-oidc-without-repo-condition` (IAM534).

## Why is this bad?
`repo:example-org/*` lets every repository of the organisation (and every branch, pull request
and fork-triggered workflow in it) assume the role; `repo:example-org/app:*` lets any branch or
pull request of the repository deploy. Name the repository and the branch or environment.

## Example
```json
{"StringLike": {"token.actions.githubusercontent.com:sub": "repo:example-org/*"}}
```

## Use instead
```json
{"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:example-org/deploy:ref:refs/heads/main"}}
```

## References
- Access Analyzer: SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED
- IAM User Guide, Configuring a role for GitHub OIDC identity provider
"""

import re

from ..carriers import as_written
from ..model import PolicyType, Problem, Severity
from ._trust import GITHUB_HOST, describe_github_sub, github_sub_owner

CODE = "IAM535"
NAME = "github-sub-wildcard"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED"
POLICY_TYPES = {PolicyType.TRUST}

SUB_KEY = GITHUB_HOST + ":sub"
REF_KEY = GITHUB_HOST + ":ref"
_ONE_REPO = re.compile(r"repo:[^*?/:]+/[^*?/:]+:")


def _ref_pinned(st) -> bool:
    for c in st.conditions:
        if c.key_lower == REF_KEY and not c.operator.negated and c.values and all(
            isinstance(v.value, str) and ("*" not in v.value and "?" not in v.value or not c.operator.like)
            for v in c.values
        ):
            return True
    return False


def check(ctx):
    for st in ctx.policy.statements:
        if not st.is_allow:
            continue
        pinned = None
        for c in st.conditions:
            if c.key_lower != SUB_KEY or not c.operator.like or c.operator.negated:
                continue
            for v in c.values:
                value = v.value
                if not isinstance(value, str) or ("*" not in value and "?" not in value):
                    continue
                if github_sub_owner(value, True) is None:
                    continue  # names no owner: any repository on GitHub, reported by IAM534
                if _ONE_REPO.match(value):
                    if pinned is None:
                        pinned = _ref_pinned(st)
                    if pinned:
                        continue
                what = describe_github_sub(as_written(value))  # a computed part as written
                yield Problem(
                    path=v.path,
                    message=(f"{as_written(value)!r} lets {what} assume this role; name the repository and branch, "
                             "e.g. \"repo:<org>/<repo>:ref:refs/heads/main\" (or \"...:environment:<name>\")"),
                )
