"""A policy grants a documented privilege-escalation method.

## What it does
Checks an identity policy against the publicly documented privilege-escalation methods (53 of
them, listed with their sources in `iamlint/data/risk_privilege_escalation.json`): single actions
such as `iam:CreatePolicyVersion`, `iam:AttachRolePolicy`, `iam:PutUserPolicy`,
`iam:CreateAccessKey` on other users, `lambda:UpdateFunctionCode`, `ssm:SendCommand`, and
combinations such as `iam:PassRole` + `ec2:RunInstances` or `iam:PassRole` +
`lambda:CreateFunction` + `lambda:InvokeFunction`. A method counts when every action it needs is
granted by some `Allow` statement of the same policy (after unconditional `Deny` statements of
the policy take their actions away), on a resource scope that is not provably harmless:
`iam:CreatePolicyVersion` only on `arn:aws:iam::aws:policy/...` (the AWS-managed namespace, which
no customer can modify) or `iam:CreateAccessKey` only on `user/${aws:username}` (oneself) cannot
be exploited. A statement whose condition can never be true today (`DateLessThan` on
`aws:CurrentTime` or `aws:TokenIssueTime` with a past date) grants nothing, and `iam:PassRole`
limited by `iam:PassedToService` only counts for the services it names.

A statement that pins `iam:PermissionsBoundary` to named policies (`StringEquals` or `ArnEquals`,
no wildcard, not `IfExists`, not `AdministratorAccess`) is AWS's documented way to delegate role
and user administration: `iam:AttachRolePolicy`, `iam:PutRolePolicy`,
`iam:PutRolePermissionsBoundary` (and the User ones) then act only on identities that boundary
limits, and can only set that boundary, so they are not escalations. Deleting the boundary undoes
the pin: `iam:DeleteRolePermissionsBoundary` / `iam:DeleteUserPermissionsBoundary` are still
reported, with advice to deny them as AWS's example does.

One finding per granting entry: it points at the first `Action` entry (or the `NotAction` key)
that grants the method and names the method, its actions and, for a combination, the statements
that grant them; several methods granted by the same entry (e.g. `iam:*`) are reported together.

Severity: `security` for methods that change permissions or credentials directly or pass a role
to a service that runs code, granted on every resource without a strong condition; `warning`
when the resources are limited to some ARNs or a strong condition applies (the grant may still
be exploitable, e.g. `arn:aws:iam::*:policy/team-*`), and for methods that take over an existing
resource (`ssm:SendCommand`, `lambda:UpdateFunctionCode`), which depend on a privileged
resource existing. Those take-over methods are a `suggestion` when every action they need is
limited to named resources (`function:orders-*`, `stack/orders-*/*`, or a strong
`aws:ResourceTag` condition; not `function:*`): that is the shape of a scoped deploy role, and
the escalation exists only if those functions, stacks or instances run with a role more
privileged than the policy's holder, which a policy cannot show; the finding names them so that a
reviewer can check. A policy that grants only part of a combination (e.g. `ec2:RunInstances`
without `iam:PassRole`) is not reported: the other part may come from another policy of the same
principal, which a single-document linter cannot see (`partial-privilege-escalation`, opt-in,
names those).

## Why is this bad?
Whoever holds the policy can make themselves (or a role they control) administrator: the policy
is effectively `"Action": "*"` however narrow it looks.

## Example
```json
{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/web-app",
 "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- Rhino Security Labs, "AWS IAM Privilege Escalation - Methods and Mitigation"
- Bishop Fox, iam-vulnerable (privilege escalation paths)
- IAM User Guide, Permissions boundaries for IAM entities (delegating responsibility to others
  using permissions boundaries)
"""

from ..model import PolicyType, Problem, Severity
from . import _risks

CODE = "IAM630"
NAME = "privilege-escalation"
SEVERITY = Severity.SECURITY
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.IDENTITY}


def check(ctx):
    pr = _risks.policy_risks(ctx)
    if not pr.hits:
        return ()  # most documents: no generator made
    return _problems(pr)


def _problems(pr):
    by_anchor = {}
    for method in pr.candidate_methods():
        hits = pr.method_hits(method)
        if hits is None:
            continue
        anchor = min(hits, key=lambda h: h.order)
        certain = method.family in ("iam", "passrole") and all(
            h.unscoped and not any(c.strength == _risks.STRONG for c in h.grant.conditions) for h in hits
        )
        by_anchor.setdefault((anchor.order, anchor.path, anchor.on_key), []).append((method, hits, anchor, certain))
    for (_order, path, on_key), found in sorted(by_anchor.items(), key=lambda kv: kv[0][0]):
        anchor = found[0][2]
        if any(c for *_x, c in found):
            severity = Severity.SECURITY
        elif all(m.family == "existing" and _only_named_resources(pr, m) for m, *_x in found):
            severity = Severity.SUGGESTION
        else:
            severity = Severity.WARNING
        if len(found) == 1:
            method, hits, _a, _c = found[0]
            description = method.description
            if method.description_when_pinned and any(pr.pinned(h.grant) for h in hits):
                description = method.description_when_pinned
            message = f"grants privilege escalation ({method.id}): {_describe(method, hits)}. {description}"
        else:
            items = [f"{m.id} ({' + '.join(m.display)})" for m, *_rest in found]
            message = f"grants {len(found)} privilege-escalation methods: {_risks.join(items, 4)}"
        if severity is Severity.SUGGESTION:
            message += ("" if message.endswith(".") else ".") + (" The statement limits the resources: check that none of them runs with a role more privileged "
                        "than the holder of this policy.")
        yield Problem(
            path=path,
            on_key=on_key,
            message=message,
            risk=_risks.PRIVILEGE_ESCALATION,
            access_level=_risks.access_level(anchor),
            severity=severity,
        )


def _only_named_resources(pr, method) -> bool:
    """Does every statement that grants an action of the method limit it to named resources: ARNs
    none of whose wildcards stands for every resource of its kind (`function:orders-*`, not
    `function:*`), or a strong condition that narrows the resources (aws:ResourceTag/...)?"""
    return all(not pr.wide(h.grant) or pr.scoped(h.grant)
               for group in method.groups for name in group for h in pr.granted(name))


def _describe(method, hits) -> str:
    statements = {id(h.grant) for h in hits}
    if len(hits) == 1 or len(statements) == 1:
        return " + ".join(h.info.full_name if h.info else n for h, n in zip(hits, method.display))
    return " + ".join(
        f"{h.info.full_name if h.info else n} ({_risks.where(h)})" for h, n in zip(hits, method.display)
    )
