"""Every fix of every golden failing case makes progress: applying a rule's fixes (safe or not, a
few passes, as --fix does) leaves that rule with fewer findings, and the file still reads as
before. A fix that writes the wrong thing, or in the wrong place, shows up here (the Sid fix once
wrote the whole new Sid over the one bad character, and was offered again after)."""

import json

import pytest

from golden_util import cases
from iamlint import engine
from iamlint.carriers import extract
from iamlint.carriers.edits import fixes_keep_policies
from iamlint.config import Config
from iamlint.fixes import apply_fixes
from iamlint.model import PolicyType

PASSES = 5


def _fixable_cases():
    for code, case in cases():
        if not case.name.startswith("fail"):
            continue
        cfg_path = case.with_name(case.stem + ".config.json")
        if not cfg_path.exists():
            cfg_path = case.parent / "config.json"
        cfg = json.loads(cfg_path.read_text()) if cfg_path.exists() else {}
        if cfg.get("failing_rule"):
            continue
        try:
            text = case.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            continue
        config = Config(select=(code,), policy_type=PolicyType(cfg["type"]) if cfg.get("type") else None,
                        resource_type=cfg.get("resource_type"))
        if any(f.fix is not None for f in _findings(case.name, text, config, code)):  # the rules that have fixes
            yield pytest.param(code, case.name, text, config, id=f"{code}/{case.name}")


def _findings(name, text, config, code):
    return [f for f in engine.analyze_text(text, filename=name, config=config).findings if f.code == code]


@pytest.mark.parametrize("code, name, text, config", list(_fixable_cases()))
def test_fixes_make_progress(code, name, text, config):
    before = _findings(name, text, config, code)
    current = text
    for _ in range(PASSES):
        fixes = [f.fix for f in _findings(name, current, config, code) if f.fix is not None]
        if not fixes:
            break
        fixed, applied = apply_fixes(current, fixes)
        assert applied
        if name.endswith(".json"):
            json.loads(fixed)
        else:
            assert fixes_keep_policies(extract(name, current), extract(name, fixed))
        current = fixed
    after = _findings(name, current, config, code)
    assert len(after) < len(before), [f.message for f in after]


def test_a_fix_replaces_the_whole_value_it_names():
    # invalid-sid points at the bad character but proposes the whole Sid: the edit must cover it
    text = '{"Version": "2012-10-17", "Statement": [{"Sid": "Read-Only Access", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'
    (f,) = [f for f in engine.lint(text, config=Config(select=("IAM113",)))]
    assert text[f.range.start_offset : f.range.end_offset] == "-"
    assert json.loads(apply_fixes(text, [f.fix])[0])["Statement"][0]["Sid"] == "ReadOnlyAccess"
    yaml = "Version: '2012-10-17'\nStatement:\n  - Sid: Read-Only\n    Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n"
    (f,) = [f for f in engine.analyze_text(yaml, filename="p.yaml", config=Config(select=("IAM113",))).findings]
    assert apply_fixes(yaml, [f.fix])[0] == yaml.replace("Read-Only", "ReadOnly")


def test_unknown_variable_key_suggests_no_key_that_cannot_be_a_variable():
    text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:PrincipalServiceNamesLst}/*"}]}'
    (f,) = engine.lint(text, config=Config(select=("IAM136",)))
    assert f.fix is None and "did you mean" not in f.message  # aws:PrincipalServiceNamesList is multivalued


def test_a_did_you_mean_is_never_a_safe_fix():
    # A suggestion is a guess, and it changes what the policy grants or matches (s3:ListBuckets
    # granted nothing, s3:ListBucket grants listing): --fix applies it only with --unsafe-fixes.
    seen = set()
    for code, case in cases():
        if not case.name.startswith("fail") or case.suffix != ".json":
            continue
        try:
            text = case.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            continue
        for f in engine.lint(text, config=Config(select=("ALL",))):
            if f.fix is not None and "did you mean" in f.message:
                seen.add(f.code)
                assert not f.fix.safe, (case, f.code, f.message)
    assert {"IAM201", "IAM301", "IAM305", "IAM306", "IAM136"} <= seen


SAFE_FIXES = {
    # keep what an accepted policy does
    "IAM005": "escapes a variable in the template: the policy AWS receives is unchanged",
    "IAM110": "adds Version to a policy without variables: the legacy language reads it the same",
    "IAM123": "removes actions another entry covers",
    "IAM222": "removes ARNs another entry of the list matches (none with a policy variable)",
    "IAM333": "writes the instant IAM reads epoch seconds as",
    "IAM337": "drops host bits IAM ignores",
    "IAM349": "keeps the loosest of OR'ed bounds",
    # AWS rejects the policy as written, and the fix is all it can have meant (case, spacing, syntax)
    "IAM108": "Effect: a change of case only",
    "IAM131": "quotes a variable's default",
    "IAM132": "drops the spaces inside ${...}",
    "IAM210": "arn: for ARN:",
    "IAM215": "drops a Region the service's ARNs do not have",
    "IAM217": "drops the dashes or spaces in an account ID",
    "IAM218": "drops an account the service's ARNs do not have",
    "IAM336": "drops spaces around an IP range, or writes a netmask as its prefix length",
    "IAM504": '"*" for {"AWS": "*"} in an RCP: the same principal',
    "IAM515": "a principal type with a change of case only (aws -> AWS)",
}


def test_only_fixes_that_keep_what_the_policy_means_are_safe():
    # --fix applies safe fixes unasked: a fix is safe when it keeps what an accepted policy does,
    # or when AWS rejects the policy as written and the fix is all it can have meant (a change of
    # case or spacing, a syntax detail); a guess (a close name, a value from a list) or a change to
    # what an accepted policy matches is unsafe. A new safe fix is added here with its reason.
    safe = set()
    for param in _fixable_cases():
        code, name, text, config = param.values
        for f in _findings(name, text, config, code):
            if f.fix is not None and f.fix.safe:
                safe.add(code)
    assert safe == set(SAFE_FIXES)
