"""Configuration on the command line: the nearest config file above each linted path wins,
--config overrides it, --isolated ignores files, the command line overrides the file, a bad file
is exit 2 naming the key and line, and unused Sid suppressions are reported."""

import json
import os

import pytest

from cli_util import invoke

TYPO = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Sid": "Legacy", "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::reports/summary.csv"}\n  ]\n}\n'
NO_VERSION = '{"Statement": [{"Sid": "Legacy", "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::reports/summary.csv"}]}\n'


pytestmark = pytest.mark.usefixtures("no_config_above_tmp")


def codes(result):
    return sorted(f["code"] for f in json.loads(result.stdout)["findings"])


def tree(tmp_path):
    """repo/.iamlint.toml selects IAM2; repo/sub/pyproject.toml selects IAM110 only."""
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / ".iamlint.toml").write_text('select = ["IAM2"]\n')
    (repo / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.iamlint]\nselect = ["IAM110"]\n')
    (repo / "a.json").write_text(NO_VERSION)
    (repo / "sub" / "b.json").write_text(NO_VERSION)
    return repo


def test_nearest_config_above_each_file_wins(tmp_path):
    repo = tree(tmp_path)
    r = invoke("check", str(repo), "--format", "json")
    by_file = {}
    for f in json.loads(r.stdout)["findings"]:
        by_file.setdefault(os.path.relpath(f["file"], repo), set()).add(f["code"])
    assert by_file == {"a.json": {"IAM201"}, os.path.join("sub", "b.json"): {"IAM110"}}


def test_pyproject_without_a_tool_iamlint_table_is_not_a_config(tmp_path):
    repo = tree(tmp_path)
    (repo / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    r = invoke("check", str(repo / "sub" / "b.json"), "--format", "json")
    assert codes(r) == ["IAM201"]  # repo/.iamlint.toml applies


def test_config_option_overrides_and_isolated_ignores(tmp_path):
    repo = tree(tmp_path)
    other = tmp_path / "other.toml"
    other.write_text('select = ["IAM110"]\n')
    r = invoke("check", str(repo / "a.json"), "--format", "json", "--config", str(other))
    assert codes(r) == ["IAM110"]
    r = invoke("check", str(repo / "a.json"), "--format", "json", "--isolated")
    assert "IAM201" in codes(r) and "IAM110" in codes(r)  # the defaults


def test_command_line_overrides_the_file(tmp_path):
    repo = tree(tmp_path)
    (repo / ".iamlint.toml").write_text('select = ["IAM2"]\nfail-on = "error"\nignore = ["IAM110"]\n')
    path = str(repo / "a.json")
    assert codes(invoke("check", path, "--format", "json")) == ["IAM201"]
    assert codes(invoke("check", path, "--format", "json", "--select", "IAM110")) == []  # the file's ignore stays
    assert codes(invoke("check", path, "--format", "json", "--extend-select", "IAM110")) == ["IAM201"]
    # fail-on from the file; then from the command line
    (repo / ".iamlint.toml").write_text('select = ["IAM110"]\nfail-on = "error"\n')
    assert invoke("check", path).exit_code == 0  # missing-version is a warning
    assert invoke("check", path, "--fail-on", "warning").exit_code == 1


def test_bad_config_is_exit_2_naming_key_and_line(tmp_path):
    repo = tree(tmp_path)
    (repo / ".iamlint.toml").write_text('select = ["IAM2"]\nfail-on = "error"\nselcet = ["IAM1"]\n')
    r = invoke("check", str(repo / "a.json"))
    assert r.exit_code == 2
    assert "selcet" in r.stderr and ".iamlint.toml:3" in r.stderr
    assert "Traceback" not in r.output
    (repo / ".iamlint.toml").write_text('select = "IAM2"\n')
    r = invoke("check", str(repo / "a.json"))
    assert r.exit_code == 2 and "select" in r.stderr and ".iamlint.toml:1" in r.stderr
    (repo / ".iamlint.toml").write_text('select = ["IAM2"]\n[[suppress]]\nsid = "X"\n')
    r = invoke("check", str(repo / "a.json"))
    assert r.exit_code == 2 and ".iamlint.toml:2: suppress.0: 'reason' is a required property" in r.stderr
    (repo / ".iamlint.toml").write_text('select = [\n')
    r = invoke("check", str(repo / "a.json"))
    assert r.exit_code == 2 and ".iamlint.toml" in r.stderr
    r = invoke("check", str(repo / "a.json"), "--config", str(tmp_path / "missing.toml"))
    assert r.exit_code == 2 and "missing.toml" in r.stderr
    assert invoke("check", str(repo / "a.json"), "--isolated", "--select", "IAM201").exit_code == 1



@pytest.mark.parametrize("body,line,bad", [
    ('select = ["IAM2", "unknown-actoin"]\n', 1, "unknown-actoin"),
    ('fail-on = "error"\nignore = ["IAM9"]\n', 2, "IAM9"),
    ('[per-file-ignores]\n"*.json" = ["IAM201", "bogus"]\n', 2, "bogus"),
    ('[severity]\nIAM201 = "warning"\nIAM2 = "error"\n', 3, "IAM2"),  # severity: exact codes or names only
    ('select = ["IAM2"]\n[severity]\nIAM2 = "warning"\n', 3, "IAM2"),  # the key's line, not a value's
    ('[[suppress]]\nsid = "X"\ncodes = ["IAM7"]\nreason = "kept for the audit"\n', 3, "IAM7"),
])
def test_a_selector_that_names_no_rule_is_an_error_not_a_silent_no_op(tmp_path, body, line, bad):
    repo = tree(tmp_path)
    (repo / ".iamlint.toml").write_text(body)
    r = invoke("check", str(repo / "a.json"))
    assert r.exit_code == 2, r.output
    assert f".iamlint.toml:{line}" in r.stderr and repr(bad) in r.stderr
    assert invoke("check", str(repo / "a.json"), "--select", "IAM9").exit_code == 2  # the same on the command line


def test_sid_suppressions_and_unused_ones_are_reported(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".iamlint.toml").write_text(
        'select = ["IAM201"]\n\n[[suppress]]\nsid = "Legacy"\ncodes = ["unknown-action"]\nreason = "kept for the old pipeline"\n\n'
        '[[suppress]]\nsid = "Gone"\nreason = "statement was removed"\n'
    )
    (repo / "p.json").write_text(TYPO)
    r = invoke("check", str(repo / "p.json"), "--format", "json")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert doc["findings"] == []
    assert [(u["sid"], u["codes"], os.path.basename(u["file"])) for u in doc["unused_suppressions"]] == [("Gone", [], ".iamlint.toml")]
    assert "unused suppression" in r.stderr and "'Gone'" in r.stderr and "Legacy" not in r.stderr
    # Text output: the same warning on stderr only.
    r = invoke("check", str(repo / "p.json"))
    assert "All checks passed!" in r.stdout and "unused suppression" not in r.stdout and "'Gone'" in r.stderr
    # Used anywhere counts as used: no warning when both are used.
    (repo / "q.json").write_text(TYPO.replace('"Legacy"', '"Gone"'))
    r = invoke("check", str(repo), "--format", "json")
    assert "unused_suppressions" not in json.loads(r.stdout) and "unused" not in r.stderr


def test_per_file_ignores_and_policy_types_from_the_file(tmp_path):
    repo = tmp_path / "repo"
    (repo / "legacy").mkdir(parents=True)
    (repo / ".iamlint.toml").write_text('select = ["IAM201"]\n\n[per-file-ignores]\n"legacy/*.json" = ["IAM201"]\n')
    (repo / "legacy" / "old.json").write_text(TYPO)
    (repo / "new.json").write_text(TYPO)
    r = invoke("check", str(repo), "--format", "json")
    assert {os.path.relpath(f["file"], repo) for f in json.loads(r.stdout)["findings"]} == {"new.json"}


def test_stdin_uses_the_config_of_its_stdin_filename(tmp_path, monkeypatch):
    repo = tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    r = invoke("check", "-", "--stdin-filename", os.path.join("repo", "sub", "x.json"), "--format", "json", input=NO_VERSION)
    assert codes(r) == ["IAM110"]


def test_bad_key_after_a_blank_line_names_its_own_line(tmp_path):
    repo = tree(tmp_path)
    (repo / ".iamlint.toml").write_text('select = ["IAM2"]\n\nselcet = ["IAM1"]\n')
    r = invoke("check", str(repo / "a.json"))
    assert r.exit_code == 2 and ".iamlint.toml:3" in r.stderr


@pytest.mark.parametrize("body,line,says", [
    ("[rules.unknown-actoin]\nx = 1\n", 1, "no rule is named 'unknown-actoin'"),
    ("[rules.unknown-action]\nbogus = 1\n", 1, "IAM201 unknown-action takes no options"),
    ("[rules.sensitive-access-without-condition]\nany_strong_condition = true\nresource_scoping_count = false\n", 3,
     "unknown option 'resource_scoping_count'"),
    ("[rules.sensitive-access-without-condition]\nany_strong_condition = \"no\"\n", 2, "'no' is not of type 'boolean'"),
    ("[rules.sensitive-access-without-condition]\nrequired_conditions = {\"Writes\" = [\"aws:RequestedRegion\"]}\n", 2,
     "'Writes' is not one of"),
])
def test_rule_options_are_checked_against_the_rule(tmp_path, body, line, says):
    repo = tree(tmp_path)
    (repo / ".iamlint.toml").write_text(body)
    r = invoke("check", str(repo / "a.json"))
    assert r.exit_code == 2, r.output
    assert f".iamlint.toml:{line}" in r.stderr and says in r.stderr


def test_valid_rule_options_are_accepted(tmp_path):
    repo = tree(tmp_path)
    (repo / ".iamlint.toml").write_text(
        '[rules.sensitive-access-without-condition]\nrequired_conditions = {"Write" = ["aws:ResourceTag/*"]}\n'
        "any_strong_condition = false\nresource_scoping_counts = true\n")
    assert invoke("check", str(repo / "a.json")).exit_code in (0, 1)
