"""Write docs/rules.md from the rules' own docstrings (the same text `iamlint rule CODE` prints).

tests/test_docs.py fails when docs/rules.md is out of date: rerun this script."""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def render() -> str:
    from iamlint.rules import all_rules

    rules = all_rules()
    out = [
        "# Rules",
        "",
        "Generated from the rules' docstrings by `scripts/build_rule_docs.py`; `iamlint rule CODE` prints the same text.",
        "Codes: IAM0xx document, IAM1xx structure, IAM2xx validity against AWS's catalog, IAM3xx conditions,",
        "IAM4xx privilege checks AWS makes, IAM5xx policy types and principals, IAM6xx least privilege.",
        "",
        "| Code | Name | Severity | Access Analyzer | Default |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rules:
        out.append(f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.value} | {r.access_analyzer or '-'} | {'on' if r.default else 'opt-in'} |")
    for r in rules:
        doc = r.doc.replace("\n## ", "\n#### ")
        out += ["", f"## {r.code}", "", f"### {r.name}", "", f"Severity: {r.severity.value}. Access Analyzer: {r.access_analyzer or 'none'}."
                + ("" if r.default else " Off by default."), "", doc]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    (ROOT / "docs" / "rules.md").write_text(render(), encoding="utf-8")
