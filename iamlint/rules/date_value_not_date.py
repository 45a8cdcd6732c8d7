"""A `Date` condition value that is not a date.

## What it does
Checks each value under the `Date…` operators: it must be an ISO 8601 date or date-time (W3C
profile: `2026-01-31`, `2026-01-31T12:00:00Z`) or epoch seconds. Values that are neither (a typo,
an impossible date such as `2026-02-30`, a wildcard, text) are reported. Dates written in another
recognisable format (slashes, epoch) are left to `date-value-not-iso8601` (IAM333).

## Why is this bad?
A value IAM cannot read as a date never compares true: an Allow grants nothing, a Deny (for
example an expiry guard with `DateGreaterThan`) never applies.

## Example
```json
"Condition": {"DateLessThan": {"aws:CurrentTime": "2026-13-01"}}
```

## Use instead
```json
"Condition": {"DateLessThan": {"aws:CurrentTime": "2026-12-01T00:00:00Z"}}
```

## References
- Access Analyzer: TYPE_MISMATCH_DATE
- IAM User Guide, Condition operators: Date condition operators
"""

from ..model import Problem, Severity
from ._values import conditions, date_kind, quote

CODE = "IAM332"
NAME = "date-value-not-date"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "TYPE_MISMATCH_DATE"


def check(ctx):
    for st, c in conditions(ctx, "Date"):
        for v in c.values:
            if date_kind(v.value) == "bad":
                yield Problem(
                    path=v.path,
                    message=f"{quote(v.value)} is not a date: {c.operator.text} needs an ISO 8601 date or "
                    f"date-time such as \"2026-01-31T00:00:00Z\" (or epoch seconds)",
                )
