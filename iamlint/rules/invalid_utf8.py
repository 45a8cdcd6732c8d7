"""A file that is not valid UTF-8.

## What it does
Reports the byte offset (and line and column) of the first byte sequence that is not UTF-8.
A UTF-8 byte-order mark at the start is accepted.

## Why is this bad?
IAM policies must be UTF-8. Files saved as Latin-1 or UTF-16 by an editor are rejected by AWS,
and the linter cannot read what the policy says.

## Example
A policy saved in Windows-1252 with `"Sid": "Caf\xe9"`.

## Use instead
Save the file as UTF-8 (and keep Sids to A-Z, a-z, 0-9).

## References
- IAM User Guide, policy grammar: "Policies must be UTF-8"
"""

from ..model import Problem, Severity

CODE = "IAM003"
NAME = "invalid-utf8"
SEVERITY = Severity.ERROR
ACCESS_ANALYZER = "JSON_SYNTAX_ERROR"
NEEDS_POLICY = False


def check(ctx):
    if ctx.decode_error is not None:
        yield Problem(path=(), message=ctx.decode_error.message)
