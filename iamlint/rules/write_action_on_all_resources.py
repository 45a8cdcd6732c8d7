"""Write, Permissions management or Tagging actions on `Resource: "*"` that could be scoped.

## What it does
Reports, once per identity-policy `Allow` statement with `"Resource": "*"` (or an ARN whose
resource part is `*`), the Write, Permissions management and Tagging actions it grants that
AWS lets you limit to resources (the Service Authorization Reference lists resource types for
them), with counts per level and a few of the actions. Actions that only accept `Resource: "*"`
(e.g. `ec2:DescribeInstances`, `s3:ListAllMyBuckets`, `ec2:CreateVpc`... anything without a
resource type) are never reported. A statement whose conditions really constrain the resources
(a strong condition on `aws:ResourceTag/...`, `aws:RequestTag/...`, `aws:ResourceAccount`,
`aws:ResourceOrgID`, or a service-specific key) is not reported; nor is full-admin (IAM601).
Actions named Get*, List*, Describe*, View* or Search* are treated as reads even where the
catalog labels them Write (a handful, e.g. `iot:ListSubscriptions`).

Off by default: AWS's own managed policies grant Write actions on `"*"` in about half of the
1,452 policies, often because the service needs it, so the rule is a review aid to select
(`--extend-select IAM605`) for your own policies rather than a verdict.

## Why is this bad?
A Write or Permissions management action on `*` modifies every resource of that type in the
account (every bucket, every role, every key), where the workload usually needs one or two.

## Example
```json
{"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::uploads/*"}
```

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- Service Authorization Reference (resource types per action), https://docs.aws.amazon.com/service-authorization/latest/reference/
"""

from ..grants import READ_VERBS, STRONG, counts_text, is_full_admin, key_matches, most_sensitive, names
from ..model import PolicyType, Problem, Severity

CODE = "IAM605"
NAME = "write-action-on-all-resources"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.IDENTITY}
# Off by default: AWS's own managed policies use Resource "*" for Write actions in 685 of 1,452
# policies (catalog of 2026-11), so on ordinary policies the rule is a review aid, not a verdict.
DEFAULT = False

LEVELS = ("Permissions management", "Write", "Tagging")
# Condition keys that narrow which resources a statement applies to.
RESOURCE_KEYS = ("aws:resourcetag/", "aws:requesttag/", "aws:tagkeys", "aws:resourceaccount",
                 "aws:resourceorgid", "aws:resourceorgpaths")


def _scoped_by_condition(g) -> bool:
    for c in g.conditions:
        if c.strength != STRONG:
            continue
        key = c.condition.key_lower
        if not key.startswith("aws:") or key_matches(key, RESOURCE_KEYS):
            return True
    return False


def _unscoped(g):
    out = {}
    for level in LEVELS:
        # resource_scoped and not named_like_read, without two calls per action
        acts = [a for a in g.of_level(level) if a._resource_types and not a.name.startswith(READ_VERBS)]
        if acts:
            out[level] = acts
    return out


def check(ctx):
    catalog = ctx.catalog
    for g in ctx.grants:
        if g.resource_scope != "all" or g.statement.resource is None:
            continue
        if is_full_admin(g, catalog) or _scoped_by_condition(g):
            continue
        unscoped = g.cached(NAME, _unscoped)
        if not unscoped:
            continue
        st = g.statement
        counts = {lvl: len(a) for lvl, a in unscoped.items()}
        level = most_sensitive(counts)
        star = next((i for i, t in enumerate(st.resource.texts) if t == "*" or t.endswith(":*")), None)
        path = st.resource.path_of(star) if star is not None else st.resource.path
        they = "it" if sum(counts.values()) == 1 else "they"
        msg = (f"{st.label} grants {counts_text(counts)} on every resource although {they} can be limited to "
               f"resources ({names([a for acts in unscoped.values() for a in acts])}); list the resource ARNs instead of \"*\"")
        yield Problem(path=path, message=msg, access_level=level)
