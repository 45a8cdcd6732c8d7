"""Offsets to lines and columns, and decoding bytes to text with a clear error."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import List, Optional

from ..model import Position, Range

_NEWLINE = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps 0-based character offsets to 1-based (line, column); columns count code points."""

    __slots__ = ("_text", "_starts", "_lf_only", "_lookups")

    def __init__(self, text: str):
        self._text = text
        self._starts: Optional[List[int]] = None
        self._lf_only: Optional[bool] = None
        self._lookups = 0

    @property
    def starts(self) -> List[int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _NEWLINE.finditer(self._text)]
        return self._starts

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self._text)))
        if self._starts is None:
            if self._lf_only is None:
                self._lf_only = "\r" not in self._text
            self._lookups += 1
            if self._lf_only and self._lookups <= 16:
                # A few lookups in a text with plain LF line ends: counting in C beats building
                # the whole line table (most documents have only a handful of findings; the
                # table pays off for the ones with many).
                text = self._text
                return Position(text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line + 1, offset - self.starts[line] + 1)

    def offset(self, line: int, column: int) -> int:
        """Inverse of position(); clamps to the text."""
        starts = self.starts
        if line < 1:
            return 0
        if line > len(starts):
            return len(self._text)
        return min(starts[line - 1] + max(column, 1) - 1, len(self._text))

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end), start, end)

    def line_text(self, line: int) -> str:
        starts = self.starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(self._text)
        return self._text[starts[line - 1] : end].rstrip("\r\n")


@dataclass(frozen=True)
class DecodeError:
    byte_offset: int
    line: int
    column: int
    message: str


def decode(data: bytes):
    """UTF-8 (a BOM is accepted and dropped) -> (text, None) or (None, DecodeError)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8", errors="replace")
        index = LineIndex(prefix)
        pos = index.position(len(prefix))
        bad = data[exc.start : exc.start + 1].hex()
        return None, DecodeError(
            exc.start, pos.line, pos.column, f"invalid UTF-8 at byte offset {exc.start} (byte 0x{bad})"
        )


def looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]
