"""ruff-style text: `file:line:col: CODE [name] message`, then the line with a caret under the range.
A finding that `--fix` would fix says so with `[*]` before its message, as ruff's do. In colour
(`color=True`, for a terminal) the path is bold and the code and carets take the severity's
colour; without it the text is plain, byte for byte."""

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


# ANSI colours by severity: error red, security magenta, warning yellow, suggestion blue.
_SEVERITY_COLOR = {"error": "31", "security": "35", "warning": "33", "suggestion": "34"}


def _paint(on: bool, text: str, *codes: str) -> str:
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if on and text else text


def safe_fix(f: Finding) -> bool:
    """Does --fix apply this finding's fix (without --unsafe-fixes)?"""
    return f.fix is not None and f.fix.safe


def render(findings: List[Finding], source: Callable[[str], Optional[str]], show_source: bool = True,
           fixable: Callable[[Finding], bool] = safe_fix, color: bool = False) -> str:
    out: List[str] = []
    indexes = {}
    for f in findings:
        # control characters out of what the file and the message bring (one finding, one line)
        name, message = _CONTROL_ALL.sub("\ufffd", f.file), _CONTROL_ALL.sub("\ufffd", f.message + _where(f))
        hue = _SEVERITY_COLOR.get(f.severity.value, "31")
        mark = _paint(color, "[*]", "36") + " " if fixable(f) else ""
        out.append(f"{_paint(color, name, '1')}:{f.range.start.line}:{f.range.start.column}: "
                   f"{_paint(color, f.code, '1', hue)} [{f.name}] {mark}{message}")
        if not show_source:
            continue
        text = source(f.file)
        if text is None:
            continue
        index = indexes.get(f.file)
        if index is None:
            index = indexes[f.file] = LineIndex(text)
        out.extend(_snippet(index, f, color, hue))
    return printable("\n".join(out) + ("\n" if out else ""))


def _snippet(index: LineIndex, f: Finding, color: bool = False, hue: str = "31") -> List[str]:
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
    gutter = _paint(color, " " * len(str(line_no)) + " |", "34")
    # the caret sits under the range as a terminal draws the line: wide characters (CJK, emoji)
    # take two cells, combining marks none
    before, under = _cells(shown[: col - 1]), max(1, _cells(shown[col - 1 : col - 1 + width]))
    return [f"{_paint(color, f' {line_no} |', '34')} {shown}", f" {gutter} {' ' * before}{_paint(color, '^' * under, '1', hue)}"]


def _cells(text: str) -> int:
    if text.isascii():
        return len(text)
    from unicodedata import combining, east_asian_width

    return sum(0 if combining(c) else 2 if east_asian_width(c) in "WF" else 1 for c in text)


# How each severity is counted in the summary (AWS's finding types: a security warning).
_COUNTED = (("error", "error"), ("security", "security warning"), ("warning", "warning"), ("suggestion", "suggestion"))


def _count(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun}{'es' if noun.endswith('x') else 's'}"


def summary(findings: List[Finding], unlinted: int = 0, fixable: Callable[[Finding], bool] = safe_fix,
            color: bool = False) -> str:
    """The last lines; `unlinted` counts the paths that could not be read or linted (their
    messages are on standard error), so a run that checked nothing never says all passed. Then,
    as ruff does, how many findings --fix would fix and how many more --unsafe-fixes would."""
    missed = f"{_count(unlinted, 'path')} could not be linted (see above)" if unlinted else ""
    if not findings:
        return f"No findings, but {missed}." if missed else _paint(color, "All checks passed!", "32")
    counts = Counter(f.severity.value for f in findings)
    parts = [_count(counts[s], noun) for s, noun in _COUNTED if counts[s]]
    found = f"Found {_count(len(findings), 'finding')} ({', '.join(parts)})"
    line = f"{found}; {missed}." if missed else f"{found}."
    applied = sum(1 for f in findings if fixable(f))
    hidden = sum(1 for f in findings if f.fix is not None and not fixable(f))
    hint = f" ({_count(hidden, 'hidden fix')} can be enabled with the --unsafe-fixes option)" if hidden else ""
    if applied:
        return f"{line}\n{_paint(color, '[*]', '36')} {applied} fixable with the --fix option{hint}."
    return f"{line}\nNo fixes available{hint}." if hidden else line


def statistics(findings: List[Finding]) -> str:
    counts = Counter((f.code, f.name) for f in findings)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return "\n".join(f"{n:6d}  {code:7s} {name}" for (code, name), n in rows) + ("\n" if rows else "")


def _where(f: Finding) -> str:
    """Where an embedded policy sits (a CloudFormation resource, a Terraform address)."""
    return f" (in {f.location})" if f.location else ""
