"""An action entry already covered by another entry of the same statement.

## What it does
Reports `Action` entries that another entry of the same statement fully covers: an exact
duplicate (names are case-insensitive), or an action or pattern that a wildcard pattern
matches entirely (`iam:GetUser` next to `iam:Get*`). Entries that only partly overlap
(`ec2:Describe*` and `ec2:*Instances`) are not reported. Like Access Analyzer, it reports
one finding per covering entry, at the first redundant entry, and names the others (three of
them, then how many more).

## Why is this bad?
The redundant entries add nothing but length (policies have a size quota) and make a reviewer
believe the statement was meant to be narrower than it is.

## Example
```json
{"Effect": "Allow", "Action": ["iam:GetUser", "iam:Get*"], "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["iam:Get*"], "Resource": "*"}
```

## Fix
Safe: removes every entry the covering entry makes redundant, all in one fix (adjacent entries in
one edit, so `--fix` converges however many copies there are). Removing an entry another entry
covers changes nothing the statement allows.

## References
- Access Analyzer: REDUNDANT_ACTION
- IAM User Guide, IAM JSON policy elements: Action
"""

from bisect import bisect_left

from ..arn import cover_regex
from ..carriers import is_placeholder
from ..model import Problem, Replacement, Severity
from ._statements import action_texts

CODE = "IAM123"
NAME = "redundant-action"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "REDUNDANT_ACTION"


def _literal_head(pattern: str) -> str:
    cut = len(pattern)
    for c in "*?":
        i = pattern.find(c)
        if 0 <= i < cut:
            cut = i
    return pattern[:cut]


def groups(texts):
    """[(root index, [covered indexes])] over a list of action strings, in document order of roots."""
    lows = [t.lower() for t in texts]
    first = {}
    dups = {}
    for i, s in enumerate(lows):
        if s in first:
            dups.setdefault(first[s], []).append(i)
        else:
            first[s] = i
    wild_distinct = [i for i in first.values() if "*" in lows[i] or "?" in lows[i]]
    if not wild_distinct and not dups:
        return []
    owner = {}  # covered index -> index of a wildcard entry that covers it (a distinct string)
    if wild_distinct:
        ordered = sorted(first)  # distinct strings, sorted: candidates share the literal head
        for j in sorted(wild_distinct):
            pattern = lows[j]
            head = _literal_head(pattern)
            k = bisect_left(ordered, head)
            prefix_only = len(head) == len(pattern) - 1 and pattern[-1] == "*"  # "ec2:Describe*"
            rx = None  # compiled only when a candidate needs more than its literal head
            while k < len(ordered) and ordered[k].startswith(head):
                s = ordered[k]
                k += 1
                i = first[s]
                if i != j and i not in owner:
                    if not prefix_only:
                        if rx is None:
                            rx = cover_regex(pattern)
                        if not rx.match(s):
                            continue
                    owner[i] = j

    def root(i):
        for _ in range(64):  # cover chains are short; mutual cover is impossible between distinct strings
            if i not in owner:
                break
            i = owner[i]
        return i

    result = {}
    for i in sorted(owner):
        result.setdefault(root(i), []).append(i)
    for i, later in dups.items():
        r = root(i)
        bucket = result.setdefault(r, [])
        if r != i and i not in bucket:
            bucket.append(i)
        bucket.extend(later)
    return sorted((r, sorted(c)) for r, c in result.items() if c)


_MEMO_MAX = 20000  # distinct lists remembered per catalog (a long-running server stays bounded)


def _may_group(texts) -> bool:
    """False when no entry can be redundant: no wildcard and no duplicate (case-insensitive)."""
    joined = "\n".join(texts)
    if "*" in joined or "?" in joined:
        return True
    lows = joined.lower().split("\n")  # one lower() for the list
    if len(lows) != len(texts):  # entries with line breaks of their own
        lows = [t.lower() for t in texts]
    return len(set(lows)) != len(texts)


def check(ctx):
    # The same lists recur across policies: each distinct one is grouped once per catalog.
    memo = ctx.catalog.memo.get(NAME)
    if memo is None or len(memo) > _MEMO_MAX:
        memo = ctx.catalog.memo[NAME] = {}
    for st, texts in zip(ctx.policy.statements, action_texts(ctx)):
        if texts is None or len(texts) < 2:
            continue
        el = st.action
        if el.negated:
            continue
        if any(map(is_placeholder, texts)):
            # A computed entry (`!Ref Action`, `var.actions`) shows a plausible action, not the
            # one deployed: it makes no entry redundant and is none (the fix would delete it, or
            # delete the literal it happens to look like). It stands in as a string no entry has.
            texts = tuple(f"\x00{i}" if is_placeholder(t) else t for i, t in enumerate(texts))
        found = memo.get(texts)
        if found is None:
            found = memo[texts] = groups(texts) if _may_group(texts) else ()
        for r, covered in found:
            target = el.value_at(covered[0])
            cover = texts[r]
            low = cover.lower()
            if all(texts[i].lower() == low for i in covered):
                times = "twice" if len(covered) == 1 else f"{len(covered) + 1} times"
                msg = f"{target.value!r} is listed {times} in {el.key}"
            else:
                msg = f"{target.value!r} is already covered by {cover!r}"
                if len(covered) > 1:
                    msg += f"; also redundant: {_names([texts[i] for i in covered[1:]])}"
            msg += f" ({len(covered) + 1} entries where {cover!r} alone is enough)"
            # Removing entries that another entry covers changes nothing the statement allows; the
            # fix removes them all at once (--fix would otherwise need a pass per entry).
            if len(covered) == 1:
                fix = Replacement(f"Remove {target.value!r}", None, kind="remove")
            else:
                fix = Replacement(f"Remove the {len(covered)} redundant entries", tuple(el.path_of(i) for i in covered),
                                  kind="remove")
            yield Problem(path=target.path, message=msg, replacement=fix)


SHOWN = 3  # redundant entries named in a message besides the one it points at


def _names(others) -> str:
    """The other redundant entries, the first few by name: 'a', 'b', 'c' and 12 more."""
    names = ", ".join(repr(o) for o in others[:SHOWN])
    return names + (f" and {len(others) - SHOWN} more" if len(others) > SHOWN else "")
