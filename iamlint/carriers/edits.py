"""Writing a fix inside a carrier file: a value the engine wants in the policy, as the characters
the file needs at that place.

A fix is decided on the policy (a JSON value at a path); in a policy file the engine writes it as
JSON. Inside a carrier the same value must be written in the file's own syntax, and a policy may
itself be JSON written inside a string of the file (a CloudFormation `PolicyDocument: '{...}'`,
a Terraform heredoc or `"{\\"Version\\": ...}"`), where the JSON must be escaped once more for
that string. Each EmbeddedDocument carries an EditContext saying which; without one (generated
files such as Terraform plans) no fix is offered.

Decisions:

* Only exact edits: the value, key or characters being replaced must be where the index says,
  and a character range must map to raw offsets for certain (the carriers' mappers give up on
  escapes and multi-line scalars). Anything computed at deploy time (a Placeholder: `!Sub`,
  `${var.x}`) is never edited: an edit could change the expression or add an interpolation.
* Escaping is per string style: JSON and YAML double quotes take JSON escapes; YAML single
  quotes double the quote; a YAML plain scalar takes only text that cannot change its meaning
  (no `: `, ` #`, line breaks, outer blanks); a YAML literal block takes text without line
  breaks; HCL strings take JSON's escapes except `\\b`, `\\f` and `\\/`, and `${`/`%{` are
  doubled so that Terraform does not read an interpolation (`$${aws:username}`).
* Anything else (a folded YAML block, control characters in HCL) gets no fix rather than a
  guess. The runner and the language server also check each fixed file by extracting its
  policies again (`fixes_keep_policies`), so an encoding mistake here costs a fix, not a file.
"""

from __future__ import annotations

import json
import re
from typing import Any, List, Optional, Sequence, Tuple

PLAIN = "plain"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PLAIN_UNSAFE = re.compile(r"[\r\n\t]|: |:$| #|^[\s]|[\s]$")
_FLOW_INDICATORS = re.compile(r"[,\[\]{}]")  # they end a plain scalar in flow style ([a, b], {k: v})
_TEMPLATE_OPEN = re.compile(r"([$%])\{")
# Plain YAML scalars that some reader (YAML 1.1's included) takes for something else than a string.
_YAML_NOT_STRING = re.compile(
    r"(?i)(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\.?[0-9][0-9_.:]*(?:e[-+]?[0-9]+)?|\.inf|\.nan)|0x[0-9a-f]+|0o[0-7]+)\Z")
_HCL_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def style_at(text: str, offset: int) -> str:
    """The string style of the scalar written at `offset`: '"', "'", '|', '>', '<<' or plain."""
    head = text[offset : offset + 2]
    if head == "<<":
        return "<<"
    c = head[:1]
    return c if c in ('"', "'", "|", ">") else PLAIN


def _hcl_escape(chars: str) -> Optional[str]:
    """The inside of an HCL quoted string holding `chars`."""
    if _CONTROL.search(chars.replace("\n", "").replace("\t", "").replace("\r", "")):
        return None
    out = chars.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return _TEMPLATE_OPEN.sub(lambda m: m.group(1) * 2 + "{", out)


def inside_string(dialect: str, style: str, chars: str, raw: str = "") -> Optional[str]:
    """Raw text that reads back as `chars` inside a string of this dialect and style, or None.
    `raw`: the string as written now (a plain YAML scalar that holds `{` is in block style,
    where `{` may be written)."""
    if dialect == "json":
        return json.dumps(chars, ensure_ascii=False)[1:-1] if style == '"' else None
    if dialect == "yaml":
        if style == '"':
            return json.dumps(chars, ensure_ascii=False)[1:-1]
        if _CONTROL.search(chars):
            return None
        if style == "'":
            return chars.replace("'", "''")
        if style == "|":
            return chars
        if style == PLAIN:
            if not chars or _PLAIN_UNSAFE.search(chars) or chars[0] in "#&*!|>'\"%@`[]{},-?:":
                return None
            if _FLOW_INDICATORS.search(chars) and not _FLOW_INDICATORS.search(raw):
                return None
            return chars
        return None
    if dialect == "hcl":
        if style == '"':
            return _hcl_escape(chars)
        if style == "<<":
            if _CONTROL.search(chars.replace("\n", "").replace("\t", "")):
                return None
            return _TEMPLATE_OPEN.sub(lambda m: m.group(1) * 2 + "{", chars)
    return None


class EditContext:
    """How policy values are written in a carrier file.

    `dialect`: the syntax the policy's own values are written in ("json", "yaml", "hcl"), or
    "json" with `outer` = (dialect, style) when the policy is JSON text inside a string of the
    file: the JSON is then escaped for that string."""

    __slots__ = ("dialect", "outer")

    def __init__(self, dialect: str, outer: Optional[Tuple[str, str]] = None):
        self.dialect = dialect
        self.outer = outer

    def _out(self, piece: Optional[str]) -> Optional[str]:
        if piece is None or self.outer is None:
            return piece
        return inside_string(self.outer[0], self.outer[1], piece)

    def whole(self, text: str, start: int, value: Any) -> Optional[str]:
        """A whole value (or key) written where text[start:...] is now, in the same style
        (plain, quoted) when the new text can be written in it."""
        if value.__class__ not in (str, bool, int, float) and value is not None:
            return None
        if self.outer is not None or self.dialect == "json" or value.__class__ is not str:
            # JSON text is a valid YAML flow scalar and HCL literal (true, 1, null).
            return self._out(json.dumps(value, ensure_ascii=False))
        style = style_at(text, start)
        if self.dialect == "yaml":
            if style == "'" or (style == PLAIN and not _YAML_NOT_STRING.match(value)):
                kept = inside_string("yaml", style, value)
                if kept is not None:
                    return f"'{kept}'" if style == "'" else kept
            return json.dumps(value, ensure_ascii=False)  # a double-quoted YAML scalar
        if self.dialect == "hcl":
            if style == PLAIN and _HCL_IDENTIFIER.match(value):
                return value  # an object key written as a name stays a name
            inner = _hcl_escape(value)
            return None if inner is None else f'"{inner}"'
        return None

    def characters(self, text: str, value_start: int, value_end: int, chars: str) -> Optional[str]:
        """`chars` written inside the string value at text[value_start:value_end]."""
        if self.outer is not None:
            return self._out(inside_string("json", '"', chars))
        return inside_string(self.dialect, style_at(text, value_start), chars, text[value_start:value_end])


COMMENT_MARKS = ("#", "//", "/*")  # YAML and HCL comments: a removal never crosses one


def insertion(text: str, at: int, key: str, value: Any, dialect: str) -> Optional[Tuple[int, int, str]]:
    """Insert `key: value` (YAML) or `key = value` (HCL) before the first member, which starts
    at `at`: on a line of its own with the same indentation (and the file's own line break) when
    that member is on its own line, else followed by `, ` inside `{...}`."""
    from ..fixes import line_break, line_start

    member = f"{key}: {json.dumps(value)}" if dialect == "yaml" else f"{key} = {json.dumps(value)}"
    start = line_start(text, at)
    indent = text[start:at]
    if not indent.strip():
        # the line break the file uses: the one ending the line above, or the file's first
        return at, at, f"{member}{line_break(text, max(0, start - 2) if start else 0)}{indent}"
    before = text[:at].rstrip()
    if before.endswith("{"):
        return at, at, f"{member}, "
    return None


def fixes_keep_policies(before: Sequence[Any], after: Optional[Sequence[Any]]) -> bool:
    """After fixes, the file must still hold as many policies, none newly unreadable: the check
    the runner and the server make before applying fixes to a carrier file. `before`/`after`:
    carriers.extract's result for the text before and after."""
    if after is None or [p.label for p in after] != [p.label for p in before]:
        return False
    return all(a.document.syntax_error is None or b.document.syntax_error is not None for b, a in zip(before, after))


def exact_span(mapped: Optional[Tuple[int, int]], start: int, end: int) -> Optional[Tuple[int, int]]:
    """A mapped character range, if it lies within the value's raw range."""
    if mapped is None:
        return None
    a, b = mapped
    return (a, b) if start <= a <= b <= end else None


__all__: List[str] = ["COMMENT_MARKS", "EditContext", "PLAIN", "exact_span", "fixes_keep_policies", "insertion", "inside_string", "style_at"]
