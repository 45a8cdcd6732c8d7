"""An object that has the same key twice.

## What it does
Reports every repetition of a key inside one JSON object, such as two `Effect` elements in one
statement or two `StringEquals` blocks in one `Condition`.

## Why is this bad?
JSON parsers keep only one of the values (AWS keeps one too), so the other is silently ignored:
two `StringEquals` blocks do not add up, one of them simply disappears.

## Example
```json
{"Effect": "Allow", "Action": "s3:GetObject", "Action": "s3:PutObject", "Resource": "*"}
```

## Use instead
```json
{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}
```

## References
- IAM User Guide, grammar notes: "No element may appear twice at the same level"
"""

from ..model import Problem, Severity

CODE = "IAM002"
NAME = "duplicate-key"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = None


def check(ctx):
    for path, slot in ctx.document.duplicate_keys:
        # An empty path is the key that holds an embedded policy (a template's PolicyDocument
        # written twice): its name is only in the text.
        key = path[-1] if path else ctx.text[slot.key_start : slot.key_end].strip("\"'")
        yield Problem(
            path=path,
            message=f"duplicate key {key!r}: only one of its values takes effect",
            offsets=(slot.key_start, slot.key_end),
        )
