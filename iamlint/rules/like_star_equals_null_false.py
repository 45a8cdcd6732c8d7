"""`StringLike` with the value `"*"`: a roundabout way to require that the key is present.

## What it does
Reports a key under plain `StringLike` (no `ForAllValues:`/`ForAnyValue:`, no `IfExists`) whose
values include `"*"` (or `"**"`...). `"*"` matches every string, so the condition is true exactly
when the key is present: it is `"Null": {"key": "false"}`.

Not reported for `token.actions.githubusercontent.com:sub` and the `:sub` claim of an EKS
cluster's issuer: there `"*"` is not a presence test to tidy up but a role open to every GitHub
repository or every service account of the cluster, which `github-oidc-without-repo-condition`
(IAM534) and `oidc-principal-without-condition` (IAM533) report; writing it as `Null` would hide
that.

## Why is this bad?
The intent ("the resource must carry this tag", "the request must have an encryption context")
is hidden behind a pattern, and any other values listed next to `"*"` are dead. Access Analyzer
recommends the explicit `Null` form for better enforcement.

## Example
```json
"Condition": {"StringLike": {"aws:ResourceTag/project": "*"}}
```

## Use instead
```json
"Condition": {"Null": {"aws:ResourceTag/project": "false"}}
```

## References
- Access Analyzer: EQUIVALENT_TO_NULL_FALSE
- IAM User Guide, Condition operators: Condition operator to check existence of condition keys
"""

from ..model import Problem, Severity
from ._trust import claim_left_to_trust_rules
from ._values import star_only_values

CODE = "IAM350"
NAME = "like-star-equals-null-false"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "EQUIVALENT_TO_NULL_FALSE"


def check(ctx):
    for c, star in star_only_values(ctx, "StringLike", if_exists_too=False):
        if claim_left_to_trust_rules(c.key_lower):
            continue  # any GitHub repository, any service account: IAM534 / IAM533, not a matter of style
        yield Problem(
            path=star.path,
            message=f'StringLike {{"{c.key}": "*"}} only tests that the key is present: write '
            f'"Null": {{"{c.key}": "false"}} instead',
        )
