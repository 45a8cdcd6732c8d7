"""A `Date` condition value in epoch seconds or a non-ISO format.

## What it does
Reports values under the `Date…` operators that are dates, but not in ISO 8601's extended form:
epoch seconds (`1767225600`, as a number or a string) and formats such as `2026/01/31`,
`2026-01-31 12:00`, `20260131T120000Z` or `2026-01-31T12:00:00+0000`. Epoch values get a fix to the
equivalent UTC date-time; values with 11 or more digits are reported as probable milliseconds.
Epoch values on `aws:EpochTime`, whose value *is* epoch seconds, are not reported.

The split with `date-value-not-date` (IAM332): that rule reports what is not a date at all; this
one what is a date IAM may read differently from the author.

## Why is this bad?
Epoch numbers are easy to get wrong (milliseconds, time zones) and hard to review; non-ISO
spellings may not resolve to the intended instant, or at all.

## Example
```json
"Condition": {"DateGreaterThan": {"aws:CurrentTime": "1767225600"}}
```

## Use instead
```json
"Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}
```

## Fix
The ISO 8601 form of an epoch value is a safe fix: it names the instant IAM reads the epoch
seconds as, so the condition matches the same requests.

## References
- Access Analyzer: INVALID_DATE_VALUE
- IAM User Guide, Condition operators: Date condition operators
"""

from ..model import Problem, Replacement, Severity
from ._values import as_text, conditions, date_kind, epoch_to_iso, quote

CODE = "IAM333"
NAME = "date-value-not-iso8601"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "INVALID_DATE_VALUE"


def check(ctx):
    for st, c in conditions(ctx, "Date"):
        for v in c.values:
            kind = date_kind(v.value)
            if kind == "epoch":
                if c.key_lower == "aws:epochtime":
                    continue
                iso = epoch_to_iso(v.value)
                text = as_text(v.value)
                if len(text) == 4 and text.isdigit():
                    yield Problem(
                        path=v.path,
                        message=f"{quote(v.value)} may be read as epoch seconds ({iso}) rather than the year {text}: "
                        f"write an ISO 8601 date such as \"{text}-01-01T00:00:00Z\"",
                    )
                elif iso:
                    yield Problem(
                        path=v.path,
                        message=f"{quote(v.value)} is epoch seconds: write the ISO 8601 date-time \"{iso}\"",
                        replacement=Replacement(f'Change to "{iso}"', iso),
                    )
                elif len(as_text(v.value).split(".")[0]) >= 11:
                    yield Problem(
                        path=v.path,
                        message=f"{quote(v.value)} looks like epoch milliseconds, which IAM reads as seconds "
                        f"(a date far in the future): write an ISO 8601 date-time",
                    )
                else:
                    yield Problem(path=v.path, message=f"{quote(v.value)} is an epoch value: write an ISO 8601 date-time")
            elif kind == "loose":
                yield Problem(
                    path=v.path,
                    message=f"{quote(v.value)} is not in ISO 8601 form and may not resolve as intended: "
                    f"write e.g. \"2026-01-31T00:00:00Z\"",
                )
