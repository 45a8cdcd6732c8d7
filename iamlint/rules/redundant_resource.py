"""A resource ARN that another (wildcard) ARN of the same list already matches.

## What it does
Compares the ARNs of each `Resource`/`NotResource` list. When one ARN matches everything another
matches (`arn:aws:s3:::logs-*` matches `arn:aws:s3:::logs-*/*`, since `*` runs over `/` and `:`),
the narrower one is redundant. As Access Analyzer does, it reports one finding per covering ARN,
naming the covering ARN and the ARNs it makes redundant (four of them, then how many more). The
finding points at the ARN its message tells to remove: the second copy of a duplicate, the one
redundant ARN, or, of several, the longest, which the message names as the example. Matching is
case-sensitive (`*DeepRacer*` does not cover `*deepracer*`); variables are compared as written.

## Why is this bad?
The redundant ARN grants nothing more, and it hides what the statement really allows: a reviewer
reads `arn:aws:s3:::logs-*/*` and misses that `arn:aws:s3:::logs-*` already covers every object
in those buckets. Often the wildcard is broader than intended.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject",
 "Resource": ["arn:aws:s3:::elasticbeanstalk-*", "arn:aws:s3:::elasticbeanstalk-*/*"]}
```

## Use instead
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::elasticbeanstalk-*"}
```
(the same access), or, if only the objects were meant, keep the narrower ARN and drop the broader
one.

## Fix
Removing the redundant ARNs is a safe fix: the covering ARN already matches them, so the list
matches the same resources (in `Resource` and in `NotResource`). No fix where a policy variable
is involved (what `${...}` matches is known only per request).

## References
- Access Analyzer: REDUNDANT_RESOURCE
- IAM User Guide, IAM JSON policy elements: Resource (wildcards in ARNs)
"""

import re
from bisect import bisect_left, bisect_right

from ..arn import covers
from ..carriers import is_placeholder
from ..model import Problem, Replacement, Severity

CODE = "IAM222"
NAME = "redundant-resource"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "REDUNDANT_RESOURCE"
MAX_VALUES = 1000  # more than any policy size quota allows: give up
_WILD = re.compile(r"[*?]")


_MEMO_MAX = 20000  # distinct lists remembered per catalog (a long-running server stays bounded)


def check(ctx):
    # The same lists recur across policies: each distinct one is judged once per catalog.
    memo = ctx.catalog.memo.get(NAME)
    if memo is None or len(memo) > _MEMO_MAX:
        memo = ctx.catalog.memo[NAME] = {}
    for st in ctx.policy.statements:
        el = st.resource
        if el is None or not el.is_list or len(el.texts) < 2 or len(el.texts) > MAX_VALUES:
            continue
        texts = el.texts
        positions = None  # of the entries judged in the element, when "*" and computed entries are left out
        if "*" in texts or any(map(is_placeholder, texts)):
            # a computed ARN (`!GetAtt B.Arn`, `"${aws_s3_bucket.b.arn}/*"`) shows a plausible ARN,
            # not the one deployed: it neither duplicates nor covers another
            positions = [i for i, t in enumerate(texts) if t != "*" and not is_placeholder(t)]
            texts = tuple([texts[i] for i in positions])
        if len(texts) < 2:
            continue
        found = memo.get(texts)
        if found is None:
            found = memo[texts] = _redundancies(texts)
        for at, message, group in found:
            fix = None
            if group:
                paths = [el.path_of(k if positions is None else positions[k]) for k in group]
                fix = (Replacement(f"Remove {len(paths)} redundant ARNs", tuple(paths), kind="remove") if len(paths) > 1
                       else Replacement("Remove the redundant ARN", None, kind="remove"))
            yield Problem(path=el.path_of(at if positions is None else positions[at]), message=message, replacement=fix)


SHOWN = 4  # redundant ARNs named in a message


def _redundancies(texts):
    """(index of the entry to report at, message, indexes to remove or ()) for each group of
    redundant ARNs of a list: the finding points at the ARN its message tells to remove (the
    second copy of a duplicate; of several, the longest, which the message names as the example,
    as Access Analyzer does); no removal where a policy variable is involved."""
    out = []
    n = len(texts)
    general = [i for i in range(n) if "*" in texts[i] or "?" in texts[i]]
    seen = {}
    duplicates = [i for i in range(n) if seen.setdefault(texts[i], i) != i]
    if not general and not duplicates:
        return out
    covered_by = {}  # specific index -> list of covering indexes
    candidates = set(general) | {seen[texts[i]] for i in duplicates}
    order = sorted(range(n), key=texts.__getitem__)
    ordered = [texts[i] for i in order]
    for g in sorted(candidates):
        chunks = _WILD.split(texts[g])
        head, last = chunks[0], chunks[-1]
        longest = max(chunks[1:], key=len, default="")
        # only ARNs that start with the literal head of the covering one, end with its literal
        # tail and contain its other literal runs (the longest, a cheap test) can be covered
        lo = bisect_left(ordered, head)
        hi = bisect_right(ordered, head + "\U0010ffff", lo)
        for k in [order[pos] for pos in range(lo, hi) if ordered[pos].endswith(last) and longest in ordered[pos]]:
            if k != g and covers(texts[g], texts[k]):
                covered_by.setdefault(k, []).append(g)
    for lst in covered_by.values():
        lst.sort()
    if not covered_by:
        return out
    for g in sorted(candidates):
        # a covering ARN that another ARN covers is itself redundant: only the broadest report
        if any(not (texts[o] == texts[g] and o > g) for o in covered_by.get(g, ())):
            continue
        group = [k for k in range(n) if k != g and g in covered_by.get(k, ())]
        if not group:
            continue
        longest = max(group, key=lambda k: (len(texts[k]), -k))
        names = ", ".join(repr(texts[k]) for k in group[:SHOWN])
        if len(group) > SHOWN:
            names += f" and {len(group) - SHOWN} more"
        if len(group) == 1 and texts[group[0]] == texts[g]:
            message = f"{texts[g]!r} is listed twice in this list; remove the second one"
        elif len(group) == 1:
            message = (f"{texts[group[0]]!r} is redundant: {texts[g]!r} in the same list already matches it; "
                       f"remove {texts[group[0]]!r}, or narrow the wildcard")
        else:
            message = (f"{len(group)} resource ARNs are redundant: {texts[g]!r} in the same list already "
                       f"matches {names}; remove them (e.g. {texts[longest]!r}), or narrow the wildcard")
        removable = () if any("${" in texts[k] for k in [g] + group) else tuple(group)
        out.append((longest, message, removable))
    return out
