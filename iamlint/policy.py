"""Policy / Statement views over a parsed document: str|list normalised, every value with its path.

Values of the wrong JSON type are left out of the views (the schema reports them), so rules can
trust what they see. Building the view also tells whether the document is perfectly regular, in
which case the (slower) JSON Schema validation has nothing to report and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Tuple

from .carriers import Placeholder
from .model import Path, PolicyType

TOP_LEVEL = ("Version", "Id", "Statement")
STATEMENT_ELEMENTS = (
    "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
    "Resource", "NotResource", "Condition",
)
_TOP_LEVEL_SET = frozenset(TOP_LEVEL)
_STATEMENT_SET = frozenset(STATEMENT_ELEMENTS)
PRINCIPAL_TYPES = ("AWS", "Federated", "Service", "CanonicalUser")
VERSIONS = ("2012-10-17", "2008-10-17")
SCALAR = (str, int, float, bool)


class Value(NamedTuple):
    """A scalar of the document and its path (a tuple: cheap to build for every action string)."""

    value: Any
    path: Path


@dataclass(slots=True)  # slots: one view object per statement, element and condition
class Element:
    """Action/NotAction, Resource/NotResource: the strings listed, each with its path.

    `texts` (the strings as written) is what most readers need; the Value of each string (with
    its path) is built only when asked for (`values`, `value_at`): mostly to report a Problem."""

    key: str
    path: Path
    raw: Any
    texts: Tuple[str, ...]  # the strings, in order (items of other types left out)
    is_list: bool
    # the Values, built on first read (already there for a list with items of other types,
    # whose strings are not at the positions of `texts`)
    built: Optional[List[Value]] = None

    @property
    def negated(self) -> bool:
        return self.key.startswith("Not")

    @property
    def values(self) -> List[Value]:
        values = self.built
        if values is None:
            if self.is_list:
                values = _string_values(self.texts, self.path)
            else:
                values = [_new_value(Value, (self.texts[0], self.path))]
            self.built = values
        return values

    def value_at(self, i: int) -> Value:
        """The Value of texts[i] (without building the others)."""
        if self.built is not None:
            return self.built[i]
        return _new_value(Value, (self.texts[i], self.path + (i,) if self.is_list else self.path))

    def path_of(self, i: int) -> Path:
        """The path of texts[i]."""
        if self.built is not None:
            return self.built[i].path
        return self.path + (i,) if self.is_list else self.path

    @property
    def strings(self) -> List[str]:
        return list(self.texts)

    def has_star(self) -> bool:
        return "*" in self.texts


@dataclass(slots=True)
class PrincipalElement:
    key: str  # Principal | NotPrincipal
    path: Path
    raw: Any
    entries: List[Tuple[str, Value]]  # (principal type as written, value)

    @property
    def negated(self) -> bool:
        return self.key == "NotPrincipal"

    @property
    def is_star(self) -> bool:
        """`"*"` or `{"AWS": "*"}`: everyone."""
        return self.raw == "*" or any(t == "AWS" and v.value == "*" for t, v in self.entries)

    def of_type(self, ptype: str) -> List[Value]:
        return [v for t, v in self.entries if t == ptype]


@dataclass(frozen=True)
class Operator:
    text: str
    base: str  # StringEquals, Null, ... (unknown names kept as written)
    qualifier: Optional[str]  # ForAllValues | ForAnyValue | None
    if_exists: bool
    family: Optional[str]  # String, Numeric, Date, Bool, Binary, IPAddress, ARN, Null; None if unknown
    negated: bool
    like: bool
    order: Optional[str]  # less | greater for ordered numeric/date operators

    @property
    def known(self) -> bool:
        return self.family is not None


@lru_cache(maxsize=512)
def parse_operator(text: str) -> Operator:
    from .catalog import own_data

    table = own_data("condition_operators")["operators"]
    qualifier = None
    rest = text
    for q in ("ForAllValues:", "ForAnyValue:"):
        if text.startswith(q):
            qualifier, rest = q[:-1], text[len(q):]
            break
    if_exists = False
    base = rest
    if rest.endswith("IfExists"):
        base, if_exists = rest[: -len("IfExists")], True
    info = table.get(base)
    if info is None and not if_exists:
        info = None
    return Operator(
        text=text,
        base=base,
        qualifier=qualifier,
        if_exists=if_exists,
        family=info["family"] if info else None,
        negated=bool(info and info.get("negated")),
        like=bool(info and info.get("like")),
        order=info.get("order") if info else None,
    )


@dataclass(slots=True)
class Condition:
    """One key under one operator: `"StringEquals": {"aws:SourceVpc": ["vpc-1", "vpc-2"]}`."""

    operator: Operator
    operator_path: Path
    key: str
    path: Path  # path of the key's value (the key itself: on_key=True)
    raw: Any
    values: List[Value]  # scalars only
    is_list: bool

    @property
    def key_lower(self) -> str:
        return self.key.lower()


@dataclass(slots=True)
class Statement:
    index: Optional[int]  # None when Statement is a single object
    path: Path
    raw: Dict[str, Any]
    sid: Optional[str] = None
    effect: Optional[str] = None
    action: Optional[Element] = None
    resource: Optional[Element] = None
    principal: Optional[PrincipalElement] = None
    conditions: List[Condition] = field(default_factory=list)
    condition_raw: Any = None
    # elements present twice as Action and NotAction etc. (the view keeps the first)
    conflicts: List[Tuple[str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.sid:
            return f"statement {self.sid!r}"
        return f"statement {self.index}" if self.index is not None else "the statement"

    @property
    def is_allow(self) -> bool:
        return self.effect == "Allow"

    @property
    def is_deny(self) -> bool:
        return self.effect == "Deny"

    def condition_keys_lower(self) -> set:
        return {c.key_lower for c in self.conditions}


@dataclass(slots=True)
class Policy:
    raw: Any
    version: Optional[str]
    statements: List[Statement]
    statement_is_list: bool
    regular: bool  # every element known and of the right type: the schema has nothing to say
    present: Dict[str, bool]  # top-level elements present

    def iter_values(self) -> Iterator[Tuple[Statement, str, Value]]:
        """Every string-ish value in Action/Resource/Principal/Condition with its element name."""
        for st in self.statements:
            for el in (st.action, st.resource):
                if el is not None:
                    for v in el.values:
                        yield st, el.key, v
            if st.principal is not None:
                for _t, v in st.principal.entries:
                    yield st, st.principal.key, v
            for c in st.conditions:
                for v in c.values:
                    yield st, "Condition", v


_new_value = tuple.__new__  # Value(v, p) without NamedTuple's Python-level __new__ (hot: every action string)
_ONLY_STR = frozenset((str,))

# The paths of the items of a list, by the list's path: ("Statement", 3, "Action") gives
# ("Statement", 3, "Action", 0), ... The same paths recur in every document, so they are made
# once, not once per action string. Bounded: cleared when it holds too many paths.
_ITEM_PATHS: Dict[Path, Tuple[Path, ...]] = {}
_ITEM_PATHS_MAX = 100_000
_item_paths_held = 0


def _item_paths(path: Path, n: int) -> Tuple[Path, ...]:
    """At least `n` item paths under `path`."""
    global _item_paths_held
    paths = _ITEM_PATHS.get(path)
    if paths is not None and len(paths) >= n:
        return paths
    size = max(n, 8)  # short lists grow: room for a few more items at once
    if _item_paths_held + size > _ITEM_PATHS_MAX:
        _ITEM_PATHS.clear()
        _item_paths_held = 0
    paths = tuple([path + (i,) for i in range(size)])
    if size <= _ITEM_PATHS_MAX:
        _item_paths_held += size - len(_ITEM_PATHS.get(path, ()))
        _ITEM_PATHS[path] = paths
    return paths


def _string_values(items: list, path: Path) -> List[Value]:
    """A Value per item of a list of nothing but str (built in C: no Python loop per item)."""
    return list(map(_new_value, repeat(Value), zip(items, _item_paths(path, len(items)))))


def _strings(raw: Any, path: Path) -> Tuple[List[Value], bool, bool]:
    """(string values, is_list, regular)."""
    if isinstance(raw, str):
        return [Value(raw, path)], False, True
    if isinstance(raw, list):
        if _ONLY_STR.issuperset(map(type, raw)):  # the usual list: strings only
            return _string_values(raw, path), True, True
        out = [_new_value(Value, (v, path + (i,))) for i, v in enumerate(raw) if isinstance(v, str)]
        return out, True, len(out) == len(raw)
    return [], False, False


def _element(key: str, raw: Any, path: Path) -> Tuple[Element, bool]:
    """An Action/Resource-like element and whether it is regular (a string or a list of strings)."""
    if raw.__class__ is str:
        return Element(key, path, raw, (raw,), False), True
    if raw.__class__ is list and _ONLY_STR.issuperset(map(type, raw)):  # the usual list: strings only
        return Element(key, path, raw, tuple(raw), True), True
    values, is_list, good = _strings(raw, path)
    return Element(key, path, raw, tuple([v.value for v in values]), is_list, values), good


def build(raw: Any) -> Policy:
    """The view of a parsed document (any JSON value; non-objects give an empty policy)."""
    if not isinstance(raw, dict):
        return Policy(raw, None, [], False, False, {})
    regular = raw.keys() <= _TOP_LEVEL_SET
    version = raw.get("Version")
    if not isinstance(version, str):
        regular = regular and "Version" not in raw
        version = None
    elif version not in VERSIONS:
        regular = False
    if "Id" in raw and not isinstance(raw["Id"], str):
        regular = False
    statements: List[Statement] = []
    st_raw = raw.get("Statement")
    is_list = isinstance(st_raw, list)
    if st_raw is None:
        regular = False
    elif isinstance(st_raw, dict):
        st, ok = _statement(st_raw, ("Statement",), None)
        statements.append(st)
        regular = regular and ok
    elif is_list:
        for i, item in enumerate(st_raw):
            if isinstance(item, dict):
                st, ok = _statement(item, ("Statement", i), i)
                statements.append(st)
                regular = regular and ok
            else:
                regular = False
    else:
        regular = False
    return Policy(raw, version, statements, is_list, regular, dict.fromkeys(raw, True))


def _either(raw: dict, path: Path, key: str, not_key: str, conflicts: List[Tuple[str, str]]):
    """(the Action or NotAction element (Resource / NotResource), whether it is regular); when
    both are written the first is kept and the pair is noted in `conflicts`."""
    element, ok = None, True
    if key in raw:
        element, ok = _element(key, raw[key], path + (key,))
    if not_key in raw:
        negated, good = _element(not_key, raw[not_key], path + (not_key,))
        ok = ok and good
        if element is None:
            element = negated
        else:
            conflicts.append((key, not_key))
    return element, ok


def _statement(raw: Dict[str, Any], path: Path, index: Optional[int]) -> Tuple[Statement, bool]:
    ok = raw.keys() <= _STATEMENT_SET
    conflicts: List[Tuple[str, str]] = []
    sid = raw.get("Sid")
    if not isinstance(sid, str):
        if "Sid" in raw:
            ok = False
        sid = None
    effect = raw.get("Effect")
    if isinstance(effect, str):
        ok = ok and effect in ("Allow", "Deny")
        if effect.__class__ is Placeholder:
            # computed at deploy time (`Effect = var.effect`): neither an Allow nor a Deny to the
            # rules, which cannot know what the statement does (its text is only plausible)
            effect, ok = None, False
    else:
        effect = None
        ok = False
    action, good_action = _either(raw, path, "Action", "NotAction", conflicts)
    resource, good_resource = _either(raw, path, "Resource", "NotResource", conflicts)
    ok = ok and good_action and good_resource
    principal = None
    if "Principal" in raw or "NotPrincipal" in raw:
        principal, good = _principal(raw, path, conflicts)
        ok = ok and good
    conditions: List[Condition] = []
    cond = raw.get("Condition")
    if isinstance(cond, dict):
        for op_text, block in cond.items():
            op_path = path + ("Condition", op_text)
            if not isinstance(block, dict):
                ok = False
                continue
            op = parse_operator(op_text)
            for key, vals in block.items():
                kpath = op_path + (key,)
                if isinstance(vals, list):
                    if _ONLY_STR.issuperset(map(type, vals)):
                        values = _string_values(vals, kpath)
                    else:
                        values = [_new_value(Value, (v, kpath + (i,))) for i, v in enumerate(vals) if isinstance(v, SCALAR)]
                        ok = ok and len(values) == len(vals)
                    conditions.append(Condition(op, op_path, key, kpath, vals, values, True))
                elif isinstance(vals, SCALAR):
                    conditions.append(Condition(op, op_path, key, kpath, vals, [_new_value(Value, (vals, kpath))], False))
                else:
                    ok = False
    elif "Condition" in raw:
        ok = False
    if action is None or effect is None:
        ok = False
    st = Statement(index, path, raw, sid, effect, action, resource, principal, conditions, cond, conflicts)
    return st, ok


def _principal(raw: Dict[str, Any], path: Path, conflicts: List[Tuple[str, str]]) -> Tuple[PrincipalElement, bool]:
    """The first of Principal/NotPrincipal (a conflict noted when both are there), and whether
    both are of the right types."""
    ok = True
    principal = None
    for key in ("Principal", "NotPrincipal"):
        if key not in raw:
            continue
        if principal is not None:
            conflicts.append(("Principal", "NotPrincipal"))
            other = raw[key]
            ok = ok and (isinstance(other, str) or (isinstance(other, dict) and all(_strings(v, ())[2] for v in other.values())))
            continue
        p_raw = raw[key]
        entries: List[Tuple[str, Value]] = []
        if isinstance(p_raw, str):
            pass
        elif isinstance(p_raw, dict):
            for ptype, pv in p_raw.items():
                values, _is_list, good = _strings(pv, path + (key, ptype))
                ok = ok and good
                entries.extend((ptype, v) for v in values)
        else:
            ok = False
        principal = PrincipalElement(key, path + (key,), p_raw, entries)
    return principal, ok


def required_elements_present(policy: Policy, policy_type: PolicyType) -> bool:
    """Per-type required elements (mirrors the `required` parts of the schemas)."""
    for st in policy.statements:
        if policy_type is not PolicyType.TRUST and st.resource is None:
            return False
        if policy_type in (PolicyType.RESOURCE, PolicyType.TRUST, PolicyType.RCP) and st.principal is None:
            return False
    return True


_VARIABLE = re.compile(r"\$\{([^}]*)\}")


def variables(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, inside) of each well-formed ${...} in a string."""
    return [(m.start(), m.end(), m.group(1)) for m in _VARIABLE.finditer(text)]
