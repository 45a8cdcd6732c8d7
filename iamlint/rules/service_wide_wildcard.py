"""A service-wide action wildcard such as `s3:*` or `iam:*` in an Allow.

## What it does
Reports each `svc:*` entry of an `Allow` statement's `Action` (and a bare `"*"` that is not
already full-admin, e.g. because a Deny takes some actions back or Resource is scoped), saying
which access levels the pattern reaches: "s3:* grants 12 Permissions management, 80 Write, ...
actions". Actions that an unconditional Deny of the same policy removes are not counted.
In resource policies only `svc:*` entries are reported (a bare `"*"` there is limited to the
resource's own service). The finding's `access_level` is the most sensitive level reached.
Severity is warning when the statement applies to every resource, suggestion when Resource
lists ARNs.

## Why is this bad?
`svc:*` grants every action of the service, including Permissions management actions
(`s3:PutBucketPolicy`, `iam:AttachRolePolicy`) and every action AWS adds later. Few workloads
need more than a handful.

## Example
```json
{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- IAM User Guide, Security best practices: apply least-privilege permissions
"""

from ..grants import counts_text, is_full_admin, level_counts, most_sensitive, pattern_counts
from ..model import PolicyType, Problem, Severity

CODE = "IAM604"
NAME = "service-wide-wildcard"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
POLICY_TYPES = {PolicyType.IDENTITY, PolicyType.RESOURCE}


def _wildcards(g):
    """Positions of the entries "*" and "svc:*" (cached per Action list as written)."""
    out = []
    for i, text in enumerate(g.statement.action.texts):
        if text != "*":
            if not text.endswith("*"):
                continue
            prefix, sep, name = text.partition(":")
            if not sep or name != "*" or "*" in prefix or "?" in prefix:
                continue
        out.append(i)
    return tuple(out)


def check(ctx):
    catalog = ctx.catalog
    identity = ctx.policy_type is PolicyType.IDENTITY
    for g in ctx.grants:
        st = g.statement
        if not g.wildcard or st.action.negated:  # most lists: plain names
            continue
        wildcards = g.per_entries(NAME, _wildcards)
        if not wildcards:
            continue
        full = None
        denied = frozenset(g.denied) if g.denied else None
        for i in wildcards:
            v = st.action.value_at(i)
            text = v.value
            if text == "*":
                if not identity:
                    continue
                if full is None:
                    full = is_full_admin(g, catalog)
                if full:
                    continue
            if denied:
                counts = level_counts(a for a in catalog.expand(text) if a not in denied)
            else:
                counts = pattern_counts(text, catalog)
            if not counts:
                continue
            level = most_sensitive(counts)
            msg = f"{text} grants {counts_text(counts)}"
            if denied:
                msg += " (after the Deny statements)"
            msg += ", including ones AWS adds later; list the actions needed"
            severity = Severity.SUGGESTION if g.resource_scope == "some" else None
            yield Problem(path=v.path, message=msg, access_level=level, severity=severity)
