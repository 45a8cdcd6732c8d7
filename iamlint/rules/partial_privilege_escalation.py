"""A policy grants every action of a PassRole escalation method except iam:PassRole.

## What it does
Opt-in (`--extend-select IAM636`). Reports identity policies that grant all the actions of an
`iam:PassRole` privilege-escalation method (see `privilege-escalation`, IAM630) except
`iam:PassRole` itself, e.g. `ec2:RunInstances` alone: the method is complete as soon as another
policy attached to the same principal grants `iam:PassRole` on a privileged role (Bishop Fox's
tool test FN1: `fn1-privesc3-partial` + `fn1-passrole-star`). A single document cannot tell, so
the finding is a `suggestion` to review the principal's other policies. Points at the first
granting entry and names the method and the missing action.

## Why is this bad?
Privilege escalation is a property of everything a principal holds: splitting a method across
two policies hides it from any review that looks at one policy at a time.

## Example
```json
{"Effect": "Allow", "Action": ["ec2:DescribeInstances", "ec2:RunInstances"], "Resource": "*"}
```

## Use instead
Make sure no other policy of the principal grants `iam:PassRole` on a role more privileged than
the principal, e.g. limit it with `iam:PassedToService` and role ARNs.

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- Bishop Fox iam-vulnerable, modules/free-resources/tool-testing/fn1-privesc3-multiple-policies.tf
"""

from functools import lru_cache

from ..model import PolicyType, Problem, Severity
from . import _risks

CODE = "IAM636"
NAME = "partial-privilege-escalation"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.IDENTITY}
DEFAULT = False


@lru_cache(maxsize=None)
def _without_pass_role():
    """(method, the method without its iam:PassRole step) for the PassRole methods of two or more steps."""
    out = []
    for method in _risks.methods():
        if method.family != "passrole" or len(method.groups) < 2:
            continue
        rest = _risks.Method(method.id, tuple(g for g in method.groups if g[0] != "iam:passrole"),
                             method.display, None, method.family, method.description, method.source)
        out.append((method, rest))
    return tuple(out)


def check(ctx):
    pr = _risks.policy_risks(ctx)
    if not pr.hits or pr.granted("iam:passrole"):
        return
    by_anchor = {}
    for method, rest in _without_pass_role():
        hits = pr.method_hits(rest)
        if hits is None:
            continue
        anchor = min(hits, key=lambda h: h.order)
        by_anchor.setdefault((anchor.order, anchor.path, anchor.on_key), []).append((method, anchor))
    for (_o, path, on_key), found in sorted(by_anchor.items(), key=lambda kv: kv[0][0]):
        ids = [m.id for m, _a in found]
        yield Problem(
            path=path,
            on_key=on_key,
            message=(f"grants all of {_risks.join(ids, 3)} except iam:PassRole: if another policy of the same "
                     "principal allows iam:PassRole on a privileged role, this is a privilege escalation"),
            risk=_risks.PRIVILEGE_ESCALATION,
            access_level=_risks.access_level(found[0][1]),
        )
