"""Fixes that insert or remove JSON members keep the file's layout (add Version, drop a
redundant action) and the operator fix edits the operator, not the condition key."""

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
