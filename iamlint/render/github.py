"""GitHub Actions workflow commands: one annotation per finding, e.g.

    ::error file=policies/app.json,line=4,endLine=4,col=35,endColumn=49,title=IAM201 unknown-action::...

error and security findings are `::error`, warnings `::warning`, suggestions `::notice`. Paths
are relative to the repository root (GitHub places annotations by them). Property values and
the message are escaped as the runner expects (`%`, CR, LF everywhere; `:` and `,` in
properties), so no finding can end the command early or inject another one.
"""

from __future__ import annotations

from typing import Dict, List

from ..model import Finding, Severity
from . import printable

COMMAND = {Severity.ERROR: "error", Severity.SECURITY: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: List[Finding], relative: Dict[str, str], errors: List[dict] = ()) -> str:
    out = []
    for f in findings:
        r = f.range
        props = [
            f"file={escape_property(relative.get(f.file, f.file))}",
            f"line={r.start.line}",
            f"endLine={r.end.line}",
            f"col={r.start.column}",
            f"endColumn={r.end.column}",
            f"title={escape_property(f'{f.code} {f.name}')}",
        ]
        message = f.message + (f" (in {f.location})" if f.location else "")
        out.append(f"::{COMMAND[f.severity]} {','.join(props)}::{escape_data(message)}")
    for e in errors:
        out.append(f"::error file={escape_property(relative.get(e['file'], e['file']))},title=iamlint::{escape_data(e['message'])}")
    return printable("".join(line + "\n" for line in out))
