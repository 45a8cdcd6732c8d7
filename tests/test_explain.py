"""`iamlint explain`: per-statement grants by access level, conditions, risks; text and JSON."""

import json
import os
import pathlib

from click.testing import CliRunner

from iamlint.cli import main
from iamlint.explain import NotAPolicy, explain, render_text

import pytest

CORPUS = pathlib.Path("/work/shared/corpus")
ADMIN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
WEAK = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "Attach", "Effect": "Allow", "Action": ["iam:GetRole", "iam:AttachRolePolicy"], "Resource": "*",
     "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}},
    {"Effect": "Deny", "Action": "iam:GetRole", "Resource": "*"},
]})
BUCKET = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]})


def test_levels_conditions_and_deny():
    data = explain(WEAK, filename="weak.json")
    assert data["policy_type"] == "identity"
    allow, deny = data["statements"]
    assert allow["sid"] == "Attach" and allow["line"] == 1
    assert allow["actions"]["by_level"] == {
        "Permissions management": {"count": 1, "actions": ["iam:AttachRolePolicy"]}}
    assert allow["denied_by_policy"] == 1  # iam:GetRole taken back by the Deny
    (cond,) = allow["conditions"]
    assert cond["strength"] == "weak" and "absent" in cond["constrains"]
    assert deny["effect"] == "Deny" and deny["actions"]["total"] == 1


def test_risks_from_findings():
    data = explain(ADMIN, filename="admin.json")
    assert "privilege-escalation" in data["risks"]
    assert any(r["code"] == "IAM601" for r in data["statements"][0]["risks"])
    data = explain(BUCKET, filename="bucket.json")
    assert data["policy_type"] == "resource"
    assert "resource-exposure" in data["risks"]


def test_text_caps_long_lists():
    text = render_text(explain(ADMIN, filename="admin.json"))
    assert "... and " in text and "more" in text
    assert "Permissions management (" in text
    lines = [l for l in text.splitlines() if l.startswith("  Write (")]
    assert len(lines) == 1 and lines[0].count(",") <= 10


def test_deterministic():
    assert explain(WEAK, filename="a") == explain(WEAK, filename="a")
    assert render_text(explain(ADMIN, filename="a")) == render_text(explain(ADMIN, filename="a"))


@pytest.mark.parametrize("text", ["[1, 2]", "{", '{"Version": "2012-10-17"}', '{"Statement": 5}', "42"])
def test_not_a_policy(text):
    with pytest.raises(NotAPolicy):
        explain(text)


def test_cli_text_json_and_errors(tmp_path):
    runner = CliRunner()
    p = tmp_path / "p.json"
    p.write_text(WEAK)
    r = runner.invoke(main, ["explain", str(p)])
    assert r.exit_code == 0, r.output
    assert "Permissions management (1): iam:AttachRolePolicy" in r.output
    assert "BoolIfExists aws:MultiFactorAuthPresent" in r.output
    r = runner.invoke(main, ["explain", str(p), "--format", "json"])
    assert r.exit_code == 0
    assert json.loads(r.output)["statements"][0]["sid"] == "Attach"
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a policy"}')
    r = runner.invoke(main, ["explain", str(bad)])
    assert r.exit_code == 2
    r = runner.invoke(main, ["explain", str(tmp_path / "missing.json")])
    assert r.exit_code == 2


def test_trust_policy():
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]})
    data = explain(trust, filename="trust.json")
    assert data["policy_type"] == "trust"
    assert data["statements"][0]["principals"] == [{"type": "AWS", "value": "arn:aws:iam::111122223333:root"}]
    assert "sts:AssumeRole" in render_text(data)


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")
def test_managed_policies_explain_without_error():
    for name in ("AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "IAMFullAccess"):
        text = (CORPUS / "aws-managed" / f"{name}.json").read_text()
        data = explain(text, filename=name)
        assert data["statements"]
        render_text(data)


def test_templates_are_explained_policy_by_policy():
    """CloudFormation and Terraform files: one explanation per policy, each with its place and
    the policy type of where it sits."""
    from iamlint.explain import explain_file

    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
    with open(os.path.join(root, "cfn", "template.yaml"), encoding="utf-8") as f:
        data = explain_file(f.read(), filename="template.yaml")
    assert [(p["location"], p["policy_type"]) for p in data["policies"]][:2] == [
        ("Resources.AppRole.Properties.AssumeRolePolicyDocument", "trust"),
        ("Resources.AppRole.Properties.Policies[0].PolicyDocument", "identity")]
    text = render_text(data)
    assert text.startswith("template.yaml (in Resources.AppRole.Properties.AssumeRolePolicyDocument): trust policy")
    with open(os.path.join(root, "terraform", "main.tf"), encoding="utf-8") as f:
        data = explain_file(f.read(), filename="main.tf")
    assert ("data.aws_iam_policy_document.assume", "trust") in [(p["location"], p["policy_type"]) for p in data["policies"]]
    with pytest.raises(NotAPolicy, match="nor a template"):
        explain_file("a: 1\n", filename="workflow.yaml")
