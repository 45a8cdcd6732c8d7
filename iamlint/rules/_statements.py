"""Statement helpers shared by group A rules: empty condition values, canonical statement forms,
and the Action entries as the entry rules (IAM125, IAM201-IAM203) judge them."""

from itertools import compress
from typing import NamedTuple, Optional, Tuple

from ..carriers import as_written, is_placeholder
from ..model import Replacement
from ._keys import condition_index


def kind(op) -> str:
    if op.qualifier == "ForAllValues":
        return "forall"
    if op.qualifier == "ForAnyValue":
        return "foranyvalue"
    if op.if_exists:
        return "ifexists"
    return "plain"


def empty_value_conditions(ctx, wanted: str):
    """(statement, condition) of each condition with an empty list of values under an operator
    of kind `wanted`; the empty ones are found once per document for the four rules."""
    empty = ctx.memo.get("statements.empty_values")
    if empty is None:
        empty = [(st, c) for st, c in condition_index(ctx).pairs if c.is_list and not c.raw]
        ctx.memo["statements.empty_values"] = empty
    for st, c in empty:
        if kind(c.operator) == wanted:
            yield st, c


def _norm_list(raw):
    if isinstance(raw, list):
        return frozenset(_norm_scalar(x) for x in raw)
    return frozenset([_norm_scalar(raw)])


def _norm_scalar(x):
    if isinstance(x, (dict, list)):
        return repr(x)
    return (type(x).__name__, x)


def canonical(st):
    """A hashable form of what a statement grants or denies (Sid left out), or None when the
    statement holds something the comparison does not model (it is then never 'identical')."""
    raw = st.raw
    parts = [("Effect", raw.get("Effect"))]
    for key in ("Action", "NotAction"):
        if key in raw:
            v = raw[key]
            vals = v if isinstance(v, list) else [v]
            if not all(isinstance(x, str) for x in vals):
                return None
            parts.append((key, frozenset(x.lower() for x in vals)))
    for key in ("Resource", "NotResource"):
        if key in raw:
            parts.append((key, _norm_list(raw[key])))
    for key in ("Principal", "NotPrincipal"):
        if key in raw:
            p = raw[key]
            if isinstance(p, dict):
                parts.append((key, frozenset((t, _norm_list(v)) for t, v in p.items())))
            elif isinstance(p, str):
                parts.append((key, p))
            else:
                return None
    if "Condition" in raw:
        cond = raw["Condition"]
        if not isinstance(cond, dict):
            return None
        items = []
        for op, block in cond.items():
            if not isinstance(block, dict):
                return None
            for k, v in block.items():
                items.append((op, k.lower(), _norm_list(v)))
        parts.append(("Condition", frozenset(items)))
    for key in raw:
        if key not in ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"):
            return None
    return tuple(parts)


# -- Action entries ------------------------------------------------------------------------------
# Four rules look at each Action/NotAction string on its own: wildcard-in-service-name (IAM125),
# unknown-action (IAM201), unknown-service (IAM202) and retired-service (IAM203). Each distinct
# string is judged once per catalog for all four, and each document's strings are scanned once for
# all four: most strings are fine, so most statements cost one set test.

class EntryVerdict(NamedTuple):
    """What the entry rules report about one Action/NotAction string (None: nothing)."""

    service_span: Optional[Tuple[int, int]]  # IAM125: the wildcard service prefix
    unknown_action: Optional[tuple]  # IAM201: (message, Replacement or None)
    unknown_service: Optional[tuple]  # IAM202: (message, span)
    retired: Optional[dict]  # IAM203: the retirement record of the entry's service


_ENTRIES_MAX = 100000  # distinct strings remembered per catalog (a long-running server stays bounded)
_LISTS_MAX = 20000  # lists with reported entries remembered per catalog (idem)


def _wild(s: str) -> bool:
    return "*" in s or "?" in s


def _service_span(action: str):
    """IAM125: the span of a wildcard service prefix, or None."""
    colon = action.find(":")
    if colon < 0 or not _wild(action[:colon]):
        return None
    return (0, colon)


def _unknown_action(catalog, action: str):
    """IAM201: None when the entry is fine (or left to other rules), else (message, replacement)."""
    if action == "*":
        return None
    prefix, sep, name = action.partition(":")
    if not sep or not prefix or not name:
        return (f"{action!r} is not an action: write service:ActionName (or *)", None)
    if _wild(prefix) or prefix.lower() not in catalog.services:
        return None  # other rules: wildcard-in-service-name, unknown-service
    if catalog.expand(action):
        return None
    if _wild(name):
        return (f"{action!r} matches no {prefix.lower()} action", None)
    message = f"{prefix.lower()}:{name} does not exist"
    suggestion = catalog.suggest_action(action)
    replacement = None
    if suggestion:
        message += f"; did you mean {suggestion}?"
        # a guess: the unknown name granted nothing, the suggested action grants something
        replacement = Replacement(f"Change to {suggestion}", suggestion, safe=False)
    return (message, replacement)


def _unknown_service(catalog, action: str):
    """IAM202: None when the entry's service is known (or left to other rules), else (message, span)."""
    prefix, sep, _name = action.partition(":")
    if not sep or not prefix or _wild(prefix):
        return None
    if prefix.lower() in catalog.services or catalog.retired_service(prefix):
        return None
    message = f"the service {prefix!r} in {action!r} does not exist"
    suggestion = catalog.suggest_service(prefix)
    if suggestion:
        message += f"; did you mean {suggestion!r}?"
    return (message, (0, len(prefix)))


def _retired(catalog, action: str) -> Optional[dict]:
    """IAM203: the retirement record of the entry's service, or None."""
    prefix, sep, _name = action.partition(":")
    if not sep or not prefix or _wild(prefix):
        return None
    lower = prefix.lower()
    return None if catalog.has_service(lower) else catalog.retired_service(lower)


def _judge(catalog, action: str) -> Optional[EntryVerdict]:
    # an exact name of an existing action first: cheaper than expanding, and fine for all four
    if catalog.is_known_action(action):
        return None
    verdict = EntryVerdict(_service_span(action), _unknown_action(catalog, action),
                           _unknown_service(catalog, action), _retired(catalog, action))
    return None if verdict == (None, None, None, None) else verdict


def _partly_computed(text: str) -> bool:
    return text.__class__ is not str and is_placeholder(text) and not text.whole


def _judge_computed(catalog, action) -> Optional[EntryVerdict]:
    """The verdict on an entry computed in part at deploy time (`s3:${var.action}`,
    `!Sub "${Prefix}:GetObject"`): only what is written literally is judged, a computed part may
    be anything. A computed service prefix (or colon) leaves nothing to judge; a literal one with
    a computed name is judged as if the computed part were `*`, and named as written."""
    colon = action.find(":")
    if colon < 0 or not action.literal(0, colon + 1):
        return None
    masked = "".join(c if action.literal(i, i + 1) else "\x00" for i, c in enumerate(action))
    while "\x00\x00" in masked:
        masked = masked.replace("\x00\x00", "\x00")
    masked = masked.replace("\x00", "*")
    verdict = _judge(catalog, masked)
    if verdict is None:
        return None
    shown = as_written(action)
    unknown_action = verdict.unknown_action
    if unknown_action is not None:
        unknown_action = (f"{shown!r} matches no {action[:colon].lower()} action", None)
    unknown_service = verdict.unknown_service
    if unknown_service is not None:
        unknown_service = (unknown_service[0].replace(repr(masked), repr(shown)), unknown_service[1])
    verdict = EntryVerdict(verdict.service_span, unknown_action, unknown_service, verdict.retired)
    return None if verdict == (None, None, None, None) else verdict


def action_texts(ctx) -> list:
    """The strings of each statement's Action/NotAction element as a tuple (None without one),
    in statement order: built once per document for the entry rules and redundant-action."""
    hit = ctx.memo.get("statements.action_texts")
    if hit is None:
        hit = ctx.memo["statements.action_texts"] = [
            None if st.action is None else st.action.texts for st in ctx.policy.statements
        ]
    return hit


_NAME_SET_AFTER = 500  # distinct entries judged one by one before the name set is built


def _reported(catalog, texts: tuple, fine: set, bad: dict) -> tuple:
    """(index, EntryVerdict) of the entries of one Action/NotAction list that an entry rule
    reports, judging the strings not seen before (remembered in `fine` and `bad`)."""
    # The set of every action name costs ~9 ms to build: worth it for a corpus (thousands of
    # distinct entries), not for the one policy of an editor or a pre-commit run.
    names = catalog.action_names() if len(fine) + len(bad) >= _NAME_SET_AFTER else None
    if names is not None:
        # The new entries that name an action exactly (case aside) are fine for all four rules:
        # found by set tests in C (no wildcard or colon-less entry is such a name).
        unseen = list(set(texts).difference(fine))
        fine.update(compress(unseen, map(names.__contains__, map(str.lower, unseen))))
    found = []
    for i, action in enumerate(texts):
        if action in fine:
            continue
        verdict = bad.get(action)
        if verdict is None:
            verdict = _judge(catalog, action)
            if verdict is None:
                fine.add(action)
                continue
            bad[action] = verdict
        found.append((i, verdict))
    return tuple(found)


def action_entries(ctx) -> list:
    """[(statement, element, [(Value, EntryVerdict)])]: the Action/NotAction elements with entries
    some entry rule reports, in document order (once per document, shared by the four rules)."""
    hit = ctx.memo.get("statements.entries")
    if hit is not None:
        return hit
    catalog = ctx.catalog
    memo = catalog.memo.get("statements.entries")
    if memo is None or len(memo[0]) + len(memo[1]) > _ENTRIES_MAX or len(memo[2]) > _LISTS_MAX:
        memo = catalog.memo["statements.entries"] = (set(), {}, {})
    fine, bad, lists = memo
    hit = []
    for st, texts in zip(ctx.policy.statements, action_texts(ctx)):
        if texts is None or fine.issuperset(texts):
            continue
        if any(map(_partly_computed, texts)):
            # not remembered by text: a computed entry's shown text may equal a literal one
            literal = tuple("*" if _partly_computed(t) else t for t in texts)
            found_at = [(i, v) for i, v in (lists.get(literal) or _reported(catalog, literal, fine, bad))
                        if not _partly_computed(texts[i])]
            found_at += [(i, v) for i, v in ((i, _judge_computed(catalog, t)) for i, t in enumerate(texts)
                                             if _partly_computed(t)) if v is not None]
            found_at = tuple(sorted(found_at, key=lambda iv: iv[0]))
        else:
            found_at = lists.get(texts)
            if found_at is None:
                found_at = lists[texts] = _reported(catalog, texts, fine, bad)
        if found_at:
            el = st.action
            hit.append((st, el, [(el.value_at(i), verdict) for i, verdict in found_at]))
    ctx.memo["statements.entries"] = hit
    return hit
