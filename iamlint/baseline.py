"""Fingerprints and baselines.

A finding's fingerprint is a hash of what it is about, not where the text happens to put it:
the rule code, the file (relative to the repository root), the embedded policy's place (for
CloudFormation/Terraform), the JSON path inside the policy (with the statement named by its
Sid when it has one, so inserting a statement above does not change it) and the offending text.
It survives lines moving, reformatting around the value and statements being reordered (when
they have Sids); it changes when the value itself changes. SARIF's partialFingerprints and the
baseline use the same one.

`iamlint check --write-baseline FILE` writes the fingerprints of the current findings;
`--baseline FILE` then reports only findings not in it (counted as a multiset: two identical
findings in the baseline excuse two).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Dict, Iterable, List

from .model import Finding
from .render import printable

FORMAT = "iamlint-baseline"
FORMAT_VERSION = 1
FINGERPRINT_KEY = "iamlint/v1"  # the key in SARIF's partialFingerprints


class BaselineError(ValueError):
    """An unreadable or malformed baseline file."""


def _extra(f: Finding, key: str):
    for k, v in f.extra:
        if k == key:
            return v
    return None


def stable_path(f: Finding) -> List[object]:
    path = list(f.path)
    if f.sid and len(path) >= 2 and path[0] == "Statement" and isinstance(path[1], int):
        path[1] = "sid=" + f.sid
    return path


def fingerprint(f: Finding, relative_file: str) -> str:
    parts = [
        f.code,
        relative_file,
        f.location or "",
        json.dumps(stable_path(f), ensure_ascii=False),
        _extra(f, "value") if _extra(f, "value") is not None else f.message,
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def render(findings: Iterable[Finding], relative: Dict[str, str]) -> str:
    """The baseline file: sorted, one entry per line, with code and file to make diffs readable."""
    entries = sorted(
        ({"fingerprint": fingerprint(f, relative[f.file]), "code": f.code, "file": relative[f.file]} for f in findings),
        key=lambda e: (e["file"], e["code"], e["fingerprint"]),
    )
    # a file name that is not UTF-8 keeps its fingerprint; its readable copy gets U+FFFD
    body = ",\n".join("    " + printable(json.dumps(e, ensure_ascii=False)) for e in entries)
    return (
        "{\n"
        f'  "format": "{FORMAT}",\n'
        f'  "version": {FORMAT_VERSION},\n'
        '  "findings": [' + ("\n" + body + "\n  " if entries else "") + "]\n"
        "}\n"
    )


def load(path: str) -> Counter:
    try:
        with open(path, "rb") as f:
            data = json.loads(f.read().decode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"{path}: not a baseline file (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
        raise BaselineError(f'{path}: not a baseline file (expected {{"format": "{FORMAT}", "findings": [...]}}; write one with --write-baseline)')
    counts: Counter = Counter()
    for e in data["findings"]:
        if isinstance(e, dict) and isinstance(e.get("fingerprint"), str):
            counts[e["fingerprint"]] += 1
    return counts


def new_findings(findings: Iterable[Finding], baseline: Counter, relative: Dict[str, str]) -> List[Finding]:
    """The findings the baseline does not excuse, in their order."""
    left = Counter(baseline)
    out = []
    for f in findings:
        fp = fingerprint(f, relative[f.file])
        if left[fp] > 0:
            left[fp] -= 1
        else:
            out.append(f)
    return out
