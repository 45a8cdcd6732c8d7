import pathlib
import re

from iamlint.rules import RULE_MODULES, SECTIONS, all_rules, find_rule

GOLDEN = pathlib.Path(__file__).resolve().parent / "golden"
RULES_DIR = pathlib.Path(__file__).resolve().parent.parent / "iamlint" / "rules"


def test_every_module_is_registered():
    modules = {p.stem for p in RULES_DIR.glob("*.py") if not p.stem.startswith("_")}
    assert modules == set(RULE_MODULES)
    assert len(RULE_MODULES) == len(set(RULE_MODULES))


def test_codes_and_names_are_unique_and_well_formed():
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
    for r in rules:
        assert re.fullmatch(r"IAM\d{3}", r.code), r.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name


def test_every_docstring_has_the_sections():
    for r in all_rules():
        for section in SECTIONS:
            assert f"## {section}" in r.doc, f"{r.code} {r.name} lacks '## {section}'"


def test_every_rule_has_failing_and_passing_fixtures():
    for r in all_rules():
        folder = GOLDEN / r.code
        assert folder.is_dir(), f"no golden folder for {r.code} {r.name}"
        names = [p.name for p in folder.iterdir() if p.suffix in (".json", ".yaml", ".tf") and not p.name.endswith("config.json")]
        assert any(n.startswith("fail") for n in names), f"{r.code} has no failing fixture"
        assert any(n.startswith("pass") for n in names), f"{r.code} has no passing fixture"


def test_find_rule_by_code_or_name():
    assert find_rule("IAM201").name == "unknown-action"
    assert find_rule("unknown-action").code == "IAM201"
    assert find_rule("nope") is None


def test_a_rule_documents_its_options_exactly_when_it_declares_them():
    for r in all_rules():
        assert ("## Options" in r.doc) == (r.options is not None), f"{r.code}: '## Options' and OPTIONS disagree"
        for option in (r.options or {}).get("properties", {}):
            assert f"`{option}`" in r.doc, f"{r.code}: option {option} is not documented"
