"""A `*` or `?` inside a principal value that is not exactly `"*"`.

## What it does
In resource and trust policies, reports a principal value with a wildcard that is not the whole
value, e.g. `arn:aws:iam::111122223333:role/*` or `arn:aws:iam::*:root`. The range is the first
wildcard character.

## Why is this bad?
Principals do not support wildcards: `*` is allowed only as the entire value (everyone). AWS
rejects the policy, or the value matches nothing. To match many principals, use `"*"` with a
condition on `aws:PrincipalArn` (`ArnLike` accepts wildcards), `aws:PrincipalAccount` or
`aws:PrincipalOrgID`.

## Example
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci-*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::artifacts/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::artifacts/*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci-*"}}}
```

## References
- Access Analyzer: UNSUPPORTED_WILDCARD_IN_PRINCIPAL
- IAM User Guide, IAM JSON policy elements: Principal
"""

from ..carriers import as_written
from ..model import PolicyType, Problem, Severity
from ._principals import principal_entries, wildcard_span

CODE = "IAM516"
NAME = "wildcard-in-principal"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "UNSUPPORTED_WILDCARD_IN_PRINCIPAL"
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}


def check(ctx):
    for ptype, v in principal_entries(ctx):
        span = wildcard_span(v.value)
        if span is None:
            continue
        hint = (
            "; match principals with a condition on aws:PrincipalArn (ArnLike) instead"
            if ptype == "AWS"
            else ""
        )
        yield Problem(
            path=v.path,
            span=span,
            message=f"principals do not support wildcards: {as_written(v.value)!r} (only a whole \"*\" is allowed){hint}",
        )
