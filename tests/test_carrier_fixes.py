"""Fixes inside carrier files (YAML policies, CloudFormation, Terraform): each edit is written in
the file's own syntax (carriers/edits.py), keeps the file readable, and `check --fix` applies them."""

import json
import pathlib

import pytest

from iamlint.carriers import extract
from iamlint.carriers.edits import EditContext, fixes_keep_policies, inside_string
from iamlint.config import Config
from iamlint.fixes import apply_fixes
from iamlint.runner import Options, Source, lint_source

from cli_util import invoke

CFN_YAML = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
                  - s3:GetObjet
                  - 's3:PutObjekt'
                  - "S3:ListBuckett"
                Resource: !Sub "arn:aws:s3:::${AWS::StackName}/${ aws:username }/*"
              - Effect: Allow
                Action: [s3:GetObjet]
                Resource: arn:aws:s3:::b/${ aws:username }/*
                Condition:
                  StringEqual: {aws:username: bob}
                  IpAddress: {aws:SourceIp: 10.0.0.1/8}
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjet", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "bob"}}}]}'
"""

CFN_JSON = json.dumps({"Resources": {
    "P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjet",
                                               "Resource": "arn:aws:s3:::b/${ aws:username }",
                                               "Condition": {"StringEqual": {"aws:username": "bob"}}}]})}},
    "Q": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjet",
                                               "Resource": {"Fn::Sub": "arn:aws:s3:::${AWS::StackName}/${ aws:username }"}}]}}},
}}, indent=1)

TERRAFORM = r'''data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObjet"]
    resources = ["arn:aws:s3:::b/$${ aws:username }/*"]
    condition {
      test     = "StringEqual"
      variable = "aws:username"
      values   = ["bob"]
    }
    condition {
      test     = "IpAddress"
      variable = "aws:SourceIp"
      values   = ["10.0.0.1/8"]
    }
  }
}
resource "aws_iam_policy" "q" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObjet", Resource = "arn:aws:s3:::b/$${ aws:username }",
      Condition = { StringEqual = { "aws:username" = "bob" } } }]
  })
}
resource "aws_iam_policy" "r" {
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjet\", \"Resource\": \"*\"}]}"
}
resource "aws_iam_policy" "s" {
  policy = <<EOT
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjet", "Resource": "arn:aws:s3:::b/$${ aws:username }",
 "Condition": {"StringEqual": {"aws:username": "bob"}}}]}
EOT
}
'''

YAML_POLICY = """Version: "2012-10-17"
Statement:
  - Effect: Allow
    Action: [s3:GetObjet, 's3:ListBuckett']
    Resource: arn:aws:s3:::b/${ aws:username }/*
    Condition:
      StringEqual: {aws:username: bob}
"""

CASES = {"template.yaml": CFN_YAML, "template.json": CFN_JSON, "main.tf": TERRAFORM, "policy.yaml": YAML_POLICY}


def _findings(name, text):
    return lint_source(Source(name, data=text.encode()), Config(select=("ALL",)), Options()).findings


def _edits(name, text):
    """(code, replaced text, new text) of every fix."""
    out = []
    for f in _findings(name, text):
        if f.fix is not None:
            (e,) = f.fix.edits
            out.append((f.code, text[e.start_offset : e.end_offset], e.new_text))
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_fix_alone_keeps_the_file_and_removes_its_finding(name):
    text = CASES[name]
    before = extract(name, text)
    findings = [f for f in _findings(name, text) if f.fix is not None]
    assert len(findings) >= 4
    for f in findings:
        fixed, applied = apply_fixes(text, [f.fix])
        assert applied == 1
        assert fixes_keep_policies(before, extract(name, fixed)), (f.code, f.fix)
        codes_after = [g.code for g in _findings(name, fixed)]
        codes_before = [g.code for g in _findings(name, text)]
        assert codes_after.count(f.code) < codes_before.count(f.code), (f.code, f.fix)


def test_yaml_edits_keep_the_scalar_style():
    edits = _edits("template.yaml", CFN_YAML)
    assert ("IAM201", "s3:GetObjet", "s3:GetObject") in edits  # plain stays plain
    assert ("IAM201", "'s3:PutObjekt'", "'s3:PutObject'") in edits  # single quotes stay
    assert ("IAM201", '"S3:ListBuckett"', '"s3:ListBucket"') in edits
    assert ("IAM301", "StringEqual", "StringEquals") in edits  # a key
    assert ("IAM337", "10.0.0.1/8", "10.0.0.0/8") in edits
    assert ("IAM132", "${ aws:username }", "${aws:username}") in edits  # characters of a string


def test_json_inside_a_yaml_or_json_string_is_escaped_for_that_string():
    yaml_edits = _edits("template.yaml", CFN_YAML)
    assert ("IAM201", '"s3:GetObjet"', '"s3:GetObject"') in yaml_edits  # inside '...': no escaping needed
    json_edits = _edits("template.json", CFN_JSON)
    assert ("IAM201", '\\"s3:GetObjet\\"', '\\"s3:GetObject\\"') in json_edits
    assert ("IAM301", '\\"StringEqual\\"', '\\"StringEquals\\"') in json_edits


def test_terraform_keeps_policy_variables_escaped():
    edits = _edits("main.tf", TERRAFORM)
    variable_fixes = [e for e in edits if e[0] == "IAM132"]
    assert len(variable_fixes) == 3  # data source, jsonencode, heredoc
    assert all(e[1:] == ("$${ aws:username }", "$${aws:username}") for e in variable_fixes)
    assert ("IAM201", '\\"s3:GetObjet\\"', '\\"s3:GetObject\\"') in edits  # JSON in an HCL string
    assert ("IAM301", "StringEqual", "StringEquals") in edits  # an object key written as a name
    assert ("IAM301", '"StringEqual"', '"StringEquals"') in edits  # condition test = "..."


def test_no_edit_inside_a_value_computed_at_deploy_time():
    # ${ aws:username } inside !Sub / Fn::Sub: rewriting it would change the expression
    for name in ("template.yaml", "template.json"):
        for f in _findings(name, CASES[name]):
            if f.code == "IAM132" and "Sub" in CASES[name].splitlines()[f.range.start.line - 1]:
                assert f.fix is None


def test_a_terraform_attribute_name_is_never_rewritten_as_a_key():
    # "Version" is placed on the data source when it has no version attribute; "Sid" on `sid`
    text = 'data "aws_iam_policy_document" "p" {\n  version = "2012-10-17"\n  statement {\n    sid = "a b"\n    actions = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n'
    before = extract("x.tf", text)
    for f in _findings("x.tf", text):
        if f.fix is not None:
            fixed, _ = apply_fixes(text, [f.fix])
            assert fixes_keep_policies(before, extract("x.tf", fixed))


@pytest.mark.parametrize("dialect, style, chars, expected", [
    ("json", '"', 'a"b', 'a\\"b'),
    ("yaml", '"', 'a"b', 'a\\"b'),
    ("yaml", "'", "it's", "it''s"),
    ("yaml", "plain", "${aws:username}", None),  # { may be in a flow collection: [a, {b}]
    ("yaml", "plain", "a: b", None),  # would become a mapping
    ("yaml", "plain", "a #b", None),  # would become a comment
    ("yaml", "plain", "a,b", None),  # ends a plain scalar in flow style
    ("yaml", ">", "x", None),  # folded blocks: not certain
    ("hcl", '"', "${aws:username}", "$${aws:username}"),
    ("hcl", '"', "%{x}", "%%{x}"),
    ("hcl", '"', 'a"b\\', 'a\\"b\\\\'),
    ("hcl", '"', "a\x08b", None),  # HCL has no \b escape
    ("hcl", "<<", '{"a": "${x}"}', '{"a": "$${x}"}'),
])
def test_inside_string(dialect, style, chars, expected):
    assert inside_string(dialect, style, chars) == expected


def test_braces_in_a_plain_yaml_scalar_that_has_them_already():
    assert inside_string("yaml", "plain", "${aws:username}", "arn:aws:s3:::b/${ aws:username }") == "${aws:username}"


def test_whole_values_in_yaml_and_hcl():
    yaml = EditContext("yaml")
    assert yaml.whole("x: abc", 3, "s3:GetObject") == "s3:GetObject"
    assert yaml.whole("x: abc", 3, "true") == '"true"'  # plain true would read as a Boolean
    assert yaml.whole("x: abc", 3, "0123") == '"0123"'
    assert yaml.whole("x: 'abc'", 3, "it's") == "'it''s'"
    assert yaml.whole("x: abc", 3, True) == "true"
    hcl = EditContext("hcl")
    assert hcl.whole('x = "a"', 4, "${x}") == '"$${x}"'
    assert hcl.whole("{ StringEqual = 1 }", 2, "StringEquals") == "StringEquals"
    assert hcl.whole("{ StringEqual = 1 }", 2, "aws:SourceIp") == '"aws:SourceIp"'
    inner = EditContext("json", ("hcl", '"'))
    assert inner.whole("", 0, "s3:GetObject") == '\\"s3:GetObject\\"'


def test_fix_rewrites_carrier_files(tmp_path):
    for name, text in CASES.items():
        (tmp_path / name).write_text(text)
    # the did-you-mean fixes are unsafe: --unsafe-fixes applies them with the safe ones
    result = invoke("check", "--fix", "--unsafe-fixes", "--isolated", "--no-source", str(tmp_path))
    assert result.exit_code in (0, 1)
    assert "applied" in result.output or "applied" in (result.stderr if hasattr(result, "stderr") else "")
    tf = (tmp_path / "main.tf").read_text()
    assert 'actions   = ["s3:GetObject"]' in tf and "$${aws:username}" in tf and "StringEquals = {" in tf
    yaml = (tmp_path / "template.yaml").read_text()
    assert "- s3:GetObject\n" in yaml and "- 's3:PutObject'\n" in yaml
    assert "Action: [s3:GetObject]" in yaml
    assert '${ aws:username }/*"' in yaml  # the !Sub one is left as written
    assert json.loads((tmp_path / "template.json").read_text())  # still JSON
    for name in CASES:
        after = (tmp_path / name).read_text()
        assert fixes_keep_policies(extract(name, CASES[name]), extract(name, after))
        assert not [f for f in _findings(name, after) if f.code in ("IAM201", "IAM301")]
    # a second run has nothing left to fix
    again = invoke("check", "--fix", "--unsafe-fixes", "--isolated", "--no-source", str(tmp_path))
    assert "applied" not in again.output


def test_fix_of_a_carrier_on_stdin_prints_the_fixed_text():
    result = invoke("check", "--fix", "--unsafe-fixes", "--isolated", "--stdin-filename", "policy.yaml", "-",
                    input=YAML_POLICY)
    assert "Action: [s3:GetObject, 's3:ListBucket']" in result.stdout


def test_generated_files_are_not_fixed(tmp_path):
    out = tmp_path / "cdk.out"
    out.mkdir()
    template = out / "Stack.template.json"
    template.write_text(CFN_JSON)
    result = invoke("check", "--fix", "--isolated", "--no-source", str(template))
    assert template.read_text() == CFN_JSON
    assert "generated" in result.output


def test_a_fix_that_would_break_the_file_is_not_applied(tmp_path, monkeypatch):
    from iamlint.carriers import edits

    monkeypatch.setattr(edits, "fixes_keep_policies", lambda before, after: False)
    path = tmp_path / "policy.yaml"
    path.write_text(YAML_POLICY)
    result = invoke("check", "--fix", "--isolated", "--no-source", str(path))
    assert path.read_text() == YAML_POLICY
    assert "was not applied" in result.output


def test_server_offers_only_edits_that_keep_the_file():
    from iamlint.model import TextEdit
    from iamlint.server import _edit_check

    class State:
        text = YAML_POLICY

    keeps = _edit_check(State(), pathlib.Path("/nowhere/policy.yaml").as_uri())
    i = YAML_POLICY.index("s3:GetObjet")
    assert keeps([TextEdit(i, i + len("s3:GetObjet"), "s3:GetObject")])
    assert not keeps([TextEdit(0, 5, "{[")])  # the file no longer parses
    plain = _edit_check(type("S", (), {"text": '{"Statement": []}'})(), "file:///p.json")
    assert plain([TextEdit(0, 1, "[")])  # a policy file: the engine's JSON edits are exact


def test_findings_inside_escaped_yaml_strings_get_their_own_range():
    # Quoted YAML scalars with escapes used to give every finding the whole scalar.
    text = ('Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n'
            '    Action: ["s3:G\\u0065tObjet", \'s3:Get\'\'Objet\']\n'
            '    Resource: "arn:aws:s3:::b/${ aws:username }/\\"x\\""\n')
    found = {(f.code, text[f.range.start_offset : f.range.end_offset]) for f in _findings("p.yaml", text)}
    assert ("IAM201", '"s3:G\\u0065tObjet"') in found
    assert ("IAM201", "'s3:Get''Objet'") in found
    assert ("IAM132", "${ aws:username }") in found
    policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjet", "Resource": "*"}]}'
    template = ("Resources:\n  Managed:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n"
                f"      PolicyDocument: {json.dumps(policy)}\n")  # a JSON string is a double-quoted YAML scalar
    edits = _edits("template.yaml", template)
    assert ("IAM201", '\\"s3:GetObjet\\"', '\\"s3:GetObject\\"') in edits  # JSON in a double-quoted YAML string
    before = extract("template.yaml", template)
    for f in _findings("template.yaml", template):
        if f.fix is not None:
            assert fixes_keep_policies(before, extract("template.yaml", apply_fixes(template, [f.fix])[0]))


def test_unknown_variable_key_fix_in_json_and_terraform():
    # IAM136's did-you-mean replaces the key inside the variable, in a policy file and in HCL
    policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::h/${aws:usrname}/*"}]}'
    (f,) = [f for f in _findings("p.json", policy) if f.code == "IAM136"]
    assert apply_fixes(policy, [f.fix])[0] == policy.replace("usrname", "username")
    tf = 'data "aws_iam_policy_document" "p" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::h/$${aws:usrname}/*"]\n  }\n}\n'
    (f,) = [f for f in _findings("main.tf", tf) if f.code == "IAM136"]
    assert apply_fixes(tf, [f.fix])[0] == tf.replace("usrname", "username")


def test_diff_shows_what_fix_would_change_and_writes_nothing(tmp_path):
    path = tmp_path / "main.tf"
    path.write_text(TERRAFORM)
    result = invoke("check", "--diff", "--unsafe-fixes", "--isolated", str(path))
    assert result.exit_code == 1
    assert path.read_text() == TERRAFORM
    out = result.stdout
    assert out.startswith(f"--- {path}\n+++ {path}\n@@ ")
    assert '\n-    actions   = ["s3:GetObjet"]\n' in out and '\n+    actions   = ["s3:GetObject"]\n' in out
    assert "would apply" in result.stderr
    piped = invoke("check", "--diff", "--unsafe-fixes", "--isolated", "-", "--stdin-filename", "main.tf", input=TERRAFORM)
    assert piped.exit_code == 1 and piped.stdout.startswith("--- main.tf\n+++ main.tf\n")
    invoke("check", "--fix", "--unsafe-fixes", "--isolated", str(path))
    clean = invoke("check", "--diff", "--unsafe-fixes", "--isolated", str(path))
    assert clean.exit_code == 0 and clean.stdout == "" and "no fixes to apply" in clean.stderr


def test_unescaped_policy_variable_in_sub_is_fixed_with_an_exclamation_mark(tmp_path):
    text = (pathlib.Path(__file__).parent / "golden" / "IAM005" / "fail.yaml").read_text()
    path = tmp_path / "stack.yaml"
    path.write_text(text)
    invoke("check", "--fix", "--isolated", str(path))
    fixed = path.read_text()
    assert fixed == text.replace("${aws:username}", "${!aws:username}").replace("${aws:PrincipalTag/team}", "${!aws:PrincipalTag/team}")
    assert not [f for f in _findings("stack.yaml", fixed) if f.code == "IAM005"]


def test_terraform_interpolation_of_a_policy_variable_is_read_as_meant_and_escaped_by_the_fix():
    tf = TERRAFORM.replace("$${ aws:username }", "${aws:username}", 1)
    (f,) = [f for f in _findings("main.tf", tf) if f.code == "IAM005"]
    assert "write $${aws:username}" in f.message
    assert tf[f.range.start_offset : f.range.end_offset] == "${aws:username}"
    assert not [g for g in _findings("main.tf", tf) if g.code == "IAM001"]  # the rest of the file is linted
    assert apply_fixes(tf, [f.fix])[0] == tf.replace("${aws:username}", "$${aws:username}", 1)


DUPLICATES = {
    "block.yaml": "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject\n      - s3:PutObject\n      - s3:GetObject\n    Resource: '*'\n",
    "first.yaml": "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject\n      - s3:Get*\n    Resource: '*'\n",
    "flow.yaml": "Version: '2012-10-17'\nStatement:\n  - {Effect: Allow, Action: [s3:GetObject, 's3:GetObject', s3:PutObject], Resource: '*'}\n",
    "main.tf": 'data "aws_iam_policy_document" "p" {\n  statement {\n    actions   = ["s3:GetObject", "s3:PutObject", "s3:GetObject"]\n    resources = ["*"]\n  }\n}\n',
    "string.yaml": "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: '"
                   + '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObject"], "Resource": "*"}]}' + "'\n",
}


@pytest.mark.parametrize("name", sorted(DUPLICATES))
def test_a_redundant_action_is_removed_from_a_carrier_list(name, tmp_path):
    text = DUPLICATES[name]
    path = tmp_path / name
    path.write_text(text)
    invoke("check", "--fix", "--isolated", "--select", "IAM123", str(path))
    fixed = path.read_text()
    assert fixed != text
    assert fixes_keep_policies(extract(name, text), extract(name, fixed))
    (before,), (after,) = extract(name, text), extract(name, fixed)
    actions = after.document.value["Statement"][0]["Action"]
    assert len(actions) == len(before.document.value["Statement"][0]["Action"]) - 1
    assert not [f for f in _findings(name, fixed) if f.code == "IAM123"]


def test_no_removal_across_a_comment():
    # The duplicate is alone on its line: the line goes, the comment stays with its own item.
    text = "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject  # reports\n      - s3:GetObject\n    Resource: '*'\n"
    (f,) = [f for f in _findings("p.yaml", text) if f.code == "IAM123"]
    assert apply_fixes(text, [f.fix])[0] == text.replace("      - s3:GetObject\n", "", 1).replace("  # reports\n      - s3:GetObject\n", "  # reports\n")
    # In one flow list the range from the item before would cross the comment: no fix.
    text = "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: [s3:GetObject,  # reports\n      s3:GetObject]\n    Resource: '*'\n"
    (f,) = [f for f in _findings("p.yaml", text) if f.code == "IAM123"]
    assert f.fix is None


_Y = "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action:\n{}    Resource: '*'\n"
_T = 'data "aws_iam_policy_document" "d" {{\n  statement {{\n    actions = {}\n    resources = ["*"]\n  }}\n}}\n'
# (file name, text, the text after the fix or None for no fix)
COMMENTED_DUPLICATES = {
    # the audit's case: the duplicate's own trailing suppression goes with it, never onto iam:PassRole
    "own-comment.yaml": (_Y.format("      - s3:GetObject\n      - iam:PassRole\n      - s3:GetObject   # iamlint: ignore[IAM404,IAM630] reviewed\n"),
                         _Y.format("      - s3:GetObject\n      - iam:PassRole\n")),
    "own-comment.tf": (_T.format('[\n      "s3:GetObject",\n      "iam:PassRole",\n      "s3:GetObject", # iamlint: ignore[IAM404,IAM630] reviewed\n    ]'),
                       _T.format('[\n      "s3:GetObject",\n      "iam:PassRole",\n    ]')),
    "last-no-comma.tf": (_T.format('[\n      "iam:PassRole",\n      "s3:GetObject",\n      "s3:GetObject" // the duplicate\n    ]'),
                         _T.format('[\n      "iam:PassRole",\n      "s3:GetObject",\n    ]')),
    "flow-lines.yaml": (_Y.format("      [\n        s3:GetObject,\n        iam:PassRole,\n        s3:GetObject,  # the duplicate\n      ]\n"),
                        _Y.format("      [\n        s3:GetObject,\n        iam:PassRole,\n      ]\n")),
    # the comment covers the line below it: removing that line would put iam:PassRole under it
    "comment-above.yaml": (_Y.format("      - s3:GetObject\n      # iamlint: ignore[IAM404] only the s3 line\n      - s3:GetObject\n      - iam:PassRole\n"), None),
    "comment-above.tf": (_T.format('[\n      "s3:GetObject",\n      # iamlint: ignore[IAM404] only the s3 line\n      "s3:GetObject",\n      "iam:PassRole",\n    ]'), None),
    # joining the lines would pull the trailing comment onto iam:PassRole's line
    "closing-bracket.tf": (_T.format('["iam:PassRole", "s3:GetObject",\n      "s3:GetObject"] # iamlint: ignore[IAM404] reviewed'), None),
    # one line: the comment stays on the line it was on, with the items it was written for
    "one-line.tf": (_T.format('["s3:GetObject", "s3:GetObject", "iam:PassRole"] # iamlint: ignore[IAM404] reviewed'),
                    _T.format('["s3:GetObject", "iam:PassRole"] # iamlint: ignore[IAM404] reviewed')),
    # the last line of a file without a line break: the line break before it goes
    "last-line.yaml": ("Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Resource: '*'\n    Action:\n      - s3:GetObject\n      - s3:GetObject  # dup",
                       "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Resource: '*'\n    Action:\n      - s3:GetObject"),
}


@pytest.mark.parametrize("name", sorted(COMMENTED_DUPLICATES))
def test_a_removed_item_never_leaves_its_comment_on_another_item(name):
    text, expected = COMMENTED_DUPLICATES[name]
    (f,) = [f for f in _findings(name, text) if f.code == "IAM123"]
    if expected is None:
        assert f.fix is None
        return
    fixed, applied = apply_fixes(text, [f.fix])
    assert (applied, fixed) == (1, expected)
    assert fixes_keep_policies(extract(name, text), extract(name, fixed))


def test_fix_reports_what_a_removed_suppression_comment_hid(tmp_path):
    path = tmp_path / "supp.yaml"
    path.write_text(COMMENTED_DUPLICATES["own-comment.yaml"][0])
    invoke("check", "--fix", "--isolated", str(path))
    assert path.read_text() == COMMENTED_DUPLICATES["own-comment.yaml"][1]
    after = invoke("check", "--isolated", "--select", "IAM404", str(path))
    assert f"{path}:6:9: IAM404" in after.output  # on iam:PassRole, no longer silenced


NO_VERSION = {
    "stack.yaml": ("Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n"
                   "        Statement:\n          - {Effect: Allow, Action: s3:GetObject, Resource: '*'}\n"
                   "  Q:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n"
                   "      PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}\n",
                   ['        Version: "2012-10-17"\n        Statement:', '{Version: "2012-10-17", Statement:']),
    "main.tf": ('resource "aws_iam_policy" "q" {\n  policy = jsonencode({\n    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]\n  })\n}\n'
                'resource "aws_iam_policy" "r" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })\n}\n',
                ['    Version = "2012-10-17"\n    Statement = [', 'jsonencode({ Version = "2012-10-17", Statement']),
    "stack.json": ('{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {\n'
                   '  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}}}\n',
                   ['{\n  "Version": "2012-10-17",\n  "Statement"']),
}


@pytest.mark.parametrize("name", sorted(NO_VERSION))
def test_missing_version_is_inserted_in_the_carriers_layout(name, tmp_path):
    text, expected = NO_VERSION[name]
    path = tmp_path / name
    path.write_text(text)
    invoke("check", "--fix", "--isolated", "--select", "IAM110", str(path))
    fixed = path.read_text()
    for piece in expected:
        assert piece in fixed, fixed
    assert fixes_keep_policies(extract(name, text), extract(name, fixed))
    assert all(p.document.value["Version"] == "2012-10-17" for p in extract(name, fixed))


def test_fix_passes_do_not_repeat_the_suppression_warnings(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text('Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n'
                    '    Action: [s3:GetObjet, s3:GetObject]  # iamlint: ignore[IAM2]\n'
                    '    Resource: "*"  # iamlint: ignore[IAM301] unused one\n')
    r = invoke("check", "--fix", "--unsafe-fixes", "--isolated", str(path))  # the did-you-mean is unsafe
    assert r.stderr.count("has no reason") == 1 and r.stderr.count("unused suppression") == 1
    assert f"{path}:4:29: warning" in r.stderr  # where the comment is after the fixes
