"""Helpers shared by the condition-value rules (IAM330-IAM379): how a value reads as text, where its
wildcards and variables are, and how it parses as a date, number, base64 blob or IP range.

Everything here is cached or built once at import: the rules call these per condition value.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import ipaddress
import re
from functools import lru_cache
from typing import Any, List, Optional, Tuple

from ..carriers import is_placeholder
from ..catalog import own_data
from ._keys import condition_index

# ${*}, ${?}, ${$}: literal characters, not variables.
SPECIAL_LITERALS = frozenset(("${*}", "${?}", "${$}"))
_VAR = re.compile(r"\$\{[^}]*\}")
_WILDCARD = re.compile(r"[*?]")


def data() -> dict:
    return own_data("condition_value_formats")


@lru_cache(maxsize=None)
def key_set(name: str) -> frozenset:
    """A list of condition keys from condition_value_formats.json, lowercased."""
    return frozenset(k.lower() for k in data()[name])


def as_text(value: Any) -> str:
    """How IAM reads a scalar condition value: JSON true/false as 'true'/'false', numbers as written."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value if isinstance(value, str) else str(value)


@lru_cache(maxsize=4096)
def wildcard_at(text: str) -> Optional[int]:
    """Index of the first * or ? outside ${...} (${*} and ${?} are literals), or None."""
    if "*" not in text and "?" not in text:
        return None
    pos = 0
    for m in _VAR.finditer(text):
        w = _WILDCARD.search(text, pos, m.start())
        if w:
            return w.start()
        pos = m.end()
    w = _WILDCARD.search(text, pos)
    return w.start() if w else None


@lru_cache(maxsize=4096)
def variables_in(text: str) -> Tuple[Tuple[int, int, str], ...]:
    """(start, end, inner) of each ${...} that is a real variable (not ${*} ${?} ${$})."""
    if "${" not in text:
        return ()
    return tuple((m.start(), m.end(), m.group(0)[2:-1]) for m in _VAR.finditer(text) if m.group(0) not in SPECIAL_LITERALS)


def has_dynamic(text: str) -> bool:
    """Has a wildcard or a variable, or is computed at deploy time (a template's placeholder, whose
    text is only plausible): a pattern we cannot check as a literal value."""
    return is_placeholder(text) or wildcard_at(text) is not None or bool(variables_in(text))


def is_star_only(value: Any) -> bool:
    """'*', '**', ...: a Like pattern that matches every string, including the empty one."""
    return isinstance(value, str) and value != "" and value.strip("*") == ""


# -- numbers -------------------------------------------------------------------------------
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)\Z")


def is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(_NUMBER.match(value))


def number(value: Any) -> Optional[float]:
    return float(value) if is_number(value) else None


# -- dates ---------------------------------------------------------------------------------
# W3C profile of ISO 8601 (what the IAM docs cite): YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.s]][TZ].
_ISO = re.compile(
    r"(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?\Z"
)
_EPOCH = re.compile(r"\d+(?:\.\d+)?\Z")
# Dates a human would read, that are not ISO 8601's extended form: slashes, a space before the
# time, a zone without colon or named UTC/GMT, the basic (compact) form, a lowercase t/z.
_LOOSE = (
    re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ Tt]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[Zz]|UTC|GMT|[+-]\d{2}:?\d{2})?)?\Z"),
    re.compile(r"\d{1,2}/\d{1,2}/\d{4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\Z"),
    re.compile(r"\d{8}(?:T\d{4,6}(?:\.\d+)?(?:Z|[+-]\d{4})?)?\Z"),
)


def _valid_iso(m: "re.Match[str]") -> bool:
    year, month, day, hour, minute, second, tz = m.groups()
    try:
        datetime.date(int(year), int(month), int(day or 1))
    except ValueError:
        return False
    if hour is not None and (int(hour) > 23 or int(minute) > 59 or (second is not None and int(second) > 60)):
        return False
    if tz and tz != "Z" and (int(tz[1:3]) > 23 or int(tz[4:6]) > 59):
        return False
    return True


@lru_cache(maxsize=2048)
def _date_kind_text(text: str) -> str:
    m = _ISO.match(text)
    if m:
        return "iso" if _valid_iso(m) else "bad"
    if _EPOCH.match(text):
        return "epoch"
    if any(rx.match(text) for rx in _LOOSE):
        return "loose"
    return "bad"


def date_kind(value: Any) -> str:
    """'iso' | 'epoch' | 'loose' (a date, not in ISO 8601 extended form) | 'bad' | 'variable'."""
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, (int, float)):
        return "epoch" if value >= 0 else "bad"
    if variables_in(value):
        return "variable"
    return _date_kind_text(value)


def epoch_to_iso(value: Any) -> Optional[str]:
    """Epoch seconds as ISO 8601 UTC; None for values that look like milliseconds or are fractional."""
    text = as_text(value)
    if not re.fullmatch(r"\d{1,10}", text):
        return None
    stamp = datetime.datetime.fromtimestamp(int(text), tz=datetime.timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


# -- base64 --------------------------------------------------------------------------------
_B64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?\Z")


def is_base64(value: Any) -> bool:
    if not isinstance(value, str) or not _B64.match(value):
        return False
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


# -- IP ranges -----------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def ip_network(text: str):
    """The network a CIDR or bare address denotes (host bits allowed), or None if it is neither.

    Netmask forms ('10.0.0.0/255.0.0.0') are refused: IAM takes prefix lengths."""
    if not text or text.strip() != text:
        return None
    addr, sep, prefix = text.partition("/")
    if sep and not prefix.isdigit():
        return None
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _private() -> tuple:
    return tuple(ipaddress.ip_network(r) for r in data()["private_ranges"])


def is_private(net) -> bool:
    return any(net.version == p.version and net.subnet_of(p) for p in _private())


def ip_values(cond) -> List[Tuple[Any, Any]]:
    """(Value, network) for each value of an IP condition that parses."""
    out = []
    for v in cond.values:
        if isinstance(v.value, str):
            net = ip_network(v.value)
            if net is not None:
                out.append((v, net))
    return out


def quote(value: Any) -> str:
    """A value as it appears in the policy (JSON)."""
    import json

    return json.dumps(value)


# -- wildcards and variables on keys where AWS demands specificity ---------------------------
ORG_PATH_KEYS = frozenset(("aws:principalorgpaths", "aws:resourceorgpaths", "aws:sourceorgpaths", "aws:vpceorgpaths"))
MIN_LITERAL = 6  # characters before a wildcard / variable on an org-path key


@lru_cache(maxsize=1)
def sensitive_keys() -> frozenset:
    return frozenset(k.lower() for k in own_data("global_condition_keys")["sensitive"])


def trusted_variable(inner: str) -> bool:
    """A variable that resolves to an AWS-controlled account / org / VPC identifier (aws:PrincipalAccount,
    aws:ResourceOrgID, ...). 570 uses of such variables on sensitive keys in AWS managed policies drew no
    Access Analyzer finding, so they are not 'too permissive'."""
    return inner.split(",", 1)[0].strip().lower() in sensitive_keys()


@lru_cache(maxsize=None)
def permissive_keys() -> frozenset:
    """The keys permissive_use has something to say about."""
    return sensitive_keys() | frozenset(ORG_PATH_KEYS) | {"aws:userid"}


def permissive_use(key_lower: str, text: str, kind: str):
    """Where a wildcard (kind='wildcard') or variable (kind='variable') makes a value on a sensitive,
    org-path or aws:userid key too permissive: (start, end, reason) or None."""
    if kind == "wildcard":
        at = wildcard_at(text)
        if at is None:
            return None
        spots = [(at, at + 1, None)]
    else:
        spots = [(s, e, inner) for s, e, inner in variables_in(text) if not trusted_variable(inner)]
        if not spots:
            return None
    start, end, _inner = spots[0]
    what = "a wildcard" if kind == "wildcard" else "a policy variable"
    if key_lower in sensitive_keys():
        return start, end, f"{what} has no valid use on the sensitive key; list the exact values"
    if key_lower in ORG_PATH_KEYS:
        first = min(s for s, _e, _i in spots)
        if kind == "variable":
            w = wildcard_at(text)
        else:
            v = [s for s, _e, inner in variables_in(text) if not trusted_variable(inner)]
            w = v[0] if v else None
        if w is not None:
            first = min(first, w)
        if first < MIN_LITERAL:
            return start, end, (f"{what} needs at least {MIN_LITERAL} literal characters before it "
                                f"(start with the organization ID, o-xxxxxxxxxx/...)")
        return None
    if key_lower == "aws:userid":
        left_end = _VAR.sub(lambda m: "_" * len(m.group(0)), text).find(":")
        left_end = len(text) if left_end < 0 else left_end
        for s, e, _i in spots:
            if s >= left_end:
                continue
            if kind == "variable" and s == 0 and e == left_end:
                continue  # the variable is the whole unique-ID part
            return s, e, (f"{what} left of ':' matches any principal's unique ID; write the exact ID "
                          f"(AROA.../AIDA...) and put {'the wildcard' if kind == 'wildcard' else 'variables'} after ':'")
    return None


# -- one pass over the conditions, shared by the rules -----------------------------------------

def conditions(ctx, family: Optional[str] = "*") -> list:
    """(statement, condition) pairs of the policy, optionally only those of one operator family
    ('String', 'Numeric', ...; None for unknown operators). Built once per document for all rules
    (the ConditionIndex in ctx.memo)."""
    index = condition_index(ctx)
    if family == "*":
        return index.pairs
    return index.by_family.get(family, ())


def has_any_key(ctx, keys) -> bool:
    """Does some condition of the policy use one of `keys` (lowercase)? Rules about a few keys
    ask this first: most documents have none of them."""
    return not condition_index(ctx).by_key.keys().isdisjoint(keys)


def malformed_id_values(ctx, key_lower: str, pattern):
    """The string values of `key_lower` under String operators that `pattern` does not match
    (values with wildcards or policy variables are left to the rules about those)."""
    for _st, c in condition_index(ctx).by_key.get(key_lower, ()):
        if c.operator.family != "String":
            continue
        for v in c.values:
            if not isinstance(v.value, str) or pattern.match(v.value) or has_dynamic(v.value):
                continue
            yield v


def star_only_values(ctx, base: str, if_exists_too: bool):
    """(condition, first value that is just "*") of each unqualified `base` String condition
    (StringLike / StringNotLike) that has one; ...IfExists operators only if `if_exists_too`."""
    for _st, c in conditions(ctx, "String"):
        op = c.operator
        if op.base != base or op.qualifier or (op.if_exists and not if_exists_too):
            continue
        star = next((v for v in c.values if is_star_only(v.value)), None)
        if star is not None:
            yield c, star


def source_ip_conditions(ctx):
    """(condition, ip_values) of each IPAddress-family condition on aws:SourceIp."""
    for _st, c in condition_index(ctx).by_key.get("aws:sourceip", ()):
        if c.operator.family == "IPAddress":
            # a computed range (a template's placeholder) is left out: neither private nor public
            yield c, [(v, n) for v, n in ip_values(c) if not is_placeholder(v.value)]
