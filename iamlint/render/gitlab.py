"""GitLab Code Quality: the report a merge request's Code Quality widget and the pipeline's
Code Quality tab read (`artifacts: reports: codequality:`), a JSON array of Code Climate issues:

    [{"description": "s3:GetObjekt does not exist; did you mean s3:GetObject?",
      "check_name": "IAM201", "fingerprint": "...", "severity": "major",
      "location": {"path": "policies/app.json", "lines": {"begin": 4, "end": 4}}, ...}]

Paths are relative to the repository root, as GitLab places issues by them. GitLab counts two
issues with one fingerprint as one, so each fingerprint is the finding's own (baseline.py: it
survives lines moving) made unique within the report by its occurrence. Unreadable inputs are
issues too, so a pipeline that checked nothing does not look clean.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Dict, List

from ..baseline import fingerprint
from ..model import Finding, Severity
from . import printable

# GitLab's scale is info < minor < major < critical < blocker; security findings rank first.
SEVERITY = {Severity.SECURITY: "critical", Severity.ERROR: "major", Severity.WARNING: "minor", Severity.SUGGESTION: "info"}
CATEGORY = {Severity.SECURITY: "Security", Severity.ERROR: "Bug Risk", Severity.WARNING: "Bug Risk", Severity.SUGGESTION: "Clarity"}


def render(findings: List[Finding], relative: Dict[str, str], errors: List[dict] = ()) -> str:
    issues = []
    seen: Counter = Counter()
    for f in findings:
        path = relative.get(f.file, f.file)
        issues.append({
            "type": "issue",
            "check_name": f.code,
            "description": f"{f.message} (in {f.location})" if f.location else f.message,
            "categories": [CATEGORY[f.severity]],
            "severity": SEVERITY[f.severity],
            "fingerprint": _unique(fingerprint(f, path), seen),
            "location": {"path": path, "lines": {"begin": f.range.start.line, "end": f.range.end.line}},
        })
    for e in errors:
        path = relative.get(e["file"], e["file"])
        issues.append({
            "type": "issue",
            "check_name": "iamlint",
            "description": f"not linted: {e['message']}",
            "categories": ["Bug Risk"],
            "severity": "major",
            "fingerprint": _unique(hashlib.sha256(f"iamlint-error\x1f{path}".encode("utf-8", "surrogatepass")).hexdigest()[:32], seen),
            "location": {"path": path, "lines": {"begin": 1, "end": 1}},
        })
    return printable(json.dumps(issues, indent=2, ensure_ascii=False) + "\n")


def _unique(base: str, seen: Counter) -> str:
    """The first occurrence keeps the fingerprint; the n-th identical one gets its own."""
    n = seen[base]
    seen[base] += 1
    if not n:
        return base
    return hashlib.sha256(f"{base}\x1f{n}".encode()).hexdigest()[:32]
