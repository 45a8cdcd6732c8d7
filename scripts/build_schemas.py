"""Write the policy JSON Schemas (schemas/*.json and the copy shipped in iamlint/schemas/).

The five types share one grammar and differ in what a statement requires; generating them keeps
them consistent. tests/test_schema.py fails when the files are out of date: rerun this script.
"""

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
TYPES = {
    # policy type: (title, statement requirements beyond Effect and Action|NotAction)
    "identity": ("IAM identity-based policy (also permissions boundaries)", [["Resource", "NotResource"]]),
    "resource": ("IAM resource-based policy", [["Resource", "NotResource"], ["Principal", "NotPrincipal"]]),
    "trust": ("IAM role trust policy", [["Principal", "NotPrincipal"]]),
    "scp": ("AWS Organizations service control policy", [["Resource", "NotResource"]]),
    "rcp": ("AWS Organizations resource control policy", [["Resource", "NotResource"], ["Principal", "NotPrincipal"]]),
}
STRING_OR_LIST = {"type": ["string", "array"], "items": {"type": "string"}}
SCALAR = {"type": ["string", "number", "boolean"]}


def one_of_required(keys):
    return {"anyOf": [{"required": [k]} for k in keys]}


def schema(kind, title, extra_required):
    statement = {
        "type": "object",
        "description": "One statement: who (Principal), may or may not (Effect), do what (Action), to what (Resource), when (Condition).",
        "properties": {
            "Sid": {"type": "string", "description": "Statement ID; IAM policies allow only A-Z, a-z and 0-9."},
            "Effect": {"type": "string", "enum": ["Allow", "Deny"], "description": "Allow or Deny (case-sensitive)."},
            "Principal": {"$ref": "#/$defs/principal"},
            "NotPrincipal": {"$ref": "#/$defs/principal"},
            "Action": dict(STRING_OR_LIST, description="Actions as service:Name; * and ? are wildcards."),
            "NotAction": dict(STRING_OR_LIST, description="Every action except these."),
            "Resource": dict(STRING_OR_LIST, description="Resource ARNs, or *."),
            "NotResource": dict(STRING_OR_LIST, description="Every resource except these."),
            "Condition": {"$ref": "#/$defs/condition"},
        },
        "required": ["Effect"],
        "additionalProperties": False,
        "allOf": [one_of_required(["Action", "NotAction"])] + [one_of_required(r) for r in extra_required],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://iamlint.dev/schemas/{kind}-policy.json",
        "title": title,
        "type": "object",
        "properties": {
            "Version": {"type": "string", "enum": ["2012-10-17", "2008-10-17"], "description": "Policy language version; use 2012-10-17."},
            "Id": {"type": "string", "description": "Optional policy identifier."},
            "Statement": {
                "type": ["object", "array"],
                "if": {"type": "object"},
                "then": {"$ref": "#/$defs/statement"},
                "else": {"items": {"$ref": "#/$defs/statement"}},
            },
        },
        "required": ["Statement"],
        "additionalProperties": False,
        "$defs": {
            "statement": statement,
            "principal": {
                "type": ["string", "object"],
                "additionalProperties": STRING_OR_LIST,
                "properties": {k: STRING_OR_LIST for k in ("AWS", "Federated", "Service", "CanonicalUser")},
            },
            "condition": {
                "type": "object",
                "description": "{operator: {condition key: value or [values]}}",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": {"type": ["string", "number", "boolean", "array"], "items": SCALAR},
                },
            },
        },
    }


def main():
    for kind, (title, extra) in TYPES.items():
        text = json.dumps(schema(kind, title, extra), indent=2) + "\n"
        for folder in (ROOT / "schemas", ROOT / "iamlint" / "schemas"):
            folder.mkdir(exist_ok=True)
            (folder / f"{kind}-policy.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
