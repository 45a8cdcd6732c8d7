"""Shared machinery of the risk rules (group L2, IAM630-IAM659): which risky actions a policy
really grants, where, and how certainly.

Computed once per document (`policy_risks(ctx)`), on top of `ctx.grants` (iamlint.grants: Allow
statements expanded, unconditional Denies subtracted):

- only the actions named in the risk data files (`iamlint/data/risk_*.json`) are looked at: the
  plain names of an `Action` list are matched against them by one set intersection, and which of
  them a wildcard entry matches is cached per (catalog, pattern); the answer is cached per list as
  written, whatever its wildcards (`*`, NotAction) expand to;
- a statement is *dead* when one of its conditions can never be true today (DateLessThan on
  aws:CurrentTime / aws:TokenIssueTime with dates in the past, NumericLessThan aws:EpochTime in
  the past): it grants nothing;
- a resource scope is *harmless* for an action when none of its ARNs can name a resource of that
  action (another service, a specific ARN for an action that only accepts "*"), when it only names
  the AWS-managed policy namespace (`arn:aws:iam::aws:policy/...`, which no customer can modify)
  for the policy-version actions, or when it only names the caller's own user
  (`user/${aws:username}`) for the credential actions;
- a statement that pins `iam:PermissionsBoundary` to named policies does not grant the
  policy-attaching and boundary-setting actions as escalations (BOUNDARY_PINNABLE): AWS's
  delegation pattern, in which every identity so changed stays within the boundary.
"""

from __future__ import annotations

import datetime as _dt
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Dict, List, Optional, Tuple

from ..catalog import ActionInfo, own_data, wildcard_regex
from ..grants import STRONG, join, level_of  # join: re-exported for the risk rules
from ..model import Problem, Severity

PRIVILEGE_ESCALATION = "privilege-escalation"
DATA_EXFILTRATION = "data-exfiltration"
CREDENTIALS_EXPOSURE = "credentials-exposure"
RESOURCE_EXPOSURE = "resource-exposure"
INFRASTRUCTURE_MODIFICATION = "infrastructure-modification"

# Policy-version actions: the AWS-managed namespace (account "aws") cannot be modified.
AWS_NAMESPACE_HARMLESS = frozenset({"iam:createpolicyversion", "iam:setdefaultpolicyversion"})
# Credential actions: acting on one's own user only (user/${aws:username}) is the documented
# self-service pattern, not a takeover of another user.
SELF_ONLY_HARMLESS = frozenset({
    "iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile",
    "iam:createservicespecificcredential", "iam:resetservicespecificcredential",
})
# Actions whose iam:PermissionsBoundary condition is the permissions boundary of the user or role
# they change. Pinned to named policies (StringEquals iam:PermissionsBoundary <ARN>), they only act
# on identities that policy bounds (and Put*PermissionsBoundary can only set it), so no policy they
# attach or write lifts an identity above the boundary: AWS's documented delegation pattern (IAM
# User Guide, "Permissions boundaries for IAM entities", delegating responsibility to others).
# Delete*PermissionsBoundary is not in the list: it removes the pinned boundary itself.
BOUNDARY_PINNABLE = frozenset({
    "iam:attachrolepolicy", "iam:attachuserpolicy", "iam:putrolepolicy", "iam:putuserpolicy",
    "iam:putrolepermissionsboundary", "iam:putuserpermissionsboundary",
})
# A boundary that allows everything bounds nothing.
_UNBOUNDING = frozenset({"arn:aws:iam::aws:policy/administratoraccess"})
# Condition keys whose strong conditions do not narrow *which data or resources* are reached.
NON_SCOPING_KEYS = frozenset({
    "aws:securetransport", "aws:currenttime", "aws:epochtime", "aws:tokenissuetime",
    "aws:multifactorauthpresent", "aws:multifactorauthage", "aws:requestedregion",
    "aws:useragent", "aws:referer", "aws:viaawsservice", "aws:calledvia", "aws:calledviafirst",
    "aws:calledvialast",
})
_DEAD_DATE_KEYS = frozenset({"aws:currenttime", "aws:tokenissuetime"})
_SELF = "${aws:username}"


# -- data -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Method:
    id: str
    groups: Tuple[Tuple[str, ...], ...]  # each: a required action (lowercase) and its alternatives
    display: Tuple[str, ...]  # required actions as AWS spells them
    passed_to: Optional[str]
    family: str  # iam | passrole | existing | passrole-only
    description: str
    source: str
    unrestricted: bool = False  # needs Resource "*" and no iam:PassedToService condition
    description_when_pinned: Optional[str] = None  # when the granting statement pins iam:PermissionsBoundary


def _low(name: str) -> str:
    return name.lower()


@lru_cache(maxsize=None)
def methods() -> Tuple[Method, ...]:
    out = []
    for m in own_data("risk_privilege_escalation")["methods"]:
        alts = m.get("alternatives", {})
        groups = tuple(tuple(_low(x) for x in [a] + list(alts.get(a, ()))) for a in m["actions"])
        out.append(Method(m["id"], groups, tuple(m["actions"]), m.get("passed_to"), m["family"],
                          m["description"], m["source"], bool(m.get("unrestricted")), m.get("description_when_pinned")))
    return tuple(out)


@lru_cache(maxsize=None)
def action_list(name: str) -> Dict[str, str]:
    """risk_<name>.json: lowercase action -> what it does."""
    return {_low(e["action"]): e["description"] for e in own_data("risk_" + name)["actions"]}


@lru_cache(maxsize=None)
def lowered_severities(name: str) -> frozenset:
    """The actions (lowercase) of risk_<name>.json marked "severity": "suggestion" (see the data
    file's _severity): a finding whose actions are all such is a suggestion."""
    return frozenset(_low(e["action"]) for e in own_data("risk_" + name)["actions"] if e.get("severity") == "suggestion")


@lru_cache(maxsize=None)
def _positions(name: str) -> Dict[str, int]:
    """Lowercase action -> its position in risk_<name>.json."""
    return {action: i for i, action in enumerate(action_list(name))}


@lru_cache(maxsize=None)
def infrastructure_services() -> frozenset:
    return frozenset(s["prefix"] for s in own_data("risk_infrastructure_services")["services"])


@lru_cache(maxsize=None)
def relevant() -> frozenset:
    names = set()
    for m in methods():
        for g in m.groups:
            names.update(g)
    for n in ("data_exfiltration", "credentials_exposure", "resource_exposure"):
        names.update(action_list(n))
    return frozenset(names)


def lower_name(a: ActionInfo) -> str:
    return f"{a.service}:{a.name.lower()}"


# -- per pattern / per action caches (per catalog) ---------------------------------------------------

_service_of = attrgetter("service")


@lru_cache(maxsize=None)
def _relevant_by_service() -> Dict[str, Tuple[str, ...]]:
    """Service prefix -> the relevant actions (lowercase names) of that service."""
    out: Dict[str, List[str]] = {}
    for name in sorted(relevant()):
        out.setdefault(name.split(":", 1)[0], []).append(name)
    return {prefix: tuple(names) for prefix, names in out.items()}


def _relevant_actions(catalog, actions) -> Dict[ActionInfo, str]:
    """ActionInfo -> lowercase name for the relevant actions of the services of `actions` (None:
    of every service that has some), and of the services met before: filled one service at a
    time, when a wildcard first reaches it, by looking the service's relevant names up, so that
    the actions of `s3:*` or `*` need no name built and no lowercasing."""
    memo = catalog.memo.get("l2.relevant")
    if memo is None:
        memo = catalog.memo["l2.relevant"] = ({}, set())
    table, done = memo
    if actions is None or actions:
        by_service = _relevant_by_service()
        services = by_service.keys() if actions is None else set(map(_service_of, actions))
        for prefix in services - done:
            done.add(prefix)
            for name in by_service.get(prefix, ()):
                info = catalog.action(name)
                if info is not None:
                    table[info] = name
    return table


def _pattern_hits(catalog, pattern: str) -> Tuple[str, ...]:
    """The relevant actions (lowercase) an Action entry matches."""
    memo = catalog.memo.get("l2.pattern")
    if memo is None:
        memo = catalog.memo["l2.pattern"] = {}
    key = pattern.lower()
    hit = memo.get(key)
    if hit is None:
        if "*" not in key and "?" not in key:
            # One action named in full (catalog keys are lowercase names): the name itself, if
            # it is relevant and the catalog knows it.
            hit = (key,) if key in relevant() and catalog.expand(key) else ()
        else:
            prefix, sep, _rest = key.partition(":")
            by_service = _relevant_by_service()
            if sep and "*" not in prefix and "?" not in prefix and prefix not in by_service:
                hit = ()  # a service without relevant actions: no expansion to walk
            elif key == "*":  # every relevant action, in catalog order: only their services walked
                table = _relevant_actions(catalog, None)
                hit = tuple(table[a] for p in catalog.services if p in by_service
                            for a in catalog.actions(p).values() if a in table)
            else:
                actions = catalog.expand(key)
                table = _relevant_actions(catalog, actions)
                hit = tuple(map(table.__getitem__, filter(table.__contains__, actions)))
        memo[key] = hit
    return hit


def _found(catalog, grant) -> Tuple[Tuple[str, int, Optional[ActionInfo]], ...]:
    """(name, entry number, ActionInfo or None) of the relevant actions a grant's Action/NotAction
    element covers, with the first entry that matches each (NotAction: 0). Cached per list as
    written (Grant.per_entries)."""
    first: Dict[str, int] = {}
    element = grant.statement.action
    if element.negated:
        excluded = set()
        for text in element.texts:
            excluded.update(_pattern_hits(catalog, text))
        first = {name: 0 for name in relevant() if name not in excluded}
    else:
        lowered = grant.entries_lower
        rel = relevant()
        # The relevant plain names by set operations, the wildcard entries by their cached hits;
        # then, in the order written, the first entry that grants each action.
        named = rel.intersection(lowered)
        if not named and not grant.wildcard:
            return ()  # plain names (most lists), none of them relevant
        granting = [(lowered.index(name), (name,)) for name in named if catalog.action(name) is not None]
        if grant.wildcard:
            granting += [(i, _pattern_hits(catalog, low)) for i, low in enumerate(lowered) if "*" in low or "?" in low]
        granting.sort(key=itemgetter(0))
        for i, names in granting:
            for name in names:
                if name not in first:
                    first[name] = i
    return tuple((name, i, catalog.action(name)) for name, i in first.items())


def _arn_services(catalog, name: str) -> frozenset:
    """The ARN service fields of the resource types an action accepts (empty: only "*")."""
    memo = catalog.memo.get("l2.arnsvc")
    if memo is None:
        memo = catalog.memo["l2.arnsvc"] = {}
    hit = memo.get(name)
    if hit is None:
        info = catalog.action(name)
        services = set()
        if info is not None:
            types = catalog.resource_types(info.service)
            for rt, _req in info.resource_types:
                t = types.get(rt) or types.get(rt.lower())  # the catalog keys them in lowercase
                if t is not None and t.arn:
                    parts = t.arn.split(":")
                    if len(parts) > 2:
                        services.add(parts[2].lower())
        hit = memo[name] = frozenset(services)
    return hit


@lru_cache(maxsize=4096)
def _wild(pattern: str):
    return wildcard_regex(pattern)


# -- conditions ---------------------------------------------------------------------------------------

def _epoch(text) -> Optional[float]:
    s = str(text).strip()
    try:
        return float(s)
    except ValueError:
        pass
    try:
        if s.endswith("Z"):
            s = s[:-1] + "+00:00"
        d = _dt.datetime.fromisoformat(s)
        if d.tzinfo is None:
            d = d.replace(tzinfo=_dt.timezone.utc)
        return d.timestamp()
    except ValueError:
        return None


def dead_condition(cond) -> bool:
    """Can this condition never be true from now on (a date bound in the past)?"""
    op = cond.operator
    if op.negated or op.order != "less" or op.qualifier is not None:
        return False
    key = cond.key_lower
    if op.family == "Date" and key in _DEAD_DATE_KEYS:
        if op.if_exists and key == "aws:tokenissuetime":
            return False  # absent for long-term credentials: IfExists is then true
    elif not (op.family == "Numeric" and key == "aws:epochtime"):
        return False
    if not cond.values:
        return False
    now = time.time()
    for v in cond.values:
        t = _epoch(v.value)
        if t is None or t >= now:
            return False
    return True


def scoping_condition(grant) -> bool:
    """Does a strong condition narrow which resources or data the statement reaches?"""
    return any(c.strength == STRONG and c.condition.key_lower not in NON_SCOPING_KEYS for c in grant.conditions)


def pins_boundary(grant) -> bool:
    """Does a condition of the statement require iam:PermissionsBoundary to be one of some named
    policies (StringEquals / ArnEquals, or ...Like without wildcards; not negated, not IfExists,
    no policy variable), none of them AdministratorAccess?"""
    for c in grant.statement.conditions:
        if c.key_lower != "iam:permissionsboundary":
            continue
        op = c.operator
        if (op.family not in ("String", "ARN") or op.negated or op.if_exists or op.qualifier == "ForAllValues"
                or not c.values):
            continue
        texts = [v.value for v in c.values]
        if all(isinstance(t, str) and t.startswith("arn:") and "${" not in t and not (op.like and ("*" in t or "?" in t))
               and _partitionless(t) not in _UNBOUNDING for t in texts):
            return True
    return False


def _partitionless(arn: str) -> str:
    parts = arn.lower().split(":", 2)
    return "arn:aws:" + parts[2] if len(parts) == 3 else arn.lower()


def _passed_to(grant) -> Optional[Tuple[str, ...]]:
    """The iam:PassedToService values a statement requires (None: any service)."""
    out = None
    for c in grant.statement.conditions:
        op = c.operator
        if c.key_lower == "iam:passedtoservice" and op.family == "String" and not op.negated and c.values:
            vals = tuple(str(v.value).lower() for v in c.values)
            out = vals if out is None else tuple(v for v in out if v in vals) or vals
    return out


# -- what a policy grants, restricted to the risky actions -------------------------------------------

def live_grant(grant) -> bool:
    """Does the statement grant something (after the Denies), under conditions that can be true?"""
    conditions = grant.statement.conditions
    return not grant.empty and not (conditions and any(dead_condition(c) for c in conditions))


class Hit:
    """A risky action granted by one statement."""

    __slots__ = ("grant", "order", "path", "on_key", "info")

    def __init__(self, grant, order: Tuple[int, int], path: tuple, on_key: bool, info: Optional[ActionInfo]):
        self.grant = grant
        self.order = order  # (statement number, entry number) for document order
        self.path = path
        self.on_key = on_key
        self.info = info

    def __repr__(self) -> str:
        return f"Hit({self.info!r}, {self.order})"

    @property
    def unscoped(self) -> bool:
        return self.grant.resource_scope != "some"


class PolicyRisks:
    def __init__(self, ctx):
        # Not ctx itself: ctx.memo holds this object, and the cycle would keep every document's
        # view, grants and hits alive until the garbage collector runs.
        self.catalog = catalog = ctx.catalog
        self.hits: Dict[str, List[Hit]] = {}
        self._passed: Dict[int, Optional[Tuple[str, ...]]] = {}  # _passed_to per grant
        self._scoped: Dict[int, bool] = {}  # scoping_condition per grant
        self._wide: Dict[int, bool] = {}  # on every resource or ARNs that name any, per grant
        self._parsed: Dict[int, List[Tuple[str, str, bool]]] = {}  # _arns per grant
        self._pinned: Dict[int, bool] = {}  # pins_boundary per grant
        hits = self.hits

        def found_by(g):
            return _found(catalog, g)

        for n, g in enumerate(ctx.grants):
            # Most statements grant no risky action: asked first, it spares them the rest.
            found = g.per_entries("l2.found", found_by)
            if not found:
                continue
            st = g.statement
            # An Action list that names a risky action grants something unless a Deny takes
            # it back: only then, or for NotAction, is the grant asked whether it is empty.
            if (g.denied or st.action.negated) and g.empty:
                continue
            if st.conditions and any(dead_condition(c) for c in st.conditions):
                continue
            denied = {lower_name(a) for a in g.denied} if g.denied else ()
            some = g.resource_scope == "some"
            negated = st.action.negated
            action = st.action
            for name, i, info in found:
                if name in denied or (some and not self._scope_applies(g, name)):
                    continue
                if name in BOUNDARY_PINNABLE and self.pinned(g):
                    continue
                if negated:
                    hit = Hit(g, (n, i), st.action.path, True, info)
                else:
                    hit = Hit(g, (n, i), action.path_of(i), False, info)
                bucket = hits.get(name)
                if bucket is None:
                    hits[name] = [hit]
                else:
                    bucket.append(hit)

    def _scope_applies(self, grant, name: str) -> bool:
        if grant.resource_scope != "some":
            return True
        services = _arn_services(self.catalog, name)
        if not services:
            return False  # the action only accepts Resource "*"
        for svc, account, self_only in self._arns(grant):
            if svc not in services and "*" not in svc and "?" not in svc:
                continue
            if name in AWS_NAMESPACE_HARMLESS and account == "aws":
                continue
            if name in SELF_ONLY_HARMLESS and self_only:
                continue
            return True
        return False

    def _arns(self, grant) -> List[Tuple[str, str, bool]]:
        """(lowercase service, account, names only the caller's own user) of each ARN of the
        grant's Resource: parsed once per grant, whatever the number of actions asked about."""
        key = id(grant)
        hit = self._parsed.get(key)
        if hit is None:
            hit = self._parsed[key] = []
            for r in grant.resources:
                parts = r.split(":", 5)
                if len(parts) == 6 and parts[0] == "arn":
                    hit.append((parts[2].lower(), parts[4], _SELF in r.lower() and "*" not in parts[5]))
        return hit

    def granted(self, name: str) -> List[Hit]:
        return self.hits.get(name, [])

    def candidate_methods(self) -> List[Method]:
        """The methods (in methods() order) of which every required action, or an alternative, is
        granted somewhere: the only ones method_hits can find."""
        names = self.hits.keys()
        index = _methods_by_action()
        touched = set(chain.from_iterable(map(index.__getitem__, names & index.keys())))
        by_number = _method_groups()
        # every group meets the granted names: no group disjoint from them (tested in C)
        return [by_number[i][0] for i in sorted(touched) if not any(map(names.isdisjoint, by_number[i][1]))]

    def method_hits(self, method: Method) -> Optional[List[Hit]]:
        """The first granting statement for each required action, or None if one is missing."""
        chosen = []
        for group in method.groups:
            best = None
            for name in group:
                for h in self.hits.get(name, ()):
                    if name == "iam:passrole" and method.passed_to and not self._passes_to(h.grant, method.passed_to):
                        continue
                    if method.unrestricted and (not h.unscoped or self._passed_to(h.grant) is not None):
                        continue
                    if best is None or h.order < best.order:
                        best = h
                    break
            if best is None:
                return None
            chosen.append(best)
        return chosen


    def pinned(self, grant) -> bool:
        """pins_boundary(grant), once per grant."""
        key = id(grant)
        hit = self._pinned.get(key)
        if hit is None:
            hit = self._pinned[key] = pins_boundary(grant)
        return hit

    def scoped(self, grant) -> bool:
        """scoping_condition(grant), once per grant for the rules that ask per action."""
        key = id(grant)
        hit = self._scoped.get(key)
        if hit is None:
            hit = self._scoped[key] = scoping_condition(grant)
        return hit

    def wide(self, grant) -> bool:
        """Is the grant on every resource, or on an ARN whose wildcard names any resource of its
        kind (_names_any)? Once per grant."""
        key = id(grant)
        hit = self._wide.get(key)
        if hit is None:
            hit = self._wide[key] = grant.resource_scope != "some" or any(_names_any(r) for r in grant.resources)
        return hit

    def _passed_to(self, grant) -> Optional[Tuple[str, ...]]:
        key = id(grant)  # the grants live as long as this object (both on the same ctx)
        if key not in self._passed:
            self._passed[key] = _passed_to(grant)
        return self._passed[key]

    def _passes_to(self, grant, service: str) -> bool:
        vals = self._passed_to(grant)
        if vals is None:
            return True
        return any(_wild(v).match(service) for v in vals)


@lru_cache(maxsize=None)
def _method_groups() -> Tuple[Tuple[Method, Tuple[frozenset, ...]], ...]:
    return tuple((m, tuple(frozenset(g) for g in m.groups)) for m in methods())


@lru_cache(maxsize=None)
def _methods_by_action() -> Dict[str, Tuple[int, ...]]:
    """Lowercase action -> the numbers (in methods()) of the methods that can use it."""
    out: Dict[str, List[int]] = {}
    for i, m in enumerate(methods()):
        for g in m.groups:
            for name in g:
                out.setdefault(name, []).append(i)
    return {name: tuple(v) for name, v in out.items()}


def policy_risks(ctx) -> PolicyRisks:
    pr = ctx.memo.get("risks.policy")
    if pr is None:
        pr = ctx.memo["risks.policy"] = PolicyRisks(ctx)
    return pr


# -- messages ---------------------------------------------------------------------------------------

def where(hit: Hit) -> str:
    st = hit.grant.statement
    return st.label


def access_level(hit: Hit) -> Optional[str]:
    return level_of(hit.info) if hit.info is not None else None


_TYPE_THEN_ANY = re.compile(r"[A-Za-z0-9_.-]+[/:]\*")


def _names_any(arn: str) -> bool:
    """Does the ARN's wildcard stand for every resource *name* of its kind ("table/*",
    "secret:*", "*")? A wildcard after a named resource ("arn:aws:s3:::reports/*": the objects of
    one bucket) is ordinary scoping, not bulk access."""
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return "*" in arn
    resource = parts[5]
    if resource.startswith("*"):
        return True
    if parts[2] == "s3":  # s3's resource part starts with the bucket name itself
        return False
    return bool(_TYPE_THEN_ANY.match(resource))


def single_action_problems(ctx, list_name: str, risk: str, what: str, advice: str, certain_severity,
                           other_severity, silenced_by_condition: bool):
    """One Problem per granting entry for the actions of risk_<list_name>.json granted on every
    resource (or on ARNs with a wildcard). The message is one sentence: what is granted, why it
    matters (the data file's description of one action; `what`, a verb phrase in the plural, for
    several), and `advice`, what to do ("limit Resource to ...", unless none of the actions can be
    limited to resources). A finding whose actions the data file all marks "severity":
    "suggestion" is a suggestion. A list (most documents have none: no generator is made for them)."""
    pr = policy_risks(ctx)
    if not pr.hits:
        return ()
    table = action_list(list_name)
    granted = table.keys() & pr.hits.keys()
    if not granted:
        return ()
    problems = []
    anchors: Dict[tuple, List[Hit]] = {}
    wide, scoped = pr.wide, pr.scoped
    for name in sorted(granted, key=_positions(list_name).__getitem__):  # the list's order
        for h in pr.hits[name]:
            if not wide(h.grant) or (silenced_by_condition and scoped(h.grant)):
                continue
            anchors.setdefault((h.order, h.path, h.on_key), []).append(h)
    lowered = lowered_severities(list_name)
    for (_order, path, on_key), hits in sorted(anchors.items(), key=lambda kv: kv[0][0]):
        first = hits[0]
        certain = all(h.unscoped and not scoped(h.grant) for h in hits)
        severity = certain_severity if certain else other_severity
        if lowered and all(lower_name(h.info) in lowered for h in hits):
            severity = Severity.SUGGESTION
        scope = "every resource" if first.unscoped else "wildcard resources"
        if len(hits) == 1:
            message = f"{first.info.full_name} on {scope} {table[lower_name(first.info)]}"
        else:
            message = f"{join([h.info.full_name for h in hits], 4)} on {scope} {what}"
        scopable = any(h.info.resource_scoped for h in hits)
        if not silenced_by_condition and any(scoped(h.grant) for h in hits):
            message += "; a condition narrows the statement, so check that it really excludes sensitive targets"
            if scopable:
                message += f", or {advice}"
        elif scopable:
            message += f"; {advice}"
        else:  # actions that only accept Resource "*": no ARN to limit them to
            it = "it" if len(hits) == 1 else "them"
            message += (f"; {'it' if it == 'it' else 'they'} cannot be limited to resources, so grant {it} only "
                        f"to the principals that need {it}")
        problems.append(Problem(
            path=path,
            on_key=on_key,
            message=message,
            risk=risk,
            access_level=access_level(first),
            severity=severity,
        ))
    return problems
