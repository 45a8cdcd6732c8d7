"""A resource or trust policy that allows everyone, with no condition restricting who.

## What it does
Reports an `Allow` statement of a resource policy or role trust policy whose `Principal` is
`"*"` or `{"AWS": "*"}` when no condition really restricts the caller or the request's origin:
a strong condition on `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`,
`aws:PrincipalArn`, `aws:PrincipalServiceName`, `aws:PrincipalIsAWSService`, `aws:SourceArn`,
`aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, `aws:SourceOwner`, `aws:SourceVpce`,
`aws:SourceVpc`, `aws:SourceIp`, `aws:VpcSourceIp`, `aws:VpceAccount`, `aws:VpceOrgID`,
`aws:VpceOrgPaths`, `aws:userid`, `aws:username`, `kms:CallerAccount`, `kms:ViaService`,
`s3:DataAccessPointAccount`, an OIDC or SAML claim. Negated operators, `...IfExists`, `Null` and
`StringLike "*"` in the Allow do not restrict (see the reason in the message).
`lambda:FunctionUrlAuthType` does not restrict: `NONE` is how a function URL is made public, and
`AWS_IAM` lets any signed caller of any account in; nor does `sns:Endpoint` (where a
subscription delivers, not who subscribes).

A conditional Deny of the same policy counts when it turns away everyone but the listed callers
(the usual "deny unless from my VPC endpoint" pattern): it applies to everyone, covers all of the
Allow's actions and resources (with other such Denies), and each of its conditions is a *negated*
operator on one of those keys (`StringNotEquals aws:SourceVpce`, `NotIpAddress aws:SourceIp`,
`ArnNotLike aws:PrincipalArn`) or an exemption for AWS services (`Bool aws:ViaAWSService
false`). A Deny with a positive operator (`IpAddress aws:SourceIp` on a blocklist) only turns
away the callers it lists and does not count.

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
- Lambda Developer Guide, Control access to Lambda function URLs (AuthType NONE: "public,
  unauthenticated access")
"""

from ..grants import (STRONG, covers_resources, join, judge_condition, key_matches, level_counts, most_sensitive,
                      resource_scope, statement_actions)
from ..model import PolicyType, Problem, Severity

CODE = "IAM611"
NAME = "open-to-everyone"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.RESOURCE, PolicyType.TRUST}

# Keys that say who calls or where the request comes from. Not lambda:FunctionUrlAuthType (NONE is
# the public function URL, AWS_IAM any signed caller of any account) nor sns:Endpoint (where a
# subscription delivers, not who subscribes).
RESTRICTING_KEYS = (
    "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
    "aws:principalservicename", "aws:principalisawsservice", "aws:sourcearn", "aws:sourceaccount",
    "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner", "aws:sourcevpce", "aws:sourcevpc",
    "aws:sourceip", "aws:vpcsourceip", "aws:vpceaccount", "aws:vpceorgid", "aws:vpceorgpaths",
    "aws:userid", "aws:username", "kms:calleraccount", "kms:viaservice",
    "s3:dataaccesspointaccount", "s3:dataaccesspointarn", "saml:", "cognito-identity.amazonaws.com:",
)
# Conditions a perimeter Deny may add to exempt AWS services calling on your behalf
# (`"Bool": {"aws:ViaAWSService": "false"}`): they do not let other callers through.
_SERVICE_EXEMPTIONS = ("aws:viaawsservice", "aws:principalisawsservice")


def _restricting(key_lower: str) -> bool:
    if key_matches(key_lower, RESTRICTING_KEYS):
        return True
    # OIDC provider claims (token.actions.githubusercontent.com:sub, accounts.google.com:aud ...)
    prefix = key_lower.split(":", 1)[0]
    return "." in prefix or "/" in prefix


def _perimeter_deny(d) -> bool:
    """Does a Deny for everyone turn away every caller but the listed ones: each of its conditions
    a negated operator on a restricting key ("StringNotEquals aws:SourceVpce", "NotIpAddress
    aws:SourceIp", "ArnNotLike aws:PrincipalArn", with or without IfExists), or an exemption for
    AWS services ("Bool aws:ViaAWSService false"), and at least one of the former? A Deny with a
    positive operator ("IpAddress aws:SourceIp 198.51.100.0/24") only turns away the callers it
    lists: everyone else is still let in."""
    negated = False
    for c in d.conditions:
        op = c.operator
        key = c.key_lower
        if key in _SERVICE_EXEMPTIONS and op.family == "Bool" and [str(v.value).lower() for v in c.values] == ["false"]:
            continue
        if not (op.negated and _restricting(key)):
            return False
        negated = True
    return negated


def _outside_perimeter(ctx, st, actions):
    """The statement's actions that no perimeter Deny for everyone (_perimeter_deny) covers on its
    resources (all of them, unordered, if there is no such Deny)."""
    left = set(actions)
    scope, resources = resource_scope(st)
    for d in ctx.policy.statements:
        if not d.is_deny or not d.conditions or d.action is None:
            continue
        if d.principal is not None and not d.principal.is_star:
            continue
        if not _perimeter_deny(d) or not covers_resources(d, scope, resources):
            continue
        left.difference_update(statement_actions(d, ctx.catalog))
        if not left:
            break
    return left


def _why_not_restricting(ctx, st, actions, left) -> str:
    """Why the Denies that look like a perimeter do not close the statement ("" if none does)."""
    if left != actions:
        names = sorted(a.full_name for a in left)
        return f" (no Deny turns away other callers for {names[0]}{' and more' if len(names) > 1 else ''})"
    for d in ctx.policy.statements:
        if not (d.is_deny and d.conditions and (d.principal is None or d.principal.is_star)):
            continue
        keyed = [c for c in d.conditions if _restricting(c.key_lower)]
        if not keyed or _perimeter_deny(d):
            continue
        positive = next((c for c in keyed if not c.operator.negated), None)
        if positive is not None:
            return (f" (the Deny {d.label} only turns away the callers its {positive.operator.text} {positive.key} "
                    "condition matches)")
        other = next(c for c in d.conditions if not (c.operator.negated and _restricting(c.key_lower))
                     and c.key_lower not in _SERVICE_EXEMPTIONS)
        return (f" (the Deny {d.label} turns away other callers only when its {other.operator.text} {other.key} "
                "condition also holds)")
    return ""


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
        left = _outside_perimeter(ctx, st, actions) if actions else actions
        if actions and not left:
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
        shown = join(acts, 3)  # "a, b and 2 more"
        if st.action is not None and st.action.negated:
            shown = "every action except " + shown
        if trust:
            msg = f"{written} lets any AWS principal in any account assume this role ({shown})"
        else:
            msg = f"{written} lets anyone, in any account or anonymous, call {shown or 'the actions'} on this resource"
        weak = [v for v in verdicts if _restricting(v.condition.key_lower)]
        if weak:
            msg += f"; the condition on {weak[0].condition.key} does not restrict who, as {weak[0].reason}"
        elif any(c.key_lower == "lambda:functionurlauthtype" and [str(v.value).upper() for v in c.values] == ["NONE"]
                 for c in st.conditions):
            msg += " (lambda:FunctionUrlAuthType NONE: the function URL takes unauthenticated requests)"
        elif actions:
            msg += _why_not_restricting(ctx, st, actions, left)
        msg += "; add a condition such as aws:PrincipalOrgID, aws:SourceAccount or aws:SourceVpce, or name the principals"
        level = most_sensitive(level_counts(actions)) if actions else None
        yield Problem(path=path, message=msg, risk="resource-exposure", access_level=level)
