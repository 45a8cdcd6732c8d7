"""Several values for one Boolean condition key.

## What it does
Reports a `Bool` condition whose key is given a list of more than one value, e.g.
`["true", "false"]`.

## Why is this bad?
A Boolean key has one value per request. Listing both `true` and `false` makes the condition match
whenever the key is present, which is almost never what was meant (and AWS rejects the policy);
listing the same value twice is noise.

## Example
```json
"Condition": {"Bool": {"aws:MultiFactorAuthPresent": ["true", "false"]}}
```

## Use instead
```json
"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
```

## References
- Access Analyzer: INVALID_CONDITION_MULTIPLE_BOOLEAN
- IAM User Guide, Condition operators: Boolean condition operators
"""

from ..carriers import as_written
from ..model import Problem, Severity
from ._values import as_text, conditions

CODE = "IAM331"
NAME = "multiple-bool-values"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "INVALID_CONDITION_MULTIPLE_BOOLEAN"


def check(ctx):
    for st, c in conditions(ctx, "Bool"):
        if not c.is_list or len(c.values) < 2:
            continue
        texts = [as_text(v.value).lower() for v in c.values]
        shown = ", ".join(as_text(as_written(v.value)) for v in c.values)  # a computed value by what was written
        if "true" in texts and "false" in texts:
            detail = "true or false matches whenever the key is present"
        else:
            detail = "a Boolean key takes a single value"
        yield Problem(
            path=c.values[1].path,
            message=f"{c.key} is given {len(c.values)} Boolean values ({shown}): {detail}; keep one value",
        )
