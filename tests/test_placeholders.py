"""Values computed at deploy time (CloudFormation intrinsics, Terraform expressions) are
placeholders: unknown until deploy, never malformed, never empty, never a wrong type, and a
statement whose conditions are computed is not judged by the rules that depend on conditions."""

import copy
import json

import pytest

from iamlint.carriers import Placeholder, conditions_unknown, extract
from iamlint.config import Config
from iamlint.engine import analyze_embedded, analyze_text

ALL = Config(select=("ALL",))
COMPUTED = object()  # where the element is replaced by `var.x` / `!Ref X`


def _hcl(v):
    if v is COMPUTED:
        return "var.x"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_hcl(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_hcl(x) for x in v) + "]"
    return json.dumps(v)


def _yaml(v):
    if v is COMPUTED:
        return "!Ref X"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_yaml(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_yaml(x) for x in v) + "]"
    return json.dumps(v)


# policy kind -> (Terraform resource and attribute, CloudFormation resource and property)
WHERE = {
    "identity": (("aws_iam_policy", "policy"), ("AWS::IAM::ManagedPolicy", "PolicyDocument")),
    "trust": (("aws_iam_role", "assume_role_policy"), ("AWS::IAM::Role", "AssumeRolePolicyDocument")),
    "bucket": (("aws_s3_bucket_policy", "policy"), ("AWS::S3::BucketPolicy", "PolicyDocument")),
    "rcp": (("aws_organizations_policy", "content"), ("AWS::Organizations::Policy", "Content")),
}
V = "2012-10-17"
# Each base is clean (no finding at all); every element of it in turn is computed.
BASES = {
    "identity": {"Version": V, "Statement": [{"Sid": "S1", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::bucket/*"],
                                              "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["a"]}}}]},
    "passrole": {"Version": V, "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": ["*"],
                                              "Condition": {"StringEquals": {"iam:PassedToService": ["lambda.amazonaws.com"]}}}]},
    "trust": {"Version": V, "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                                           "Condition": {"StringEquals": {"sts:ExternalId": "abc"}}}]},
    "oidc": {"Version": V, "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
                                          "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
                                          "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                                                                         "token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main"}}}]},
    "bucket": {"Version": V, "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Principal": "*", "Resource": ["arn:aws:s3:::bucket/*"],
                                            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-abcdefghij"]}}}]},
    "service": {"Version": V, "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"},
                                             "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]},
    "values": {"Version": V, "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "kms:Decrypt"], "Resource": ["arn:aws:s3:::bucket/*"],
                                            "Condition": {"StringEquals": {"aws:RequestedRegion": ["eu-west-1"],
                                                                           "kms:ViaService": "s3.eu-west-1.amazonaws.com",
                                                                           "s3:x-amz-server-side-encryption-aws-kms-key-id":
                                                                               "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
                                                          "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]},
                                                          "Bool": {"aws:MultiFactorAuthPresent": "true"},
                                                          "NumericLessThan": {"s3:max-keys": ["10"]}}}]},
    "rcp": {"Version": V, "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
                                        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                                         "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abcdefghij"},
                                                       "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]},
}
KIND = {"identity": "identity", "passrole": "identity", "trust": "trust", "oidc": "trust", "bucket": "bucket",
        "service": "trust", "values": "identity", "rcp": "rcp"}


def _text(carrier, base, doc):
    (tf_res, tf_attr), (cfn_res, cfn_prop) = WHERE[KIND[base]]
    rcp = KIND[base] == "rcp"
    if carrier == "tf":
        extra = '  type = "RESOURCE_CONTROL_POLICY"\n' if rcp else ""
        return "p.tf", f'resource "{tf_res}" "p" {{\n{extra}  {tf_attr} = jsonencode({_hcl(doc)})\n}}\n'
    extra = "      Type: RESOURCE_CONTROL_POLICY\n" if rcp else ""
    return "t.yaml", f'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: {cfn_res}\n    Properties:\n{extra}      {cfn_prop}: {_yaml(doc)}\n'


def _findings(name, text):
    return analyze_text(text, filename=name, config=ALL).findings


def _paths(v, p=()):
    if p:
        yield p
    if isinstance(v, dict):
        for k, x in v.items():
            yield from _paths(x, p + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from _paths(x, p + (i,))


def _computed_at(doc, path):
    doc = copy.deepcopy(doc)
    holder = doc
    for p in path[:-1]:
        holder = holder[p]
    holder[path[-1]] = COMPUTED
    return doc


@pytest.mark.parametrize("carrier", ["tf", "cfn"])
@pytest.mark.parametrize("base", sorted(BASES))
def test_no_rule_fires_because_an_element_is_computed(carrier, base):
    assert _findings(*_text(carrier, base, BASES[base])) == []
    for path in _paths(BASES[base]):
        found = _findings(*_text(carrier, base, _computed_at(BASES[base], path)))
        assert [(f.code, f.message) for f in found] == [], path


PH_TF = '''resource "aws_iam_policy" "b" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = { for k, v in local.m : k => v }
  })
}
resource "aws_iam_policy" "c" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*", Condition = var.cond },
                 { Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}
resource "aws_iam_policy" "d" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat(local.a, local.b)
  })
}
'''


def test_terraform_expressions_are_not_malformed_and_a_computed_condition_is_not_judged():
    found = _findings("ph.tf", PH_TF)
    assert not [f for f in found if f.code == "IAM107"]
    assert "Placeholder" not in " ".join(f.message for f in found)
    # data-exfiltration depends on conditions: the statement with `Condition = var.cond` may have
    # any; the same statement without one is still reported, on its own action string
    assert [(f.code, f.path, f.range.start.line, f.range.start.column, f.range.end.column) for f in found] == [
        ("IAM631", ("Statement", 1, "Action"), 11, 47, 61),
    ]


INTRINSICS = '''AWSTemplateFormatVersion: "2010-09-09"
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: iam:PassRole
            Resource: "*"
            Condition:
              StringEquals: !Ref Cond
          - Effect: Allow
            Action: iam:PassRole
            Resource: "*"
            Condition: !If [C, {StringEquals: {iam:PassedToService: ec2.amazonaws.com}}, !Ref AWS::NoValue]
          - Effect: Allow
            Action: iam:PassRole
            Resource: "*"
'''


def test_cloudformation_intrinsic_operator_block_is_not_an_empty_condition():
    (p,) = extract("t.yaml", INTRINSICS)
    st = p.document.value["Statement"]
    assert st[0]["Condition"]["StringEquals"].__class__ is Placeholder  # not dropped: not {}
    assert [conditions_unknown(s) for s in st] == [True, False, False]
    found = [f for f in _findings("t.yaml", INTRINSICS) if f.code in ("IAM107", "IAM117", "IAM404")]
    # only the statement without any condition: pass-role-with-wildcard-resource on its action
    assert [(f.code, f.path, f.range.start.line, f.range.start.column, f.range.end.column) for f in found] == [
        ("IAM404", ("Statement", 2, "Action"), 19, 21, 33),
    ]


def test_a_heredoc_whose_template_directives_write_the_json_is_not_linted():
    text = ('resource "aws_iam_policy" "b" {\n  policy = <<EOT\n{"Version": "2012-10-17", "Statement": [\n'
            '%{ for a in ["x"] ~}\n{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "${var.arn}"},\n'
            '%{ endfor ~}\n{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}\nEOT\n}\n'
            'resource "aws_iam_policy" "c" {\n  policy = <<EOT\n{"Version": "2012-10-17", "Statement": [\n'
            '{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::%{ if var.p }a%{ else }b%{ endif }/*"}]}\nEOT\n}\n')
    assert [p.label for p in extract("adv.tf", text)] == ["aws_iam_policy.c.policy"]
    found = _findings("adv.tf", text)
    # the directive inside a JSON string is a placeholder: the rest of that policy is linted
    assert [(f.code, f.range.start.line, f.range.start.column, f.range.end.column) for f in found] == [("IAM201", 13, 31, 45)]


def test_computed_keys_of_a_terraform_data_source():
    text = '''data "aws_iam_policy_document" "t" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = var.principal_type
      identifiers = var.principals
    }
    condition {
      test     = var.test
      variable = "${var.prefix}:ExternalId"
      values   = ["x"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.t.json
}
'''
    (p,) = extract("t.tf", text)
    st = p.document.value["Statement"][0]
    (ptype,) = st["Principal"]
    (op,) = st["Condition"]
    (key,) = st["Condition"][op]
    assert [k.__class__ for k in (ptype, op, key)] == [Placeholder] * 3
    assert conditions_unknown(st)
    assert _findings("t.tf", text) == []  # no unknown operator, key or principal type


def test_a_deny_with_a_computed_condition_takes_nothing_away():
    # Only an unconditional Deny certainly takes a grant away: `Condition = var.when` may hold any
    # (CloudFormation's `Condition: !Ref When` used to be dropped, making the Deny unconditional).
    tf = '''resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:CreatePolicyVersion"], Resource = "*" },
      { Effect = "Deny", Action = ["iam:*"], Resource = "*", Condition = var.when },
    ]
  })
}
'''
    cfn = ('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n'
           '      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n'
           '          - {Effect: Allow, Action: [iam:CreatePolicyVersion], Resource: "*"}\n'
           '          - {Effect: Deny, Action: ["iam:*"], Resource: "*", Condition: !Ref When}\n')
    for name, text, where in (("p.tf", tf, (5, 37, 62)), ("t.yaml", cfn, (9, 38, 61))):
        found = [f for f in _findings(name, text) if f.code == "IAM630"]
        assert [(f.path, f.range.start.line, f.range.start.column, f.range.end.column) for f in found] == [
            (("Statement", 0, "Action", 0),) + where], name


def _at(found):
    return [(f.code, f.range.start.line, f.range.start.column, f.range.end.column) for f in found]


def test_computed_values_are_never_duplicates_of_each_other_or_of_a_literal():
    # Computed entries show the same plausible text (Terraform: every whole Action is
    # sts:GetCallerIdentity); equal texts say nothing about the deployed values.
    tf = '''resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Sid = var.a, Effect = "Allow", Action = [var.a, var.b, "s3:GetObject"], Resource = [var.r1, var.r2, "arn:aws:s3:::x/${var.p}", "arn:aws:s3:::x/${var.q}"],
        Condition = { NumericLessThan = { "s3:max-keys" = [10, var.n] }, StringEquals = { "aws:PrincipalTag/${var.t}" = "x", "aws:principaltag/${var.u}" = "y" } } },
      { Sid = var.b, Effect = "Allow", Action = ["s3:PutObject"], Resource = aws_s3_bucket.a.arn },
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = aws_s3_bucket.b.arn },
    ]
  })
}
'''
    assert _findings("p.tf", tf) == []  # no redundant action/resource/statement, duplicate Sid, mixed types, keys in case


def test_a_fix_never_removes_a_literal_a_computed_entry_looks_like():
    # In a trust policy a computed action reads as sts:AssumeRole: the literal sts:AssumeRole was
    # reported redundant and --fix deleted it, leaving the role assumable only if !Ref ExtraAction
    # happened to be sts:AssumeRole.
    text = ('Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n'
            '        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n'
            '            Principal: {Service: lambda.amazonaws.com}\n            Action:\n'
            '              - !Ref ExtraAction\n              - sts:AssumeRole\n              - sts:AssumeRole\n')
    found = [f for f in _findings("t.yaml", text) if f.code == "IAM123"]
    assert _at(found) == [("IAM123", 13, 17, 31)]  # the literal twice: the second one, never the computed
    assert "'sts:AssumeRole' is listed twice" in found[0].message


def test_computed_condition_values_are_neither_private_nor_of_a_type():
    tf = '''resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::b/*",
      Condition = {
        Bool = { "aws:SecureTransport" = [var.a, var.b] }
        IpAddress = { "aws:SourceIp" = [var.ip1, "10.0.0.0/8"] }
        StringEquals = { "aws:RequestedRegion" = var.region, "iam:PassedToService" = var.svc }
        BoolIfExists = { "aws:MultiFactorAuthPresent" = var.mfa }
      } }]
  })
}
'''
    found = _findings("p.tf", tf)
    # two values for a Boolean key is what is written (named as written); the literal private
    # range is dead whatever the computed one is
    assert _at(found) == [("IAM331", 6, 50, 55), ("IAM339", 7, 50, 62)]
    assert "(<var.a>, <var.b>)" in found[0].message


def test_a_computed_effect_is_neither_allow_nor_deny():
    # `effect = statement.value.effect` in a dynamic block: what the statement does is unknown, so
    # no Allow (or Deny) rule judges it; what is written literally is still checked.
    text = '''data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = var.statements
    content {
      effect    = statement.value.effect
      actions   = ["*", "s3:GetObjekt"]
      resources = ["*"]
    }
  }
}
'''
    (p,) = extract("d.tf", text)
    assert p.document.value["Statement"][0]["Effect"].__class__ is Placeholder
    found = _findings("d.tf", text)
    # the typo and the entry "*" covers, literal facts; no full-admin (IAM601) on a statement that may be a Deny
    assert _at(found) == [("IAM123", 6, 25, 39), ("IAM201", 6, 25, 39)]


def test_an_action_computed_in_part_is_judged_only_where_it_is_literal():
    # `s3:${var.action}` is some s3 action, `${var.service}:Describe*` anything: neither an
    # unknown action nor an unknown service; a literal part that matches nothing is still
    # reported, named as written.
    tf = '''resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Resource = "*",
      Action = ["s3:${var.a}", "${var.service}:Describe*", "s3:Get${var.b}", "s3:Gte${var.c}", "s3s:Get${var.d}"] }]
  })
}
'''
    cfn = ('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n'
           '      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n'
           '          - Effect: Allow\n            Resource: "*"\n            Action:\n'
           '              - !Sub "${Prefix}:GetObject"\n              - !Sub "s3:Get${Prefix}"\n'
           '              - !Sub "s3:Gte${Prefix}"\n              - !Join [":", [!Ref Svc, "GetObject"]]\n')
    found = [f for f in _findings("p.tf", tf) if f.code in ("IAM125", "IAM201", "IAM202", "IAM203")]
    assert _at(found) == [("IAM201", 5, 78, 94), ("IAM202", 5, 96, 113)]  # (a span inside a Terraform placeholder is not mapped: the string)
    assert [f.message for f in found] == ["'s3:Gte${var.c}' matches no s3 action",
                                          "the service 's3s' in 's3s:Get${var.d}' does not exist; did you mean 's3'?"]
    found = [f for f in _findings("t.yaml", cfn) if f.code in ("IAM125", "IAM201", "IAM202", "IAM203")]
    assert _at(found) == [("IAM201", 14, 22, 39)]
    assert found[0].message == "'s3:Gte${Prefix}' matches no s3 action"


def test_messages_quote_a_partly_computed_value_as_written():
    # never the stand-in text: 'repo:placeholder/placeholder:*' read as if the user wrote it
    tf = """data "aws_iam_policy_document" "t" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_org}/${var.github_repo}:*"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.acct}:role/ci-*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/x"
      values   = ["${var.team}-*"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.t.json
}
"""
    found = _findings("t.tf", tf)
    assert _at(found) == [("IAM535", 11, 19, 64), ("IAM516", 23, 22, 58), ("IAM340", 28, 19, 34)]
    assert [f.message.split(";")[0].split(" (only")[0] for f in found] == [
        "'repo:${var.github_org}/${var.github_repo}:*' lets any branch, tag, environment or pull request of "
        "${var.github_org}/${var.github_repo} assume this role",
        "principals do not support wildcards: 'arn:aws:iam::${var.acct}:role/ci-*'",
        "StringEquals compares '*' literally in '${var.team}-*': use StringLike for a pattern, or write ${*} for a literal '*'",
    ]
    cfn = ('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n'
           '      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n'
           '          - Effect: Allow\n            Action: sts:AssumeRoleWithWebIdentity\n'
           '            Principal: {Federated: !Sub "arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"}\n'
           '            Condition:\n              StringEquals: {token.actions.githubusercontent.com:aud: sts.amazonaws.com}\n'
           '              StringLike: {token.actions.githubusercontent.com:sub: !Sub "repo:${Org}/${Repo}:*"}\n')
    found = _findings("t.yaml", cfn)
    assert _at(found) == [("IAM535", 14, 74, 97)]
    assert found[0].message.startswith("'repo:${Org}/${Repo}:*' lets any branch, tag, environment or pull request of ${Org}/${Repo} ")
