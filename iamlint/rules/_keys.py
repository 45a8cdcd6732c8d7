"""Shared helpers of the condition key / operator rules (group C, IAM301-IAM329).

`resolve(catalog, key)` classifies a condition key once (cached per catalog and key spelling), so
that each key is reported by exactly one of the "invalid key" rules and the type-dependent rules
(type mismatch, qualifiers, ARN operators) only ever see keys that resolved to a known type:

    OK           known key (info set)
    FORMAT       not prefix:name                       -> IAM304 INVALID_CONDITION_KEY_FORMAT
    UNSUPPORTED  aws:ARN and friends (data lists)      -> IAM308 / IAM309
    MISSING_TAG  aws:ResourceTag, ec2:ResourceTag/ ... -> IAM315 MISSING_TAG_KEY_IN_CONDITION
    GLOBAL       unknown aws: key                      -> IAM305 INVALID_GLOBAL_CONDITION_KEY
    SERVICE_KEY  known prefix, unknown key             -> IAM306 INVALID_SERVICE_CONDITION_KEY
    SERVICE      unknown prefix                        -> IAM307 INVALID_SERVICE
    RETIRED      prefix of a retired service           -> IAM307 only if Access Analyzer rejects it
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Iterator, List, Optional, Tuple

from ..carriers import Placeholder
from ..catalog import ConditionKeyInfo, close_matches, own_data
from ..model import Problem, Replacement
from ..policy import parse_operator

OK = "ok"
FORMAT = "format"
UNSUPPORTED = "unsupported"
MISSING_TAG = "missing-tag"
GLOBAL = "global"
SERVICE_KEY = "service-key"
SERVICE = "service"
RETIRED = "retired"

GLOBAL_TAG_BASES = {"aws:resourcetag": "aws:ResourceTag", "aws:requesttag": "aws:RequestTag", "aws:principaltag": "aws:PrincipalTag"}

# ${TagKey} and <key> placeholders, and the literal "tag-key" some services' data uses
# (secretsmanager:ResourceTag/tag-key, ssm:resourceTag/tag-key).
_TEMPLATE_PART = re.compile(r"\$\{[^}]*\}|<[^>]*>|(?<=/)tag-key\Z", re.I)


class Resolved:
    __slots__ = ("status", "info", "prefix", "suggestion", "base")

    def __init__(self, status: str, info: Optional[ConditionKeyInfo] = None, prefix: str = "",
                 suggestion: Optional[str] = None, base: Optional[str] = None):
        self.status = status
        self.info = info
        self.prefix = prefix  # lowercase prefix
        self.suggestion = suggestion  # a close existing key (no template parts) or None
        self.base = base  # MISSING_TAG: the key's canonical base, e.g. aws:ResourceTag


# A key computed at deploy time (a Terraform `variable = var.k`, `"${var.k}" = ...`): unknown, so
# never reported as malformed or unknown.
COMPUTED = Resolved(OK)


# -- data ------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def global_data() -> dict:
    return own_data("global_condition_keys")


@lru_cache(maxsize=None)
def extras() -> dict:
    return own_data("condition_key_extras")


@lru_cache(maxsize=None)
def _lower_table(name: str) -> Dict[str, Tuple[str, object]]:
    table = global_data().get(name, {})
    if isinstance(table, list):
        return {k.lower(): (k, None) for k in table}
    return {k.lower(): (k, v) for k, v in table.items()}


def unsupported_keys() -> Dict[str, Tuple[str, object]]:
    return _lower_table("unsupported")


def deprecated_keys() -> Dict[str, Tuple[str, object]]:
    return _lower_table("deprecated")


@lru_cache(maxsize=None)
def _accepted_globals() -> Dict[str, ConditionKeyInfo]:
    """Valid `aws:` keys missing from the global-keys page: the legacy keys services still set and
    document (global_condition_keys.json "legacy", e.g. aws:SourceOwner) and the keys Access Analyzer
    demonstrably accepts (condition_key_extras.json)."""
    out = {}
    for k, v in global_data().get("legacy", {}).items():
        out[k.lower()] = ConditionKeyInfo(k, v["type"], v.get("description", ""), True, bool(v.get("multivalued")))
    for k, v in extras()["accepted_global_keys"].items():
        out[k.lower()] = ConditionKeyInfo(k, v["type"], "", True, bool(v.get("multivalued")))
    return out


@lru_cache(maxsize=None)
def global_key_names() -> Tuple[str, ...]:
    """Documented global keys without the tag-style templates (for did-you-mean)."""
    return tuple(k for k in global_data()["keys"] if not k.endswith("/"))


@lru_cache(maxsize=None)
def compatible(key_family: str) -> frozenset:
    ops = own_data("condition_operators")
    fams = set(ops["compatible"].get(key_family, (key_family,)))
    fams.update(x for x in extras()["extra_compatible"].get(key_family, ()) if isinstance(x, str))
    return frozenset(fams)


@lru_cache(maxsize=None)
def key_family(key_type: str) -> Optional[str]:
    base = key_type[len("ArrayOf"):] if key_type.startswith("ArrayOf") else key_type
    return own_data("condition_operators")["key_type_to_family"].get(base)


def type_name(family: str) -> str:
    return extras()["type_names"].get(family, family)


def global_entry(key: str) -> Optional[dict]:
    """The data-file entry of a documented global key (tag keys by their base)."""
    lower = key.lower()
    table = _global_entries()
    hit = table.get(lower)
    if hit is None and "/" in lower:
        hit = table.get(lower.split("/", 1)[0] + "/")
    return hit


@lru_cache(maxsize=None)
def _global_entries() -> Dict[str, dict]:
    return {k.lower(): v for k, v in global_data()["keys"].items()}


# -- operators -------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def valid_operators() -> Dict[str, str]:
    """lowercase -> correct spelling of every valid operator text (set qualifiers and IfExists)."""
    out = {}
    for base in own_data("condition_operators")["operators"]:
        forms = [base] if base == "Null" else [base, base + "IfExists"]
        for f in forms:
            for q in ("", "ForAllValues:", "ForAnyValue:"):
                if base == "Null" and q:
                    continue
                out[(q + f).lower()] = q + f
    return out


_ALIASES = {"boolean": "Bool", "boolequals": "Bool", "ipaddressequals": "IpAddress", "notipaddressequals": "NotIpAddress",
            "isnull": "Null", "binary": "BinaryEquals"}

_QUALIFIER_FIX = re.compile(r"^\s*for\s*(all|any)\s*values?\s*:?\s*", re.I)


@lru_cache(maxsize=1024)
def suggest_operator(text: str) -> Optional[str]:
    """The operator probably meant by an invalid operator text, or None."""
    table = valid_operators()
    lower = text.strip().lower()
    if lower in table:
        return table[lower]
    qualifier = ""
    m = _QUALIFIER_FIX.match(text)
    if m:
        qualifier = "ForAllValues:" if m.group(1).lower() == "all" else "ForAnyValue:"
        lower = text[m.end():].strip().lower()
    if_exists = ""
    if lower.endswith("ifexists") or lower.endswith("ifexist"):
        if_exists = "IfExists"
        lower = lower[: -len("ifexists")] if lower.endswith("ifexists") else lower[: -len("ifexist")]
    bases = {b.lower(): b for b in own_data("condition_operators")["operators"]}
    base = bases.get(lower) or _ALIASES.get(lower)
    if base is None:
        match = close_matches(lower, list(bases), n=1, cutoff=0.8)
        if not match:
            return None
        base = bases[match[0]]
    if base == "Null":
        if_exists = ""
        qualifier = ""
    candidate = qualifier + base + if_exists
    return candidate if candidate != text else None


def operator_blocks(st) -> Iterator[Tuple[str, tuple, dict]]:
    """(operator text, path of the operator, its block) for each object-valued operator."""
    cond = st.condition_raw
    if not isinstance(cond, dict):
        return
    for op_text, block in cond.items():
        if isinstance(block, dict):
            yield op_text, st.path + ("Condition", op_text), block


# -- the conditions of a document, gathered once for the condition rules -------------------------

class ConditionIndex:
    """The policy's conditions, gathered in one pass per document and shared by the condition
    rules (IAM3xx), so that each rule looks only at the entries that concern it and a document
    without conditions (most policies) costs a rule one look-up.

    pairs       (statement, condition) of every key under an object-valued operator, in order
    by_family   operator family ('String', ...; None for unknown operators) -> pairs
    by_key      lowercase condition key -> pairs
    blocks      (statement, operator text, operator path, block, Operator) of each object-valued
                operator, in order (empty blocks included)
    """

    __slots__ = ("pairs", "by_family", "by_key", "blocks", "_resolved", "_statuses")

    def __init__(self, policy):
        self.pairs: list = []
        self.by_family: Dict[Optional[str], list] = {}
        self.by_key: Dict[str, list] = {}
        self.blocks: list = []
        self._resolved = None
        self._statuses = None
        for st in policy.statements:
            if not st.condition_raw:
                continue
            for op_text, op_path, block in operator_blocks(st):
                self.blocks.append((st, op_text, op_path, block, parse_operator(op_text)))
            for c in st.conditions:
                pair = (st, c)
                self.pairs.append(pair)
                family = c.operator.family
                hit = self.by_family.get(family)
                if hit is None:
                    self.by_family[family] = [pair]
                else:
                    hit.append(pair)
                key = c.key.lower()
                hit = self.by_key.get(key)
                if hit is None:
                    self.by_key[key] = [pair]
                else:
                    hit.append(pair)

    def family(self, family: Optional[str]) -> list:
        return self.by_family.get(family, ())

    def resolved(self, catalog) -> List[tuple]:
        """(statement, condition, Resolved) of every pair, in order."""
        out = self._resolved
        if out is None:
            cache = _cache(catalog)["keys"]
            out = []
            for st, c in self.pairs:
                r = cache.get(c.key) if c.key.__class__ is not Placeholder else COMPUTED
                if r is None:
                    r = resolve(catalog, c.key)
                out.append((st, c, r))
            self._resolved = out
            self._statuses = {r.status for _st, _c, r in out}
        return out

    def has_status(self, catalog, status: str) -> bool:
        """Does some key of the document resolve to `status`?"""
        if self._statuses is None:
            self.resolved(catalog)
        return status in self._statuses


def condition_index(ctx) -> ConditionIndex:
    """The document's ConditionIndex (built on first use, kept in ctx.memo)."""
    index = ctx.memo.get("keys.conditions")
    if index is None:
        index = ctx.memo["keys.conditions"] = ConditionIndex(ctx.policy)
    return index


def keys_with_status(ctx, status: str) -> list:
    """(condition, Resolved) of each condition key of the document that resolves to `status`, in
    order; an empty list at once when no key does (the usual case)."""
    catalog = ctx.catalog
    index = condition_index(ctx)
    if not index.pairs or not index.has_status(catalog, status):
        return []
    return [(c, r) for _st, c, r in index.resolved(catalog) if r.status == status]


def unknown_key_problems(ctx, status: str, describe):
    """A Problem on each condition key resolving to `status` (an unknown global or service key):
    `describe(condition, resolved)` says what is wrong, and a close known key becomes a
    did-you-mean and a fix."""
    for c, r in keys_with_status(ctx, status):
        message = describe(c, r)
        replacement = None
        if r.suggestion:
            message += f"; did you mean {r.suggestion}?"
            # a guess, and a known key makes the condition match other requests: unsafe
            replacement = Replacement(f"Change to {r.suggestion}", r.suggestion, safe=False)
        yield Problem(path=c.path, message=message, on_key=True, replacement=replacement)


# -- keys ------------------------------------------------------------------------------------

def _cache(catalog) -> dict:
    cache = catalog.memo.get("keys.resolve")
    if cache is None:
        cache = catalog.memo["keys.resolve"] = {"keys": {}, "svc": {}}
    return cache


def _template_rx(template: str) -> "re.Pattern[str]":
    parts = _TEMPLATE_PART.split(template.lower())
    return re.compile(".+".join(re.escape(p) for p in parts) + r"\Z", re.S)


def _service_info(catalog, prefix: str) -> dict:
    """Per service: angle-bracket templates the catalog does not match, tag bases, plain keys."""
    cache = _cache(catalog)["svc"]
    hit = cache.get(prefix)
    if hit is not None:
        return hit
    keys = catalog.service_condition_keys(prefix)
    angle = []
    tag_bases = {}
    plain = []
    for k in keys:
        if "<" in k or k.lower().endswith("/tag-key"):
            angle.append((_template_rx(k), k))  # placeholders the catalog does not match
        m = _TEMPLATE_PART.search(k)
        if m is None:
            plain.append(k)
            continue
        head = k[: m.start()]
        if head.endswith("/") and m.end() == len(k):
            tag_bases[head[:-1].lower()] = head[:-1]
    hit = {"angle": angle, "tag_bases": tag_bases, "plain": plain}
    cache[prefix] = hit
    return hit


def resolve(catalog, key: str) -> Resolved:
    if key.__class__ is Placeholder:
        return COMPUTED  # not cached: it equals the literal key of the same text
    cache = _cache(catalog)["keys"]
    hit = cache.get(key)
    if hit is None:
        hit = _resolve(catalog, key)
        cache[key] = hit
    return hit


def _suggest(word: str, candidates: List[str]) -> Optional[str]:
    by_lower = {c.lower(): c for c in candidates}
    match = close_matches(word.lower(), list(by_lower), n=1, cutoff=0.8)
    return by_lower[match[0]] if match else None


def _resolve(catalog, key: str) -> Resolved:
    prefix, sep, name = key.partition(":")
    if not sep or not prefix.strip() or not name.strip():
        return Resolved(FORMAT)
    lower = key.lower()
    p = prefix.lower()
    if p == "aws":
        if lower in unsupported_keys() or lower in deprecated_keys():
            return Resolved(UNSUPPORTED, prefix=p)
        base = GLOBAL_TAG_BASES.get(lower[:-1] if lower.endswith("/") else lower)
        if base is not None:
            return Resolved(MISSING_TAG, prefix=p, base=base)
        info = catalog.condition_key(key)
        if info is None:
            head, slash, tail = lower.partition("/")
            if slash and tail and head in GLOBAL_TAG_BASES:
                # any tag key is a valid suffix (tag keys may contain '/'); IAM3xx checks no more
                info = catalog.condition_key(GLOBAL_TAG_BASES[head] + "/x")
        if info is not None:
            return Resolved(OK, info, p)
        info = _accepted_globals().get(lower)
        if info is not None:
            return Resolved(OK, info, p)
        if "/" in key:
            head, tail = key.split("/", 1)
            cand = _suggest(head, list(GLOBAL_TAG_BASES.values()))
            suggestion = cand + "/" + tail if cand and tail else None
        else:
            suggestion = _suggest(key, list(global_key_names()) + [i.key for i in _accepted_globals().values()])
        if suggestion is not None and suggestion.lower() == lower:
            suggestion = None
        return Resolved(GLOBAL, prefix=p, suggestion=suggestion)
    info = catalog.condition_key(key)
    if info is not None:
        return Resolved(OK, info, p)
    if catalog.has_service(p):
        svc = _service_info(catalog, p)
        for rx, template in svc["angle"]:
            if rx.match(lower):
                raw = catalog._service_keys(p).get(template.lower(), {})  # noqa: SLF001 (type lookup)
                typ = raw.get("type", "String") if isinstance(raw, dict) else "String"
                return Resolved(OK, ConditionKeyInfo(template, typ, "", False, typ.startswith("ArrayOf")), p)
        base = svc["tag_bases"].get(lower[:-1] if lower.endswith("/") else lower)
        if base is not None:
            return Resolved(MISSING_TAG, prefix=p, base=base)
        return Resolved(SERVICE_KEY, prefix=p, suggestion=_suggest(key, svc["plain"]))
    if catalog.retired_service(p) is not None:
        return Resolved(RETIRED, prefix=p)
    if "." in p or "/" in p:
        return Resolved(OK, None, p)  # an identity provider's claim (catalog accepts these)
    if catalog.key_prefix_known(p):
        return Resolved(SERVICE_KEY, prefix=p)
    return Resolved(SERVICE, prefix=p, suggestion=catalog.suggest_service(p))


def display_prefix(key: str) -> str:
    return key.partition(":")[0]


def listed_global_key_problems(ctx, table, what: str):
    """A Problem on each condition key found in `table` (unsupported_keys() / deprecated_keys()):
    "the global condition key K is <what>", with the key to use instead where there is one."""
    index = condition_index(ctx)
    if index.by_key.keys().isdisjoint(table):
        return
    for _st, c in index.pairs:
        hit = table.get(c.key_lower)
        if hit is None:
            continue
        _name, instead = hit
        message = f"the global condition key {c.key} is {what}"
        if instead:
            message += f"; use {instead} instead"
        yield Problem(path=c.path, message=message, on_key=True)
