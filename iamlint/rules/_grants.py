"""Helpers for group E (IAM4xx): which Action/NotAction entries cover an action, whether a
statement's Resource is the wildcard, which actions carry a condition key, and the shared check
behind the PassRole / CreateServiceLinkedRole families.

Everything expensive is cached per (catalog, action) or per pattern; nothing is compiled per value.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from ..carriers import is_placeholder
from ..catalog import wildcard_regex
from ..grants import texts_of
from ..model import PolicyType, Problem

IDENTITY_TYPES = frozenset({PolicyType.IDENTITY, PolicyType.BOUNDARY})


@lru_cache(maxsize=4096)
def _pattern(pattern_lower: str):
    return wildcard_regex(pattern_lower)


def is_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


def matches(pattern: str, action_lower: str) -> bool:
    """Does the IAM action pattern (as written) match the lowercase action name?"""
    p = pattern.lower()
    if not is_wildcard(p):
        return p == action_lower
    return _pattern(p).match(action_lower) is not None


def not_action_allows(element, action_lower: str) -> bool:
    """Does a `NotAction` element leave the action in (no entry excludes it)?"""
    return not any(matches(text, action_lower) for text in element.texts)


# -- PassRole / CreateServiceLinkedRole families --------------------------------------------------

SHAPES = (
    "NOT_RESOURCE",
    "STAR_IN_ACTION_AND_NOT_RESOURCE",
    "NOT_ACTION_AND_NOT_RESOURCE",
    "STAR_IN_RESOURCE",
    "STAR_IN_ACTION_AND_RESOURCE",
    "STAR_IN_RESOURCE_AND_NOT_ACTION",
)

# Which condition keys narrow a grant enough for Access Analyzer to stay silent, and under which
# operators. Inferred from AWS's own findings on the AWS managed policies (2026-03-07):
# - iam:PassRole + Resource "*": StringEquals / StringLike / StringLikeIfExists on
#   iam:PassedToService silence it (80 statements), StringEqualsIfExists does not (2 findings,
#   AWSProtonCodeBuildProvisioningServiceRolePolicy, AWSServiceRoleForAmazonEKSNodegroup) unless
#   iam:AssociatedResourceArn is also constrained (AWSServiceRoleForSMS).
# - iam:CreateServiceLinkedRole + Resource "*": StringEquals / StringLike /
#   ForAnyValue:StringEquals on iam:AWSServiceName silence it, except a value that starts with a
#   wildcard ("*a4b.amazonaws.com", AlexaForBusinessFullAccess), which can name any service.
# - conditions on other keys (aws:CalledVia, aws:IsMcpServiceAction) never silence it.
_NOT_SILENCING_OPERATORS = frozenset({"stringequalsifexists", "stringequalsignorecaseifexists"})


def _narrowing(st, keys: Tuple[str, ...]) -> bool:
    for c in st.conditions:
        if c.key_lower not in keys:
            continue
        op = c.operator
        if not op.known or op.negated or op.family not in ("String", "ARN"):
            continue
        if op.text.lower() in _NOT_SILENCING_OPERATORS:
            continue
        values = [v.value for v in c.values if isinstance(v.value, str)]
        if not values:
            continue
        if op.like or op.family == "ARN":
            if any(v.startswith(("*", "?")) for v in values):
                continue  # "*..." can match any service: not a restriction
        return True
    return False


def _candidates(ctx) -> list:
    """(statement, Resource is NotResource, Action is NotAction, lowercase Action entries) for
    the Allow statements whose Resource is NotResource or holds "*", the only ones either family
    reports: found once per document for both. The entries are one string, each entry on its
    own line between line breaks, when none holds a wildcard or a line break (most lists: one
    lowercasing, no string per entry), else a list (None for NotAction)."""
    found = ctx.memo.get("e.candidates")
    if found is None:
        found = ctx.memo["e.candidates"] = []
        for st in ctx.policy.statements:
            action, resource = st.action, st.resource
            if st.effect != "Allow" or action is None or resource is None:
                continue
            not_resource = resource.key == "NotResource"
            if not not_resource and "*" not in texts_of(resource):
                continue
            if action.key == "NotAction":
                found.append((st, not_resource, True, None))
                continue
            texts = action.texts
            joined = "\n".join(texts).lower()
            if joined.count("\n") != len(texts) - 1:  # an entry holds a line break (or there is none)
                found.append((st, not_resource, False, [t.lower() for t in texts]))
            elif "*" in joined or "?" in joined:
                found.append((st, not_resource, False, joined.split("\n")))
            else:
                found.append((st, not_resource, False, "\n" + joined + "\n"))
    return found


def _first_wildcard_match(lowered: List[str], action_lower: str) -> Optional[int]:
    """The position of the first wildcard entry (lowercase) that matches the action."""
    first = action_lower[:1]
    for i, low in enumerate(lowered):
        if ("*" in low or "?" in low) and (low[:1] in ("*", "?", first)) and _pattern(low).match(action_lower):
            return i
    return None


class Family:
    def __init__(self, action: str, label: str, condition_keys: Tuple[str, ...], advice: str):
        self.action = action  # AWS spelling, e.g. iam:PassRole
        self.action_lower = action.lower()
        self.label = label
        self.condition_keys = tuple(k.lower() for k in condition_keys)
        self.advice = advice
        self._cache = None

    def hits(self, ctx) -> list:
        """(statement, shape, target) for every statement of the document that lets the action
        through on NotResource or Resource "*" without a narrowing condition: the first explicit
        entry (else the first wildcard entry) that covers it, or the NotAction element. Computed
        once per document and shared by the six rules of the family (the engine runs them one
        after the other), over _candidates: one search of the lowercase Action list, a loop only
        over wildcard entries."""
        return self._found(ctx)[0]

    def _found(self, ctx) -> tuple:
        """(hits, {shape: [(statement, target)]}) of the document, cached for the family's rules."""
        policy = ctx.policy
        cached = self._cache
        if cached is not None and cached[0] is policy:
            return cached[1]
        out = []
        action_lower = self.action_lower
        line = "\n" + action_lower + "\n"
        for st, not_resource, not_action, entries in _candidates(ctx):
            action = st.action
            star_action = False
            if not_action:
                if not action.texts and action.raw != []:
                    continue  # malformed NotAction: nothing to reason about
                if any(map(is_placeholder, action.texts)):
                    continue  # a computed entry may exclude the action
                if not not_action_allows(action, action_lower):
                    continue
                target = action
            elif entries.__class__ is str:  # plain names, one per line
                pos = entries.find(line)
                if pos < 0:
                    continue
                target = action.value_at(entries.count("\n", 0, pos))  # the entry after the pos-th line break
            elif action_lower in entries:
                target = action.value_at(entries.index(action_lower))
            else:
                i = _first_wildcard_match(entries, action_lower)
                if i is None:
                    continue
                target, star_action = action.value_at(i), True
            if st.conditions and _narrowing(st, self.condition_keys):
                continue
            if not_resource:
                shape = "NOT_ACTION_AND_NOT_RESOURCE" if not_action else (
                    "STAR_IN_ACTION_AND_NOT_RESOURCE" if star_action else "NOT_RESOURCE")
            else:
                shape = "STAR_IN_RESOURCE_AND_NOT_ACTION" if not_action else (
                    "STAR_IN_ACTION_AND_RESOURCE" if star_action else "STAR_IN_RESOURCE")
            out.append((st, shape, target))
        by_shape: Dict[str, list] = {}
        for st, shape, target in out:
            by_shape.setdefault(shape, []).append((st, target))
        self._cache = (policy, (out, by_shape))
        return out, by_shape

    def check(self, ctx, shape: str, code_prefix: str):
        """The problems of one shape (a list: most documents have none, and no generator is made)."""
        cached = self._cache
        by_shape = cached[1][1] if cached is not None and cached[0] is ctx.policy else self._found(ctx)[1]
        found = by_shape.get(shape)
        if not found:
            return ()
        return [Problem(path=target.path, message=self.message(st, shape, target)) for st, target in found]

    def message(self, st, shape: str, target) -> str:
        res = st.resource
        if res.negated:
            shown = ", ".join(repr(v) for v in res.strings[:3]) or "[]"
            resource_text = f"NotResource {shown} (every other resource)"
        else:
            resource_text = 'Resource "*"'
        if shape in ("NOT_ACTION_AND_NOT_RESOURCE", "STAR_IN_RESOURCE_AND_NOT_ACTION"):
            how = f"NotAction does not exclude {self.action}, so it is allowed"
        elif shape in ("STAR_IN_ACTION_AND_NOT_RESOURCE", "STAR_IN_ACTION_AND_RESOURCE"):
            how = f"{target.value!r} includes {self.action}, allowed"
        else:
            how = f"{self.action} is allowed"
        return f"{how} on {resource_text}: {self.label}; {self.advice}"


PASS_ROLE = Family(
    "iam:PassRole",
    "any role can be passed to any service, a privilege-escalation path",
    ("iam:PassedToService", "iam:AssociatedResourceArn"),
    "list the role ARNs in Resource or add an iam:PassedToService condition",
)

CREATE_SLR = Family(
    "iam:CreateServiceLinkedRole",
    "service-linked roles can be created for any service",
    ("iam:AWSServiceName",),
    "list the service-linked role ARNs in Resource or add an iam:AWSServiceName condition",
)


# -- condition keys carried by actions ---------------------------------------------------------


def _key_matches(template_lower: str, key_lower: str) -> bool:
    if template_lower == key_lower:
        return True
    if "${" in template_lower:
        head = template_lower.split("${", 1)[0]
        return key_lower.startswith(head) and len(key_lower) > len(head)
    return False


_SUPPORT_CACHE: Dict[Tuple[int, str, str, str], bool] = {}


def action_carries_key(catalog, info, key_lower: str, family: str) -> bool:
    """Does the action carry the key (on the action itself or on one of its resource types)?

    `family` is the key with its tag suffix cut ("aws:resourcetag/"), used as the cache key."""
    ck = (id(catalog), info.service, info.name, family)
    hit = _SUPPORT_CACHE.get(ck)
    if hit is not None:
        return hit
    keys = TAG_TEMPLATES if family in TAG_KEY_FAMILIES else None
    if keys is None:
        ok = lambda k: _key_matches(k.lower(), key_lower)  # noqa: E731
    else:
        ok = lambda k: k.lower() in keys  # noqa: E731
    result = any(ok(k) for k in info.condition_keys)
    if not result and info.resource_types:
        rts = catalog.resource_types(info.service)
        for name, _required in info.resource_types:
            rt = rts.get(name) or rts.get(name.lower())
            if rt is not None and any(ok(k) for k in rt.condition_keys):
                result = True
                break
    _SUPPORT_CACHE[ck] = result
    return result


TAG_KEY_FAMILIES = ("aws:resourcetag/", "aws:requesttag/", "aws:tagkeys")
# Access Analyzer treats an action as supporting tag conditions when it carries any of the three
# global tag keys (on the action or a resource type): on the managed policies it never reports
# aws:ResourceTag against Create* actions that only carry aws:RequestTag / aws:TagKeys, and every
# action it reports carries none of them.
TAG_TEMPLATES = frozenset({"aws:resourcetag/${tagkey}", "aws:requesttag/${tagkey}", "aws:tagkeys"})


def tag_family(key_lower: str) -> Optional[str]:
    for fam in TAG_KEY_FAMILIES:
        if fam.endswith("/"):
            if key_lower.startswith(fam) and len(key_lower) > len(fam):
                return fam
        elif key_lower == fam:
            return fam
    return None


def false_when_absent(cond) -> bool:
    """Is the condition a plain positive operator (no set qualifier, no IfExists, not Null), which is
    false when its key is absent from the request?

    `...IfExists`, negated operators and `ForAllValues` are true then; `Null` tests presence on
    purpose; `ForAnyValue` is false too, but Access Analyzer does not report it (on the managed
    policies it stays silent on `ForAnyValue:StringEquals aws:TagKeys` with tag:TagResources), so
    only plain operators count."""
    op = cond.operator
    if not op.known or op.base == "Null" or op.qualifier is not None:
        return False
    return not op.if_exists and not op.negated


def unsupported_tag_conditions(st) -> List[Tuple[object, str]]:
    """(condition, tag family) for the tag-key conditions of a statement that are false when the
    key is absent; one per key (first occurrence)."""
    out, seen = [], set()
    for c in st.conditions:
        key = c.key_lower
        if not key.startswith("aws:") or "tag" not in key:  # every tag family key has both
            continue
        fam = tag_family(key)
        if fam is None or key in seen or not false_when_absent(c):
            continue
        seen.add(key)
        out.append((c, fam))
    return out


def _tag_statements(ctx) -> list:
    """(statement, unsupported_tag_conditions) for the statements with an Action or NotAction
    and such conditions: found once per document for the four rules."""
    found = ctx.memo.get("e.tags")
    if found is None:
        found = ctx.memo["e.tags"] = []
        for st in ctx.policy.statements:
            if st.action is not None and st.conditions:
                conds = unsupported_tag_conditions(st)
                if conds:
                    found.append((st, conds))
    return found


# -- tag condition keys that the covered services do not support ---------------------------------

_SERVICE_SUPPORT: Dict[Tuple[int, str, str], bool] = {}


def service_supports(catalog, prefix: str, key_lower: str, family: str) -> bool:
    """Does any action of the service carry the key (directly or through a resource type)?"""
    ck = (id(catalog), prefix, family)
    hit = _SERVICE_SUPPORT.get(ck)
    if hit is None:
        hit = any(action_carries_key(catalog, a, key_lower, family) for a in catalog.actions(prefix).values())
        _SERVICE_SUPPORT[ck] = hit
    return hit


def _short_list(items: List[str], limit: int = 6) -> str:
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"


def tag_check(ctx, effect: str, not_action: bool):
    """The four *_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE checks.

    Action: one problem per (tag key, service) at the first action entry that covers an action of
    that service which carries the key neither itself nor through its resource types (AWS's
    granularity on the managed policies: per entry, e.g. sagemaker:ListAssociations flagged while
    sagemaker:ListPipelineExecutions, whose pipeline resource has aws:ResourceTag, is not).
    NotAction: one problem per tag key at the NotAction element, naming the services that support
    the key for none of their actions (every other service's actions are covered too)."""
    catalog = ctx.catalog
    verb = "allows" if effect == "Allow" else "denies"
    for st, conds in _tag_statements(ctx):
        if st.effect != effect or st.action.negated != not_action:
            continue
        for cond, fam in conds:
            key = cond.key
            if not_action:
                if not st.action.texts and st.action.raw != []:
                    continue
                if any(map(is_placeholder, st.action.texts)):
                    continue  # a computed entry may exclude any service
                excluded = st.action.texts
                services = []
                for prefix in sorted(catalog.services):
                    if service_supports(catalog, prefix, cond.key_lower, fam):
                        continue
                    acts = catalog.actions(prefix)
                    if any(not any(matches(p, a.full_name.lower()) for p in excluded) for a in acts.values()):
                        services.append(prefix)
                if not services:
                    continue
                yield Problem(
                    path=st.action.path,
                    message=(f"NotAction covers actions of services that never carry {key}, so the statement never "
                             f"{verb} them: {_short_list(services)}; list the actions in Action instead, or move "
                             f"the other services to a statement without this condition key"),
                )
                continue
            by_service: Dict[str, list] = {}
            names: Dict[str, list] = {}
            for i, text in enumerate(st.action.texts):
                low = text.lower()
                if low == "*" or ":" not in low or is_placeholder(text):
                    continue  # "*": every service (the NotAction-like case; see IAM rules for "*"); computed: unknown
                infos = catalog.expand(low)
                bad = [a for a in infos if not action_carries_key(catalog, a, cond.key_lower, fam)]
                seen = set()
                for a in bad:
                    if a.service in seen:
                        continue
                    seen.add(a.service)
                    by_service.setdefault(a.service, []).append(st.action.value_at(i))
                    names.setdefault(a.service, []).append(a.full_name if not is_wildcard(low) else f"{text} ({a.full_name}, ...)")
            for prefix, values in by_service.items():
                listed = [v.value for v in values]
                first = values[0]
                rest = f" (also {_short_list(listed[1:])})" if len(listed) > 1 else ""
                what = "it" if len(listed) == 1 else "them"
                yield Problem(
                    path=first.path,
                    message=(f"{key} is not available for {first.value}{rest} of service {prefix}, so this "
                             f"statement never {verb} {what}; move {what} to a statement without this condition key"),
                )
