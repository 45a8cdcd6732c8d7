"""JSON templates are located lazily (only the paths asked for): every policy, value and range
must be what the eager position index of every path gives."""

import json
import pathlib

import pytest

from iamlint.carriers import Loc, Placeholder, extract
from iamlint.carriers.cloudformation import Template, _JsonTree
from iamlint.carriers.yaml_doc import YamlTree
from iamlint.engine import analyze, parse
from iamlint.config import Config
from iamlint.parse.json_document import string_span

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures" / "cfn"
CORPUS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus"


class EagerJsonTree:
    """The reference: every path of the template located up front (the index JSON templates
    were built with before they were located lazily)."""

    def __init__(self, document):
        self.text = text = document.text
        self.lines = document.lines
        self.value = document.value
        self.error = None
        self.index = {}
        for path, slot in document.index.items():
            loc = Loc(slot.key_start, slot.key_end, slot.start, slot.end)
            if text[slot.start : slot.start + 1] == '"':
                loc.mapper = lambda a, b, s=slot.start, e=slot.end: string_span(text, s, e, (a, b))
            self.index[path] = loc
        self.duplicates = [(p, Loc(s.key_start, s.key_end, s.start, s.end)) for p, s in document.duplicate_keys]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _plain(value):
    """A value with its Placeholders spelled out (text, function, spans, source offsets)."""
    if isinstance(value, Placeholder):
        sources = None if value.sources is None else [None if s is None else (s[0].start, s[1], s[2]) for s in value.sources]
        return ("placeholder", str(value), value.intrinsic, value.spans, sources)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _described(text, tree):
    """Everything the engine can learn from each policy of a template."""
    out = []
    for p in Template(tree).policies():
        doc = p.document
        ranges = []
        if doc.syntax_error is None and doc.value is not None:
            for path in _paths(doc.value):
                for on_key, span in ((False, None), (True, None), (False, (1, 3))):
                    r = doc.locate(path, on_key, span)
                    ranges.append((path, on_key, span, r.start_offset, r.end_offset))
        dups = [(path, l.key_start, l.key_end, l.start, l.end) if isinstance(l, Loc) else (path, l) for path, l in doc.duplicate_keys]
        supp = [(s.kind, s.codes, s.reason, s.start_offset, s.end_offset, s.scope_start, s.scope_end) for s in p.suppressions]
        out.append((p.label, p.policy_type, p.resource_type, p.notes, _plain(doc.value), ranges, dups, supp))
    return out


def _assert_same(text):
    lazy = _JsonTree(parse(text))
    eager = EagerJsonTree(parse(text))
    assert _described(text, lazy) == _described(text, eager)


def _json_of_yaml(name):
    tree = YamlTree((FIXTURES / name).read_text(encoding="utf-8"), cfn=True)
    assert tree.error is None
    return json.dumps(tree.value, indent=2, default=str)


@pytest.mark.parametrize("name", ["all_types.yaml", "intrinsics.yaml", "sub.yaml", "template.yaml", "trust.yaml"])
def test_fixture_templates_as_json(name):
    """The YAML fixtures (intrinsics of every kind, Fn::If documents, string policies,
    Metadata suppressions) written as JSON."""
    _assert_same(_json_of_yaml(name))


def test_sub_json_fixture():
    _assert_same((FIXTURES / "sub.json").read_text(encoding="utf-8"))


POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "A", "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjekt"], "Resource": "arn:aws:s3:::b/*"},
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "1"}}},
]}


def _template(document, extra=None):
    res = {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": document}}
    res.update(extra or {})
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Other": {"Type": "AWS::SNS::Topic"}, "P": res}}


def test_literal_policy_with_suppressions():
    meta = {"Metadata": {"iamlint": {"ignore": [{"code": "IAM201", "reason": "r"}, "IAM3"]}}}
    _assert_same(json.dumps(_template(POLICY, meta), indent=1))


def test_intrinsic_deep_inside_a_policy():
    doc = json.loads(json.dumps(POLICY))
    doc["Statement"][0]["Resource"] = {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Other}/*"}
    doc["Statement"][1]["Action"] = [{"Ref": "AWS::NoValue"}, "iam:PassRole", {"Fn::Join": [":", ["iam", "GetRole"]]}]
    _assert_same(json.dumps(_template(doc), indent=3))


def test_escapes_and_unicode():
    text = json.dumps(_template(POLICY), indent=2).replace('"Sid": "A"', '"Sid": "\\u00c4\\n\\/"')
    _assert_same(text)
    # an escaped key that spells an intrinsic is still an intrinsic
    _assert_same(text.replace('"Resource": "*"', '"Resource": {"R\\u0065f": "Other"}'))
    (p,) = extract("t.json", text.replace('"Resource": "*"', '"Resource": {"R\\u0065f": "Other"}'))
    assert isinstance(p.document.value["Statement"][1]["Resource"], Placeholder)


def test_duplicate_keys():
    text = json.dumps(_template(POLICY), indent=2)
    text = text.replace('"Effect": "Allow", "Action": "iam:PassRole"', '"Effect": "Deny", "Effect": "Allow", "Action": "iam:PassRole"')
    text = text.replace('"Sid": "A",', '"Sid": "A", "Sid": "B",')
    assert text.count('"Sid"') == 2
    _assert_same(text)
    (p,) = extract("t.json", text)
    assert [path for path, _l in p.document.duplicate_keys] == [("Statement", 0, "Sid")]


def test_several_policies_string_and_if_documents():
    template = {"Conditions": {"C": {"Fn::Equals": ["a", "b"]}}, "Resources": {
        "Role": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "Policies": [{"PolicyName": "a", "PolicyDocument": POLICY}, {"PolicyName": "b", "PolicyDocument": {"Fn::If": ["C", POLICY, {"Ref": "AWS::NoValue"}]}}],
            "PermissionsBoundary": {"Ref": "B"}}},
        "B": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": POLICY}},
        "Repo": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryPolicyText": json.dumps(POLICY)}},
        "Bucket": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": "b", "PolicyDocument": POLICY}},
    }}
    _assert_same(json.dumps(template, indent=2))
    _assert_same(json.dumps(template))


def test_wrapped_managed_policies():
    folder = CORPUS / "aws-managed"
    if not folder.is_dir():
        pytest.skip("corpus not available")
    for path in sorted(folder.glob("*.json"))[::97]:
        _assert_same(json.dumps(_template(json.loads(path.read_text(encoding="utf-8"))), indent=2))


def test_findings_of_a_literal_template_match_the_bare_policy():
    (p,) = extract("t.json", json.dumps(_template(POLICY), indent=2))
    got = [(f.code, f.path, f.message) for f in analyze(p.document, filename="t", config=Config(select=("ALL",))).findings]
    assert ("IAM201", ("Statement", 0, "Action", 1)) in [g[:2] for g in got]
