"""`ForAnyValue:` on an OIDC audience (`:aud`) claim, which is single-valued.

## What it does
Reports a condition on an OIDC provider's audience key (`<provider-host>:aud`, e.g.
`token.actions.githubusercontent.com:aud`, `cognito-identity.amazonaws.com:aud`) that uses a
`ForAnyValue:` operator in a role trust policy.

## Why is this bad?
The audience claim names the one client a token was issued for, and IAM treats the key as
single-valued. `ForAnyValue:` asks whether *any* of the token's audiences matches: should a
provider issue a token for several audiences, a token meant for another application would pass
the check too. The plain operator states the intent exactly.

## Example
```json
{"ForAnyValue:StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
```

## Use instead
```json
{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
```

## References
- Access Analyzer: FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE
- IAM User Guide, Available keys for AWS OIDC federation (aud)
"""

from ..model import PolicyType, Problem, Severity
from ._trust import audience_conditions_under

CODE = "IAM536"
NAME = "for-any-value-on-audience-claim"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = "FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE"
POLICY_TYPES = {PolicyType.TRUST}


def check(ctx):
    for c, plain in audience_conditions_under(ctx, "ForAnyValue"):
        yield Problem(
            path=c.path,
            on_key=True,
            message=f"{c.key} is a single-valued claim: use {plain!r} instead of {c.operator.text!r}",
        )
