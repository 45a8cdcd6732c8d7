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

One finding per granting entry: it points at the first `Action` entry (or the `NotAction` key)
that grants the method and names the method, its actions and, for a combination, the statements
that grant them; several methods granted by the same entry (e.g. `iam:*`) are reported together.

Severity: `security` for methods that change permissions or credentials directly or pass a role
to a service that runs code, granted on every resource without a strong condition; `warning`
when the resources are limited to some ARNs or a strong condition applies (the grant may still
be exploitable, e.g. `arn:aws:iam::*:policy/team-*`), and for methods that take over an existing
resource (`ssm:SendCommand`, `lambda:UpdateFunctionCode`), which depend on a privileged
resource existing. A policy that grants only part of a combination (e.g. `ec2:RunInstances`
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
        severity = Severity.SECURITY if any(c for *_x, c in found) else Severity.WARNING
        if len(found) == 1:
            method, hits, _a, _c = found[0]
            message = f"grants privilege escalation ({method.id}): {_describe(method, hits)}. {method.description}"
        else:
            items = [f"{m.id} ({' + '.join(m.display)})" for m, *_rest in found]
            message = f"grants {len(found)} privilege-escalation methods: {_risks.join(items, 4)}"
        yield Problem(
            path=path,
            on_key=on_key,
            message=message,
            risk=_risks.PRIVILEGE_ESCALATION,
            access_level=_risks.access_level(anchor),
            severity=severity,
        )


def _describe(method, hits) -> str:
    statements = {id(h.grant) for h in hits}
    if len(hits) == 1 or len(statements) == 1:
        return " + ".join(h.info.full_name if h.info else n for h, n in zip(hits, method.display))
    return " + ".join(
        f"{h.info.full_name if h.info else n} ({_risks.where(h)})" for h, n in zip(hits, method.display)
    )
