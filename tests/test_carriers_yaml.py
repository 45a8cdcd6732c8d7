"""YAML policy files: positions in the original file, scalar typing, refusal of bombs, custom
tags, absurd nesting and huge documents, and inline suppression comments."""

import time

import pytest

from iamlint.carriers import extract, is_placeholder
from iamlint.carriers.yaml_doc import MAX_CHARS, YamlTree
from iamlint.config import Config
from iamlint.engine import analyze

ALL = Config(select=("ALL",))


def lint_yaml(text, name="policy.yaml", config=None):
    found = extract(name, text)
    assert found is not None and len(found) == 1
    p = found[0]
    return p, analyze(p.document, filename=name, config=config or Config(), policy_type=p.policy_type).findings


def at(findings, code):
    return [(f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column) for f in findings if f.code == code]


POLICY = """\
Version: 2012-10-17
Statement:
  - Sid: Read
    Effect: Allow
    Action:
      - s3:GetObjekt
      - 's3:ListBuckit'
    Resource: "arn:aws:s3:::reports/*"
"""


def test_unknown_action_positions():
    _p, findings = lint_yaml(POLICY)
    assert at(findings, "IAM201") == [(6, 9, 6, 21), (7, 9, 7, 24)]  # quotes included, as in JSON
    f = [f for f in findings if f.code == "IAM201"][0]
    assert f.path == ("Statement", 0, "Action", 0)
    assert f.sid == "Read"
    assert "s3:GetObject" in f.message


def test_scalars_stay_as_written():
    tree = YamlTree(
        "Version: 2012-10-17\nA: 012345678901\nB: 123456789012\nC: yes\nD: TRUE\nE: 1.5\nF: ~\nG: '10'\nH: on\nI: 0x1f\nJ: !!str 12\n",
        cfn=False,
    )
    v = tree.value
    assert v["Version"] == "2012-10-17"
    assert v["A"] == "012345678901"  # a leading zero is an account id, not octal
    assert v["B"] == 123456789012
    assert v["C"] == "yes" and v["H"] == "on"
    assert v["D"] is True
    assert v["E"] == 1.5
    assert v["F"] is None
    assert v["G"] == "10"
    assert v["I"] == "0x1f"
    assert v["J"] == "12"


def test_not_a_policy_is_not_claimed():
    assert extract("config.yaml", "name: app\nreplicas: 3\n") is None
    assert extract("k8s.yml", "kind: Deployment\nspec: {Statement: no}\n") is None
    assert extract("notes.txt", POLICY) is None


@pytest.mark.parametrize(
    "text, needle",
    [
        ('a: &a ["x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nStatement: [*b,*b,*b,*b,*b,*b,*b,*b]\n', "aliases"),
        ("x: &x {Effect: Allow}\nStatement:\n  - <<: *x\n    Action: s3:GetObject\n", "not allowed"),
        ("Statement: !Foo bar\n", "unsupported YAML tag !Foo"),
        ("Statement: !!python/object:os.system ls\n", "unsupported YAML tag"),
        ("Statement: !Sub x\n", "unsupported YAML tag !Sub in a policy"),
        ("Statement: []\n---\nStatement: []\n", "more than one YAML document"),
        ("Statement:\n  - Effect: Allow\n   Action: x\n", "invalid YAML"),
        ("Statement: " + "[" * 50000 + "]" * 50000, "nesting"),
        ("Statement:\n" + "- " * 30000 + "x\n", "nesting"),
        ("Statement: [" + "'s3:GetObject', " * (MAX_CHARS // 16 + 1) + "]\n", "refused"),
        ("Statement: \x00\n", "control characters"),
    ],
)
def test_bad_yaml_is_one_finding(text, needle):
    start = time.perf_counter()
    _p, findings = lint_yaml(text)
    assert time.perf_counter() - start < 2
    assert [f.code for f in findings] == ["IAM001"], findings
    assert needle in findings[0].message


def test_alias_finding_points_at_the_alias():
    text = 'base: &b "s3:GetObject"\nStatement: {Effect: Allow, Action: *b, Resource: "*"}\n'
    _p, findings = lint_yaml(text)
    assert at(findings, "IAM001") == [(2, 36, 2, 38)]


def test_wrong_types_are_findings_not_tracebacks():
    text = "Version: 2012-10-17\nStatement:\n  - Effect: yes\n    Action: 12\n    Resource: {a: [1, null, 2.5]}\n    Condition: 3\n"
    _p, findings = lint_yaml(text)
    codes = {f.code for f in findings}
    assert "IAM108" in codes and "IAM107" in codes
    assert at(findings, "IAM108") == [(3, 13, 3, 16)]


def test_duplicate_keys():
    text = "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Effect: Deny\n    Action: s3:GetObject\n    Resource: '*'\n"
    _p, findings = lint_yaml(text)
    assert at(findings, "IAM002") == [(4, 5, 4, 11)]


def test_span_inside_quoted_scalars():
    text = "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: 'arn:awz:s3:::b/*'\n"
    _p, findings = lint_yaml(text)
    assert at(findings, "IAM213") == [(5, 20, 5, 23)]


def test_comment_suppressions():
    text = (
        "Version: '2012-10-17'\n"
        "Statement:\n"
        "  - Effect: Allow\n"
        "    # iamlint: ignore[IAM201] legacy name kept for the audit trail\n"
        "    Action: s3:GetObjekt\n"
        "    Resource: '*'  # iamlint: ignore[IAM6,write-action-on-all-resources]\n"
    )
    p, findings = lint_yaml(text, config=ALL)
    first, second = p.suppressions
    assert first.kind == "comment" and first.codes == ("IAM201",) and first.own_line and first.line == 4
    assert first.reason == "legacy name kept for the audit trail"
    assert second.codes == ("IAM6", "write-action-on-all-resources") and not second.own_line
    assert second.reason is None  # missing: to be reported by whoever applies suppressions
    unknown = [f for f in findings if f.code == "IAM201"][0]
    assert first.covers(unknown.code, unknown.name, unknown.range)
    assert not second.covers(unknown.code, unknown.name, unknown.range)


def test_no_placeholders_in_plain_yaml():
    p, _f = lint_yaml(POLICY)
    assert not any(is_placeholder(a) for a in p.document.value["Statement"][0]["Action"])
