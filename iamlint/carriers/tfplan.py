"""Terraform plan JSON (`terraform show -json plan.out`): the policies of the planned resources.

Each managed resource in `planned_values.root_module` (and its `child_modules`, recursively)
whose type is one of terraform.RESOURCES has its policy attributes (`values.policy`,
`values.assume_role_policy`, `values.inline_policy[i].policy`, `values.content`) as JSON
strings; each is parsed as a policy and its positions are mapped through the JSON string's
escapes to the plan file, so a finding lands on the characters of the offending token inside
the string. The label names the resource address and the JSON path of the attribute (e.g.
`module.app.aws_iam_role.ci: values.assume_role_policy`). Data sources (`mode: data`) are
skipped: what they render reaches the plan through the resources that use it.
"""

from __future__ import annotations

import re
from typing import Any, List, Optional, Tuple

from ..model import Path, PolicyType
from ..parse.json_document import JsonDocument
from ..parse.source import LineIndex
from . import EmbeddedPolicy, Loc
from .terraform import RESOURCES, Template, json_in_template, _ORG_TYPES

MAX_MODULE_DEPTH = 32
_HEX = re.compile(r"[0-9a-fA-F]{4}")
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def accepts(path: str) -> bool:
    return path.lower().endswith(".json")


def extract(path: str, text: str, document=None) -> Optional[List[EmbeddedPolicy]]:
    """The policies in a plan, or None when the file is not a Terraform plan."""
    if '"planned_values"' not in text or '"format_version"' not in text:
        return None
    doc = document if document is not None else JsonDocument(text)
    value = doc.value
    if doc.syntax_error is not None or not isinstance(value, dict) or not isinstance(value.get("planned_values"), dict):
        return None
    lines = doc.lines if isinstance(doc.lines, LineIndex) else LineIndex(text)
    out: List[EmbeddedPolicy] = []
    root = value["planned_values"].get("root_module")
    if isinstance(root, dict):
        _module(doc, lines, root, ("planned_values", "root_module"), out, 0)
    return out


def _module(doc: JsonDocument, lines: LineIndex, module: dict, path: Path, out: list, depth: int) -> None:
    if depth > MAX_MODULE_DEPTH:
        return
    resources = module.get("resources")
    if isinstance(resources, list):
        for i, res in enumerate(resources):
            if isinstance(res, dict):
                _resource(doc, lines, res, path + ("resources", i), out)
    children = module.get("child_modules")
    if isinstance(children, list):
        for i, child in enumerate(children):
            if isinstance(child, dict):
                _module(doc, lines, child, path + ("child_modules", i), out, depth + 1)


def _resource(doc: JsonDocument, lines: LineIndex, res: dict, path: Path, out: list) -> None:
    if res.get("mode", "managed") != "managed":
        return
    rtype = res.get("type")
    attrs = RESOURCES.get(rtype) if isinstance(rtype, str) else None
    values = res.get("values")
    if attrs is None or not isinstance(values, dict):
        return
    address = res.get("address") if isinstance(res.get("address"), str) else f"{rtype}.{res.get('name')}"
    for attr, (ptype, restype) in attrs.items():
        if rtype == "aws_organizations_policy":
            ptype = _ORG_TYPES.get(values.get("type", "SERVICE_CONTROL_POLICY"))
            if ptype is None:
                continue
        for vpath, raw in _values_at(values, attr):
            if not isinstance(raw, str) or not raw.strip().startswith("{"):
                continue
            full = path + ("values",) + vpath
            slot = doc.slot(full)
            if slot is None:
                continue
            tpl = json_string_template(doc.text, slot.start, slot.end)
            root = Loc(slot.key_start, slot.key_end, slot.start, slot.end)
            embedded = json_in_template(doc.text, lines, tpl, root)
            label = f"{address}: values." + ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in vpath).replace(".[", "[")
            out.append(EmbeddedPolicy(embedded, ptype, restype, label, generated=True))


def _values_at(values: dict, attr: str):
    if "." not in attr:
        yield (attr,), values.get(attr)
        return
    child, name = attr.split(".", 1)
    items = values.get(child)
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield (child, i, name), item.get(name)


def json_string_template(text: str, start: int, end: int) -> Template:
    """Decode the JSON string text[start:end] (quotes included), keeping for each decoded
    character the offset of its raw text in the file."""
    chars: List[str] = []
    offsets: List[int] = []
    i = start + 1
    stop = end - 1
    while i < stop:
        c = text[i]
        if c != "\\":
            chars.append(c)
            offsets.append(i)
            i += 1
            continue
        e = text[i + 1 : i + 2]
        if e == "u" and _HEX.match(text, i + 2):
            code = int(text[i + 2 : i + 6], 16)
            width = 6
            if 0xD800 <= code < 0xDC00 and text.startswith("\\u", i + 6) and _HEX.match(text, i + 8):
                low = int(text[i + 8 : i + 12], 16)
                if 0xDC00 <= low < 0xE000:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    width = 12
            chars.append(chr(code))
            offsets.append(i)
            i += width
            continue
        chars.append(_SIMPLE.get(e, e))
        offsets.append(i)
        i += 2
    offsets.append(stop)
    return Template("".join(chars), offsets, [])
