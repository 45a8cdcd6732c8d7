"""Applying fixes: edits are code-point offsets into the text a finding was made on.

`apply_fixes` takes fixes in the order given (the findings' order) and applies every fix none
of whose edits overlaps an edit already accepted; the rest are skipped (the caller re-lints
and tries again). `write_atomically` replaces a file without ever leaving it half written.
Used by `iamlint check --fix`; the language server may use it for fixAll.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any, Iterable, List, Optional, Sequence, Tuple

from .model import Fix, TextEdit


def _overlaps(a: TextEdit, b: TextEdit) -> bool:
    """Two edits clash when their ranges share a character, or an insertion sits inside or at
    an edge of the other (the order of the two would be ambiguous)."""
    a_insert = a.start_offset == a.end_offset
    b_insert = b.start_offset == b.end_offset
    if a_insert and b_insert:
        return a.start_offset == b.start_offset
    if a_insert:
        return b.start_offset <= a.start_offset <= b.end_offset
    if b_insert:
        return a.start_offset <= b.start_offset <= a.end_offset
    return a.start_offset < b.end_offset and b.start_offset < a.end_offset


def apply_fixes(text: str, fixes: Sequence[Fix]) -> Tuple[str, int]:
    """(new text, number of fixes applied). Fixes whose edits overlap an earlier accepted one,
    or fall outside the text, are skipped whole."""
    taken = compatible_fixes(text, fixes)
    if not taken:
        return text, 0
    return apply_edits(text, [e for i in taken for e in fixes[i].edits]), len(taken)


def compatible_fixes(text: str, fixes: Sequence[Fix]) -> List[int]:
    """The indices of the fixes apply_fixes applies: in order, each fix none of whose edits
    overlaps an edit already accepted (or another of its own), and all inside the text."""
    accepted: List[TextEdit] = []
    taken: List[int] = []
    n = len(text)
    for index, fix in enumerate(fixes):
        edits = list(fix.edits)
        if not edits or any(not (0 <= e.start_offset <= e.end_offset <= n) for e in edits):
            continue
        if any(_overlaps(e, o) for e in edits for o in accepted) or any(
            _overlaps(e, o) for i, e in enumerate(edits) for o in edits[i + 1 :]
        ):
            continue
        accepted.extend(edits)
        taken.append(index)
    return taken


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """Apply non-overlapping edits (any order)."""
    out: List[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start_offset, e.end_offset)):
        out.append(text[pos : e.start_offset])
        out.append(e.new_text)
        pos = e.end_offset
    out.append(text[pos:])
    return "".join(out)


def removal(text: str, slot_of, path: Tuple[Any, ...], comments: Sequence[str] = ()) -> Optional[TextEdit]:
    """Delete the array item at `path` (slots by `slot_of(path)`, with .start/.end in `text`):
    from the end of the item before it to its own end, or, for the first item, from its start to
    the start of the next one; so a separator (`, `, a YAML `- ` line) goes with it. Never the
    only item (that changes what the statement means), and never across one of `comments` (the
    comment would be lost with the item)."""
    i = path[-1]
    here = slot_of(path)
    before = slot_of(path[:-1] + (i - 1,)) if i > 0 else None
    after = slot_of(path[:-1] + (i + 1,))
    if here is None or (before is None and after is None):
        return None
    start, end = (before.end, here.end) if before is not None else (here.start, after.start)
    if not start < end or any(mark in text[start:end] for mark in comments):
        return None
    return TextEdit(start, end, "")


def json_insert_first(text: str, holder_start: int, key: str, value: Any) -> Optional[TextEdit]:
    """Insert the member `"key": value` first in the JSON object opening at `holder_start`, in its
    layout: on a line of its own with the first member's indentation, or before it with `, `."""
    if text[holder_start : holder_start + 1] != "{":
        return None
    member = f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
    i = holder_start + 1
    j = i
    while j < len(text) and text[j] in " \t\r\n":
        j += 1
    if text[j : j + 1] == "}":
        return TextEdit(i, i, member)
    gap = text[i:j]
    if "\n" in gap:  # members on their own lines: same indentation as the first one
        indent = gap[gap.rindex("\n") + 1 :]
        return TextEdit(i, i, "\n" + indent + member + ",")
    return TextEdit(j, j, member + ", ")


def write_atomically(path: str, data: bytes) -> None:
    """Write `data` to a temporary file in `path`'s folder, fsync it, give it `path`'s
    permissions and rename it over `path` (os.replace: atomic on POSIX and Windows)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        mode = None
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
