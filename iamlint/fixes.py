"""Applying fixes: edits are code-point offsets into the text a finding was made on.

`apply_fixes` takes fixes in the order given (the findings' order) and applies every fix none
of whose edits overlaps an edit already accepted; the rest are skipped (the caller re-lints
and tries again). `write_atomically` replaces a file without ever leaving it half written.
Used by `iamlint check --fix`; the language server may use it for fixAll.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple

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


MAX_FIX_PASSES = 100  # as ruff: each pass re-lints one file, and a file that needs more has a bug behind it


def fix_passes(text: str, findings: Sequence[Any], relint: Callable[[str], Optional[Sequence[Any]]],
               unsafe: bool = False) -> Tuple[str, List[Any], bool]:
    """What `--fix` (and the editor's fix-all) does to one file: apply every fix it may (safe, or
    unsafe too with `unsafe`) that does not overlap an earlier one (compatible_fixes), re-lint,
    and again until nothing applies. `relint(new_text)` gives the new findings, or None to drop
    the pass (a template that would no longer hold its policies). Returns (the text, the
    findings whose fixes were applied, whether the passes ran out before the fixes did)."""
    current = text
    applied: List[Any] = []
    for _ in range(MAX_FIX_PASSES):
        fixable = [f for f in findings if f.fix is not None and (f.fix.safe or unsafe)]
        taken = [fixable[i] for i in compatible_fixes(current, [f.fix for f in fixable])]
        if not taken:
            return current, applied, False
        new_text = apply_edits(current, [e for f in taken for e in f.fix.edits])
        again = relint(new_text) if new_text != current else None
        if again is None:
            return current, applied, False
        current, findings = new_text, again
        applied.extend(taken)
    return current, applied, any(f.fix is not None and (f.fix.safe or unsafe) for f in findings)


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


# What may stand before an array item alone on its line (a YAML block item's "- "), and after it
# (its comma, then a comment that goes with it).
_OWN_LINE_BEFORE = re.compile(r"[ \t]*(?:-[ \t]+)?\Z")
_OWN_LINE_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:(?:#|//)[^\r\n]*)?\Z")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_start(text: str, pos: int) -> int:
    """Offset of the start of the line holding `pos` (\n, \r\n and \r end lines)."""
    return max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1


def line_end(text: str, pos: int) -> int:
    """Offset of the line break ending the line holding `pos` (len(text) on the last line)."""
    m = _LINE_BREAK.search(text, pos)
    return m.start() if m is not None else len(text)


def line_break(text: str, pos: int = 0) -> str:
    """The file's own line break: the first one from `pos` on, else the first one of the file,
    else \n."""
    m = _LINE_BREAK.search(text, pos) or _LINE_BREAK.search(text)
    return m.group() if m is not None else "\n"


def _comment_only(line: str, comments: Sequence[str]) -> bool:
    s = line.strip()
    return bool(s) and (s.startswith(tuple(comments)) or s.endswith("*/"))


def _comment_in(text: str, start: int, end: int, comments: Sequence[str]) -> bool:
    """Whether text[start:end] holds a comment mark outside quoted strings (`"arn:aws:s3:::b/*"`
    holds none). A string still open at `end` ends there."""
    if not comments or not any(mark in text[start:end] for mark in comments):
        return False
    i = start
    while i < end:
        c = text[i]
        if c == '"':
            i += 1
            while i < end and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif c == "'":  # YAML single-quoted ('' is a quote); HCL has none outside comments
            i += 1
            while i < end and not (text[i] == "'" and text[i + 1 : i + 2] != "'"):
                i += 2 if text[i] == "'" else 1
            i += 1
        elif any(text.startswith(mark, i) for mark in comments):
            return True
        else:
            i += 1
    return False


def removal(text: str, slot_of, path: Tuple[Any, ...], comments: Sequence[str] = ()) -> Optional[TextEdit]:
    """Delete the array item at `path` (slots by `slot_of(path)`, with .start/.end in `text`) with
    its separator; None when that cannot be done without changing the meaning or a comment's
    place. Never the only item (that changes what the statement means).

    Without `comments` (JSON): from the end of the item before it to its own end, or, for the
    first item, from its start to the start of the next one (`, "s3:GetObject"`).

    With `comments` (the comment marks of YAML or HCL, whose lists may end with a comma): an item
    alone on its line (after nothing but a YAML `- `, followed by nothing but its comma and a
    comment) is removed with its whole line, so its own trailing comment goes with it. Otherwise
    the range above is used, and refused when it holds a comment outside quoted strings (the
    comment would be lost; `"arn:aws:s3:::b/*"` holds none) or
    when joining lines would put a comment next to another item: a trailing comment pulled onto
    an earlier line, or a comment alone on its line (which covers the line below it, as an
    `# iamlint: ignore` does) followed by another item. A comment must never end up attached to
    an item it was not written for: a suppression would then hide that item's findings."""
    i = path[-1]
    here = slot_of(path)
    before = slot_of(path[:-1] + (i - 1,)) if i > 0 else None
    after = slot_of(path[:-1] + (i + 1,))
    if here is None or (before is None and after is None):
        return None
    if comments:
        first = line_start(text, here.start)
        last = line_end(text, here.end)
        if _OWN_LINE_BEFORE.match(text, first, here.start) and _OWN_LINE_AFTER.match(text, here.end, last):
            if first > 0:
                above_end = first - (2 if text.startswith("\r\n", first - 2) else 1)
                if _comment_only(text[line_start(text, above_end) : above_end], comments):
                    return None  # it would cover the next item's line instead of this one
            if last < len(text):
                return TextEdit(first, last + len(line_break(text, last)), "")
            if first == 0:
                return None
            return TextEdit(first - (2 if text.startswith("\r\n", first - 2) else 1), last, "")
    start, end = (before.end, here.end) if before is not None else (here.start, after.start)
    if not start < end or _comment_in(text, start, end, comments):
        return None
    if comments and _LINE_BREAK.search(text, start, end) is not None:
        if _comment_in(text, end, line_end(text, end), comments):
            return None  # a trailing comment would move up onto another item's line
        if before is None and start > 0:
            first = line_start(text, start)
            above_end = first - (2 if text.startswith("\r\n", first - 2) else 1)
            if first > 0 and _comment_only(text[line_start(text, above_end) : above_end], comments):
                return None  # the next item would move under a comment written for this one
    return TextEdit(start, end, "")


def json_insert_first(text: str, holder_start: int, key: str, value: Any) -> Optional[TextEdit]:
    """Insert the member `"key": value` first in the JSON object opening at `holder_start`, in its
    layout: on a line of its own with the first member's indentation (and the file's own line
    break), or before it with `, `."""
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
    breaks = list(_LINE_BREAK.finditer(gap))
    if breaks:  # members on their own lines: same indentation as the first one
        last = breaks[-1]
        return TextEdit(i, i, last.group() + gap[last.end() :] + member + ",")
    return TextEdit(j, j, member + ", ")


def write_atomically(path: str, data: bytes) -> None:
    """Write `data` to a temporary file in `path`'s folder, fsync it, give it `path`'s
    permissions and rename it over `path` (os.replace: atomic on POSIX and Windows).

    A symbolic link is followed: the file it points to is rewritten (in that file's folder) and
    the link is kept, as an editor would. (Renaming over the link would replace the link with a
    copy and leave the real file unchanged.) A file with hard links is rewritten in place."""
    path = os.path.realpath(path)
    folder = os.path.dirname(path)
    try:
        st = os.stat(path)
        mode = st.st_mode & 0o7777
    except OSError:
        st, mode = None, None
    if st is not None and st.st_nlink > 1:
        # a file with hard links: renaming over it would leave the other names with the old text,
        # so it is rewritten in place (not atomic, but every name sees the fix)
        with open(path, "r+b") as f:
            f.write(data)
            f.truncate()
            f.flush()
            os.fsync(f.fileno())
        return
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
