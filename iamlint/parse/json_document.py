"""Strict JSON text -> values whose every key and value can be located.

Speed matters (a whole corpus must lint within a few times `json.loads`), so there are two paths:

* the fast path: `json.loads` (C) gives the values and proves the text is JSON; positions are
  computed only when something asks for one (`JsonDocument.locate`), by one regex scan that
  builds an index from JSON path to the offsets of the key and the value;
* the reference path: the lark grammar in `json.lark`, which gives the exact position and the
  expected tokens of a syntax error, and the position tree of `iamlint.parse.tree`. Tests check
  that the two agree on every corpus file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import islice
from operator import methodcaller
from typing import Any, Dict, List, Optional, Tuple

from ..model import Path, Range
from .source import LineIndex

MAX_DEPTH = 64  # real policies nest 5 or 6 deep; this bounds every recursive walk downstream

_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'  # unrolled: much faster than (?:[^"\\]|\\.)*
# A key is a string followed by its colon, so commas and colons never need to be tokens.
_TOKEN = re.compile(_STRING + r'(?:\s*:)?|[{}\[\]]|[^\s{}\[\]:,"]+', re.S)
_BRACKETS = re.compile(_STRING + r'|[\[{]|[\]}]', re.S)


@dataclass(frozen=True)
class SyntaxProblem:
    offset: int
    end_offset: int
    message: str


@dataclass
class Slot:
    """Offsets of one member: the key (for object members) and the value."""

    key_start: int = -1
    key_end: int = -1
    start: int = -1
    end: int = -1


class _ConstantError(ValueError):
    pass


def _reject_constant(name: str):
    raise _ConstantError(name)


class _DuplicateTracker:
    """object_pairs_hook that keeps the last value (as AWS does) and notes that duplicates exist."""

    __slots__ = ("found",)

    def __init__(self):
        self.found = False

    def __call__(self, pairs):
        result = dict(pairs)
        if len(result) != len(pairs):
            self.found = True
        return result


class JsonDocument:
    """A parsed JSON text. `value` is None when `syntax_error` is set."""

    def __init__(self, text: str):
        self.text = text
        self.lines = LineIndex(text)
        self.value: Any = None
        self.syntax_error: Optional[SyntaxProblem] = None
        self._has_duplicates = False
        self._index: Optional[Dict[Path, Slot]] = None
        self._walked: Dict[Path, Optional[Slot]] = {}  # path -> its slot (end maybe not found yet)
        self._members: Dict[int, dict] = {}
        self._duplicates: List[Tuple[Path, Slot]] = []
        self._parse()

    # -- parsing -----------------------------------------------------------------------------
    def _parse(self) -> None:
        tracker = _DuplicateTracker()
        try:
            self.value = json.loads(
                self.text, object_pairs_hook=tracker, parse_constant=_reject_constant
            )
        except RecursionError:
            self.syntax_error = self._depth_error() or SyntaxProblem(0, 0, "nesting too deep")
            return
        except (ValueError, _ConstantError) as exc:
            self.syntax_error = explain_syntax_error(self.text, exc)
            return
        self._has_duplicates = tracker.found
        # Depth never exceeds the number of opening brackets (a C-speed count): most documents
        # are settled without walking the value.
        text = self.text
        if text.count("{") + text.count("[") > MAX_DEPTH and _depth_exceeds(self.value, MAX_DEPTH):
            self.value = None
            self.syntax_error = self._depth_error() or SyntaxProblem(0, 0, "nesting too deep")

    def _depth_error(self) -> Optional[SyntaxProblem]:
        depth = 0
        for m in _BRACKETS.finditer(self.text):
            c = m.group()[0]
            if c in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return SyntaxProblem(
                        m.start(), m.end(), f"nesting deeper than {MAX_DEPTH} levels is not a policy"
                    )
            elif c in "]}":
                depth -= 1
        return None

    # -- positions ---------------------------------------------------------------------------
    @property
    def index(self) -> Dict[Path, Slot]:
        if self._index is None:
            self._index, self._duplicates = build_index(self.text)
        return self._index

    @property
    def duplicate_keys(self) -> List[Tuple[Path, Slot]]:
        """(path of the member, slot of the repeated occurrence) for every key seen twice."""
        if not self._has_duplicates:
            return []
        self.index  # noqa: B018 - builds the duplicate list
        return self._duplicates

    def slot(self, path: Path) -> Optional[Slot]:
        """The offsets of one member: found by walking the path with the C scanner (which skips
        whole sibling values at C speed), so a document with a few findings never pays for the
        full index."""
        if path.__class__ is not tuple:
            path = tuple(path)
        if self._index is not None:
            return self._index.get(path)
        if self.syntax_error is not None:
            return None
        found = self._walk(path)
        if found is not None and found.end < 0:
            found.end = _scan_once(self.text, found.start)[1]
        return found

    def _walk(self, path: Path) -> Optional[Slot]:
        """The slot at `path`, one step from its parent's (each prefix is walked once: the
        findings of one statement share the way to it)."""
        walked = self._walked
        if path in walked:
            return walked[path]
        if not path:
            found = Slot(-1, -1, _WS.match(self.text, 0).end(), -1)
        else:
            parent = self._walk(path[:-1])
            found = None if parent is None else _child(
                self.text, parent.start, path[-1], self._members, not self._has_duplicates
            )
        walked[path] = found
        return found

    def locate(self, path: Path, on_key: bool = False, span=None) -> Range:
        """The range of the value at `path` (or of its key), narrowed to `span` if given.

        Falls back to the nearest ancestor that exists, so a rule can never crash the engine."""
        path = tuple(path)
        slot = None
        while True:
            slot = self.slot(path)
            if slot is not None or not path:
                break
            path = path[:-1]
            on_key, span = False, None
        if slot is None:
            return self.lines.range(0, 0)
        if on_key and slot.key_start >= 0:
            return self.lines.range(slot.key_start, slot.key_end)
        start, end = slot.start, slot.end
        if span is not None and self.text[start : start + 1] == '"':
            start, end = string_span(self.text, start, end, span)
        return self.lines.range(start, end)


_WS = re.compile(r"[ \t\n\r]*")
_scanstring = json.decoder.scanstring
_scan_once = json.scanner.make_scanner(json.JSONDecoder())


def find_slot(text: str, path: Path, members: Optional[dict] = None, unique_keys: bool = False) -> Optional[Slot]:
    """Offsets of the member at `path` in valid JSON `text` (the last of duplicate keys, as
    json.loads keeps), or None. Each container on the way is scanned at most once, and only as
    far as needed (sibling values are skipped by the C scanner); its members are kept in
    `members` for the next lookup. `unique_keys`: the text has no duplicate keys, so an object's
    scan can stop at the key asked for."""
    if members is None:
        members = {}
    found = Slot(-1, -1, _WS.match(text, 0).end(), -1)
    for p in path:
        found = _child(text, found.start, p, members, unique_keys)
        if found is None:
            return None
    if found.end < 0:
        found.end = _scan_once(text, found.start)[1]
    return found


def _child(text: str, pos: int, p, members: dict, unique_keys: bool) -> Optional[Slot]:
    """The slot of member `p` (a key or an index) of the value at `pos`, or None."""
    table = members.get(pos)
    if table is None:
        table = members[pos] = _members(text, pos, unique_keys)
    if isinstance(p, str) == (text[pos : pos + 1] == "{") and not isinstance(p, bool):
        return table.get(p)
    return None


def _members(text: str, pos: int, unique_keys: bool = False):
    """key -> Slot for an object at `pos`, index -> Slot for an array, {} for a scalar."""
    ws = _WS.match
    table: dict = {}
    c = text[pos : pos + 1]
    if c == "{" and unique_keys:
        return _ObjectMembers(text, pos)
    if c == "{":
        i = ws(text, pos + 1).end()
        while text[i] == '"':
            key, k_end = _scanstring(text, i + 1)
            v_start = ws(text, ws(text, k_end).end() + 1).end()
            v_end = _scan_once(text, v_start)[1]
            table[key] = Slot(i, k_end, v_start, v_end)  # a later duplicate wins, as in json.loads
            i = ws(text, v_end).end()
            if text[i] != ",":
                break
            i = ws(text, i + 1).end()
    elif c == "[":
        return _ArrayMembers(text, pos)
    return table


class _ObjectMembers:
    """key -> Slot for an object without duplicate keys, scanned only up to the key asked for:
    the end of a value (which costs decoding it) is found only to step past it."""

    __slots__ = ("text", "next", "slots", "last", "done")

    def __init__(self, text: str, pos: int):
        self.text = text
        self.next = _WS.match(text, pos + 1).end()
        self.slots: Dict[str, Slot] = {}
        self.last: Optional[Slot] = None  # the member scanned last, not yet stepped over
        self.done = False

    def get(self, key) -> Optional[Slot]:
        hit = self.slots.get(key)
        if hit is not None or self.done:
            return hit
        text, ws = self.text, _WS.match
        while True:
            last = self.last
            if last is not None:
                if last.end < 0:
                    last.end = _scan_once(text, last.start)[1]
                i = ws(text, last.end).end()
                self.last = None
                if text[i] != ",":
                    self.done = True
                    return None
                self.next = ws(text, i + 1).end()
            i = self.next
            if text[i] != '"':
                self.done = True
                return None
            name, k_end = _scanstring(text, i + 1)
            slot = self.slots[name] = Slot(i, k_end, ws(text, ws(text, k_end).end() + 1).end(), -1)
            self.last = slot
            if name == key:
                return slot


# One scalar element of an array (a string, number or literal) with the separators before it.
# Matched one after another by a scanner, it stops (at C speed, with no token to look at in
# Python) where the array ends or a container comes.
_SCALAR_ELEMENT = re.compile(r'[\s,]*(' + _STRING + r'|[^\s,\[\]{}"]+)', re.S)
_SEPARATORS = re.compile(r"[\s,]*")
_ELEMENT_SPAN = methodcaller("span", 1)


class _ArrayMembers:
    """index -> Slot for an array, scanned only as far as the highest index asked for: a finding
    in the first statements of a long policy does not pay for decoding the others. Scalars (the
    long Action and Resource lists) are stepped over by a regex scanner, containers by the C
    scanner; only the offsets are kept, a Slot is made for an index asked for."""

    __slots__ = ("text", "next", "spans", "slots", "done", "scalars")

    def __init__(self, text: str, pos: int):
        self.text = text
        self.next = _WS.match(text, pos + 1).end()  # where the next element (or the `]`) is
        self.spans: List[Tuple[int, int]] = []  # (start, end) of the elements scanned so far
        self.slots: Dict[int, Slot] = {}
        self.done = False
        c = text[self.next]
        self.scalars = iter(_SCALAR_ELEMENT.scanner(text, self.next).match, None) if c != "[" and c != "{" else None

    def get(self, index) -> Optional[Slot]:
        hit = self.slots.get(index)
        if hit is not None:
            return hit
        spans = self.spans
        if len(spans) <= index and not self.done:
            if self.scalars is not None:
                self._scalars(index)
            else:
                self._containers(index)
        if 0 <= index < len(spans):
            start, end = spans[index]
            hit = self.slots[index] = Slot(-1, -1, start, end)
        return hit

    def _scalars(self, index: int) -> None:
        spans = self.spans
        spans.extend(map(_ELEMENT_SPAN, islice(self.scalars, index + 1 - len(spans))))
        if len(spans) > index:
            return
        # The scanner stopped: at the end of the array, or at a container (on with the C scanner).
        self.scalars = None
        i = _SEPARATORS.match(self.text, spans[-1][1] if spans else self.next).end()
        if self.text[i] == "]":
            self.done = True
            return
        self.next = i
        self._containers(index)

    def _containers(self, index: int) -> None:
        text, spans, ws = self.text, self.spans, _WS.match
        while len(spans) <= index:
            i = self.next
            if text[i] == "]":
                self.done = True
                break
            v_end = _scan_once(text, i)[1]
            spans.append((i, v_end))
            i = ws(text, v_end).end()
            if text[i] != ",":
                self.done = True
                break
            self.next = ws(text, i + 1).end()


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether containers nest deeper than `limit` (level by level, no recursion)."""
    level = [value] if value.__class__ is dict or value.__class__ is list else []
    depth = 1
    while level:
        if depth > limit:
            return True
        deeper = []
        for item in level:
            for v in item.values() if item.__class__ is dict else item:
                if v.__class__ is dict or v.__class__ is list:
                    deeper.append(v)
        level = deeper
        depth += 1
    return False


def _key_text(token: str) -> str:
    return json.loads(token) if "\\" in token else token[1:-1]


def build_index(text: str):
    """One pass over a text already known to be valid JSON: path -> Slot, and duplicate keys."""
    index: Dict[Path, Slot] = {}
    duplicates: List[Tuple[Path, Slot]] = []
    # Each frame: [path, is_object, next array index | keys seen in the object, pending_key,
    # pending_key_slot]. A key is a duplicate within its own object only: the members of a
    # repeated object share their paths with the first copy's and are not duplicates.
    stack: List[list] = []
    frame: Optional[list] = None
    for m in _TOKEN.finditer(text):
        tok = m.group()
        c = tok[0]
        start = m.start()
        if c == '"' and tok[-1] == ":":  # a key and its colon
            key_token = tok[:-1].rstrip()
            frame[3] = _key_text(key_token)
            frame[4] = Slot(start, start + len(key_token))
            continue
        if c == "}" or c == "]":
            index[stack.pop()[0]].end = m.end()
            frame = stack[-1] if stack else None
            continue
        # A value: its path comes from the enclosing frame.
        if frame is None:
            path: Path = ()
            slot = Slot(-1, -1, start)
        elif frame[1]:
            path = frame[0] + (frame[3],)
            slot = frame[4]
            slot.start = start
            seen = frame[2]
            if frame[3] in seen:
                duplicates.append((path, slot))
            else:
                seen.add(frame[3])
        else:
            path = frame[0] + (frame[2],)
            frame[2] += 1
            slot = Slot(-1, -1, start)
        index[path] = slot
        if c == "{" or c == "[":
            frame = [path, True, set(), None, None] if c == "{" else [path, False, 0, None, None]
            stack.append(frame)
        else:
            slot.end = m.end()
    return index, duplicates


_HIGH_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}")
_LOW_SURROGATE = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def string_span(text: str, start: int, end: int, span) -> Tuple[int, int]:
    """Map [a, b) in the decoded string at text[start:end] (quotes included) to raw offsets."""
    a, b = span
    raw = text[start + 1 : end - 1]
    if "\\" not in raw:
        n = len(raw)
        a, b = max(0, min(a, n)), max(0, min(b, n))
        return start + 1 + a, start + 1 + b
    offsets = []  # raw offset of each decoded character
    i = 0
    while i < len(raw):
        offsets.append(i)
        if raw[i] == "\\":
            if raw[i + 1 : i + 2] == "u":
                # json.loads joins an escaped surrogate pair into one character.
                if _HIGH_SURROGATE.match(raw, i) and _LOW_SURROGATE.match(raw, i + 6):
                    i += 12
                else:
                    i += 6
            else:
                i += 2
        else:
            i += 1
    offsets.append(len(raw))
    a = offsets[max(0, min(a, len(offsets) - 1))]
    b = offsets[max(0, min(b, len(offsets) - 1))]
    return start + 1 + a, start + 1 + b


# -- syntax errors (the lark path) -----------------------------------------------------------
_PARSER = None


def lark_parser():
    global _PARSER  # the compiled grammar is a pure cache, safe to share
    if _PARSER is None:
        from importlib.resources import files

        from lark import Lark

        grammar = files("iamlint.parse").joinpath("json.lark").read_text(encoding="utf-8")
        _PARSER = Lark(grammar, parser="lalr", lexer="basic", propagate_positions=True)
    return _PARSER


_TOKEN_NAMES = {
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "COMMA": "','",
    "COLON": "':'",
    "STRING": "a string",
    "NUMBER": "a number",
    "TRUE": "true",
    "FALSE": "false",
    "NULL": "null",
    "$END": "the end of the text",
}


def _describe_expected(expected) -> str:
    names = sorted({_TOKEN_NAMES.get(e, e) for e in expected})
    if len(names) > 4:
        return "a value"
    return " or ".join(names)


def explain_syntax_error(text: str, exc: Exception) -> SyntaxProblem:
    """The exact position and a plain message for why `text` is not strict JSON."""
    # Python's decoder pinpoints bad escapes and raw control characters exactly.
    if isinstance(exc, json.JSONDecodeError):
        if exc.msg.startswith("Invalid \\escape"):
            return SyntaxProblem(exc.pos, exc.pos + 2, "invalid escape sequence in string")
        if exc.msg.startswith("Invalid \\u"):
            # json points at the `u`; the range covers the whole \uXXXX attempt.
            start = exc.pos - 1 if text[exc.pos - 1 : exc.pos] == "\\" else exc.pos
            end = start + 2
            while end < min(len(text), start + 6) and text[end] not in '"\\':
                end += 1
            return SyntaxProblem(start, end, "invalid \\u escape: \\u takes four hexadecimal digits")
        if exc.msg.startswith("Invalid control character"):
            ch = text[exc.pos : exc.pos + 1]
            return SyntaxProblem(
                exc.pos,
                exc.pos + 1,
                f"raw control character U+{ord(ch):04X} in string (escape it)" if ch else "raw control character in string",
            )
        if exc.msg.startswith("Unterminated string"):
            return SyntaxProblem(exc.pos, len(text), "unterminated string")
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

    try:
        lark_parser().parse(text)
    except UnexpectedCharacters as e:
        pos = e.pos_in_stream
        rest = text[pos : pos + 20]
        if rest.startswith("//") or rest.startswith("/*"):
            msg = "comments are not allowed in JSON"
        elif rest.startswith("'"):
            msg = "strings must use double quotes"
        elif rest[:3] in ("NaN", "Inf") or rest[:4] == "-Inf":
            msg = "NaN and Infinity are not JSON numbers"
        elif rest.startswith('"'):
            msg = "unterminated string or invalid character in string"
        elif rest and (rest[0] < " " or rest[0] == "\x7f"):
            msg = f"unexpected control character U+{ord(rest[0]):04X}"
            if rest[0] == "\x00":
                msg += " (this looks like a binary file, not JSON)"
        else:
            word = _WORD.match(rest)
            shown = word.group() if word else rest[:1]
            msg = f"unexpected {shown!r}"
            literal = _LITERALS.get(shown.lower())
            if literal is not None:
                msg += f" (JSON writes it {literal})"
            else:
                expected = _accepted(e, ())
                if expected:
                    msg += f", expected {_describe_expected(expected)}"
        end = pos + 1
        return SyntaxProblem(pos, end, msg)
    except UnexpectedToken as e:
        tok = e.token
        expected = _accepted(e, e.expected)
        if tok.type == "$END":
            pos = len(text)
            return SyntaxProblem(pos, pos, f"unexpected end of text, expected {_describe_expected(expected)}")
        pos = tok.start_pos
        if tok.type in ("RBRACE", "RSQB") and _previous_significant(text, pos) == ",":
            msg = "trailing comma is not allowed"
        elif set(expected) == {"$END"}:
            msg = f"unexpected {tok.value!r} after the end of the JSON value (one document per file)"
        else:
            msg = f"unexpected {tok.value!r}, expected {_describe_expected(expected)}"
        return SyntaxProblem(pos, tok.end_pos if tok.end_pos is not None else pos + 1, msg)
    except UnexpectedEOF as e:
        return SyntaxProblem(len(text), len(text), "unexpected end of text")
    except UnexpectedInput as e:  # pragma: no cover - lark's other variants
        return SyntaxProblem(getattr(e, "pos_in_stream", 0) or 0, 0, "invalid JSON")
    except RecursionError:
        return SyntaxProblem(0, 0, "nesting too deep")
    # lark accepted what json.loads did not (should not happen); report json's position.
    pos = getattr(exc, "pos", 0) or 0
    return SyntaxProblem(pos, pos + 1, str(exc))


_WORD = re.compile(r"[^\s{}\[\]:,\"]+|.", re.S)
_LITERALS = {"true": "true", "false": "false", "null": "null", "none": "null"}


def _accepted(exc, fallback):
    """The tokens that could really come next: lark's LALR `expected` set is the lookahead of a
    merged state (so `[1 2]` would claim `}` and the end of text are fine); replaying the parser
    state tells the truth."""
    parser = getattr(exc, "interactive_parser", None)
    if parser is None:
        return fallback
    try:
        return parser.accepts() or fallback
    except Exception:  # pragma: no cover - defensive: a worse message beats a crash
        return fallback


def _previous_significant(text: str, pos: int) -> str:
    i = pos - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    return text[i] if i >= 0 else ""
