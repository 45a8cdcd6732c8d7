"""In-process profile of linting the managed corpus with ALL rules.

    python3 bench/profile.py                 # first (cold caches) and warm pass times
    python3 bench/profile.py rules [N]       # + time per rule (warm pass), top N (default 40)
    python3 bench/profile.py tottime [N]     # + cProfile of a warm pass sorted by tottime (or cumulative, ...)
    python3 bench/profile.py --first tottime   # cProfile of the first pass (what one CLI run pays)
    python3 bench/profile.py --corpus DIR ...  # another corpus (default ../shared/corpus/aws-managed)

Run it from the repository root. The first pass includes loading the catalog and every lazy
structure; the warm pass is what a long-running process (the language server) pays per corpus.
"""

import os
import sys

# This file is named profile.py: keep the stdlib's `profile` (imported by cProfile) from resolving
# to it when the script's directory is first on sys.path.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]

import cProfile  # noqa: E402
import gc  # noqa: E402
import glob  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402

from iamlint import engine  # noqa: E402
from iamlint.config import Config  # noqa: E402
from iamlint.engine import lint  # noqa: E402

args = sys.argv[1:]
corpus = "../shared/corpus/aws-managed"
if "--corpus" in args:
    i = args.index("--corpus")
    corpus = args[i + 1]
    del args[i : i + 2]
first = "--first" in args  # profile the first (cold) pass instead of a warm one
if first:
    args.remove("--first")
mode = args[0] if args else None
top = int(args[1]) if len(args) > 1 else 40

files = sorted(glob.glob(os.path.join(corpus, "*.json")))
texts = [(f, open(f, encoding="utf-8").read()) for f in files]
cfg = Config(select=("ALL",))


def go():
    # As the CLI runs (iamlint.runner): the collector off, and every 32 files a collection whose
    # survivors (the caches) are frozen. Left on, its pauses land in whichever rule allocates
    # when it strikes and make that rule look slow.
    n = 0
    gc.disable()
    try:
        for i, (f, t) in enumerate(texts):
            n += len(lint(t, filename=f, config=cfg))
            if i % 32 == 31:
                gc.collect()
                gc.freeze()
    finally:
        gc.unfreeze()
        gc.enable()
    return n


if first and mode and mode != "rules":
    prof = "/tmp/iamlint-profile.pstats"
    cProfile.run("go()", prof)
    pstats.Stats(prof).sort_stats(mode).print_stats(top)
    sys.exit(0)
t = time.perf_counter()
n = go()
print(f"first {time.perf_counter() - t:.3f} s  {n} findings  {len(texts)} files")
t = time.perf_counter()
n = go()
print(f"warm  {time.perf_counter() - t:.3f} s  {n} findings")

if mode == "rules":
    # Time each rule's check() (generator fully consumed) over a warm pass.
    spent = {}
    originals = {}
    for rule in engine.selected_rules(cfg):
        originals[rule.code] = rule.check

    def timed(rule, check):
        def wrapper(ctx):
            t0 = time.perf_counter()
            out = list(check(ctx))
            spent[rule.code + " " + rule.name] = spent.get(rule.code + " " + rule.name, 0.0) + time.perf_counter() - t0
            return out

        return wrapper

    rules = engine.selected_rules(cfg)
    for rule in rules:
        object.__setattr__(rule, "check", timed(rule, rule.check))
    engine._rules_for.cache_clear()
    try:
        t = time.perf_counter()
        go()
        total = time.perf_counter() - t
    finally:
        for rule in rules:
            object.__setattr__(rule, "check", originals[rule.code])
    ruled = sum(spent.values())
    print(f"\nwarm pass {total:.3f} s, of which rules {ruled:.3f} s (the rest: parse, view, findings)")
    for name, s in sorted(spent.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {s * 1000:8.1f} ms  {100 * s / total:5.1f}%  {name}")
    by_group = {}
    for name, s in spent.items():
        g = name[:4]
        by_group[g] = by_group.get(g, 0.0) + s
    print("by group: " + ", ".join(f"{g}xx {s:.3f}" for g, s in sorted(by_group.items())))
elif mode:
    prof = "/tmp/iamlint-profile.pstats"
    cProfile.run("go()", prof)
    pstats.Stats(prof).sort_stats(mode).print_stats(top)
