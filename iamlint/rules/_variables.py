"""Policy-variable grammar shared by the variable rules (group A).

A variable is `${key}` or `${key, 'default'}`; `${*}`, `${?}` and `${$}` are the special literals
for `*`, `?` and `$`. `scan(text)` finds every `${` of a string and classifies it once (cached:
the same strings recur across statements and policies)."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple, Optional, Tuple

SPECIAL = ("*", "?", "$")

# issues
OK = None
MISSING_BRACE = "MISSING_BRACE_IN_VARIABLE"
MISSING_QUOTE = "MISSING_QUOTE_IN_VARIABLE"
SPACE = "UNSUPPORTED_SPACE_IN_VARIABLE"
EMPTY = "EMPTY_VARIABLE"


class Var(NamedTuple):
    start: int  # offset of "$" in the decoded string
    end: int  # offset after "}" (end of string when the brace is missing)
    inside: str  # text between "${" and "}" (or to the end of the string)
    name: str  # the key part (before the first comma), as written
    default: Optional[str]  # the default part after the comma, as written, or None
    issue: Optional[str]  # one of the issue codes above, or None when well formed
    special: bool  # ${*} ${?} ${$}


@lru_cache(maxsize=4096)
def scan(text: str) -> Tuple[Var, ...]:
    """Every `${...}` in `text`, in order. Empty tuple when there is no `${` (the common case)."""
    if "${" not in text:
        return ()
    out = []
    pos = text.find("${")
    while pos >= 0:
        close = text.find("}", pos + 2)
        if close < 0:
            inside = text[pos + 2:]
            out.append(Var(pos, len(text), inside, inside, None, MISSING_BRACE, False))
            break
        inside = text[pos + 2:close]
        out.append(_classify(pos, close + 1, inside))
        pos = text.find("${", close + 1)
    return tuple(out)


def _classify(start: int, end: int, inside: str) -> Var:
    if inside in SPECIAL:
        return Var(start, end, inside, inside, None, OK, True)
    name, comma, default = inside.partition(",")
    if not inside.strip():
        return Var(start, end, inside, name, None, EMPTY, False)
    if not comma:
        default_part = None
    else:
        default_part = default
    issue = OK
    if any(c.isspace() for c in name):
        issue = SPACE
    elif default_part is not None:
        d = default_part.lstrip(" ")
        if len(d) < 2 or not (d.startswith("'") and d.endswith("'")):
            issue = MISSING_QUOTE
    return Var(start, end, inside, name, default_part, issue, False)


def _collect(ctx):
    """(allowed, other) values of the document, computed once and kept in ctx.memo."""
    hit = ctx.memo.get("variables.values")
    if hit is None:
        text = ctx.text
        # no variable anywhere (an escape could spell one without "${" in the text); "$" first:
        # one character is found by memchr, "${" is searched for many times slower
        if "\\" not in text and ("$" not in text or "${" not in text):
            hit = ((), ())
        else:
            policy = ctx.policy
            hit = (tuple(_allowed_values(policy)), tuple(_other_values(policy)))
        ctx.memo["variables.values"] = hit
    return hit


def allowed_values(ctx):
    """(statement, element name, Value) for every string where variables are interpreted and
    that holds `${`: Resource/NotResource entries and condition values (computed once per
    document)."""
    return _collect(ctx)[0]


def other_values(ctx):
    """(statement, element name, Value) for every string with `${` where variables are not
    supported: Action/NotAction, Principal/NotPrincipal values and Sid."""
    return _collect(ctx)[1]


def _allowed_values(policy):
    """(statement, element name, Value) for every string where variables are interpreted:
    Resource/NotResource entries and condition values."""
    for st in policy.statements:
        if st.resource is not None and "${" in "\n".join(st.resource.texts):
            for i, text in enumerate(st.resource.texts):
                if "${" in text:
                    yield st, st.resource.key, st.resource.value_at(i)
        for c in st.conditions:
            for v in c.values:
                if isinstance(v.value, str) and "${" in v.value:
                    yield st, "Condition", v


def _other_values(policy):
    """(statement, element name, Value) for strings where variables are not supported:
    Action/NotAction, Principal/NotPrincipal values and Sid."""
    for st in policy.statements:
        if st.sid is not None and "${" in st.sid:
            from ..policy import Value

            yield st, "Sid", Value(st.sid, st.path + ("Sid",))
        if st.action is not None and "${" in "\n".join(st.action.texts):
            for i, text in enumerate(st.action.texts):
                if "${" in text:
                    yield st, st.action.key, st.action.value_at(i)
        if st.principal is not None:
            if isinstance(st.principal.raw, str) and "${" in st.principal.raw:
                from ..policy import Value

                yield st, st.principal.key, Value(st.principal.raw, st.principal.path)
            for _t, v in st.principal.entries:
                if "${" in v.value:
                    yield st, st.principal.key, v


def grammar_problems(ctx, issue):
    """(Value, Var) for every variable with the given grammar issue, where variables are used."""
    for _st, _el, v in allowed_values(ctx):
        for var in scan(v.value):
            if var.issue == issue:
                yield v, var
