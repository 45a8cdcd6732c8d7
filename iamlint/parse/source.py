"""Offsets to lines and columns, and decoding bytes to text with a clear error."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import List, Optional

from ..model import Position, Range

_NEWLINE = re.compile(r"\r\n|\r|\n")
_PLUS_ONE = (1).__add__  # a line start is the previous one plus its length and the newline


class LineIndex:
    """Maps 0-based character offsets to 1-based (line, column); columns count code points."""

    __slots__ = ("_text", "_starts", "_lf_only", "_mark_offsets", "_mark_lines", "_mark_line_starts")

    def __init__(self, text: str):
        self._text = text
        self._starts: Optional[List[int]] = None
        self._lf_only: Optional[bool] = None
        # Offsets already placed, sorted, with their lines and line starts: a lookup scans (in C)
        # only from the nearest one below, so a document's findings cost about one pass over its
        # text whatever their number and order, and most documents never build the line table.
        self._mark_offsets: List[int] = [0]
        self._mark_lines: List[int] = [1]
        self._mark_line_starts: List[int] = [0]

    @property
    def starts(self) -> List[int]:
        if self._starts is None:
            text = self._text
            if "\r" not in text:  # line lengths summed in C: twice as fast as the regex
                starts = list(accumulate(map(_PLUS_ONE, map(len, text.split("\n"))), initial=0))
                starts.pop()
                self._starts = starts
            else:
                self._starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        return self._starts

    def position(self, offset: int) -> Position:
        text = self._text
        offset = max(0, min(offset, len(text)))
        if self._starts is None:
            if self._lf_only is None:
                self._lf_only = "\r" not in text
            if self._lf_only:
                offsets = self._mark_offsets
                i = bisect.bisect_right(offsets, offset) - 1
                below = offsets[i]
                newlines = text.count("\n", below, offset)
                if newlines:
                    line = self._mark_lines[i] + newlines
                    line_start = text.rfind("\n", below, offset) + 1
                else:
                    line, line_start = self._mark_lines[i], self._mark_line_starts[i]
                if below != offset:
                    offsets.insert(i + 1, offset)
                    self._mark_lines.insert(i + 1, line)
                    self._mark_line_starts.insert(i + 1, line_start)
                return Position(line, offset - line_start + 1)
        starts = self.starts
        line = bisect.bisect_right(starts, offset) - 1
        return Position(line + 1, offset - starts[line] + 1)

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


# Byte order marks of the encodings people save policies in by mistake (longest first).
_OTHER_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def decode(data: bytes):
    """UTF-8 (a BOM is accepted and dropped) -> (text, None) or (None, DecodeError). Byte offsets
    in the error count from the start of the file, BOM included."""
    skipped = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[skipped:].decode("utf-8"), None
    except UnicodeDecodeError as exc:
        start = exc.start + skipped
        for bom, encoding in _OTHER_BOMS:
            if data.startswith(bom):
                return None, DecodeError(0, 1, 1, f"invalid UTF-8: the file is {encoding} (it starts with a {encoding} byte order mark); "
                                                  "IAM policies are UTF-8: save it as UTF-8")
        prefix = data[skipped:start].decode("utf-8", errors="replace")
        index = LineIndex(prefix)
        pos = index.position(len(prefix))
        bad = data[start : start + 1].hex()
        column = pos.column + (1 if skipped and pos.line == 1 else 0)  # the BOM is a character of line 1, as when linting
        return None, DecodeError(start, pos.line, column, f"invalid UTF-8 at byte offset {start} (byte 0x{bad})")


def looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]
