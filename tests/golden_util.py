"""Golden fixtures: tests/golden/<CODE>/<case>.json (or .yaml, .tf: a carrier file, linted as
`iamlint check` lints it) with <case>.expected beside it.

A case named fail*.json must produce at least one finding of the rule, pass*.json none. The
expected file is the text rendering (with the source line and a caret under the range) of the
rule's findings, so a wrong position shows up in review. `config.json` in the folder (or
`<case>.config.json` beside one case) may set "type" and "resource_type", and "failing_rule": a
rule code that is selected too and made to raise (for internal-error, IAM004). Rewrite the
expected files with UPDATE_GOLDEN=1.
"""

import contextlib
import json
import pathlib

from iamlint import engine
from iamlint.config import Config
from iamlint.engine import lint_bytes
from iamlint.model import PolicyType
from iamlint.render.text import render

GOLDEN = pathlib.Path(__file__).resolve().parent / "golden"


def cases():
    for folder in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        for case in sorted(p for p in folder.iterdir() if p.suffix in (".json", ".yaml", ".tf")):
            if case.name != "config.json" and not case.name.endswith(".config.json"):
                yield folder.name, case


def run_case(code: str, case: pathlib.Path) -> str:
    cfg_path = case.with_name(case.stem + ".config.json")
    if not cfg_path.exists():
        cfg_path = case.parent / "config.json"
    cfg = json.loads(cfg_path.read_text()) if cfg_path.exists() else {}
    failing = cfg.get("failing_rule")
    config = Config(
        select=(code,) + ((failing,) if failing else ()),
        policy_type=PolicyType(cfg["type"]) if cfg.get("type") else None,
        resource_type=cfg.get("resource_type"),
    )
    data = case.read_bytes()
    name = f"{case.parent.name}/{case.name}"
    with _raising(failing):
        if case.suffix == ".json":
            found = lint_bytes(data, filename=name, config=config)
        else:
            found = engine.analyze_text(data.decode("utf-8"), filename=name, config=config).findings
        findings = [f for f in found if f.code == code]
    text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = " " + text[1:]
    return render(findings, lambda _f: text)


@contextlib.contextmanager
def _raising(code):
    """Make rule `code` raise on every document while the block runs (None: no change)."""
    if code is None:
        yield
        return
    rule = next(r for r in engine.all_rules() if r.code == code)
    original = rule.check

    def check(ctx):
        yield from ()
        raise RuntimeError("injected by the golden test")

    object.__setattr__(rule, "check", check)
    try:
        yield
    finally:
        object.__setattr__(rule, "check", original)
