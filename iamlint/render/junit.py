"""JUnit XML: one <testsuite> per linted file, one <testcase> per finding with a <failure>
(type = the severity, message = the message); a file without findings has one passing
testcase, so a clean run still shows every file; an unreadable input is a testcase with an
<error>. Paths are relative to the repository root. Characters XML 1.0 cannot carry are
replaced by U+FFFD."""

from __future__ import annotations

import re
from typing import Dict, List
from xml.sax.saxutils import escape, quoteattr

from ..model import Finding

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _attr(text: str) -> str:
    return quoteattr(_clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def render(findings: List[Finding], files: List[str], relative: Dict[str, str], errors: List[dict] = ()) -> str:
    by_file: Dict[str, List[Finding]] = {name: [] for name in files}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    suites = []
    total = failures = 0
    for name, found in by_file.items():
        rel = relative.get(name, name)
        cases = []
        for f in found:
            r = f.range
            case_name = f"{f.code} {f.name} at {r.start.line}:{r.start.column}"
            body = f"{rel}:{r.start.line}:{r.start.column}: {f.code} [{f.name}] {f.message}" + (f" (in {f.location})" if f.location else "")
            cases.append(
                f"    <testcase name={_attr(case_name)} classname={_attr(rel)} file={_attr(rel)} line=\"{r.start.line}\">\n"
                f"      <failure message={_attr(f.message)} type={_attr(f.severity.value)}>{escape(_clean(body))}</failure>\n"
                "    </testcase>"
            )
        if not cases:
            cases.append(f"    <testcase name=\"iamlint\" classname={_attr(rel)} file={_attr(rel)}/>")
        total += len(cases)
        failures += len(found)
        suites.append(
            f"  <testsuite name={_attr(rel)} tests=\"{len(cases)}\" failures=\"{len(found)}\" errors=\"0\" skipped=\"0\">\n"
            + "\n".join(cases) + "\n  </testsuite>"
        )
    for e in errors:
        rel = relative.get(e["file"], e["file"])
        total += 1
        suites.append(
            f"  <testsuite name={_attr(rel)} tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
            f"    <testcase name=\"read\" classname={_attr(rel)} file={_attr(rel)}>\n"
            f"      <error message={_attr(e['message'])} type=\"unreadable\">{escape(_clean(e['message']))}</error>\n"
            "    </testcase>\n  </testsuite>"
        )
    head = f"<testsuites name=\"iamlint\" tests=\"{total}\" failures=\"{failures}\" errors=\"{len(errors)}\">"
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + head + "\n" + "\n".join(suites) + ("\n" if suites else "") + "</testsuites>\n"
