"""The pre-commit hooks in `.pre-commit-hooks.yaml`, run the way a user runs them:
`pre-commit try-repo <this repository> iamlint --all-files` in a throwaway git repository.

The test snapshots this working tree (tracked and untracked, non-ignored files) into a fresh git
repository first, because try-repo's own shadow commit leaves out new, untracked files such as a
not-yet-committed manifest. pre-commit then builds a virtualenv and pip-installs that snapshot, so
the end-to-end test needs pip to reach its package index. It skips with a message when pre-commit or git is missing, and when the environment cannot
be installed (no network).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / ".pre-commit-hooks.yaml"
GIT = shutil.which("git")


def _pre_commit_cmd():
    exe = shutil.which("pre-commit")
    if exe:
        return [exe]
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "pre_commit"]


PRE_COMMIT = _pre_commit_cmd()
needs_pre_commit = pytest.mark.skipif(
    PRE_COMMIT is None,
    reason="pre-commit is not installed: `python3 -m pip install -e '.[test]'` (what .ci/run does) installs it",
)

# A policy nothing should object to once the action is spelled right (an action without resource
# types, so "*" is the correct Resource), and the same with a misspelt action.
GOOD = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "WhoAmI",
      "Effect": "Allow",
      "Action": "sts:GetCallerIdentity",
      "Resource": "*"
    }
  ]
}
"""
BAD = GOOD.replace("sts:GetCallerIdentity", "sts:GetCallerIdentiy")
PACKAGE_JSON = '{"name": "app", "version": "1.0.0", "private": true}\n'


def _hooks():
    yaml = pytest.importorskip("yaml", reason="PyYAML (a pre-commit dependency) is needed to read the manifest")
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return {h["id"]: h for h in hooks}


def test_manifest_hooks():
    hooks = _hooks()
    assert set(hooks) == {"iamlint", "iamlint-iac"}
    for hook in hooks.values():
        assert hook["language"] == "python"
    assert hooks["iamlint"]["entry"] == "iamlint check --force-exclude"
    assert hooks["iamlint-iac"]["entry"] == "iamlint check --only-policies --force-exclude"
    assert hooks["iamlint"]["types"] == ["json"]
    assert set(hooks["iamlint-iac"]["types_or"]) == {"yaml", "terraform", "json"}


@pytest.mark.parametrize("path, selected", [
    ("s3-read-policy.json", True),
    ("iam/TrustPolicy.json", True),
    ("a/b/policies-admin.json", True),
    ("POLICY.JSON", True),
    ("package.json", False),
    ("tsconfig.json", False),
    ("policies/package.json", False),
    ("policy.json.bak", False),
    ("app/policy.yaml", False),
])
def test_default_hook_file_filter_is_conservative(path, selected):
    """Non-policy JSON never reaches `iamlint check` (which lints every file it is given)."""
    pattern = _hooks()["iamlint"]["files"]
    assert bool(re.search(pattern, path)) is selected


@needs_pre_commit
def test_manifest_is_valid():
    proc = subprocess.run([*PRE_COMMIT, "validate-manifest", str(MANIFEST)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


GIT_IDENTITY = {"GIT_AUTHOR_NAME": "iamlint-test", "GIT_AUTHOR_EMAIL": "test@example.com",
                "GIT_COMMITTER_NAME": "iamlint-test", "GIT_COMMITTER_EMAIL": "test@example.com"}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run([GIT, *args], cwd=cwd, check=True, capture_output=True, timeout=60,
                   env=dict(os.environ, **GIT_IDENTITY))


def _snapshot(dest: Path) -> Path:
    """This working tree as it is now, committed in a fresh repository."""
    listed = subprocess.run([GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, check=True, capture_output=True, timeout=60).stdout
    dest.mkdir()
    for name in filter(None, listed.decode("utf-8", "surrogateescape").split("\0")):
        src = REPO / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot")
    return dest


def _try_repo(cwd: Path, env: dict, repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*PRE_COMMIT, "try-repo", str(repo), "iamlint", "--all-files", "--color", "never"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def _skip_if_install_failed(proc: subprocess.CompletedProcess) -> None:
    out = proc.stdout + proc.stderr
    if proc.returncode not in (0, 1) and ("Installing environment" in out or "pip" in out):
        pytest.skip("pre-commit could not build the hook's environment (pip needs its package index; "
                    f"offline?): {out[-1500:]}")


@needs_pre_commit
@pytest.mark.skipif(GIT is None, reason="git is not installed")
@pytest.mark.skipif(not (REPO / ".git").exists(), reason="the iamlint sources are not a git checkout")
def test_try_repo_fails_on_bad_policy_then_passes(tmp_path):
    work = tmp_path / "project"
    work.mkdir()
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
               PIP_DISABLE_PIP_VERSION_CHECK="1", **GIT_IDENTITY)
    env.pop("PRE_COMMIT", None)
    repo = _snapshot(tmp_path / "iamlint-snapshot")
    _git(work, "init", "-q")
    policy = work / "iam" / "whoami-policy.json"
    policy.parent.mkdir()
    policy.write_text(BAD, encoding="utf-8")
    (work / "package.json").write_text(PACKAGE_JSON, encoding="utf-8")
    # iamlint looks for its configuration upwards from each file: an empty one here keeps a stray
    # pyproject.toml/.iamlint.toml above the temporary folder from changing the outcome.
    (work / ".iamlint.toml").write_text("# defaults\n", encoding="utf-8")
    _git(work, "add", "-A")

    bad = _try_repo(work, env, repo)
    _skip_if_install_failed(bad)
    out = bad.stdout + bad.stderr
    assert bad.returncode == 1, out
    assert "iam/whoami-policy.json:7:17: IAM201 [unknown-action]" in out, out
    assert "did you mean sts:GetCallerIdentity?" in out  # the did-you-mean
    assert "package.json:" not in out.replace("whoami-policy.json:", ""), "non-policy JSON was linted:\n" + out

    policy.write_text(GOOD, encoding="utf-8")
    _git(work, "add", "-A")
    good = _try_repo(work, env, repo)
    out = good.stdout + good.stderr
    assert good.returncode == 0, out
    assert re.search(r"iamlint \(AWS IAM policies\)\.+Passed", out), out


def test_iac_hook_command_passes_files_without_policies(tmp_path):
    """What iamlint-iac runs on every YAML, Terraform and JSON file of a commit: only those that
    hold a policy are linted (a workflow, variables.tf and package.json pass quietly)."""
    from cli_util import invoke

    files = {
        "ci.yml": "name: ci\non: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n",
        "variables.tf": 'variable "x" {\n  default = 1\n}\n',
        "package.json": '{"name": "x", "version": "1.0.0"}\n',
        "stack.yaml": ("Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n"
                       "        Version: '2012-10-17'\n        Statement:\n          - {Effect: Allow, Action: s3:GetObjet, Resource: '*'}\n"),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    entry = _hooks()["iamlint-iac"]["entry"].split()[1:]
    r = invoke(*entry, "--isolated", "--no-source", *[str(tmp_path / n) for n in files])
    assert r.exit_code == 1
    assert {line.split(":", 1)[0] for line in r.stdout.splitlines() if ": IAM" in line} == {str(tmp_path / "stack.yaml")}
