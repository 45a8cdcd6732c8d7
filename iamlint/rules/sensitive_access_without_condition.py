"""Sensitive access granted on every resource with no condition that really constrains it.

## What it does
Uses a table from access level to the condition keys that count as a constraint (any one of
them, in a condition that really narrows the grant). For each identity-policy `Allow` statement
that grants actions of a listed level on every resource (`"Resource": "*"` or `NotResource`),
it reports the level once when none of the statement's conditions is a strong condition on one
of the level's keys. By default any strong condition, on whatever key, counts as a real
constraint and silences the rule (option `any_strong_condition`): the table then tells which
keys to suggest; set the option to false to enforce the table strictly. Resource ARNs in `Resource` count as a constraint. Weak conditions do not
count and are named in the message: `...IfExists` (true when the key is absent), negated
operators, `ForAllValues`, `Null`, `Bool aws:MultiFactorAuthPresent = false`, `StringLike` with
`"*"`. Actions that an unconditional Deny of the same policy removes are not counted, nor are
the few actions named like reads (Get*, List*, Describe*...) that the catalog labels otherwise.
A full-admin statement is left to full-admin (IAM601).

On by default: about an eighth of AWS's own managed policies grant Permissions management on
`"*"` without a constraint, and each is worth a reviewer's look; projects that disagree can
change the table (below) or turn the rule off.

The default table only covers Permissions management, the level that changes who may do what:
`iam:PermissionsBoundary`, `iam:PolicyARN`, `iam:PassedToService`, `aws:ResourceTag/...`,
`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:MultiFactorAuthPresent` (= true),
`aws:MultiFactorAuthAge`, `aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:ResourceOrgPaths`,
`aws:CalledVia`, `aws:CalledViaFirst`, `aws:ViaAWSService`, or any condition key of the action's
own service (`<service>:*`, e.g. `kms:GrantIsForAWSResource`, `organizations:PolicyType`).

## Why is this bad?
Permissions management actions without a constraint let the holder attach any policy, rewrite
any resource policy or create grants on any key: the usual first step of privilege escalation.
A condition such as a permissions boundary or a resource tag keeps the grant to what was meant.

## Example
```json
{"Effect": "Allow", "Action": ["iam:CreateRole", "iam:AttachRolePolicy"], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["iam:CreateRole", "iam:AttachRolePolicy"], "Resource": "*",
 "Condition": {"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::111122223333:policy/Boundary"}}}
```

## Options
In `[tool.iamlint.rules.sensitive-access-without-condition]`:
- `required_conditions`: a table from access level (`"Permissions management"`, `"Write"`,
  `"Tagging"`, `"Read"`, `"List"`) to the list of condition keys that count as a constraint for
  that level (any of). It replaces the default table for the levels it names; an empty list turns
  a level off. Key names are case-insensitive; `aws:ResourceTag/*` (or `aws:ResourceTag/`) matches
  every tag key, a trailing `*` any suffix, and `<service>:*` any key of the action's own service.
  Example: `required_conditions = {"Write" = ["aws:ResourceTag/*", "aws:RequestedRegion"]}`.
- `any_strong_condition` (default true): whether a strong condition on *any* key silences the rule
  (a real condition is present, even if it is not one of the table's keys, e.g. `StringEquals
  aws:RequestedRegion` or `DateLessThan aws:TokenIssueTime`). Set it to false to make only the
  table's keys count.
- `resource_scoping_counts` (default true): whether listing resource ARNs in `Resource` counts as a
  constraint. Set it to false to require a condition even on scoped statements.

## References
- Access Analyzer: none (least-privilege analysis of iamlint)
- IAM User Guide, Access levels in policy summaries; Permissions boundaries for IAM entities
"""

from functools import lru_cache

from ..catalog import ACCESS_LEVELS
from ..grants import STRONG, counts_text, is_full_admin, key_matches, named_like_read, names
from ..model import PolicyType, Problem, Severity

CODE = "IAM606"
NAME = "sensitive-access-without-condition"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = None
DEPENDS_ON_CONDITIONS = True  # a condition may change the verdict: see docs/writing-rules.md
POLICY_TYPES = {PolicyType.IDENTITY}
# The options table, checked when the configuration is read (a misspelt option is an error).
OPTIONS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "required_conditions": {
            "type": "object",
            "propertyNames": {"enum": list(ACCESS_LEVELS)},
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "any_strong_condition": {"type": "boolean"},
        "resource_scoping_counts": {"type": "boolean"},
    },
}

DEFAULT_TABLE = {
    "Permissions management": (
        "iam:PermissionsBoundary", "iam:PolicyARN", "iam:PassedToService", "aws:ResourceTag/*",
        "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:MultiFactorAuthPresent",
        "aws:MultiFactorAuthAge", "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths",
        "aws:CalledVia", "aws:CalledViaFirst", "aws:ViaAWSService", "<service>:*",
    ),
}


@lru_cache(maxsize=64)
def _table(items):
    """Normalised table: level -> (lowercase patterns, own-service allowed)."""
    table = {level: tuple(keys) for level, keys in DEFAULT_TABLE.items()}
    for level, keys in items:
        table[level] = keys
    out = {}
    for level, keys in table.items():
        if level not in ACCESS_LEVELS or not keys:
            continue
        own = any(k.lower() == "<service>:*" for k in keys)
        pats = tuple(k.lower().replace("/*", "/") if k.lower().endswith("/*") else k.lower()
                     for k in keys if k.lower() != "<service>:*")
        out[level] = (pats, own, tuple(keys))
    return out


def _options(ctx):
    opts = ctx.options(NAME)
    raw = opts.get("required_conditions")
    items = ()
    if isinstance(raw, dict):
        items = tuple(sorted(
            (str(level), tuple(str(k) for k in keys if isinstance(k, str)))
            for level, keys in raw.items() if isinstance(keys, (list, tuple))
        ))
    scoping = opts.get("resource_scoping_counts", True)
    any_strong = opts.get("any_strong_condition", True)
    return _table(items), scoping is not False, any_strong is not False


def check(ctx):
    table, scoping_counts, any_strong = _options(ctx)
    if not table:
        return
    catalog = ctx.catalog
    wanted = [level for level in ACCESS_LEVELS if level in table]
    for g in ctx.grants:
        if g.resource_scope == "some" and scoping_counts:
            continue
        # most statements grant none of the table's levels (cached per Action list): asked first
        levels = [level for level in wanted if g.has_level(level)]
        if not levels or is_full_admin(g, catalog):
            continue
        st = g.statement
        strong = [c.condition.key_lower for c in g.conditions if c.strength == STRONG] if st.conditions else []
        if strong and any_strong:
            continue
        weak = [c for c in g.conditions if c.strength != STRONG]
        for level in levels:
            spec = table[level]
            pats, own, display = spec
            if strong:
                left = [a for a in g.of_level(level) if not named_like_read(a)
                        and not any(key_matches(k, pats) or (own and k.startswith(a.service + ":")) for k in strong)]
            else:
                left = g.cached(f"{NAME}:{level}", lambda g: [a for a in g.of_level(level) if not named_like_read(a)])
            if not left:
                continue
            where = "every resource" if g.resource_scope != "not" else "every resource outside NotResource"
            msg = (f"{st.label} grants {counts_text({level: len(left)})} ({names(left)}) on {where} "
                   f"with no condition that constrains them")
            if weak:
                msg += "; " + "; ".join(f"{c.condition.key}: {c.reason}" for c in weak[:2])
            shown = [k.replace("<service>", left[0].service) for k in display[:4]]
            msg += f"; add a condition such as {', '.join(shown)}" + (" or scope Resource" if scoping_counts else "")
            yield Problem(path=_path_for(st, left, catalog), on_key=st.action.negated, message=msg, access_level=level)


def _path_for(st, acts, catalog):
    if st.action.negated:
        return st.action.path
    wanted = set(acts)
    for i, text in enumerate(st.action.texts):
        if not wanted.isdisjoint(catalog.expand(text)):
            return st.action.path_of(i)
    return st.action.path
