"""Fixes that insert or remove JSON members keep the file's layout (add Version, drop a
redundant action) and the operator fix edits the operator, not the condition key."""

import json

import pytest

from cli_util import invoke
from iamlint.config import Config
from iamlint.engine import lint
from iamlint.fixes import apply_edits, apply_fixes

POLICY = """{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:Get*", "s3:PutObject"],
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:SourceIp": "203.0.113.0/24"}}
    }
  ]
}
"""


def _fixes(text, code):
    return [f.fix for f in lint(text, config=Config(select=(code,))) if f.fix]


def _apply(text, fix):
    return apply_edits(text, fix.edits)


def test_add_version_keeps_indentation():
    (fix,) = _fixes(POLICY, "IAM110")
    assert fix.safe
    assert _apply(POLICY, fix).startswith('{\n  "Version": "2012-10-17",\n  "Statement": [')
    inline = '{"Statement": []}'
    (fix,) = _fixes(inline, "IAM110")
    assert _apply(inline, fix) == '{"Version": "2012-10-17", "Statement": []}'


def test_add_version_is_unsafe_when_it_turns_literal_text_into_a_variable():
    text = POLICY.replace('"Resource": "*"', '"Resource": "arn:aws:s3:::home/${aws:username}/*"')
    (fix,) = _fixes(text, "IAM110")
    assert not fix.safe  # the legacy language reads ${aws:username} as literal text
    assert _apply(text, fix).startswith('{\n  "Version": "2012-10-17",\n  "Statement": [')


def test_remove_redundant_action_with_its_comma():
    (fix,) = _fixes(POLICY, "IAM123")
    assert fix.safe
    assert '"Action": ["s3:Get*", "s3:PutObject"]' in _apply(POLICY, fix)
    last = POLICY.replace('["s3:GetObject", "s3:Get*", "s3:PutObject"]', '["s3:Get*", "s3:PutObject", "s3:GetObject"]')
    (fix,) = _fixes(last, "IAM123")
    assert '"Action": ["s3:Get*", "s3:PutObject"]' in _apply(last, fix)


def test_ip_operator_fix_edits_the_operator_and_is_not_applied_automatically():
    (fix,) = _fixes(POLICY, "IAM313")
    assert not fix.safe
    assert '{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}' in _apply(POLICY, fix)


def test_safe_fixes_together():
    findings = lint(POLICY, config=Config(select=("IAM110", "IAM123", "IAM313")))
    text, applied = apply_fixes(POLICY, [f.fix for f in findings if f.fix and f.fix.safe])
    assert applied == 2
    assert '"Version": "2012-10-17"' in text and '"s3:GetObject"' not in text and "StringEquals" in text


def _redundant(actions, layout="json"):
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}
    if layout == "json":
        return json.dumps(policy, indent=2)
    items = "".join(f"      - {a}\n" for a in actions)
    return f'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action:\n{items}    Resource: "*"\n'


@pytest.mark.parametrize("layout", ["json", "yaml"])
@pytest.mark.parametrize("actions, left", [
    (["s3:GetObject"] * 15, ["s3:GetObject"]),
    (["s3:GetObject"] * 3000, ["s3:GetObject"]),
    # entries covered by a wildcard, the first ones included (the first item and the second
    # cannot go in one edit: the second goes in the next pass)
    (["s3:GetObject", "s3:GetObjectAcl", "s3:PutObject", "s3:Get*", "s3:GetObject", "s3:PutObject"] * 3,
     ["s3:PutObject", "s3:Get*"]),
])
def test_redundant_actions_are_all_removed_by_one_fix_run(tmp_path, layout, actions, left):
    """One finding per covering entry, whose fix removes every entry it makes redundant (adjacent
    ones in one edit), so --fix converges however many there are; a second run changes nothing."""
    path = tmp_path / f"p.{layout}"
    path.write_text(_redundant(actions, layout))
    r = invoke("check", "--fix", "--isolated", "--select", "IAM123", str(path))
    assert r.exit_code == 0, r.output
    fixed = path.read_text()
    assert fixed == _redundant(left, layout)
    again = invoke("check", "--fix", "--isolated", "--select", "IAM123", str(path))
    assert again.exit_code == 0 and "applied" not in again.output and path.read_text() == fixed


def test_one_finding_removes_every_duplicate_and_names_only_a_few():
    text = _redundant(["s3:GetObject"] * 3000)
    (f,) = lint(text, config=Config(select=("IAM123",)))
    assert f.message == "'s3:GetObject' is listed 3000 times in Action (3000 entries where 's3:GetObject' alone is enough)"
    assert f.fix.safe and f.fix.title == "Remove the 2999 redundant entries" and len(f.fix.edits) == 1
    assert json.loads(apply_edits(text, f.fix.edits))["Statement"][0]["Action"] == ["s3:GetObject"]
    covered = [f"ec2:DescribeThing{i}" for i in range(3000)] + ["ec2:Describe*"]
    (f,) = lint(_redundant(covered), config=Config(select=("IAM123",)))
    assert f.message == ("'ec2:DescribeThing0' is already covered by 'ec2:Describe*'; also redundant: "
                         "'ec2:DescribeThing1', 'ec2:DescribeThing2', 'ec2:DescribeThing3' and 2996 more "
                         "(3001 entries where 'ec2:Describe*' alone is enough)")
