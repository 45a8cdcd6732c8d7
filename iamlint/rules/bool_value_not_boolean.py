"""A `Bool` condition value that is not `true` or `false`.

## What it does
Checks each value under `Bool` / `BoolIfExists` (with or without a set qualifier): it must be the
JSON boolean `true`/`false` or the string `"true"`/`"false"` (IAM compares them case-insensitively).
Where the intent is clear (`"True "`, `"FALSE"`, `"yes"`, `"1"`...) the canonical spelling is
offered as a fix.

## Why is this bad?
A Boolean key only ever holds `true` or `false`, so any other value never matches: an Allow
grants nothing and a Deny guards nothing.

## Example
```json
"Condition": {"Bool": {"aws:SecureTransport": "yes"}}
```

## Use instead
```json
"Condition": {"Bool": {"aws:SecureTransport": "true"}}
```

## Fix
Unsafe (applied by `--fix` only with `--unsafe-fixes`): the value as written never matches, the
fixed one does, so an Allow starts granting and a Deny starts applying; `"yes"` or `"1"` is a
guess too.

## References
- Access Analyzer: TYPE_MISMATCH_BOOLEAN
- IAM User Guide, Condition operators: Boolean condition operators
"""

from ..model import Problem, Replacement, Severity
from ._values import as_text, conditions, quote, variables_in

CODE = "IAM330"
NAME = "bool-value-not-boolean"
SEVERITY = Severity.WARNING
ACCESS_ANALYZER = "TYPE_MISMATCH_BOOLEAN"

_GUESS = {"true": "true", "false": "false", "yes": "true", "no": "false", "1": "true", "0": "false",
          "t": "true", "f": "false", "y": "true", "n": "false", "on": "true", "off": "false"}


def check(ctx):
    for st, c in conditions(ctx, "Bool"):
        for v in c.values:
            if isinstance(v.value, bool):
                continue
            text = as_text(v.value)
            if text.lower() in ("true", "false"):
                continue
            if isinstance(v.value, str) and variables_in(v.value):
                continue  # invalid-variable-for-operator
            message = f"{c.key} is a Boolean key: {quote(v.value)} is neither \"true\" nor \"false\", so it never matches"
            guess = _GUESS.get(text.strip().lower())
            replacement = None
            if guess:
                message += f"; did you mean \"{guess}\"?"
                replacement = Replacement(f'Change to "{guess}"', guess, safe=False)  # the original never matches
            yield Problem(path=v.path, message=message, replacement=replacement)
