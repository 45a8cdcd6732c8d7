"""CloudFormation, SAM and CDK templates: each policy found where it sits, with its type, and each
finding on the line and column of the offending token in the original file."""

import collections
import json
import pathlib

import pytest

from iamlint.carriers import Placeholder, extract, is_placeholder
from iamlint.config import Config
from iamlint.engine import analyze, parse
from iamlint.model import PolicyType

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures" / "cfn"
CORPUS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus"
ALL = Config(select=("ALL",))


def policies(name, path=None):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    found = extract(path or str(FIXTURES / name), text)
    assert found is not None
    return found


def findings(name, config=None, path=None):
    out = []
    for p in policies(name, path):
        a = analyze(p.document, filename=name, config=config or Config(), policy_type=p.policy_type, resource_type=p.resource_type)
        out.extend((p, f) for f in a.findings)
    return out


def where(found, code):
    return [(f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column) for _p, f in found if f.code == code]


def test_unknown_action_in_yaml_template():
    found = findings("template.yaml")
    assert (26, 21, 26, 33) in where(found, "IAM201")  # - s3:GetObjekt
    p, f = next((p, f) for p, f in found if f.range.start.line == 26)
    assert p.label == "Resources.AppRole.Properties.Policies[0].PolicyDocument"
    assert f.path == ("Statement", 0, "Action", 0)
    assert f.policy_type == "identity"


def test_unknown_action_inside_sub_points_at_the_string():
    found = findings("template.yaml")
    assert (29, 30, 29, 44) in where(found, "IAM201")  # Action: !Sub "s3:PutObjekt"


def test_trust_policy_finding_in_assume_role_policy_document():
    found = findings("template.yaml")
    p, f = next((p, f) for p, f in found if f.range.start.line == 18)
    assert f.code == "IAM201" and (f.range.start.column, f.range.end.column) == (21, 34)
    assert f.policy_type == "trust"
    assert p.label == "Resources.AppRole.Properties.AssumeRolePolicyDocument"
    assert p.resource_type == "AWS::IAM::AssumeRolePolicyDocument"


def test_unknown_action_in_json_template():
    found = findings("sub.json")
    assert where(found, "IAM201") == [(13, 42, 13, 58)]  # "s3:ListBuckets"


def test_span_inside_sub_string_json_and_yaml():
    assert where(findings("sub.json"), "IAM213") == [(15, 34, 15, 37)]  # awz in "arn:awz:s3:::${Bucket}/*"
    assert where(findings("sub.yaml"), "IAM213") == [(13, 27, 13, 30)]


def test_policy_inside_a_json_string_block():
    found = findings("intrinsics.yaml")
    assert where(found, "IAM201") == [(77, 54, 77, 72)]  # "ec2:RunInstancez" inside Content: |


def test_policy_types_by_location():
    got = {p.label: (p.policy_type, p.resource_type) for p in policies("all_types.yaml")}
    R = PolicyType.RESOURCE
    assert got == {
        "Resources.P.Properties.PolicyDocument": (PolicyType.IDENTITY, None),
        "Resources.MP.Properties.PolicyDocument": (PolicyType.BOUNDARY, None),  # Role R's boundary
        "Resources.U.Properties.Policies[0].PolicyDocument": (PolicyType.IDENTITY, None),
        "Resources.G.Properties.Policies[0].PolicyDocument": (PolicyType.IDENTITY, None),
        "Resources.BP.Properties.PolicyDocument": (R, "AWS::S3::Bucket"),
        "Resources.QP.Properties.PolicyDocument": (R, "AWS::SQS::Queue"),
        "Resources.TP.Properties.PolicyDocument": (R, "AWS::SNS::Topic"),
        "Resources.K.Properties.KeyPolicy": (R, "AWS::KMS::Key"),
        "Resources.R.Properties.RepositoryPolicyText": (R, "AWS::ECR::Repository"),
        "Resources.S.Properties.ResourcePolicy": (R, "AWS::SecretsManager::Secret"),
        "Resources.T.Properties.ResourcePolicy.PolicyDocument": (R, "AWS::DynamoDB::Table"),
        "Resources.SCP.Properties.Content": (PolicyType.SCP, None),
        "Resources.RCP.Properties.Content": (PolicyType.RCP, None),
        "Resources.F.Properties.Policies[2]": (PolicyType.IDENTITY, None),  # not the SAM templates
        "Resources.Cond.Properties.PolicyDocument.Fn::If[1]": (PolicyType.IDENTITY, None),
        "Resources.Cond.Properties.PolicyDocument.Fn::If[2]": (PolicyType.IDENTITY, None),
        "Resources.Role.Properties.AssumeRolePolicyDocument": (PolicyType.TRUST, "AWS::IAM::AssumeRolePolicyDocument"),
        "Resources.Role.Properties.Policies[0].PolicyDocument": (PolicyType.IDENTITY, None),
    }
    notes = {p.label: p.notes for p in policies("all_types.yaml")}
    assert notes["Resources.QP.Properties.PolicyDocument"] == ("resource policy of AWS::SQS::Queue",)


def test_ecr_repository_policy_needs_no_resource(tmp_path):
    text = (
        "Resources:\n  Repo:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryPolicyText:\n"
        "        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n"
        "            Principal: {AWS: arn:aws:iam::123456789012:root}\n            Action: ecr:BatchGetImage\n"
    )
    found = extract(str(tmp_path / "t.yaml"), text)
    codes = [f.code for p in found for f in analyze(p.document, filename="t.yaml", config=ALL, policy_type=p.policy_type,
                                                     resource_type=p.resource_type).findings]
    assert "IAM104" not in codes


def test_intrinsics_become_placeholders():
    docs = {p.label: p.document.value for p in policies("template.yaml")}
    st = docs["Resources.AppRole.Properties.Policies[0].PolicyDocument"]["Statement"]
    sub = st[0]["Resource"]
    assert is_placeholder(sub) and sub == "arn:aws:s3:::bucket/prod/*"  # pseudo, resource, parameter default
    assert sub.spans == ((4, 7), (13, 19), (20, 24)) and sub.literal(0, 4) and not sub.literal(4, 8)
    assert st[1]["Resource"] == "arn:aws:s3:::bucket" and st[1]["Resource"].whole
    assert st[2] == {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:queue"}
    assert len(st) == 3
    assert not is_placeholder("arn:aws:s3:::bucket")


def test_no_value_and_if_in_lists():
    text = """
Conditions: {C: !Equals [a, b]}
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - !If [C, !Ref AWS::NoValue, {Effect: Allow, Action: s3:GetObject, Resource: "*"}]
          - Effect: Allow
            Action: [!Ref AWS::NoValue, s3:ListBuckit]
            Resource: "*"
"""
    (p,) = extract("t.yaml", text)
    st = p.document.value["Statement"]
    assert st[0]["Action"] == "s3:GetObject" and st[1]["Action"] == ["s3:ListBuckit"]
    (f,) = [f for f in analyze(p.document, filename="t.yaml", policy_type=p.policy_type).findings if f.code == "IAM201"]
    assert f.path == ("Statement", 1, "Action", 0)
    assert (f.range.start.line, f.range.start.column) == (12, 41)


def test_intrinsics_are_never_malformed():
    """Whole-value intrinsics everywhere: nothing about them is reported by the structural,
    catalog, ARN or condition rules."""
    found = findings("intrinsics.yaml")
    noisy = [(f.code, f.range.start.line, f.message) for _p, f in found if f.code[:4] in ("IAM1", "IAM2", "IAM3", "IAM4", "IAM5")]
    # the only one: the typo in the SCP (the ECR policy has no Resource, as AWS documents them)
    assert [c[:2] for c in noisy] == [("IAM201", 77)], noisy


def test_metadata_and_comment_suppressions():
    (bp,) = [p for p in policies("template.yaml") if p.label.startswith("Resources.BucketPolicy")]
    meta, comment = bp.suppressions
    assert meta.kind == "metadata" and meta.codes == ("IAM201",) and meta.reason == "testing metadata"
    assert comment.kind == "comment" and comment.codes == ("IAM201",) and comment.reason == "known"
    (f,) = [f for f in analyze(bp.document, filename="t", policy_type=bp.policy_type).findings if f.code == "IAM201"]
    assert meta.covers(f.code, f.name, f.range) and comment.covers(f.code, f.name, f.range)
    # other resources are not covered by BucketPolicy's metadata
    other = findings("template.yaml")[0][1]
    assert not meta.covers(other.code, other.name, other.range)


def test_cdk_construct_path(tmp_path):
    out = tmp_path / "cdk.out"
    out.mkdir()
    template = {
        "Resources": {
            "HandlerServiceRoleDefaultPolicy": {
                "Type": "AWS::IAM::Policy",
                "Properties": {
                    "PolicyDocument": {
                        "Statement": [{
                            "Action": ["s3:GetObject*", "s3:ListBuckit"], "Effect": "Allow",
                            "Resource": [
                                {"Fn::GetAtt": ["Bucket83908E77", "Arn"]},
                                {"Fn::Join": ["", [{"Fn::GetAtt": ["Bucket83908E77", "Arn"]}, "/*"]]},
                            ],
                        }],
                        "Version": "2012-10-17",
                    },
                    "PolicyName": "p",
                },
                "Metadata": {"aws:cdk:path": "Stack/Handler/ServiceRole/DefaultPolicy/Resource"},
            },
            "Bucket83908E77": {"Type": "AWS::S3::Bucket"},
        }
    }
    path = out / "Stack.template.json"
    path.write_text(json.dumps(template, indent=1))
    (p,) = extract(str(path), path.read_text())
    assert p.construct_path == "Stack/Handler/ServiceRole/DefaultPolicy/Resource"
    assert p.label.startswith("Stack/Handler/ServiceRole/DefaultPolicy/Resource (Resources.")
    assert p.document.value["Statement"][0]["Resource"] == ["arn:aws:s3:::bucket83908e77", "arn:aws:s3:::bucket83908e77/*"]
    (f,) = [f for f in analyze(p.document, filename="x").findings if f.code == "IAM201"]
    assert f.range.start.line == 11


@pytest.mark.parametrize("text", [
    "Resources: 3\n",
    "Resources: {R: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: [1, 2], Policies: {a: 1}}}}\n",
    "Resources: {R: {Type: AWS::IAM::Policy, Properties: {PolicyDocument: {Statement: {Fn::If: [1]}, Version: {Ref: 3}}}}}\n",
    "Resources: {R: {Type: AWS::Serverless::Function, Properties: {Policies: [{Statement: [{Effect: Allow, Action: {Fn::Sub: [1, 2]}, Resource: {Fn::Join: [1]}}]}]}}}\n",
    "Resources: {R: {Type: AWS::Organizations::Policy, Properties: {Type: SERVICE_CONTROL_POLICY, Content: '{\"Statement\": ['}}}\n",
    "Resources: {R: {Type: AWS::IAM::Policy, Metadata: {iamlint: {ignore: [3, {code: [1]}]}}, Properties: {PolicyDocument: !Bogus x}}}\n",
    "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  R: [\n",
])
def test_malformed_templates_do_not_raise(text):
    for name in ("t.yaml", "t.template"):
        for p in extract(name, text) or ():
            analyze(p.document, filename=name, config=ALL, policy_type=p.policy_type)


def test_plain_json_policy_is_not_a_template():
    assert extract("p.json", '{"Version": "2012-10-17", "Statement": []}') is None
    assert extract("package.json", '{"name": "x"}') is None


def test_wrapped_managed_policies_give_the_same_findings():
    """A sample of the AWS managed policies wrapped as AWS::IAM::ManagedPolicy templates: the
    same findings (code, path, message) as the bare policies."""
    folder = CORPUS / "aws-managed"
    if not folder.is_dir():
        pytest.skip("corpus not available")
    files = sorted(folder.glob("*.json"))[::15]
    for path in files:
        policy_text = path.read_text(encoding="utf-8")
        template = {"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": json.loads(policy_text)}}}}
        (p,) = extract("t.json", json.dumps(template, indent=2))
        got = collections.Counter((f.code, f.path, f.message) for f in analyze(p.document, filename="t").findings)
        want = collections.Counter(
            (f.code, f.path, f.message)
            for f in analyze(parse(policy_text), filename="t", policy_type=PolicyType.IDENTITY).findings
        )
        assert got == want, path.name


def test_policy_key_written_twice_is_a_duplicate_key_at_the_second_one(tmp_path):
    # The duplicate is the key that holds the policy: its path inside the policy is empty (this
    # used to crash duplicate-key), and its name comes from the text.
    text = (
        "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n"
        "      PolicyDocument:\n        Statement: []\n"
        "      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
        "          - {Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::b/*'}\n"
    )
    found = extract(str(tmp_path / "t.yaml"), text)
    out = []
    for p in found:
        out.extend(analyze(p.document, filename="t.yaml", policy_type=p.policy_type).findings)
    dup = [f for f in out if f.code == "IAM002"]
    assert [(f.range.start.line, f.range.start.column, f.range.end.column) for f in dup] == [(7, 7, 21)]
    assert "'PolicyDocument'" in dup[0].message


def test_messages_name_a_computed_action_by_what_was_written(tmp_path):
    # The rules see a harmless real action in place of !Ref; a message must not name that one.
    text = (
        "Resources:\n  B:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n"
        "      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n"
        "            Action: [!Ref Act, s3:GetObject]\n            Resource: arn:aws:s3:::b/*\n"
    )
    (p,) = extract(str(tmp_path / "t.yaml"), text)
    (f,) = [f for f in analyze(p.document, filename="t.yaml", config=ALL, policy_type=p.policy_type,
                                resource_type=p.resource_type).findings if f.code == "IAM611"]
    assert "call <Ref> and s3:GetObject on this resource" in f.message
    assert "sts:" not in f.message and "iam:" not in f.message


def test_policy_properties_of_the_wrong_type_are_reported_where_they_are():
    text = (
        "Resources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: x\n      PolicyDocument: 42\n"
        "  R2:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: [1,2]\n      Policies: \"notalist\"\n"
        "  R3:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - 5\n        - PolicyDocument: null\n"
        "        - !If [C, {PolicyName: p, PolicyDocument: 7}, !Ref AWS::NoValue]\n"
        "  R4:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: !ImportValue Trust\n      Policies: !Ref P\n"
    )
    found = []
    for p in extract("t.yaml", text):
        found.extend((p.label, f) for f in analyze(p.document, filename="t.yaml", config=ALL, policy_type=p.policy_type,
                                                   resource_type=p.resource_type).findings)
    assert [(label, f.code, f.path, f.range.start.line, f.range.start.column, f.range.end.column) for label, f in found] == [
        ("Resources.R.Properties.PolicyDocument", "IAM107", (), 6, 23, 25),
        ("Resources.R2.Properties.AssumeRolePolicyDocument", "IAM107", (), 10, 33, 38),
        ("Resources.R2.Properties.Policies", "IAM107", (), 11, 17, 27),
        ("Resources.R3.Properties.Policies[0]", "IAM107", (), 16, 11, 12),
        ("Resources.R3.Properties.Policies[1].PolicyDocument", "IAM107", (), 17, 27, 31),
    ]  # nothing for intrinsics (R4, the !If item): unknown until deploy
    messages = [f.message for _label, f in found]
    assert messages[0] == "PolicyDocument must be a policy: an object (or its JSON text), not a number"
    assert messages[2] == "Policies must be an array of policies, not a string"
    assert messages[3] == "Policies[0] must be an object with a PolicyName and a PolicyDocument, not a number"
    assert messages[4].endswith("not null")


def _lint_text(tmp_path, text, name="t.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = []
    for p in extract(str(path), text):
        a = analyze(p.document, filename=name, config=ALL, policy_type=p.policy_type, resource_type=p.resource_type)
        out.extend(a.findings)
    return out


COMPUTED_ARNS = '''AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  TableArn: {Type: String}
  KeyArn: {Type: String}
  Name: {Type: String}
  Acct: {Type: String}
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [dynamodb:GetItem]
            Resource:
              - !Ref TableArn
              - !ImportValue shared-table-arn
              - !GetAtt Elsewhere.Arn
              - !Sub "${TableArn}/index/*"
              - !Sub "arn:aws:dynamodb:${AWS::Region}:${Acct}:tabel/${Name}"
              - !Join ["", ["arn:aws:dynamodb:us-east-1x:", !Ref Acct, ":table/", !Ref Name]]
          - Effect: Allow
            Action: [kms:Decrypt]
            Resource: !Ref KeyArn
          - Effect: Allow
            Action: [s3:ListBucket]
            Resource: !Join ["", ["arn:aws:s3:us-east-1::", !Ref Name]]
'''


def test_an_arn_computed_in_whole_or_in_part_is_judged_only_where_it_is_literal(tmp_path):
    # A parameter, an import, a GetAtt of something unknown: no ARN finding on a value iamlint
    # cannot work out; what is written literally around a computed part is still checked.
    found = [f for f in _lint_text(tmp_path, COMPUTED_ARNS) if f.code.startswith("IAM2")]
    assert [(f.code, f.range.start.line, f.range.start.column, f.range.end.column) for f in found] == [
        ("IAM220", 21, 63, 76), ("IAM214", 22, 47, 57), ("IAM215", 28, 47, 56)]
    # the resource as written, never the stand-in text
    assert "the resource 'tabel/${Name}' matches none of the dynamodb resource types" in found[0].message


SUB_VARIABLES = '''AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ToolsAccountId: {Type: String}
  QueueAccount: {Type: String}
  Region: {Type: String, Default: eu-west-1}
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                - !Sub "arn:aws:iam::${ToolsAccountId}:role/pipeline-role"
                - !Sub "${ToolsAccountId}"
                - !Sub "arn:${AWS::Partition}:iam::${ToolsAccountId}:root"
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: !Sub "arn:aws:sqs:${Region}:${QueueAccount}:events"
              - Effect: Allow
                Action: sns:Publish
                Resource: !Sub
                  - "arn:aws:sns:${Reg}:${Acct}:topic"
                  - Reg: !Ref AWS::Region
                    Acct: !Ref QueueAccount
              - Effect: Allow
                Action: s3:GetObject
                Resource: "*"
                Condition:
                  StringEquals:
                    aws:ResourceAccount: !Sub "${QueueAccount}"
'''


def test_sub_variables_without_a_value_fit_where_they_sit(tmp_path):
    # A parameter without Default, and a variable whose value is a function, are unknown until
    # deploy: never a malformed account, Region or principal.
    found = _lint_text(tmp_path, SUB_VARIABLES)
    # only that the root of an account is trusted; named as written
    assert [(f.code, f.range.start.line, f.range.start.column, f.range.end.column) for f in found] == [("IAM635", 18, 24, 75)]
    assert found[0].message.startswith("trusts every principal of account ${ToolsAccountId} whose")
    (trust, identity) = extract(str(tmp_path / "t.yaml"), SUB_VARIABLES)
    aws = trust.document.value["Statement"][0]["Principal"]["AWS"]
    assert aws[0] == "arn:aws:iam::123456789012:role/pipeline-role" and not aws[0].whole
    assert aws[1].whole
    sns = identity.document.value["Statement"][1]["Resource"]
    assert sns == "arn:aws:sns:us-east-1:123456789012:topic"


IF_BRANCHES = """AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Parameters:
  Env: {Type: String}
Resources:
  Ops:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - !If
            - IsProd
            - Effect: Allow
              Action: s3:GetObjct
              Resource: "arn:aws:s3:::b/*"
            - Effect: Allow
              Action: s3:PutObjct
              Resource: "arn:aws:s3:::b/*"
          - Effect: Allow
            Action: sqs:SendMesage
            Resource: "*"
"""


def test_both_branches_of_an_if_inside_a_policy_are_linted_and_shared_findings_reported_once():
    from iamlint.config import Config
    from iamlint.engine import analyze_text

    found = analyze_text(IF_BRANCHES, filename="stack.yaml", config=Config(select=("IAM201",))).findings
    assert [(f.range.start.line, f.message.split(" does")[0]) for f in found] == [
        (16, "s3:GetObjct"), (19, "s3:PutObjct"), (22, "sqs:SendMesage")]
