"""A resource or trust policy that allows everyone, with no condition restricting who.

## What it does
Reports an `Allow` statement of a resource policy or role trust policy whose `Principal` is
`"*"` or `{"AWS": "*"}` when no condition really restricts the caller or the request's origin:
a strong condition on `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`,
`aws:PrincipalArn`, `aws:PrincipalServiceName`, `aws:PrincipalIsAWSService`, `aws:SourceArn`,
`aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, `aws:SourceOwner`, `aws:SourceVpce`,
`aws:SourceVpc`, `aws:SourceIp`, `aws:VpcSourceIp`, `aws:VpceAccount`, `aws:VpceOrgID`,
`aws:VpceOrgPaths`, `aws:userid`, `aws:username`, `kms:CallerAccount`, `kms:ViaService`,
`lambda:FunctionUrlAuthType`, `sns:Endpoint`, `s3:DataAccessPointAccount`, an OIDC or SAML
claim. A conditional Deny of the same policy that applies to everyone and is conditioned on one
of those keys counts too (the usual "deny unless from my VPC endpoint" pattern). Negated
operators, `...IfExists`, `Null` and `StringLike "*"` do not restrict (see the reason in the
message).

## Why is this bad?
`"*"` is every AWS account in the world and, for most resource types, anonymous callers: the
bucket, queue, topic, key or role is public. Severity is security, risk `resource-exposure`.

## Example
```json
{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
```

## Use instead
```json
{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*",
 "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
```

## References
- Access Analyzer: none (iamlint least-privilege analysis; Access Analyzer's external-access findings report the same exposure for deployed resources)
- IAM User Guide, IAM JSON policy elements: Principal ("Everyone (anonymous users)")
"""

from ..grants import STRONG, judge_condition, key_matches, level_counts, most_sensitive, statement_actions
from ..model import PolicyType, Problem, Severity

CODE = "IAM611"
NAME = "open-to-everyone"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}

RESTRICTING_KEYS = (
    "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
    "aws:principalservicename", "aws:principalisawsservice", "aws:sourcearn", "aws:sourceaccount",
    "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner", "aws:sourcevpce", "aws:sourcevpc",
    "aws:sourceip", "aws:vpcsourceip", "aws:vpceaccount", "aws:vpceorgid", "aws:vpceorgpaths",
    "aws:userid", "aws:username", "kms:calleraccount", "kms:viaservice", "lambda:functionurlauthtype",
    "sns:endpoint", "s3:dataaccesspointaccount", "s3:dataaccesspointarn", "saml:", "cognito-identity.amazonaws.com:",
)


def _restricting(key_lower: str) -> bool:
    if key_matches(key_lower, RESTRICTING_KEYS):
        return True
    # OIDC provider claims (token.actions.githubusercontent.com:sub, accounts.google.com:aud ...)
    prefix = key_lower.split(":", 1)[0]
    return "." in prefix or "/" in prefix


def _denies_outsiders(ctx, actions) -> bool:
    """A Deny for everyone, on (some of) the same actions, conditioned on a restricting key."""
    for d in ctx.policy.statements:
        if not d.is_deny or not d.conditions or d.action is None:
            continue
        if d.principal is not None and not d.principal.is_star:
            continue
        if not any(_restricting(c.key_lower) for c in d.conditions):
            continue
        if set(statement_actions(d, ctx.catalog)) & actions:
            return True
    return False


def check(ctx):
    trust = ctx.policy_type is PolicyType.TRUST
    for st in ctx.policy.statements:
        p = st.principal
        if not st.is_allow or p is None or p.negated or not p.is_star:
            continue
        verdicts = [judge_condition(c, "Allow") for c in st.conditions]
        if any(v.strength == STRONG and _restricting(v.condition.key_lower) for v in verdicts):
            continue
        actions = set(statement_actions(st, ctx.catalog))
        if actions and _denies_outsiders(ctx, actions):
            continue
        if p.raw == "*":
            path = p.path
            written = '"Principal": "*"'
        else:
            v = next(v for t, v in p.entries if t == "AWS" and v.value == "*")
            path = v.path
            written = '{"AWS": "*"}'
        from ..carriers import as_written  # reporting only: a computed action by what was written

        acts = [as_written(a) for a in st.action.strings] if st.action is not None else []
        shown = ", ".join(acts[:3]) + (" ..." if len(acts) > 3 else "")
        if st.action is not None and st.action.negated:
            shown = "every action except " + shown
        if trust:
            msg = f"{written} lets any AWS principal in any account assume this role ({shown})"
        else:
            msg = f"{written} lets anyone, in any account or anonymous, call {shown or 'the actions'} on this resource"
        weak = [v for v in verdicts if _restricting(v.condition.key_lower)]
        if weak:
            msg += f" ({weak[0].condition.key}: {weak[0].reason})"
        msg += "; add a condition such as aws:PrincipalOrgID, aws:SourceAccount or aws:SourceVpce, or name the principals"
        level = most_sensitive(level_counts(actions)) if actions else None
        yield Problem(path=path, message=msg, risk="resource-exposure", access_level=level)
