"""A policy grants Write actions on infrastructure services on every resource, unconditioned.

## What it does
Reports, once per `Allow` statement of an identity policy on every resource (`"*"` or
`NotResource`) without a condition that narrows the resources, the Write-level actions it grants
on infrastructure services (EC2, RDS, Lambda, ECS, EKS, Elastic Load Balancing, Auto Scaling,
CloudFormation, Route 53, CloudFront, API Gateway...; the list is
`iamlint/data/risk_infrastructure_services.json`), with counts per service. Unconditional `Deny`
statements are taken into account; full administrator statements are left to `full-admin`.

Off by default (`--extend-select IAM634`): AWS's own managed policies for these services
(`AmazonEC2FullAccess`, `PowerUserAccess`...) do exactly this, so the rule is a review aid for
your own policies rather than a verdict. Severity `warning`.

## Why is this bad?
Unconstrained Write on infrastructure lets the holder delete databases, open security groups,
reroute DNS or replace running code anywhere in the account; least privilege limits it to the
resources (or tags) of one workload.

## Example
```json
{"Effect": "Allow", "Action": ["ec2:*", "rds:*"], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"], "Resource": "*",
 "Condition": {"StringEquals": {"aws:ResourceTag/team": "web"}}}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- cloudsplaining (Salesforce), risk category Infrastructure Modification
"""

from collections import Counter
from operator import attrgetter

from ..grants import is_full_admin, level_of
from ..model import PolicyType, Problem, Severity
from . import _risks

CODE = "IAM634"
NAME = "infrastructure-modification"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.IDENTITY}
DEFAULT = False

_service_of = attrgetter("service")


def _infra_writes(g):
    """{service: count} of the infrastructure Write actions a grant grants (cached with its
    Action list): counted in C over its Write actions."""
    infra = _risks.infrastructure_services()
    return {s: n for s, n in Counter(map(_service_of, g.of_level("Write"))).items() if s in infra}


def _pattern_has_infra_write(catalog, pattern):
    memo = catalog.memo.setdefault("l2.infra_pattern", {})
    key = pattern.lower()
    hit = memo.get(key)
    if hit is None:
        infra = _risks.infrastructure_services()
        hit = memo[key] = any(a.service in infra and level_of(a) == "Write" for a in catalog.expand(key))
    return hit


def _takes_resource_tag(catalog, actions) -> bool:
    """Does every one of `actions` take aws:ResourceTag (its own keys or its resource types')?"""
    from .sensitive_access_without_condition import _action_keys

    return bool(actions) and all("aws:resourcetag/${tagkey}" in _action_keys(catalog, a) for a in actions)


def check(ctx):
    catalog = ctx.catalog
    for g in ctx.grants:
        if g.resource_scope == "some" or _risks.scoping_condition(g) or is_full_admin(g, catalog):
            continue
        counts = g.cached(NAME, _infra_writes)
        if not counts or not _risks.live_grant(g):
            continue
        st = g.statement
        if st.action.negated:
            path, on_key = st.action.path, True
        else:
            i = next((i for i, t in enumerate(st.action.texts) if _pattern_has_infra_write(catalog, t)), None)
            if i is None:
                continue
            path, on_key = st.action.path_of(i), False
        total = sum(counts.values())
        infra = _risks.infrastructure_services()
        writes = [a for a in g.of_level("Write") if a.service in infra]
        if total == 1:
            what = f"grants {writes[0].full_name}, a Write action on infrastructure,"
        else:
            services = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            what = f"grants {total} Write actions on infrastructure ({_risks.join([f'{s}: {n}' for s, n in services], 4)})"
        # aws:ResourceTag is advised only where the actions take it (the catalog's keys)
        tag = _takes_resource_tag(catalog, writes)
        advice = "limit Resource to the workload's resources" + (" or require aws:ResourceTag" if tag else "")
        yield Problem(
            path=path,
            on_key=on_key,
            message=(f"{what} on every resource without a condition that narrows "
                     f"{'it' if total == 1 else 'them'}: {advice}"),
            risk=_risks.INFRASTRUCTURE_MODIFICATION,
            access_level="Write",
        )
