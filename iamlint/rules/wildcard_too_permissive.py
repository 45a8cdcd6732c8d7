"""A wildcard in a condition value where AWS demands an exact value.

## What it does
Reports `*` / `?` used as a wildcard (under `StringLike`, `StringNotLike` or an ARN operator) in
three situations:
- on a sensitive key (`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:ResourceAccount`,
  `aws:ResourceOrgID`, `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceVpc`,
  `aws:SourceVpce`, `aws:VpceAccount`, `aws:VpceOrgID`): any wildcard;
- on an organization-path key (`aws:PrincipalOrgPaths`, `aws:ResourceOrgPaths`,
  `aws:SourceOrgPaths`, `aws:VpceOrgPaths`): fewer than 6 literal characters before it;
- on `aws:userid`: a wildcard left of the `:` (in the unique-ID part).

## Why is this bad?
These keys exist to pin a request to one account, organization, network or principal. A wildcard
there (`"aws:SourceAccount": "1111*"`, `"aws:PrincipalOrgPaths": "o-*"`, `"aws:userid": "AROA*:*"`)
lets in accounts, organizations or principals the author never meant.

## Example
```json
"Condition": {"StringLike": {"aws:PrincipalOrgID": "o-a1b2*"}}
```

## Use instead
```json
"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
```

## References
- Access Analyzer: WILDCARD_USAGE_TOO_PERMISSIVE
- AWS global condition context keys: Sensitive condition keys
"""

from ..carriers import as_written
from ..model import Problem, Severity
from ._values import conditions, has_any_key, permissive_keys, permissive_use

CODE = "IAM347"
NAME = "wildcard-too-permissive"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "WILDCARD_USAGE_TOO_PERMISSIVE"


def check(ctx):
    if not has_any_key(ctx, permissive_keys()):
        return
    for st, c in conditions(ctx):
        op = c.operator
        if not (op.family == "ARN" or (op.family == "String" and op.like)):
            continue
        for v in c.values:
            if not isinstance(v.value, str):
                continue
            hit = permissive_use(c.key_lower, v.value, "wildcard")
            if hit:
                start, end, reason = hit
                yield Problem(path=v.path, span=(start, end), message=f"{c.key} {as_written(v.value)!r}: {reason}")
