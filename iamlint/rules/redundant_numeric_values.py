"""Several values under a Numeric less-than / greater-than operator.

## What it does
Reports a key given more than one value under `NumericLessThan`, `NumericLessThanEquals`,
`NumericGreaterThan` or `NumericGreaterThanEquals`. Values are OR'ed, so only the loosest bound
counts (the largest for LessThan, the smallest for GreaterThan); the fix keeps that one.

## Why is this bad?
`NumericLessThan {"s3:max-keys": ["10", "100"]}` reads like a tight limit but means `< 100`. The
extra values mislead reviewers about what is allowed.

## Example
```json
"Condition": {"NumericLessThan": {"s3:max-keys": ["10", "100"]}}
```

## Use instead
```json
"Condition": {"NumericLessThan": {"s3:max-keys": "100"}}
```

## Fix
Keeping only the loosest bound is a safe fix: the values are OR'ed, so the condition matches the
same requests.

## References
- Access Analyzer: REDUNDANT_CONDITION_VALUE_NUM
- IAM User Guide, Condition operators: Numeric condition operators
"""

from ..carriers import is_placeholder
from ..model import Problem, Replacement, Severity
from ._values import as_text, conditions, number

CODE = "IAM349"
NAME = "redundant-numeric-values"
SEVERITY = Severity.SUGGESTION
ACCESS_ANALYZER = "REDUNDANT_CONDITION_VALUE_NUM"


def check(ctx):
    for st, c in conditions(ctx, "Numeric"):
        op = c.operator
        if op.family != "Numeric" or op.order not in ("less", "greater") or len(c.values) < 2:
            continue
        if any(is_placeholder(v.value) for v in c.values):
            continue  # a computed bound: which one is the loosest is known at deploy time only
        nums = [(number(v.value), v) for v in c.values]
        if any(n is None for n, _v in nums) or len(nums) != len(c.raw):
            continue
        pick = max if op.order == "less" else min
        best_n, best = pick(nums, key=lambda p: p[0])
        others = ", ".join(as_text(v.value) for n, v in nums if v is not best)
        word = "largest" if op.order == "less" else "smallest"
        yield Problem(
            path=c.path,
            message=f"{op.base} with several values matches the {word} bound only: {as_text(best.value)} makes "
            f"{others} redundant; keep {as_text(best.value)}",
            replacement=Replacement(f"Keep only {as_text(best.value)}", best.value),
        )
