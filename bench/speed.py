"""How fast iamlint lints the AWS managed policies, against the floor of merely parsing them.

One run measures, each as the wall time of a whole new process (best of N, so start-up counts):

  floor     python3 -c that json.loads every file of ../shared/corpus/aws-managed
  corpus    iamlint check ../shared/corpus/aws-managed --format json (default rules), with the
            default --jobs (one worker per CPU) and with --jobs 1       (target <= 4x floor)
  no-lp     the same with --ignore IAM6: the share of the least-privilege rules (target <= +50%)
  all       the same with --select ALL; its peak RSS (getrusage)        (target < 200 MB)
  cold      iamlint check of one small policy (examples/app-role-policy.json)      (target <= 0.25 s)
  peer      parliament 1.6.4 over the same files in one process, if it can be pip-installed into
            bench/out/ (optional; skipped cleanly when it cannot)

then prints a table (and writes bench/out/speed.json). `--profile` also runs the corpus under
cProfile and prints the top entries by cumulative time (bench/out/corpus.pstats keeps them).

    python3 bench/speed.py [--repeat 5] [--profile] [--top 30] [--no-peer]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CORPUS_REL = "../shared/corpus/aws-managed"  # relative to the repository, as in CI
SMALL_POLICY = "examples/app-role-policy.json"
PARLIAMENT = "1.6.4"
TARGETS = {"ratio": 4.0, "cold": 0.25, "rss_mb": 200.0, "lp_share": 0.5}

FLOOR_CODE = (
    "import json, os, sys\n"
    "d = sys.argv[1]\n"
    "for name in sorted(os.listdir(d)):\n"
    "    if name.endswith('.json'):\n"
    "        with open(os.path.join(d, name), 'rb') as f:\n"
    "            json.loads(f.read())\n"
)

# Parliament's own --directory mode stops at the first policy it cannot handle (it raises on
# condition keys of type ArrayOfARN), so the peer run calls its library per file and counts crashes.
PARLIAMENT_CODE = (
    "import os, sys\n"
    "from parliament import analyze_policy_string\n"
    "d = sys.argv[1]; findings = crashes = files = 0\n"
    "for name in sorted(os.listdir(d)):\n"
    "    if not name.endswith('.json'):\n"
    "        continue\n"
    "    files += 1\n"
    "    with open(os.path.join(d, name), encoding='utf-8') as f:\n"
    "        text = f.read()\n"
    "    try:\n"
    "        findings += len(analyze_policy_string(text, name).findings)\n"
    "    except Exception:\n"
    "        crashes += 1\n"
    "print(files, findings, crashes)\n"
)


def iamlint_command() -> list:
    exe = shutil.which("iamlint")
    return [exe] if exe else [sys.executable, "-m", "iamlint.cli"]


def run_once(cmd, env=None):
    """(wall seconds, peak RSS in MiB, exit code, stdout) of one child process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)  # wait4: this child's own rusage
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode not in (0, 1):
            sys.stderr.write(err.read().decode("utf-8", "replace")[-2000:])
        return wall, usage.ru_maxrss / 1024.0, proc.returncode, out.read()


def best_of(cmd, n, ok_codes=(0,), env=None):
    best, rss, last = None, 0.0, b""
    for _ in range(n):
        wall, peak, code, out = run_once(cmd, env)
        if code not in ok_codes:
            raise SystemExit(f"{' '.join(map(str, cmd))} exited {code}")
        best = wall if best is None else min(best, wall)
        rss = max(rss, peak)
        last = out
    return best, rss, last


def parliament_env():
    """PYTHONPATH for parliament installed into bench/out/, or None when it cannot be installed."""
    target = OUT / f"parliament-{PARLIAMENT}"
    probe = [sys.executable, "-c", "import parliament"]
    env = dict(os.environ, PYTHONPATH=str(target))
    if subprocess.run(probe, env=env, capture_output=True).returncode == 0:
        return env
    pip = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target", str(target)]
    # Its own code and the two small pure-Python dependencies first (boto3, jmespath and pyyaml are
    # often installed already); then, if that is not enough, everything it asks for.
    for extra in (["--no-deps", f"parliament=={PARLIAMENT}", "json-cfg", "kwonly-args"], [f"parliament=={PARLIAMENT}"]):
        subprocess.run(pip + extra, capture_output=True)
        if subprocess.run(probe, env=env, capture_output=True).returncode == 0:
            return env
    return None


def profile(top: int) -> None:
    import pstats

    stats_path = OUT / "corpus.pstats"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_path), "-m", "iamlint.cli",
           "check", CORPUS_REL, "--format", "json", "--select", "ALL", "--output", os.devnull]
    subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True)
    print(f"\nProfile of the corpus run (cProfile, by cumulative time; {stats_path.relative_to(ROOT)}):")
    stats = pstats.Stats(str(stats_path))
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per measure; the best counts (default 5)")
    ap.add_argument("--profile", action="store_true", help="also profile the corpus run")
    ap.add_argument("--top", type=int, default=30, help="profile entries to print")
    ap.add_argument("--no-peer", action="store_true", help="skip parliament")
    args = ap.parse_args()
    corpus = (ROOT / CORPUS_REL).resolve()
    if not corpus.is_dir():
        raise SystemExit(f"{corpus} is not here (../shared/corpus sits beside the repository)")
    OUT.mkdir(parents=True, exist_ok=True)
    files = sorted(corpus.glob("*.json"))
    size = sum(p.stat().st_size for p in files)
    n = max(1, args.repeat)

    floor, floor_rss, _ = best_of([sys.executable, "-c", FLOOR_CODE, CORPUS_REL], n)
    check = iamlint_command() + ["check", CORPUS_REL, "--format", "json"]
    times = {}
    for label, extra in (("default", []), ("serial", ["--jobs", "1"]), ("no_lp", ["--ignore", "IAM6"]),
                         ("no_lp_serial", ["--ignore", "IAM6", "--jobs", "1"])):
        times[label], _rss, report = best_of(check + extra, n, ok_codes=(0, 1))
        if label == "default":
            findings = len(json.loads(report)["findings"])
    corpus_time = times["default"]
    all_time, corpus_rss, all_report = best_of(check + ["--select", "ALL"], n, ok_codes=(0, 1))
    all_findings = len(json.loads(all_report)["findings"])
    cold_cmd = iamlint_command() + ["check", SMALL_POLICY]
    cold, _cold_rss, _ = best_of(cold_cmd, max(n, 5), ok_codes=(0, 1))

    peer = None
    if not args.no_peer:
        env = parliament_env()
        if env is not None:
            try:
                peer_time, peer_rss, out = best_of([sys.executable, "-c", PARLIAMENT_CODE, CORPUS_REL], max(1, min(n, 3)), env=env)
                p_files, p_findings, p_crashes = map(int, out.split())
                peer = {"seconds": peer_time, "rss_mb": peer_rss, "files": p_files, "findings": p_findings, "crashed_on": p_crashes}
            except (SystemExit, ValueError) as exc:
                peer = {"skipped": f"parliament failed to run: {exc}"}
        else:
            peer = {"skipped": "parliament could not be installed into bench/out/"}

    ratio = corpus_time / floor
    serial_ratio = times["serial"] / floor
    share = times["serial"] / times["no_lp_serial"] - 1
    share_jobs = times["default"] / times["no_lp"] - 1
    verdict = lambda ok: "ok" if ok else "MISSED"  # noqa: E731
    rows = [
        ("floor: json.loads every file (process)", f"{floor:.3f} s", ""),
        (f"iamlint check corpus (default rules, --jobs {os.cpu_count()})", f"{corpus_time:.3f} s",
         f"{ratio:.1f}x floor: <= {TARGETS['ratio']:.0f}x {verdict(ratio <= TARGETS['ratio'])}"),
        ("  the same with --jobs 1", f"{times['serial']:.3f} s", f"{serial_ratio:.1f}x floor"),
        ("  findings", str(findings), ""),
        ("  without least privilege (--ignore IAM6), --jobs 1", f"{times['no_lp_serial']:.3f} s",
         f"least privilege adds {100 * share:.0f}%: <= {100 * TARGETS['lp_share']:.0f}% {verdict(share <= TARGETS['lp_share'])}"),
        (f"  without least privilege, --jobs {os.cpu_count()}", f"{times['no_lp']:.3f} s", f"adds {100 * share_jobs:.0f}%"),
        (f"iamlint check corpus --select ALL, --jobs {os.cpu_count()}", f"{all_time:.3f} s", f"{all_findings} findings"),
        ("  peak RSS", f"{corpus_rss:.0f} MB", f"< {TARGETS['rss_mb']:.0f} MB {verdict(corpus_rss < TARGETS['rss_mb'])}"),
        ("cold iamlint check of one small policy", f"{cold:.3f} s", f"<= {TARGETS['cold']} s {verdict(cold <= TARGETS['cold'])}"),
    ]
    if peer and "seconds" in peer:
        rows.append((f"parliament {PARLIAMENT} over the corpus (peer)", f"{peer['seconds']:.3f} s",
                     f"{peer['seconds'] / floor:.1f}x floor, {peer['rss_mb']:.0f} MB, crashed on {peer['crashed_on']} files"))
    elif peer:
        rows.append((f"parliament {PARLIAMENT} (peer)", "skipped", peer["skipped"]))
    print(f"Corpus: {CORPUS_REL}: {len(files)} files, {size / 1048576:.1f} MiB; best of {n} runs; Python {sys.version.split()[0]}")
    width = max(len(r[0]) for r in rows)
    for label, value, note in rows:
        print(f"  {label:<{width}}  {value:>9}  {note}")
    (OUT / "speed.json").write_text(json.dumps({
        "files": len(files), "bytes": size, "repeat": n, "cpus": os.cpu_count(), "floor_s": floor,
        "corpus_s": corpus_time, "ratio": ratio, "serial_s": times["serial"], "serial_ratio": serial_ratio,
        "no_least_privilege_s": times["no_lp"], "no_least_privilege_serial_s": times["no_lp_serial"],
        "least_privilege_share": share, "all_rules_s": all_time, "all_rules_rss_mb": corpus_rss,
        "findings": findings, "all_findings": all_findings, "cold_s": cold, "peer": peer}, indent=2) + "\n")
    if args.profile:
        profile(args.top)


if __name__ == "__main__":
    main()
