"""`ForAllValues:` on an OIDC audience (`:aud`) claim: confirm the claim really is multivalued.

## What it does
Reports a condition on an OIDC provider's audience key (`<provider-host>:aud`) that uses a
`ForAllValues:` operator in a role trust policy. (`ForAnyValue:` on the same key is reported by
`for-any-value-on-audience-claim`, IAM536.)

## Why is this bad?
The `aud` claim of the providers IAM knows (GitHub, Cognito, Google, EKS) is a single string.
`ForAllValues:` treats it as a set: it is also true when the key is absent from the request, so
the condition may not restrict what you think. If the claim is single-valued, use the plain
operator; if your provider really sends several audiences, keep it deliberately.

## Example
```json
{"ForAllValues:StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
```

## Use instead
```json
{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
```

## References
- Access Analyzer: CONFIRM_AUDIENCE_CLAIM_TYPE
- IAM User Guide, Single-valued vs. multivalued context keys
"""

from ..model import PolicyType, Problem, Severity
from ._trust import audience_conditions_under

CODE = "IAM537"
NAME = "set-operator-on-audience-claim"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "CONFIRM_AUDIENCE_CLAIM_TYPE"
POLICY_TYPES = {PolicyType.TRUST}


def check(ctx):
    for c, plain in audience_conditions_under(ctx, "ForAllValues"):
        yield Problem(
            path=c.path,
            on_key=True,
            message=(f"{c.operator.text!r} treats {c.key} as multivalued (and is true when the claim is absent); "
                     f"if the audience is a single value, use {plain!r}"),
        )
