"""Terraform carriers: policies in .tf files (HCL) and plan JSON land on their original tokens."""

import pathlib

import pytest

from iamlint.carriers import extract
from iamlint.carriers import terraform
from iamlint.config import Config
from iamlint.engine import analyze
from iamlint.model import PolicyType

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures" / "terraform"


def _lint(name, select=("IAM201",)):
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    policies = extract(str(path), text)
    assert policies is not None
    out = []
    for p in policies:
        a = analyze(p.document, filename=name, config=Config(select=select), policy_type=p.policy_type, resource_type=p.resource_type)
        out.extend((p, f) for f in a.findings)
    return policies, out


def _at(findings, line):
    return [(p, f) for p, f in findings if f.range.start.line == line]


def test_data_source_unknown_action_on_its_token():
    _, found = _lint("main.tf")
    [(p, f)] = _at(found, 24)
    assert p.label == "data.aws_iam_policy_document.app"
    assert (f.range.start.column, f.range.end.column) == (34, 50)  # "s3:ListBuckett" with its quotes
    assert f.path == ("Statement", 0, "Action", 1)


def test_jsonencode_unknown_action():
    _, found = _lint("main.tf")
    [(p, f)] = _at(found, 60)
    assert p.label == "aws_iam_policy.inline_json.policy" and p.policy_type is PolicyType.IDENTITY
    assert f.range.start.column == 46 and "ec2:DescribeInstances" in f.message


def test_heredoc_unknown_action():
    _, found = _lint("main.tf")
    [(p, f)] = _at(found, 75)
    assert p.label == "aws_iam_role_policy.heredoc.policy"
    assert (f.range.start.column, f.range.end.column) == (41, 57)


def test_assume_role_policy_is_a_trust_policy():
    policies, found = _lint("main.tf")
    [(p, f)] = _at(found, 89)
    assert p.label == "aws_iam_role.ci.assume_role_policy"
    assert p.policy_type is PolicyType.TRUST and f.policy_type == "trust"
    assert f.range.start.column == 19
    # a data source used in assume_role_policy is a trust policy too
    assume = next(q for q in policies if q.label == "data.aws_iam_policy_document.assume")
    assert assume.policy_type is PolicyType.TRUST


def test_plan_json_positions_inside_the_string():
    policies, found = _lint("plan.json")
    labels = [p.label for p in policies]
    assert labels == [
        "aws_iam_policy.reader: values.policy",
        "module.app.aws_iam_role.fn: values.assume_role_policy",
        "module.app.aws_iam_role.fn: values.inline_policy[0].policy",
    ]
    by_line = {f.range.start.line: (p, f) for p, f in found}
    p, f = by_line[17]
    assert f.range.start.column == 125 and "s3:GetObject" in f.message
    text = (FIXTURES / "plan.json").read_text()
    assert text[f.range.start_offset : f.range.end_offset] == '\\"s3:GetObjectt\\"'
    p, f = by_line[43]
    assert p.policy_type is PolicyType.TRUST and f.policy_type == "trust"


def test_placeholders_are_not_reported():
    policies, found = _lint("main.tf", select=("ALL",))
    app = next(p for p in policies if p.label == "data.aws_iam_policy_document.app")
    st = app.document.value["Statement"][0]
    assert st["Condition"]["StringEquals"]["aws:PrincipalTag/team"][0] == "${aws:username}"  # $${ is a literal ${
    messages = " ".join(f.message for _, f in found)
    assert "${" not in messages.replace("${aws:username}", "")


def test_malformed_hcl_is_a_finding_with_a_position():
    _, found = _lint("broken.tf", select=("IAM001",))
    [(p, f)] = found
    assert (f.range.start.line, f.range.start.column) == (6, 62)
    assert f.code == "IAM001" and "Terraform" in f.message


@pytest.mark.parametrize("text", ["", "{", '"', "a = <<EOF", 'a = "${', 'x = "${foo(}"', "a = [" * 300, "x = \x00"])
def test_malformed_never_raises(text):
    result = terraform.extract("x.tf", text)
    assert isinstance(result, list)
    for p in result:
        assert p.document.syntax_error is None or p.document.syntax_error.offset <= len(text)


def test_other_policy_shapes_and_suppressions():
    policies, found = _lint("suppressed.tf")
    kinds = {p.label: (p.policy_type, p.resource_type) for p in policies}
    assert kinds["aws_organizations_policy.deny_regions.content"] == (PolicyType.SCP, None)
    assert kinds["aws_s3_bucket_policy.b.policy"] == (PolicyType.RESOURCE, "AWS::S3::Bucket")
    quoted = [f for p, f in found if p.label == "aws_s3_bucket_policy.b.policy"]
    assert [(f.range.start.line, f.range.start.column) for f in quoted] == [(30, 157)]
    sup = policies[0].suppressions
    assert [(s.codes, s.line, s.own_line, s.reason) for s in sup] == [
        (("IAM201",), 3, True, "kept for the old release pipeline"),
        (("unknown-action",), 8, False, "typo kept on purpose"),
    ]
    legacy = [f for p, f in found if p.label == "aws_iam_user_policy.legacy.policy"]
    assert any(s.covers(f.code, f.name, f.range) for f in legacy for s in sup)


def test_non_terraform_files_are_not_claimed():
    assert terraform.extract("x.json", "{}") is None
    assert extract("policy.json", '{"Version": "2012-10-17", "Statement": []}') is None


def test_ecr_repository_policy_needs_no_resource(tmp_path):
    # A repository policy applies to its repository: AWS documents it without Resource.
    tf = tmp_path / "ecr.tf"
    tf.write_text(
        'resource "aws_ecr_repository_policy" "p" {\n  repository = "r"\n  policy = jsonencode({\n'
        '    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Allow"\n'
        '      Principal = { AWS = "arn:aws:iam::123456789012:root" }\n      Action = ["ecr:BatchGetImage"]\n    }]\n  })\n}\n',
        encoding="utf-8",
    )
    policies = extract(str(tf), tf.read_text(encoding="utf-8"))
    assert [p.resource_type for p in policies] == ["AWS::ECR::Repository"]
    codes = [f.code for p in policies for f in analyze(p.document, filename="ecr.tf", config=Config(select=("ALL",)),
                                                         policy_type=p.policy_type, resource_type=p.resource_type).findings]
    assert "IAM104" not in codes


def test_dynamic_blocks_are_linted_through_their_content(tmp_path):
    tf = tmp_path / "dyn.tf"
    tf.write_text(
        'data "aws_iam_policy_document" "d" {\n'
        '  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n'
        '  dynamic "statement" {\n    for_each = var.buckets\n    content {\n'
        '      actions   = ["s3:ListBukket", statement.value.extra]\n'
        '      resources = ["arn:aws:s3:::${statement.value.name}"]\n'
        '      dynamic "condition" {\n        for_each = var.teams\n        content {\n'
        '          test     = "StringEqualz"\n          variable = "aws:PrincipalTag/team"\n'
        '          values   = [condition.value]\n        }\n      }\n    }\n  }\n}\n',
        encoding="utf-8",
    )
    (policy,) = extract(str(tf), tf.read_text(encoding="utf-8"))
    statements = policy.document.value["Statement"]
    assert len(statements) == 2 and list(statements[1]["Condition"]) == ["StringEqualz"]
    found = analyze(policy.document, filename="dyn.tf", config=Config(select=("IAM201", "IAM301")),
                    policy_type=policy.policy_type, resource_type=policy.resource_type).findings
    assert [(f.code, f.range.start.line, f.range.start.column, f.range.end.column) for f in found] == [
        ("IAM201", 9, 20, 35),  # "s3:ListBukket" inside the dynamic statement's content
        ("IAM301", 14, 22, 36),  # "StringEqualz" inside a dynamic condition
    ]


def test_policy_attributes_that_are_not_json_text_are_reported():
    text = ('resource "aws_iam_policy" "a" {\n  policy = 42\n}\n'
            'resource "aws_iam_role" "r" {\n  assume_role_policy = true\n  inline_policy {\n'
            '    policy = { Version = "2012-10-17", Statement = [] }\n  }\n}\n'
            'resource "aws_s3_bucket" "b" {\n  policy = null\n}\n'
            'resource "aws_iam_policy" "c" {\n  policy = var.policy\n}\n')
    found = []
    for p in extract("w.tf", text):
        found.extend((p.label, f) for f in analyze(p.document, filename="w.tf", config=Config(select=("ALL",)),
                                                   policy_type=p.policy_type, resource_type=p.resource_type).findings)
    assert [(label, f.code, f.range.start.line, f.range.start.column, f.range.end.column) for label, f in found] == [
        ("aws_iam_policy.a.policy", "IAM107", 2, 12, 14),
        ("aws_iam_role.r.assume_role_policy", "IAM107", 5, 24, 28),
        ("aws_iam_role.r.inline_policy[0].policy", "IAM107", 7, 14, 56),
    ]  # null (unset) and var.policy (computed) are not reported
    assert found[1][1].message.endswith("not a boolean")
    assert found[2][1].message.endswith("not an object: wrap it in jsonencode(...)")


def test_an_instance_of_a_counted_data_source_keeps_the_policy_type():
    # data.x.y[0].json and data.x.y[each.key].json are the policy of the resource that uses them
    # (an SCP was linted as an identity policy); a splat is a list, not a policy.
    text = '''data "aws_iam_policy_document" "scp" {
  count = 1
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
resource "aws_organizations_policy" "scp" {
  type    = "SERVICE_CONTROL_POLICY"
  content = data.aws_iam_policy_document.scp[0].json
}
data "aws_iam_policy_document" "bucket" {
  for_each = toset(var.buckets)
  statement {
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::${each.key}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_s3_bucket_policy" "b" {
  for_each = toset(var.buckets)
  policy   = data.aws_iam_policy_document.bucket[each.key].json
}
data "aws_iam_policy_document" "many" {
  count = 2
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.many[*].json
}
'''
    found = {p.label: (p.policy_type, p.resource_type, p.notes) for p in extract("t.tf", text)}
    assert found["data.aws_iam_policy_document.scp"] == (PolicyType.SCP, None, ("used in aws_organizations_policy.scp.content",))
    assert found["data.aws_iam_policy_document.bucket"][:2] == (PolicyType.RESOURCE, "AWS::S3::Bucket")
    assert found["data.aws_iam_policy_document.many"][0] is None
