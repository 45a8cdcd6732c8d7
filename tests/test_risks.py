"""Risk rules (group L2, IAM630-IAM636) on the risky corpus (shared/corpus/risky: the verdict
each file should get is documented in its README.md table) and on key AWS managed policies."""

import json
import os
import re
from pathlib import Path

import pytest

from iamlint.config import Config
from iamlint.engine import lint

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus")
RISKY = CORPUS / "risky"
MANAGED = CORPUS / "aws-managed"

ALL = Config()  # the default rule selection


def _findings(path: Path, config=ALL):
    return lint(path.read_text(encoding="utf-8"), filename=path.name, config=config)


def _verdicts():
    """(file, verdict) rows of risky/README.md's Files table."""
    rows = []
    for line in (RISKY / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[0].endswith(".json`"):
            rows.append((cells[0].strip("`"), cells[4]))
    return rows


def _expected(verdict: str):
    """What a file with this verdict must get: (kind, value)."""
    if verdict.startswith("not risky"):
        return ("no-risk", "privilege-escalation")
    if verdict == "risky (only in combination)":
        return ("combination", "privilege-escalation")
    if verdict == "risky (resource policy, public)":
        return ("risk", "resource-exposure")
    if verdict == "over-permissive":
        return ("over-permissive", None)
    if verdict.startswith("risky"):  # risky, risky (trust policy)
        return ("risk", "privilege-escalation")
    raise AssertionError(f"unknown verdict {verdict!r}")


def _hit(name: str, verdict: str) -> bool:
    kind, risk = _expected(verdict)
    path = RISKY / name
    findings = _findings(path)
    risks = {f.risk for f in findings}
    if kind == "no-risk":
        return risk not in risks
    if kind == "risk":
        return risk in risks
    if kind == "over-permissive":
        # L1's service-wide wildcard (IAM604) or full admin (IAM601), or one of the risk rules.
        return any(f.code in ("IAM601", "IAM604") for f in findings) or bool(risks)
    # Only in combination: no privilege escalation on its own (the other half may be in another
    # policy), but the opt-in partial rule names the missing iam:PassRole.
    if "privilege-escalation" in risks:
        return False
    partial = _findings(path, Config(select=("IAM636",)))
    return any(f.risk == "privilege-escalation" for f in partial)


needs_risky = pytest.mark.skipif(not (RISKY / "README.md").exists(), reason="risky corpus absent")
needs_managed = pytest.mark.skipif(not MANAGED.exists(), reason="managed corpus absent")


@needs_risky
def test_readme_table_lists_every_file():
    rows = _verdicts()
    assert len(rows) == len(list(RISKY.glob("*.json")))


@needs_risky
@pytest.mark.parametrize("name,verdict", _verdicts() if (RISKY / "README.md").exists() else [])
def test_documented_risk(name, verdict):
    assert _hit(name, verdict), f"{name}: expected {_expected(verdict)} for verdict {verdict!r}"


@needs_risky
def test_hit_rate(capsys):
    rows = _verdicts()
    hits = sum(_hit(n, v) for n, v in rows)
    with capsys.disabled():
        print(f"\nrisky corpus: {hits}/{len(rows)} files get their documented risk ({100 * hits / len(rows):.0f}%)")
    assert hits == len(rows)


@needs_risky
@pytest.mark.parametrize("name", ["iamv-fp1-allow-and-deny.json", "iamv-fp3-deny-iam.json",
                                  "iamv-fp4-nonExploitableResourceConstraint.json",
                                  "iamv-fp5-nonExploitableConditionConstraint.json"])
def test_false_positive_tests_get_no_privilege_escalation(name):
    assert not [f for f in _findings(RISKY / name) if f.risk == "privilege-escalation"]


@needs_managed
@pytest.mark.parametrize("name", ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"])
def test_admin_like_managed_policies_escalate(name):
    assert any(f.risk == "privilege-escalation" for f in _findings(MANAGED / f"{name}.json"))


@needs_managed
def test_read_only_access():
    risks = {f.risk for f in _findings(MANAGED / "ReadOnlyAccess.json")}
    assert "data-exfiltration" in risks
    assert "privilege-escalation" not in risks


def test_method_data_is_documented():
    from iamlint.catalog import own_data

    data = own_data("risk_privilege_escalation")
    assert data["_source"]
    methods = data["methods"]
    assert len(methods) >= 40
    assert len({m["id"] for m in methods}) == len(methods)
    for m in methods:
        assert m["actions"] and m["description"] and m["source"], m["id"]
        for alt in m.get("alternatives", {}):
            assert alt in m["actions"], m["id"]
    for name in ("data_exfiltration", "credentials_exposure", "resource_exposure"):
        d = own_data("risk_" + name)
        assert d["_source"]
        assert all(e["source"] and e["action"] for e in d["actions"])


def test_credentials_exposure_lists_only_other_identities_credentials():
    """Tokens that carry the caller's own permissions (or a public API) are not credentials
    exposure: each is named in not_listed with a reason and a source, and none is reported."""
    from iamlint.catalog import own_data

    data = own_data("risk_credentials_exposure")
    listed = {e["action"].lower() for e in data["actions"]}
    skipped = data["not_listed"]
    assert {e["action"] for e in skipped} >= {"ecr:GetAuthorizationToken", "cognito-identity:GetCredentialsForIdentity"}
    for e in skipped:
        assert e["reason"] and e["source"] and e["action"].lower() not in listed, e
    text = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": %s}]}'
            % json.dumps([e["action"] for e in skipped]))
    assert [f for f in lint(text, config=Config(select=("IAM632",)))] == []


def test_take_over_methods_on_named_resources_are_suggestions():
    """A scoped deploy role (UpdateFunctionCode on function:orders-*, change sets on
    stack/orders-*/*) is a suggestion; the same on every function stays a warning, and an IAM
    method on named resources stays a warning."""
    from iamlint.model import Severity

    def severities(action, resource, condition=None):
        st = {"Effect": "Allow", "Action": action, "Resource": resource}
        if condition:
            st["Condition"] = condition
        text = json.dumps({"Version": "2012-10-17", "Statement": [st]})
        return [f.severity for f in lint(text, config=Config(select=("IAM630",)))]

    fn = "arn:aws:lambda:us-east-1:111122223333:function:"
    assert severities("lambda:UpdateFunctionCode", fn + "orders-*") == [Severity.SUGGESTION]
    assert severities("lambda:UpdateFunctionCode", fn + "*") == [Severity.WARNING]
    assert severities("lambda:UpdateFunctionCode", "*") == [Severity.WARNING]
    assert severities("lambda:UpdateFunctionCode", "*", {"StringEquals": {"aws:ResourceTag/team": "orders"}}) == [
        Severity.SUGGESTION]
    stack = "arn:aws:cloudformation:us-east-1:111122223333:stack/orders-*/*"
    assert severities(["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"], stack) == [
        Severity.SUGGESTION]
    assert severities("iam:AttachRolePolicy", "arn:aws:iam::111122223333:role/app/*") == [Severity.WARNING]


def test_operational_reads_are_suggestions():
    """IAM631: parameters, logs, image layers, function packages and templates (what AWS's
    baseline policies such as AmazonSSMManagedInstanceCore grant on "*") are suggestions; stored
    content (s3:GetObject, secrets) stays a warning, also when named in the same entry."""
    from iamlint.model import Severity

    def severity(actions):
        text = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]})
        return {f.severity for f in lint(text, config=Config(select=("IAM631",)))}

    assert severity(["ssm:GetParameter", "ssm:GetParameters"]) == {Severity.SUGGESTION}
    assert severity(["logs:Get*", "logs:FilterLogEvents", "logs:StartQuery"]) == {Severity.SUGGESTION}
    assert severity(["ecr:BatchGetImage", "lambda:GetFunction", "cloudformation:GetTemplate"]) == {Severity.SUGGESTION}
    assert severity(["s3:GetObject", "secretsmanager:GetSecretValue", "kms:Decrypt"]) == {Severity.WARNING}
    assert severity(["*:Get*"]) == {Severity.WARNING}  # one entry, stored content among its actions
    assert severity(["s3:Get*", "ssm:Get*"]) == {Severity.WARNING, Severity.SUGGESTION}
    managed = MANAGED / "AmazonSSMManagedInstanceCore.json"
    if managed.exists():
        found = [f for f in _findings(managed) if f.code == "IAM631"]
        assert found and {f.severity for f in found} == {Severity.SUGGESTION}


def test_combination_across_statements_and_deny():
    text = """{"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
       "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}},
      {"Effect": "Allow", "Action": ["ec2:RunInstances", "lambda:CreateFunction"], "Resource": "*"}]}"""
    cfg = Config(select=("IAM630",))
    msgs = [f.message for f in lint(text, config=cfg)]
    assert msgs == []  # PassRole only to Lambda, and no way to invoke the function
    text2 = text.replace('"lambda:CreateFunction"', '"lambda:CreateFunction", "lambda:InvokeFunction"')
    found = lint(text2, config=cfg)
    assert len(found) == 1 and "passrole-lambda-invoke" in found[0].message
    assert found[0].path == ("Statement", 0, "Action")
    denied = text2.replace("]}", ', {"Effect": "Deny", "Action": "lambda:Invoke*", "Resource": "*"}]}')
    assert lint(denied, config=cfg) == []


def test_malformed_input_does_not_raise():
    cfg = Config(select=("IAM63",), extend_select=("IAM634", "IAM636"))
    for text in ['{"Statement": [{"Effect": "Allow", "Action": 5, "Resource": "*"}]}',
                 '{"Statement": {"Effect": "Allow", "NotAction": [], "Resource": ["*", 3]}}',
                 '{"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn",'
                 ' "Condition": {"DateLessThan": {"aws:CurrentTime": ["x", 1]}}}]}',
                 '{"Statement": "nope"}', '[]']:
        lint(text, config=cfg)


@pytest.mark.parametrize("entries", [
    ["iam:PassRole", "s3:GetObject", "IAM:passrole", "ec2:DescribeInstances"],
    ["iam:*", "s3:Get*", "*Object", "ec2:Describe*", "iam:Create?ccessKey"],
    ["*"],
    ["nosuch:Thing", "iam:NoSuchAction", "secretsmanager:GetSecretValue"],
    ["sts:*", "S3:*"],
])
def test_found_agrees_with_a_plain_expansion(entries):
    """_found (set tests for plain names, per-pattern caches for wildcards) equals expanding each
    entry and keeping the relevant actions, with the first entry that grants each."""
    from iamlint.catalog import Catalog
    from iamlint.grants import policy_grants
    from iamlint.policy import build
    from iamlint.rules import _risks

    catalog = Catalog()
    (g,) = policy_grants(build({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": entries, "Resource": "*"}]}), catalog)
    expected = {}
    for i, entry in enumerate(entries):
        for a in catalog.expand(entry):
            name = f"{a.service}:{a.name.lower()}"
            if name in _risks.relevant() and name not in expected:
                expected[name] = (i, a)
    assert [(name, i, info) for name, i, info in _risks._found(catalog, g)] == [
        (name, i, a) for name, (i, a) in expected.items()]
