"""The policy JSON Schemas: generated, valid, shipped, and consistent with the policy view.

The engine skips jsonschema when the policy view says a document is regular and has its required
elements; that is safe only if the schema would have found nothing. The last tests check exactly
that on every corpus document and on a few thousand mutated documents of every policy type."""

import copy
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib.resources import files

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT, corpus_dir
from iamlint import policy as policy_view
from iamlint import schema
from iamlint.model import PolicyType


def _build_script():
    spec = importlib.util.spec_from_file_location("build_schemas", ROOT / "scripts" / "build_schemas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _generated():
    script = _build_script()
    return {f"{kind}-policy.json": json.dumps(script.schema(kind, title, extra), indent=2) + "\n"
            for kind, (title, extra) in script.TYPES.items()}


SCHEMA_NAMES = sorted(f"{t.schema_name}-policy.json" for t in PolicyType)


def test_committed_schemas_are_the_scripts_output():
    generated = _generated()
    assert sorted(generated) == sorted(set(SCHEMA_NAMES))
    for folder in (ROOT / "schemas", ROOT / "iamlint" / "schemas"):
        on_disk = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.json")}
        assert sorted(on_disk) == sorted(generated), folder
        for name, text in generated.items():
            assert on_disk[name] == text, f"{folder.name}/{name} is out of date: run python3 scripts/build_schemas.py"


@pytest.mark.parametrize("name", sorted(set(SCHEMA_NAMES)))
def test_schemas_are_valid_draft_2020_12(name):
    doc = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(doc)


@pytest.mark.parametrize("policy_type", list(PolicyType))
def test_installed_package_loads_schemas_via_importlib_resources(policy_type):
    loaded = schema.load_schema(policy_type.schema_name)
    text = files("iamlint.schemas").joinpath(f"{policy_type.schema_name}-policy.json").read_text(encoding="utf-8")
    assert loaded == json.loads(text)
    assert schema.validate({"Statement": []}, policy_type) == []


def test_data_files_and_grammar_load_via_importlib_resources():
    names = sorted(p.name for p in files("iamlint.data").iterdir() if p.name.endswith(".json"))
    assert names == sorted(p.name for p in (ROOT / "iamlint" / "data").glob("*.json"))
    for name in names:
        json.loads(files("iamlint.data").joinpath(name).read_text(encoding="utf-8"))
    assert "STRING" in files("iamlint.parse").joinpath("json.lark").read_text(encoding="utf-8")


def test_wheel_contains_schemas_data_and_grammar(tmp_path):
    """Build a wheel from a copy of the tree (so the work tree is left alone) and look inside."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "iamlint", src / "iamlint", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path / "dist"
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w", str(out), str(src)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    if proc.returncode != 0:
        log = (proc.stdout + proc.stderr).lower()
        offline = ("connection" in log or "no matching distribution" in log or "could not find a version" in log
                   or "network" in log or "temporary failure in name resolution" in log)
        if offline:
            pytest.skip("cannot build a wheel here: the build requirements cannot be fetched (offline)")
        pytest.fail(f"pip wheel failed:\n{proc.stdout}\n{proc.stderr}")
    (wheel,) = out.glob("iamlint-*.whl")
    with zipfile.ZipFile(wheel) as z:
        inside = set(z.namelist())
    expected = {f"iamlint/schemas/{n}" for n in set(SCHEMA_NAMES)}
    expected |= {f"iamlint/data/{p.name}" for p in (ROOT / "iamlint" / "data").glob("*.json")}
    expected |= {"iamlint/parse/json.lark", "iamlint/cli.py"}
    assert expected <= inside, sorted(expected - inside)


# -- skipping the schema is safe ---------------------------------------------------------------
def _skips_schema(doc, policy_type):
    view = policy_view.build(doc)
    return view.regular and policy_view.required_elements_present(view, policy_type)


def _assert_invariant(doc, policy_type, label):
    if _skips_schema(doc, policy_type):
        issues = schema.validate(doc, policy_type)
        assert issues == [], f"{label} ({policy_type.value}): the view calls it regular but the schema says {issues}"


def test_skipping_the_schema_is_safe_on_every_corpus_document():
    """Every document as an identity policy (what they are), every fifth also as each other type."""
    checked = skipped = 0
    for corpus in ("aws-managed", "aws-managed-deprecated", "risky"):
        for i, path in enumerate(sorted(corpus_dir(corpus).glob("*.json"))):
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                continue
            view = policy_view.build(doc)
            types = [t for t in PolicyType if t is not PolicyType.BOUNDARY] if i % 5 == 0 else [PolicyType.IDENTITY]
            for policy_type in types:
                checked += 1
                if view.regular and policy_view.required_elements_present(view, policy_type):
                    skipped += 1
                    issues = schema.validate(doc, policy_type)
                    assert issues == [], f"{path.name} ({policy_type.value}): regular for the view, but {issues}"
    # Real identity policies are regular: the fast path must actually be taken.
    assert skipped > checked // 2, (skipped, checked)


BASES = {
    "identity": {"Version": "2012-10-17", "Id": "x", "Statement": [
        {"Sid": "A1", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}, "Bool": {"aws:SecureTransport": True}, "NumericLessThan": {"s3:max-keys": 10}}}]},
    "resource": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": {"AWS": ["arn:aws:iam::111122223333:root"], "Service": "s3.amazonaws.com"},
         "NotAction": "s3:*", "NotResource": ["arn:aws:s3:::b/*"]}]},
    "trust": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}},
    "notprincipal": {"Statement": [{"Effect": "Deny", "NotPrincipal": {"CanonicalUser": "abc"}, "Action": "*", "Resource": "*"}]},
}
ELEMENTS = ("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition")
WRONG = (1, 1.5, True, None, [], {}, [1], [None], [[]], {"a": 1}, "x", ["x"], {"AWS": 1}, {"AWS": [1]}, {"AWS": {}},
         {"Service": ["a", 2]}, {"StringEquals": 1}, {"StringEquals": {"k": {"x": 1}}}, {"StringEquals": {"k": [{}]}},
         {"StringEquals": {"k": [[]]}}, {"StringEquals": {"k": None}}, {"Bool": {"k": [True, None]}}, {"StringEquals": []},
         "Allow", "Deny", "allow", "2012-10-17", "2013-01-01")


def _mutations(base):
    """(label, document): wrong types, unknown keys and missing elements, one change at a time."""
    yield "base", base
    for key, values in (("Version", WRONG), ("Id", WRONG), ("Statement", WRONG)):
        for v in values:
            doc = copy.deepcopy(base)
            doc[key] = v
            yield f"{key}={v!r}", doc
        doc = copy.deepcopy(base)
        doc.pop(key, None)
        yield f"no {key}", doc
    for extra in ("Statements", "version", "Principal", "Sid", ""):
        doc = copy.deepcopy(base)
        doc[extra] = "x"
        yield f"top-level {extra!r}", doc
    statements = base["Statement"] if isinstance(base["Statement"], list) else [base["Statement"]]
    for element in ELEMENTS + ("Unknown", "effect", "NotCondition"):
        for v in WRONG + ("__missing__",):
            new = []
            for st in statements:
                st = copy.deepcopy(st)
                if v == "__missing__":
                    st.pop(element, None)
                else:
                    st[element] = copy.deepcopy(v)
                new.append(st)
            doc = copy.deepcopy(base)
            doc["Statement"] = new if isinstance(base["Statement"], list) else new[0]
            yield f"{element}={v!r}", doc
    # Two statements, one fine and one not; a statement that is not an object.
    for junk in (1, "x", None, [], [{}]):
        doc = copy.deepcopy(base)
        doc["Statement"] = statements + [junk]
        yield f"extra statement {junk!r}", doc


@pytest.mark.parametrize("base", sorted(BASES))
def test_skipping_the_schema_is_safe_on_mutated_documents(base):
    count = 0
    for label, doc in _mutations(BASES[base]):
        for policy_type in PolicyType:
            _assert_invariant(doc, policy_type, f"{base}: {label}")
            count += 1
    assert count > 1000
    # The unmutated base really takes the fast path for its own type.
    own = {"identity": PolicyType.IDENTITY, "resource": PolicyType.RESOURCE, "trust": PolicyType.TRUST,
           "notprincipal": PolicyType.RESOURCE}[base]
    assert _skips_schema(BASES[base], own)


@pytest.mark.parametrize("label,doc", [
    ("Version=None", {"Version": None, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
    ("Sid=None", {"Statement": [{"Sid": None, "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
    ("Condition=None", {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": None}]}),
    ("NotPrincipal=1", {"Statement": [{"Effect": "Allow", "Principal": "*", "NotPrincipal": 1, "Action": "s3:GetObject", "Resource": "*"}]}),
])
def test_explicit_nulls_and_second_principal_are_not_regular(label, doc):
    for policy_type in (PolicyType.IDENTITY, PolicyType.RESOURCE):
        _assert_invariant(doc, policy_type, label)
