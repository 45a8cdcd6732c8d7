"""The runner: parallel runs identical to serial ones, --fix (atomic, safe fixes only), the
baseline, discovery of carrier files, and progress kept off machine formats."""

import json
import os

import pytest

from cli_util import invoke
from iamlint import cli, fixes, runner
from iamlint.model import Fix, TextEdit

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "examples")
TYPO = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObjekt", "s3:ListBukket"], "Resource": "arn:aws:s3:::reports/summary.csv"}\n  ]\n}\n'


pytestmark = pytest.mark.usefixtures("no_config_above_tmp")


def many_files(d, n=40):
    d.mkdir(exist_ok=True)
    names = sorted(os.listdir(EXAMPLES))
    for i in range(n):
        src = os.path.join(EXAMPLES, names[i % len(names)])
        text = open(src, encoding="utf-8").read()
        if i % 3 == 0:
            text = text.replace('"Allow"', '"Alow"', 1)
        (d / f"p{i:03d}.json").write_text(text if i % 5 else TYPO)
    (d / "broken.json").write_text('{"Statement": [')
    return d


# -- jobs ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_parallel_output_is_byte_identical_to_serial(tmp_path, monkeypatch, fmt):
    d = many_files(tmp_path / "many")
    calls = []
    real_pool = runner._run_pool

    def counting_pool(*args):
        calls.append(args)
        return real_pool(*args)

    monkeypatch.setattr(runner, "MIN_FILES_PER_WORKER", 4)
    monkeypatch.setattr(runner, "_run_pool", counting_pool)
    serial = invoke("check", str(d), "--format", fmt, "--select", "ALL", "--jobs", "1")
    assert not calls
    parallel = invoke("check", str(d), "--format", fmt, "--select", "ALL", "--jobs", "3")
    if runner._can_fork():
        assert calls, "the pool was used"
    assert parallel.exit_code == serial.exit_code == 1
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr


def test_small_runs_do_not_start_workers(tmp_path, monkeypatch):
    d = many_files(tmp_path / "few", n=5)
    monkeypatch.setattr(runner, "_run_pool", lambda *a: pytest.fail("a pool for 6 files"))
    assert invoke("check", str(d), "--jobs", "8").exit_code == 1


def test_progress_only_on_a_terminal_in_text_format(tmp_path, monkeypatch):
    d = many_files(tmp_path / "p", n=3)
    monkeypatch.setattr(cli, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(cli, "_isatty", lambda stream: True)
    r = invoke("check", str(d), "--format", "text", "--jobs", "1")
    assert "files" in r.stderr and "\r" in r.stderr
    for fmt in ("json", "sarif", "github", "junit"):
        r = invoke("check", str(d), "--format", fmt, "--jobs", "1")
        assert r.stderr == "", fmt
    monkeypatch.setattr(cli, "_isatty", lambda stream: False)
    assert invoke("check", str(d), "--jobs", "1").stderr == ""


# -- fix -----------------------------------------------------------------------------------------
def test_apply_fixes_skips_overlapping_and_out_of_range_edits():
    text = "abcdef"
    f1 = Fix("x", (TextEdit(1, 3, "XY"),))
    f2 = Fix("y", (TextEdit(2, 4, "??"),))  # overlaps f1: skipped
    f3 = Fix("z", (TextEdit(4, 4, "+"),))  # an insertion after both
    f4 = Fix("w", (TextEdit(5, 99, "!"),))  # outside the text
    assert fixes.apply_fixes(text, [f1, f2, f3, f4]) == ("aXYd+ef", 2)
    assert fixes.apply_fixes(text, []) == (text, 0)
    # Two insertions at one point clash; a multi-edit fix is all or nothing.
    assert fixes.apply_fixes(text, [Fix("a", (TextEdit(2, 2, "1"),)), Fix("b", (TextEdit(2, 2, "2"),))]) == ("ab1cdef", 1)
    both = Fix("c", (TextEdit(0, 1, "A"), TextEdit(1, 2, "B")))
    assert fixes.apply_fixes(text, [Fix("d", (TextEdit(1, 2, "-"),)), both]) == ("a-cdef", 1)


def test_write_atomically_keeps_permissions_and_leaves_no_temp_file(tmp_path):
    p = tmp_path / "p.json"
    p.write_text("old")
    os.chmod(p, 0o640)
    fixes.write_atomically(str(p), "new ü".encode("utf-8"))
    assert p.read_text(encoding="utf-8") == "new ü"
    assert oct(os.stat(p).st_mode & 0o777) == oct(0o640)
    assert os.listdir(tmp_path) == ["p.json"]


def test_fix_rewrites_only_files_with_safe_fixes_and_keeps_formatting(tmp_path):
    d = tmp_path / "fix"
    d.mkdir()
    bad = d / "bad.json"
    bad.write_bytes(b"\xef\xbb\xbf" + TYPO.replace("\n", "\r\n").encode())
    clean = d / "clean.json"
    clean_text = '{ "Version":"2012-10-17",  "Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'
    clean.write_text(clean_text)
    before = os.stat(clean).st_mtime_ns
    original = bad.read_bytes()
    bad_before = os.stat(bad).st_mtime_ns
    r = invoke("check", str(d), "--fix", "--select", "IAM201", "--format", "json")
    assert r.exit_code == 1 and len(json.loads(r.stdout)["findings"]) == 2  # did-you-means are unsafe
    assert bad.read_bytes() == original and os.stat(bad).st_mtime_ns == bad_before and "applied" not in r.stderr
    r = invoke("check", str(d), "--fix", "--unsafe-fixes", "--select", "IAM201", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["findings"] == []
    assert "applied 2 fixes" in r.stderr
    data = bad.read_bytes()
    assert data == b"\xef\xbb\xbf" + TYPO.replace("\n", "\r\n").replace("s3:GetObjekt", "s3:GetObject").replace("s3:ListBukket", "s3:ListBucket").encode()
    assert os.stat(clean).st_mtime_ns == before and clean.read_text() == clean_text
    assert sorted(os.listdir(d)) == ["bad.json", "clean.json"]


def test_fix_writes_no_version_into_a_json_file_without_statement(tmp_path):
    # a tsconfig.json named on the command line is linted (missing-statement), never given a Version
    path = tmp_path / "tsconfig.json"
    path.write_text('{"compilerOptions": {"strict": true}}\n')
    r = invoke("check", "--fix", "--unsafe-fixes", "--format", "json", str(path))
    assert path.read_text() == '{"compilerOptions": {"strict": true}}\n' and "applied" not in r.stderr
    assert "IAM101" in {f["code"] for f in json.loads(r.stdout)["findings"]}
    assert "IAM110" not in {f["code"] for f in json.loads(r.stdout)["findings"]}


def test_fix_on_stdin_prints_the_fixed_text(tmp_path):
    r = invoke("check", "-", "--fix", "--select", "IAM201", input=TYPO)  # the did-you-means are unsafe
    assert r.stdout == TYPO and r.exit_code == 1
    r = invoke("check", "-", "--fix", "--unsafe-fixes", "--select", "IAM201", input=TYPO)
    assert r.stdout == TYPO.replace("s3:GetObjekt", "s3:GetObject").replace("s3:ListBukket", "s3:ListBucket")
    assert r.exit_code == 0
    r = invoke("check", "-", "--fix", "--select", "IAM110", input=TYPO)  # nothing to fix: the text as it was
    assert r.stdout == TYPO


# -- baseline ------------------------------------------------------------------------------------
def test_baseline_survives_lines_moving_and_reports_only_new_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.json").write_text(TYPO)
    r = invoke("check", "p.json", "--select", "IAM201", "--write-baseline", "baseline.json", "--format", "json")
    assert r.exit_code == 1 and len(json.loads(r.stdout)["findings"]) == 2
    base = json.loads((tmp_path / "baseline.json").read_text())
    assert base["format"] == "iamlint-baseline" and [e["file"] for e in base["findings"]] == ["p.json", "p.json"]
    # Lines move (a blank line and re-indentation) and a statement is inserted above: nothing new.
    moved = TYPO.replace('"Statement": [\n', '"Statement": [\n\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},\n')
    (tmp_path / "p.json").write_text("\n\n" + moved)
    r = invoke("check", "p.json", "--select", "IAM201", "--baseline", "baseline.json", "--format", "json")
    assert r.exit_code == 0, r.stdout
    assert json.loads(r.stdout)["findings"] == []
    # A new typo is reported, the old ones stay excused.
    (tmp_path / "p.json").write_text(moved.replace('"s3:GetObject", "Resource": "*"', '"s3:PutObjekt", "Resource": "*"'))
    r = invoke("check", "p.json", "--select", "IAM201", "--baseline", "baseline.json", "--format", "json")
    found = json.loads(r.stdout)["findings"]
    assert r.exit_code == 1 and len(found) == 1 and "s3:PutObjekt" in found[0]["message"]


def test_bad_baseline_is_a_usage_error(tmp_path):
    (tmp_path / "p.json").write_text(TYPO)
    (tmp_path / "b.json").write_text('{"not": "a baseline"}')
    for baseline in (str(tmp_path / "b.json"), str(tmp_path / "missing.json")):
        r = invoke("check", str(tmp_path / "p.json"), "--baseline", baseline)
        assert r.exit_code == 2 and os.path.basename(baseline) in r.stderr


# -- carriers ------------------------------------------------------------------------------------
@pytest.mark.skipif(not runner.HAS_CARRIERS, reason="carriers not installed")
def test_directory_walk_finds_carrier_files_and_skips_others_quietly(tmp_path):
    d = tmp_path / "iac"
    d.mkdir()
    (d / "policy.yaml").write_text("Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObjekt\n    Resource: '*'\n")
    (d / "compose.yml").write_text("services:\n  web:\n    image: nginx\n")
    (d / "main.tf").write_text('resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n'
                               '    Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }]\n  })\n}\n')
    (d / "variables.tf").write_text('variable "x" {\n  type = string\n}\n')
    (d / "README.md").write_text("# not linted\n")
    r = invoke("check", str(d), "--select", "IAM201", "--format", "json")
    assert r.stderr == ""
    found = json.loads(r.stdout)["findings"]
    where = sorted((os.path.basename(f["file"]), f["range"]["start"]["line"]) for f in found)
    assert where == [("main.tf", 4), ("policy.yaml", 4)]
    tf = next(f for f in found if f["file"].endswith("main.tf"))
    assert tf["location"].startswith("aws_iam_policy.p") and "aws_iam_policy.p" not in tf["message"]


@pytest.mark.skipif(not runner.HAS_CARRIERS, reason="carriers not installed")
def test_carrier_comment_suppressions_are_applied_and_unused_ones_reported(tmp_path):
    p = tmp_path / "policy.yaml"
    p.write_text(
        "Version: '2012-10-17'\n"
        "Statement:\n"
        "  - Effect: Allow\n"
        "    Action: s3:GetObjekt  # iamlint: ignore[IAM201] kept for the old pipeline\n"
        "    Resource: '*'\n"
        "  - Effect: Allow\n"
        "    Action: s3:PutObjekt  # iamlint: ignore[IAM201]\n"
        "    Resource: '*'\n"
        "  # iamlint: ignore[unknown-action] nothing here any more\n"
        "  - Effect: Allow\n"
        "    Action: s3:ListBucket\n"
        "    Resource: '*'\n"
    )
    r = invoke("check", str(p), "--select", "IAM201", "--format", "json")
    doc = json.loads(r.stdout)
    assert [f["range"]["start"]["line"] for f in doc["findings"]] == [7]  # no reason: not applied
    assert [(u["line"], u["codes"]) for u in doc["unused_suppressions"]] == [(9, ["unknown-action"])]
    assert "policy.yaml:7:" in r.stderr and "no reason" in r.stderr
    assert "policy.yaml:9:" in r.stderr and "unused suppression" in r.stderr


def test_a_bug_outside_the_rules_costs_one_file_not_the_run(tmp_path, monkeypatch):
    import iamlint.carriers

    def broken_extract(name, text, document=None):
        if name.endswith("main.tf"):
            raise KeyError("injected")
        return None

    monkeypatch.setattr(iamlint.carriers, "extract", broken_extract)
    (tmp_path / "main.tf").write_text('resource "aws_iam_policy" "p" {\n  policy = "{}"\n}\n')
    (tmp_path / "p.json").write_text(TYPO)
    r = invoke("check", str(tmp_path), "--select", "IAM201", "--format", "json", "--jobs", "1")
    assert r.exit_code == 2
    out = json.loads(r.stdout)
    assert [os.path.basename(f["file"]) for f in out["findings"]] == ["p.json", "p.json"]
    (err,) = out["errors"]
    assert err["file"].endswith("main.tf") and "internal error, not linted: KeyError" in err["message"]
    assert "main.tf: internal error" in r.stderr
