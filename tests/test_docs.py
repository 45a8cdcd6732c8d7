import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def test_rules_md_is_current():
    import build_rule_docs

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == build_rule_docs.render(), \
        "docs/rules.md is out of date: run python3 scripts/build_rule_docs.py"
