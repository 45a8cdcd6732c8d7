"""Structure checks against the policy JSON Schemas (schemas/*.json, shipped in iamlint/schemas/).

jsonschema's errors are turned into `SchemaIssue`s that say what is wrong in IAM terms; the
structure rules (missing-effect, unknown-element, wrong-type, ...) each pick the issues they own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, List, Optional, Tuple

from .model import Path, PolicyType

_TYPE_NAMES = {"string": "a string", "array": "an array", "object": "an object", "number": "a number", "boolean": "a boolean"}


@dataclass(frozen=True)
class SchemaIssue:
    kind: str  # missing | unknown | type | enum
    path: Path  # the offending value (for missing: the parent object)
    element: Optional[str]  # the element concerned (missing/unknown key, or the key whose value is wrong)
    message: str
    on_key: bool = False


@lru_cache(maxsize=None)
def load_schema(policy_type: str) -> dict:
    from importlib.resources import files

    return json.loads(files("iamlint.schemas").joinpath(f"{policy_type}-policy.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _validator(policy_type: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(policy_type))


def _describe_types(expected: Any) -> str:
    if isinstance(expected, str):
        expected = [expected]
    names = [_TYPE_NAMES.get(t, t) for t in expected]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "null"
    # isinstance: a str subclass (a carrier's placeholder) is named as the JSON type, not by its class
    for kind, name in ((str, "string"), (list, "array"), (dict, "object")):
        if isinstance(value, kind):
            return _TYPE_NAMES[name]
    return type(value).__name__


def _element_of(path: Path) -> Optional[str]:
    for p in reversed(path):
        if isinstance(p, str):
            return p
    return None


def validate(document: Any, policy_type: PolicyType) -> List[SchemaIssue]:
    issues: List[SchemaIssue] = []
    _collect(_validator(policy_type.schema_name).iter_errors(document), issues)
    # Stable order, no duplicates (anyOf branches can repeat a complaint).
    seen = set()
    out = []
    for issue in sorted(issues, key=lambda i: (tuple(map(str, i.path)), i.kind, i.element or "")):
        key = (issue.kind, issue.path, issue.element, issue.on_key)
        if key not in seen:
            seen.add(key)
            out.append(issue)
    return out


def _collect(errors, issues: List[SchemaIssue]) -> None:
    for error in errors:
        path: Path = tuple(error.absolute_path)
        validator = error.validator
        if validator == "required":
            missing = [k for k in error.validator_value if not (isinstance(error.instance, dict) and k in error.instance)]
            for k in missing:
                issues.append(SchemaIssue("missing", path, k, f"{_where(path)} has no {k}"))
        elif validator == "anyOf" and all("required" in s for s in error.validator_value):
            keys = [s["required"][0] for s in error.validator_value]
            issues.append(SchemaIssue("missing", path, keys[0], f"{_where(path)} has neither {' nor '.join(keys)}"))
        elif validator == "additionalProperties":
            allowed = set((error.schema.get("properties") or {}).keys())
            for k in error.instance:
                if k not in allowed:
                    issues.append(SchemaIssue("unknown", path + (k,), k, f"unknown element {k!r} in {_where(path)}", on_key=True))
        elif validator == "type":
            issues.append(
                SchemaIssue(
                    "type",
                    path,
                    _element_of(path),
                    f"{_label(path)} must be {_describe_types(error.validator_value)}, not {_json_type(error.instance)}",
                )
            )
        elif validator == "enum":
            issues.append(SchemaIssue("enum", path, _element_of(path), f"{_label(path)} is {error.instance!r}"))
        elif error.context:
            _collect(error.context, issues)
        else:  # pragma: no cover - keywords the schemas do not use
            issues.append(SchemaIssue("type", path, _element_of(path), error.message))


def _where(path: Path) -> str:
    if not path:
        return "the policy"
    if path[0] == "Statement" and len(path) <= 2:
        return f"statement {path[1]}" if len(path) == 2 else "the statement"
    return _label(path)


def _label(path: Path) -> str:
    if not path:
        return "the document"
    parts = []
    for p in path:
        parts.append(f"[{p}]" if isinstance(p, int) else (("." if parts else "") + str(p)))
    return "".join(parts)
