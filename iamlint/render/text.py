"""ruff-style text: `file:line:col: CODE [name] message`, then the line with a caret under the range."""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, List, Optional

from ..model import Finding
from ..parse.source import LineIndex
from . import printable

# Raw control characters of a broken file must not reach the terminal (ESC starts escape sequences).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_ALL = re.compile("[\x00-\x1f\x7f]")


def render(findings: List[Finding], source: Callable[[str], Optional[str]], show_source: bool = True) -> str:
    out: List[str] = []
    indexes = {}
    for f in findings:
        header = f"{f.file}:{f.range.start.line}:{f.range.start.column}: {f.code} [{f.name}] {f.message}{_where(f)}"
        out.append(_CONTROL_ALL.sub("\ufffd", header))  # one finding, one line
        if not show_source:
            continue
        text = source(f.file)
        if text is None:
            continue
        index = indexes.get(f.file)
        if index is None:
            index = indexes[f.file] = LineIndex(text)
        out.extend(_snippet(index, f))
    return printable("\n".join(out) + ("\n" if out else ""))


def _snippet(index: LineIndex, f: Finding) -> List[str]:
    line_no = f.range.start.line
    line = _CONTROL.sub("\ufffd", index.line_text(line_no).expandtabs(1))
    if len(line) > 200:  # minified policies: show a window around the range
        start = max(0, f.range.start.column - 60)
        shown = line[start : start + 160]
        col = f.range.start.column - start
    else:
        shown, col = line, f.range.start.column
    if f.range.end.line == line_no:
        width = max(1, f.range.end.column - f.range.start.column)
    else:
        width = max(1, len(shown) - col + 1)
    width = min(width, max(1, len(shown) - col + 1))
    gutter = " " * len(str(line_no))
    return [f" {line_no} | {shown}", f" {gutter} | {' ' * (col - 1)}{'^' * width}"]


def summary(findings: List[Finding], unlinted: int = 0) -> str:
    """The last line; `unlinted` counts the paths that could not be read or linted (their
    messages are on standard error), so a run that checked nothing never says all passed."""
    missed = f"{unlinted} path{'s' if unlinted != 1 else ''} could not be linted (see above)" if unlinted else ""
    if not findings:
        return f"No findings, but {missed}." if missed else "All checks passed!"
    counts = Counter(f.severity.value for f in findings)
    parts = [f"{counts[s]} {s}" for s in ("error", "security", "warning", "suggestion") if counts[s]]
    found = f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} ({', '.join(parts)})"
    line = f"{found}; {missed}." if missed else f"{found}."
    fixable = sum(1 for f in findings if f.fix is not None and f.fix.safe)
    return f"{line}\n[*] {fixable} fixable with the --fix option." if fixable else line


def statistics(findings: List[Finding]) -> str:
    counts = Counter((f.code, f.name) for f in findings)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return "\n".join(f"{n:6d}  {code:7s} {name}" for (code, name), n in rows) + ("\n" if rows else "")


def _where(f: Finding) -> str:
    """Where an embedded policy sits (a CloudFormation resource, a Terraform address)."""
    return f" (in {f.location})" if f.location else ""
