"""Wrap each AWS managed policy as a CloudFormation template (one AWS::IAM::ManagedPolicy per
template) in bench/out/cfn/, for the speed comparison with cfn-lint.

    python3 bench/cfn_wrap.py            # writes the templates
    python3 bench/cfn_wrap.py --time     # also times iamlint (and cfn-lint if installed in
                                         # bench/out/venv-cfn) on 100 templates and on all
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "aws-managed"
OUT = ROOT / "bench" / "out" / "cfn"
SAMPLE = ROOT / "bench" / "out" / "cfn-100"
CFN_LINT = ROOT / "bench" / "out" / "venv-cfn" / "bin" / "cfn-lint"


def wrap() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    n = 0
    for path in sorted(CORPUS.glob("*.json")):
        try:
            policy = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        template = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {
                "Policy": {
                    "Type": "AWS::IAM::ManagedPolicy",
                    "Properties": {"PolicyDocument": policy},
                }
            },
        }
        (OUT / (path.stem + ".json")).write_text(json.dumps(template, indent=2) + "\n", encoding="utf-8")
        n += 1
    if SAMPLE.exists():
        shutil.rmtree(SAMPLE)
    SAMPLE.mkdir(parents=True)
    for p in sorted(OUT.glob("*.json"))[:100]:
        shutil.copy(p, SAMPLE / p.name)
    return n


def lint_folder(folder: str) -> int:
    """What `iamlint check FOLDER` does once the carriers are wired into the runner: read each
    file, extract its policies, lint each. Returns the number of findings."""
    from iamlint.carriers import extract
    from iamlint.engine import analyze

    count = 0
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
        for p in extract(path, text) or ():
            count += len(analyze(p.document, filename=path, policy_type=p.policy_type, resource_type=p.resource_type).findings)
    return count


def timed(cmd) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    if sys.argv[1:2] == ["--lint"]:
        print(lint_folder(sys.argv[2]))
        return
    n = wrap()
    print(f"wrote {n} templates to {OUT.relative_to(ROOT)} (and 100 in {SAMPLE.relative_to(ROOT)})")
    if "--time" not in sys.argv:
        return
    iamlint = [sys.executable, __file__, "--lint"]
    for label, folder in (("100 templates", SAMPLE), (f"{n} templates", OUT)):
        files = sorted(str(p) for p in folder.glob("*.json"))
        t_iam = timed(iamlint + [str(folder)])
        line = f"{label}: iamlint {t_iam:.2f} s"
        if CFN_LINT.exists() and (folder == SAMPLE or "--all" in sys.argv):
            t_cfn = timed([str(CFN_LINT)] + files)
            line += f", cfn-lint {t_cfn:.2f} s ({t_cfn / t_iam:.1f}x)"
        print(line)


if __name__ == "__main__":
    main()
