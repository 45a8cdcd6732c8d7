"""An RCP statement whose principal is not `"*"`, or that uses `NotPrincipal`.

## What it does
In a resource control policy (`--type rcp`), reports a `Principal` other than the string `"*"`
and any `NotPrincipal`.

## Why is this bad?
AWS Organizations rejects the RCP: its grammar allows only `"Principal": "*"`. An RCP limits what
any principal can do to your resources; to exempt or target principals, write the principal
condition keys (`aws:PrincipalArn`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`, ...) instead.

## Example
```json
{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}
```

## Use instead
```json
{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}
```

## Fix
`"*"` for `{"AWS": "*"}` is a safe fix: the two mean the same, and AWS Organizations accepts
only the first in an RCP.

## References
- Access Analyzer: RCP_SYNTAX_ERROR_PRINCIPAL
- AWS Organizations User Guide, RCP syntax
"""

from ..carriers import is_placeholder
from ..model import PolicyType, Problem, Replacement, Severity

CODE = "IAM504"
NAME = "rcp-principal-not-star"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "RCP_SYNTAX_ERROR_PRINCIPAL"
POLICY_TYPES = {PolicyType.RCP}


def check(ctx):
    for st in ctx.policy.statements:
        if "NotPrincipal" in st.raw:
            yield Problem(
                path=st.path + ("NotPrincipal",),
                on_key=True,
                message='NotPrincipal is not allowed in an RCP; write "Principal": "*" and exclude principals '
                "with a condition on aws:PrincipalArn",
            )
        if "Principal" not in st.raw:
            continue
        raw = st.raw["Principal"]
        if raw == "*" or is_placeholder(raw):
            continue  # a computed Principal may be "*"
        replacement = None
        message = 'an RCP principal must be exactly "*"'
        if raw == {"AWS": "*"}:
            message += '; {"AWS": "*"} means the same: write "*"'
            replacement = Replacement('Change to "*"', "*")
        else:
            message += "; restrict principals with conditions (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID)"
        yield Problem(path=st.path + ("Principal",), message=message, replacement=replacement)
