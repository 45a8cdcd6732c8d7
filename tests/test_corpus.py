"""Every real policy of the corpus lints with every rule selected, without an exception; the output
for a representative file is stable (same in a fresh process, whatever the hash seed, and before
and after linting everything else: no state leaks between documents)."""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, corpus_dir
from iamlint.config import Config
from iamlint.engine import lint_bytes
from iamlint.model import PolicyType
from iamlint.render import json as json_render

ALL = Config(select=("ALL",))
REPRESENTATIVE = "AWSCodeStarFullAccess.json"  # several statements, conditions, an action AWS flagged


@pytest.mark.parametrize("corpus", ["aws-managed", "aws-managed-deprecated", "risky"])
def test_every_corpus_file_lints_with_all_rules(corpus):
    files = sorted(corpus_dir(corpus).glob("*.json"))
    assert files
    failures = []
    total = 0
    for path in files:
        data = path.read_bytes()
        try:
            findings = lint_bytes(data, filename=path.name, config=ALL)
        except Exception as exc:  # collect them all: one report beats 1,452 reruns
            failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        total += len(findings)
        for f in findings:
            assert f.range.start.line >= 1 and f.range.start.column >= 1, (path.name, f)
            assert (f.range.start.line, f.range.start.column) <= (f.range.end.line, f.range.end.column), (path.name, f)
            json.dumps(f.to_json())
    assert not failures, "\n".join(failures[:20])
    if corpus == "aws-managed":
        assert len(files) == 1452
        # AWS's own policies are mostly right: an avalanche of findings means a rule misfires.
        assert total < 20 * len(files), total


@pytest.mark.parametrize("policy_type", [t for t in PolicyType])
def test_corpus_sample_lints_as_every_policy_type(policy_type):
    files = sorted(corpus_dir("aws-managed").glob("*.json"))[::37] + sorted(corpus_dir("risky").glob("*.json"))
    config = ALL.with_(policy_type=policy_type)
    for path in files:
        lint_bytes(path.read_bytes(), filename=path.name, config=config)


def _report(path):
    findings = lint_bytes(path.read_bytes(), filename=path.name, config=ALL)
    return json_render.render(findings, "x")


def test_representative_output_is_stable_in_process():
    path = corpus_dir("aws-managed") / REPRESENTATIVE
    first = _report(path)
    assert json.loads(first)["findings"], "the representative file should have findings"
    for other in sorted(corpus_dir("aws-managed").glob("*.json"))[::5]:
        lint_bytes(other.read_bytes(), filename=other.name, config=ALL)
    assert _report(path) == first


def test_representative_output_is_stable_across_processes():
    path = corpus_dir("aws-managed") / REPRESENTATIVE
    outputs = []
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-m", "iamlint.cli", "check", str(path), "--format", "json", "--select", "ALL"],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
        assert proc.returncode in (0, 1), proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    doc = json.loads(outputs[0])
    findings = [dict(f, file=os.path.basename(f["file"])) for f in doc["findings"]]
    assert findings == json.loads(_report(path))["findings"]
